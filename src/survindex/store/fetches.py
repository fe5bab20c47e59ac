"""Fetch records, mirrors and seen feed entries: the store side of fetching from the web.

The fetch log makes GETs conditional (the ETag and Last-Modified of the last fetch whose body
was kept), the mirrors list every outlet that carried a source's text, and the seen entries
let `survindex watch` hand each feed entry to ingest once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.store.schema import DocumentRow, FetchRow, MirrorRow, SeenEntryRow, SourceRow

#: Outcomes whose body is in the store (as a document, a mirror, or the same text as one): the
#: next fetch of the URL may ask "changed since?" with their validators.
KEPT = ("stored", "mirror", "already stored", "feed")


def url_key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Validators:
    """What makes a GET conditional: send them back and an unchanged page answers 304."""

    etag: str | None
    last_modified: str | None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


def validators(*, session: Session, url: str) -> Validators:
    """The ETag and Last-Modified of the last fetch of ``url`` whose body was kept."""
    row = session.scalar(
        select(FetchRow)
        .where(
            FetchRow.url_sha256 == url_key(url),
            FetchRow.url == url,
            FetchRow.outcome.in_(KEPT),
            (FetchRow.etag.is_not(None)) | (FetchRow.last_modified.is_not(None)),
        )
        .order_by(FetchRow.id.desc())
        .limit(1)
    )
    return Validators(row.etag, row.last_modified) if row else Validators(None, None)


def record_fetch(
    *,
    session: Session,
    url: str,
    fetched_at: datetime,
    outcome: str,
    final_url: str | None = None,
    status: int | None = None,
    content_type: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    archive_url: str | None = None,
    size: int | None = None,
    error: str | None = None,
    source_id: int | None = None,
) -> FetchRow:
    row = FetchRow(
        url=url,
        url_sha256=url_key(url),
        final_url=final_url,
        status=status,
        fetched_at=fetched_at,
        content_type=content_type[:200] if content_type else None,
        etag=etag,
        last_modified=last_modified[:100] if last_modified else None,
        archive_url=archive_url,
        size=size,
        outcome=outcome,
        error=error,
        source_id=source_id,
    )
    session.add(row)
    session.flush()
    return row


def fetches_of(*, session: Session, url: str) -> list[FetchRow]:
    """Every recorded fetch of ``url``, oldest first."""
    query = select(FetchRow).where(FetchRow.url_sha256 == url_key(url), FetchRow.url == url)
    return list(session.scalars(query.order_by(FetchRow.id)))


def add_mirror(
    *,
    session: Session,
    source_id: int,
    text_sha256: str,
    similarity: float,
    created_at: datetime,
    url: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    published: date | None = None,
    fetched_at: datetime | None = None,
    path: str | None = None,
    minhash: bytes | None = None,
) -> MirrorRow:
    row = MirrorRow(
        source_id=source_id,
        url=url,
        publisher=publisher[:300] if publisher else None,
        title=title,
        published=published,
        fetched_at=fetched_at,
        path=path,
        text_sha256=text_sha256,
        similarity=similarity,
        minhash=minhash,
        created_at=created_at,
    )
    session.add(row)
    session.flush()
    return row


def source_of_text(*, session: Session, sha256: str) -> int | None:
    """The source whose document or mirror has exactly this text."""
    found = session.scalar(select(DocumentRow.source_id).where(DocumentRow.text_sha256 == sha256))
    if found is None:
        found = session.scalar(select(MirrorRow.source_id).where(MirrorRow.text_sha256 == sha256))
    return found


def mirror_hashes(*, session: Session) -> set[str]:
    return set(session.scalars(select(MirrorRow.text_sha256)))


@dataclass(frozen=True)
class OutletRecord:
    """An outlet that carried a source's text: the source itself first, then its mirrors."""

    publisher: str | None
    url: str | None
    published: date | None
    mirror: bool


def outlets_of(*, session: Session, source_ids: Iterable[int]) -> dict[int, list[OutletRecord]]:
    """Per source that has mirrors: its own outlet, then each mirror's, oldest first.

    Sources without mirrors are left out: one outlet is already named by the source itself.
    """
    wanted = set(source_ids)
    if not wanted:
        return {}
    mirrors = session.scalars(
        select(MirrorRow).where(MirrorRow.source_id.in_(wanted)).order_by(MirrorRow.id)
    )
    by_source: dict[int, list[OutletRecord]] = defaultdict(list)
    for m in mirrors:
        by_source[m.source_id].append(OutletRecord(m.publisher, m.url, m.published, True))
    if not by_source:
        return {}
    sources = session.execute(
        select(SourceRow.id, SourceRow.producer, SourceRow.url, SourceRow.published).where(
            SourceRow.id.in_(by_source)
        )
    )
    result: dict[int, list[OutletRecord]] = {}
    for source_id, producer, url, published in sources:
        own = OutletRecord(producer, url, published, False)
        result[source_id] = [own, *by_source[source_id]]
    return result


def seen_key(feed: str, entry: str) -> str:
    return hashlib.sha256(f"{feed}\n{entry}".encode()).hexdigest()


def seen_entries(*, session: Session, feed: str, entries: Iterable[str]) -> set[str]:
    """Those of ``entries`` (ids) of ``feed`` already handed to ingest."""
    keys = {seen_key(feed, entry): entry for entry in entries}
    seen: set[str] = set()
    batch = list(keys)
    for start in range(0, len(batch), 500):  # bound the IN list
        chunk = batch[start : start + 500]
        seen.update(session.scalars(select(SeenEntryRow.key).where(SeenEntryRow.key.in_(chunk))))
    return {keys[key] for key in seen}


def mark_seen(
    *, session: Session, feed: str, entries: Iterable[tuple[str, str | None]], at: datetime
) -> int:
    """Remember ``(entry id, url)`` pairs of ``feed``; those already remembered are skipped."""
    pairs = {seen_key(feed, entry): (entry, url) for entry, url in entries}
    known = seen_entries(session=session, feed=feed, entries=[e for e, _u in pairs.values()])
    added = 0
    for key, (entry, url) in pairs.items():
        if entry in known:
            continue
        session.add(SeenEntryRow(key=key, feed=feed, entry=entry, url=url, seen_at=at))
        added += 1
    session.flush()
    return added
