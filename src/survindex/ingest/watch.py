"""One pass of `survindex watch`: read feeds, OPML lists and sitemaps, ingest what is new.

Each pass reads every listing (and the feeds and sitemaps they name, three levels deep at
most), keeps the entries not handed to ingest before (``seen_entries``), and ingests their
pages through :func:`~survindex.ingest.pipeline.ingest_paths` with one polite fetcher for
listings and pages alike. A listing that has not changed answers 304. Entries whose fetch
failed for a passing reason (network, 429, 5xx) are not marked seen, and their listing's
validators are not kept, so that the next pass tries them again; an interrupted pass marks
nothing seen.

>>> feeds = ["https://news.example.org/rss"]
>>> report = watch_once(store=Store("survindex.db"), sources=feeds)  # doctest: +SKIP
>>> report.new, report.ingest.stored  # doctest: +SKIP
(3, 3)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from survindex.ingest.feeds import Entry, ListingError, parse_listing
from survindex.ingest.fetch import Fetcher, FetchPolicy, FetchResult
from survindex.ingest.items import Link, is_url
from survindex.ingest.metadata import SourceMetadata
from survindex.ingest.pipeline import IngestReport, ProgressCallback, ingest_paths
from survindex.store.database import Store
from survindex.store.fetches import mark_seen, record_fetch, seen_entries, validators

#: Listings followed from the ones given: OPML -> feed, sitemap index -> sitemap.
MAX_DEPTH = 3
#: Listings read in one pass, however many a sitemap index names.
MAX_LISTINGS = 1000


@dataclass(frozen=True)
class WatchReport:
    listings: int  # feeds, OPML files and sitemaps read
    unchanged: int  # of those, how many answered 304
    entries: int  # pages they list
    new: int  # pages handed to ingest
    errors: tuple[str, ...]  # listings that could not be read, one line each
    ingest: IngestReport | None = None


@dataclass
class _Pass:
    fetched: dict[str, FetchResult] = field(default_factory=dict)
    entries: dict[str, tuple[Entry, ...]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    read: int = 0
    unchanged: int = 0


def _read(where: str, fetcher: Fetcher, store: Store, state: _Pass) -> bytes | None:
    """A listing's bytes (None when unchanged or unreadable, noted in ``state``)."""
    if not is_url(where):
        try:
            return Path(where).read_bytes()
        except OSError as error:
            state.errors.append(f"{where}: cannot read ({error.strerror or error})")
            return None
    with store.read() as session:
        known = validators(session=session, url=where)
    result = fetcher.fetch(where, etag=known.etag, last_modified=known.last_modified)
    state.fetched[where] = result
    if result.not_modified:
        state.unchanged += 1
        return None
    if not result.ok:
        state.errors.append(result.error or f"{where}: no content")
        return None
    return result.body


def _key(where: str) -> str:
    """What a listing's entries are remembered under: its URL, or a file's absolute path."""
    return where if is_url(where) else str(Path(where).resolve())


def _discover(sources: Sequence[str], fetcher: Fetcher, store: Store) -> _Pass:
    state = _Pass()
    queue = deque((source, 0) for source in sources)
    visited: set[str] = set()
    while queue and len(visited) < MAX_LISTINGS:
        where, depth = queue.popleft()
        if where in visited:
            continue
        visited.add(where)
        data = _read(where, fetcher, store, state)
        if data is None:
            continue
        try:
            listing = parse_listing(data, where)
        except ListingError as error:
            state.errors.append(f"{where}: {error}")
            continue
        state.read += 1
        if depth < MAX_DEPTH:
            queue.extend((nested, depth + 1) for nested in listing.sources)
        if listing.entries:
            state.entries[_key(where)] = listing.entries
    return state


def _record_listings(store: Store, state: _Pass, incomplete: set[str]) -> None:
    """The listings' fetches; one with entries left to retry keeps no validators in force."""
    with store.transaction() as session:
        for where, result in state.fetched.items():
            if result.status is None and not result.transient:
                continue  # never asked (robots.txt)
            if result.not_modified:
                outcome = "not modified"
            elif not result.ok:
                outcome = "failed"
            else:  # validators of a listing with entries to retry are not used next time
                outcome = "feed, entries to retry" if where in incomplete else "feed"
            record_fetch(
                session=session,
                url=where,
                final_url=result.final_url,
                status=result.status,
                fetched_at=result.fetched_at.astimezone(UTC).replace(tzinfo=None),
                content_type=result.content_type,
                etag=result.etag,
                last_modified=result.last_modified,
                archive_url=result.archive_url,
                size=len(result.body) if result.body is not None else None,
                outcome=outcome,
                error=result.error,
            )


def watch_once(
    *,
    store: Store,
    sources: Sequence[str],
    fetcher: Fetcher | None = None,
    limit: int | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    engine: str = "local",
    scheduler: str | None = None,
) -> WatchReport:
    """Read every listing in ``sources`` (URLs or files) and ingest the pages not seen before
    (at most ``limit``, oldest listing order first; the rest wait for the next pass)."""
    own = fetcher is None
    polite = fetcher or Fetcher(FetchPolicy())
    try:
        state = _discover(sources, polite, store)
        new: list[tuple[str, Entry]] = []
        with store.read() as session:
            for feed, entries in state.entries.items():
                seen = seen_entries(session=session, feed=feed, entries=[e.id for e in entries])
                new += [(feed, entry) for entry in entries if entry.id not in seen]
        if limit is not None:
            new = new[:limit]
        links = {
            entry.url: Link(entry.url, SourceMetadata(title=entry.title, published=entry.published))
            for _feed, entry in new
        }
        report = None
        if links:
            report = ingest_paths(
                store=store,
                paths=list(links.values()),
                fetcher=polite,
                workers=workers,
                progress=progress,
                engine=engine,
                scheduler=scheduler,
            )
        retry = set(report.retry_later) if report else set()
        interrupted = bool(report and report.interrupted)
        incomplete = {feed for feed, entry in new if entry.url in retry or interrupted}
        _record_listings(store, state, incomplete)
        if not interrupted:
            now = datetime.now(UTC).replace(tzinfo=None)
            with store.transaction() as session:
                for feed in {feed for feed, _entry in new}:
                    done = [(e.id, e.url) for f, e in new if f == feed and e.url not in retry]
                    mark_seen(session=session, feed=feed, entries=done, at=now)
    finally:
        if own:
            polite.close()
    return WatchReport(
        listings=state.read + state.unchanged,
        unchanged=state.unchanged,
        entries=sum(len(entries) for entries in state.entries.values()),
        new=len(new),
        errors=tuple(state.errors),
        ingest=report,
    )
