"""The parent's side of an ingest: store each prepared item in its own transaction, in order.

A new text is stored with its candidate claims (a supplier no registry knows becomes a vendor
candidate in the same transaction: survindex.store.vendor_candidates), or, when it is a
near-duplicate of a stored text (:mod:`survindex.ingest.neardup`) and says nothing its original
does not, as a mirror of that text's source; a fetched item's fetch is recorded in the same
transaction, so the ``fetches`` log never claims a page that is not stored. Failures are
counted, not raised, so that one item stops nothing.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survindex.ingest.documents import DataQualityError, is_stored, store_document, store_mirror
from survindex.ingest.extract import ExtractedClaim, extract_claims
from survindex.ingest.items import Prepared
from survindex.ingest.neardup import NearDuplicateIndex, backfill_signatures, load_index
from survindex.store.database import Store
from survindex.store.fetches import record_fetch, source_of_text
from survindex.store.schema import DocumentRow


@dataclass
class IngestProgress:
    """Counts so far; handed to the ``progress`` callback after every item."""

    total: int
    done: int = 0
    stored: int = 0
    already_stored: int = 0
    failed: int = 0
    claims: int = 0
    mirrors: int = 0
    not_modified: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def documents_per_second(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class HoldPoint:
    """Pause an ingest after ``after`` stored documents until ``marker`` is deleted.

    It exists so that tests (and anyone studying resumption) can interrupt or kill an ingest at a
    known point instead of racing it against the clock: the ingest creates ``marker`` when it
    holds, and goes on once the file is gone. Set from the environment by the CLI
    (``SURVINDEX_INGEST_HOLD_AFTER`` and ``SURVINDEX_INGEST_HOLD_FILE``).
    """

    after: int
    marker: Path

    def wait_if_due(self, stored: int) -> None:
        if stored != self.after:
            return
        self.marker.write_text(f"{os.getpid()}\n")
        while self.marker.exists():
            time.sleep(0.02)


@dataclass(frozen=True)
class _Written:
    claims: int
    mirror: bool
    key: str  # of the text in the near-duplicate index
    source_id: int


ClaimKey = tuple[str, str | None, str | None, str | None, str | None, str]


def claim_key(claim: ExtractedClaim) -> ClaimKey:
    """What a claim says, for telling whether a copy says more than its original."""
    return (
        claim.country,
        claim.technology.value if claim.technology else None,
        claim.vendor_slug or (f"new:{claim.vendor_new}" if claim.vendor_new else None),
        claim.vendor_country,
        claim.city,
        claim.status.value,
    )


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _relax_sync(session: Session) -> None:
    """SQLite WAL with synchronous=NORMAL: a commit survives the process being killed, and only
    a power cut can lose the last few, which the next run re-ingests (it resumes by text hash).
    It makes each per-document commit several times cheaper than the default fsync."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("PRAGMA synchronous=NORMAL")


class Writer:
    """Stores prepared items one transaction each and keeps the counts of ``state``.

    ``near_duplicates`` is the similarity from which a text is a mirror (None: never).
    """

    def __init__(
        self,
        store: Store,
        *,
        state: IngestProgress,
        hold: HoldPoint | None = None,
        near_duplicates: float | None = None,
    ) -> None:
        self.store = store
        self.state = state
        self.hold = hold
        self.near_duplicates = near_duplicates
        self.errors: list[str] = []
        self.retry_later: list[str] = []
        self._vendor_cache: dict[str, int] = {}
        self._index: NearDuplicateIndex | None = None
        self._source_claims: dict[int, frozenset[ClaimKey]] = {}

    def handle(self, prepared: Prepared) -> None:
        state = self.state
        if prepared.error is not None:
            self._fail(prepared, prepared.error)
        elif prepared.not_modified:
            state.not_modified += 1
            self._log(prepared, "not modified")
        elif prepared.already_stored:
            state.already_stored += 1
            self._log(prepared, "already stored")
        else:
            try:
                written = self._write(prepared)
            except DataQualityError as error:
                self._fail(prepared, str(error))
            except IntegrityError as error:
                problem = str(error.orig or error).splitlines()[0]
                self._fail(prepared, f"{prepared.path}: could not store ({problem})")
            else:
                if written is None:  # stored meanwhile, e.g. the same text twice in one run
                    state.already_stored += 1
                    self._log(prepared, "already stored")
                elif written.mirror:
                    state.mirrors += 1
                else:
                    state.stored += 1
                    state.claims += written.claims
                    if self.hold is not None:
                        self.hold.wait_if_due(state.stored)
        state.done += 1
        state.failed = len(self.errors)

    def _fail(self, prepared: Prepared, message: str) -> None:
        self.errors.append(message)
        if prepared.transient:
            self.retry_later.append(prepared.path)
        self._log(prepared, "failed", error=message)

    def _record(
        self,
        session: Session,
        prepared: Prepared,
        outcome: str,
        source_id: int | None,
        error: str | None = None,
    ) -> None:
        fetch = prepared.fetch
        if fetch is None:
            return
        record_fetch(
            session=session,
            url=fetch.url,
            final_url=fetch.final_url,
            status=fetch.status,
            fetched_at=_naive_utc(fetch.fetched_at),
            content_type=fetch.content_type,
            etag=fetch.etag,
            last_modified=fetch.last_modified,
            archive_url=fetch.archive_url,
            size=fetch.size,
            outcome=outcome,
            error=error or fetch.error,
            source_id=source_id,
        )

    def _log(self, prepared: Prepared, outcome: str, error: str | None = None) -> None:
        """Record a fetch whose body was not stored now (its own small transaction)."""
        if prepared.fetch is None:
            return
        with self.store.transaction() as session:
            source_id = None
            if outcome == "already stored" and prepared.sha256:
                source_id = source_of_text(session=session, sha256=prepared.sha256)
            self._record(session, prepared, outcome, source_id, error)

    def _near_duplicates(self) -> NearDuplicateIndex | None:
        """The index, built on first use (signatures missing from older databases are added)."""
        if self.near_duplicates is None:
            return None
        if self._index is None:
            with self.store.transaction() as session:
                backfill_signatures(session=session)
            with self.store.read() as session:
                self._index = load_index(session=session, threshold=self.near_duplicates)
        return self._index

    def _says_more(self, prepared: Prepared, source_id: int) -> bool:
        """Whether the copy has a claim its source's text does not: the same template or
        press release about another country or vendor is a new source, never a mirror. The
        source's text is read again by the extractor, so reviewers' edits do not count."""
        known = self._source_claims.get(source_id)
        if known is None:
            with self.store.read() as session:
                text = session.scalar(
                    select(DocumentRow.text).where(DocumentRow.source_id == source_id)
                )
            found = extract_claims(text, f"source {source_id}") if text else []
            known = self._source_claims[source_id] = frozenset(claim_key(c) for c in found)
        return any(claim_key(claim) not in known for claim in prepared.claims)

    def _write(self, prepared: Prepared) -> _Written | None:
        """Store one prepared document (or mirror) in its own transaction; None when its text
        was already there."""
        document = prepared.document
        assert document is not None
        fetched = prepared.fetch.fetched_at if prepared.fetch else datetime.now(UTC)
        index = self._near_duplicates()
        match = index.match(prepared.signature) if index is not None else None
        if match is not None and self._says_more(prepared, match.source_id):
            match = None  # near-identical wording, another deal: its claims need review
        cache = dict(self._vendor_cache)  # merged back only once the transaction has committed
        written: _Written | None = None
        try:
            with self.store.transaction() as session:
                _relax_sync(session)
                if match is not None:
                    mirror = store_mirror(
                        session=session,
                        document=document,
                        source_id=match.source_id,
                        similarity=match.similarity,
                        fetched_at=prepared.fetch.fetched_at if prepared.fetch else None,
                        minhash=prepared.signature,
                    )
                    if mirror is None:
                        return None
                    self._record(session, prepared, "mirror", match.source_id)
                    written = _Written(0, True, f"m{mirror.id}", match.source_id)
                else:
                    count = store_document(
                        session=session,
                        document=document,
                        claims=prepared.claims,
                        accessed=fetched.date(),
                        vendor_cache=cache,
                        minhash=prepared.signature,
                    )
                    if count is None:
                        return None
                    ids = select(DocumentRow.id, DocumentRow.source_id).where(
                        DocumentRow.text_sha256 == document.sha256
                    )
                    document_id, source_id = session.execute(ids).one()
                    self._record(session, prepared, "stored", source_id)
                    written = _Written(count, False, f"d{document_id}", source_id)
        except IntegrityError:  # another ingest stored the same text meanwhile
            with self.store.read() as session:
                if is_stored(session=session, sha256=document.sha256):
                    return None
            raise
        self._vendor_cache.update(cache)
        if index is not None:
            index.add(written.key, written.source_id, prepared.signature)
        return written
