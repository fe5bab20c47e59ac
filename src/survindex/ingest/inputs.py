"""Turn what `survindex ingest` is given into the items its workers prepare, in input order.

File paths stay paths for the local engine (its workers read them); for the Dask engine the
parent reads each file and ships its bytes, so remote workers need no shared disk. Web
addresses are fetched here, in the parent, by one :class:`~survindex.ingest.fetch.Fetcher`:
politeness (robots.txt, one request per host at a time) needs one place that knows every
request. A fetch is conditional on the validators of the URL's last kept fetch, so an unchanged
page costs a 304 and nothing more. WARC files yield one item per archived page.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from survindex.ingest.fetch import Fetcher
from survindex.ingest.items import (
    FetchRecord,
    Input,
    Item,
    Link,
    Payload,
    Prepared,
    is_url,
    is_warc,
    page_suffix,
    suffix_of,
)
from survindex.ingest.metadata import MetadataError, SourceMetadata, read_sidecar
from survindex.ingest.readers import STDIN, ReadError, expand_paths, file_bytes
from survindex.ingest.warc import warc_items
from survindex.store.database import Store
from survindex.store.fetches import validators


def expand_inputs(paths: Iterable[str | Path | Link]) -> list[Input]:
    """Files named (directories walked, sorted), ``-``, and web addresses as :class:`Link`s.

    >>> expand_inputs(["https://example.org/a"])
    [Link(url='https://example.org/a', metadata=None)]
    """
    inputs: list[Input] = []
    for path in paths:
        if isinstance(path, Link):
            inputs.append(path)
        elif is_url(str(path)):
            inputs.append(Link(str(path)))
        else:
            inputs.extend(expand_paths([path]))
    return inputs


def name_of(item: Item) -> str:
    if isinstance(item, str):
        return item
    return item.name if isinstance(item, Payload) else item.path


def fetch_item(link: Link, *, fetcher: Fetcher, store: Store) -> Item:
    """The page at ``link`` as a payload, or what became of it (304, refused, failed)."""
    with store.read() as session:
        known = validators(session=session, url=link.url)
    result = fetcher.fetch(link.url, etag=known.etag, last_modified=known.last_modified)
    # A URL robots.txt forbids was never asked for: there is no fetch to record.
    asked = result.status is not None or result.transient
    record = FetchRecord.of(result) if asked else None
    if result.not_modified:
        return Prepared(link.url, not_modified=True, fetch=record)
    if not result.ok or result.body is None:
        return Prepared(link.url, error=result.error, fetch=record, transient=result.transient)
    suffix = page_suffix(result.content_type, result.final_url)
    if suffix is None:
        kind = (result.content_type or "unknown").split(";")[0]
        why = f"{link.url}: {kind} is not a page SurvIndex reads (HTML, text, PDF); not stored"
        return Prepared(link.url, error=why, fetch=record)
    given = (link.metadata or SourceMetadata()).over(SourceMetadata(url=result.final_url))
    return Payload(link.url, result.body, suffix, metadata=given, fetch=record)


def file_payload(path: str, metadata: SourceMetadata | None = None) -> Item:
    """A file's bytes and metadata read here, for a worker that cannot read our disk; failures
    are reported with the same one-line messages the workers give."""
    try:
        sidecar = None if path == STDIN else read_sidecar(path)
        given = metadata.over(sidecar) if metadata is not None else sidecar
        data = sys.stdin.buffer.read() if path == STDIN else file_bytes(path)
    except (ReadError, MetadataError) as error:
        return Prepared(path, error=str(error))
    return Payload(path, data, "" if path == STDIN else suffix_of(path), metadata=given)


class ItemSource:
    """The items of ``inputs``, made lazily as the workers ask for more.

    ``ship_files``: read files here (the Dask engine). ``metadata`` describes the one input
    (a file or a URL). ``discovered`` is told of each item a WARC file holds, so that progress
    can count what could not be counted beforehand.
    """

    def __init__(
        self,
        inputs: list[Input],
        *,
        store: Store,
        fetcher: Fetcher | None,
        ship_files: bool = False,
        metadata: SourceMetadata | None = None,
        discovered: Callable[[int], None] = lambda count: None,
    ) -> None:
        self.inputs = inputs
        self.store = store
        self.fetcher = fetcher
        self.ship_files = ship_files
        self.metadata = metadata or None
        self.discovered = discovered

    def __iter__(self) -> Iterator[Item]:
        for entry in self.inputs:
            if isinstance(entry, Link):
                if self.fetcher is None:
                    raise ValueError("web addresses need a fetcher")
                if self.metadata:
                    entry = Link(entry.url, self.metadata.over(entry.metadata))
                yield fetch_item(entry, fetcher=self.fetcher, store=self.store)
            elif is_warc(entry):
                for item in warc_items(entry):
                    self.discovered(1)
                    yield item
            elif self.ship_files:
                yield file_payload(entry, self.metadata)
            else:
                yield entry
