"""What flows through an ingest: inputs (files, URLs, WARC files) and the items made of them.

``survindex ingest`` takes file paths, directories, ``-``, web addresses and WARC files in one
command. Each becomes one or more *items* handed to the workers in input order: a file path
(the worker reads it), a :class:`Payload` (bytes already in hand: a fetched page, a WARC record,
or a file read for a worker on another machine), or an outcome already known (a page that
answered 304, a URL robots.txt forbids). Whatever the item, the worker returns a
:class:`Prepared` and the parent stores it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from survindex.ingest.extract import ExtractedClaim
from survindex.ingest.fetch import FetchResult
from survindex.ingest.metadata import SourceMetadata
from survindex.ingest.readers import Document

#: Readers by the media type a server or a WARC record declares.
PAGE_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
}
WARC_SUFFIXES = (".warc", ".warc.gz")


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def page_suffix(content_type: str | None, url: str) -> str | None:
    """The reader's suffix for a body of this media type (the URL's own suffix when the type is
    not said); None when it is not a page we can read (an image, a feed, a video)."""
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime:
        return PAGE_TYPES.get(mime)
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix if suffix in {".html", ".htm", ".txt", ".md", ".pdf", ""} else None


@dataclass(frozen=True)
class Link:
    """A web page to fetch, with what is known of it beforehand (a feed entry's title, date)."""

    url: str
    metadata: SourceMetadata | None = None


@dataclass(frozen=True)
class FetchRecord:
    """How a payload was fetched (or archived): kept in the ``fetches`` table."""

    url: str
    final_url: str
    fetched_at: datetime
    status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    archive_url: str | None = None
    size: int | None = None
    error: str | None = None

    @classmethod
    def of(cls, result: FetchResult) -> FetchRecord:
        return cls(
            url=result.url,
            final_url=result.final_url,
            fetched_at=result.fetched_at,
            status=result.status,
            content_type=result.content_type,
            etag=result.etag,
            last_modified=result.last_modified,
            archive_url=result.archive_url,
            size=len(result.body) if result.body is not None else None,
            error=result.error,
        )


@dataclass(frozen=True)
class Payload:
    """Bytes to read as a document: ``name`` becomes its path, ``suffix`` picks the reader."""

    name: str
    data: bytes
    suffix: str = ""
    metadata: SourceMetadata | None = None
    fetch: FetchRecord | None = None


@dataclass(frozen=True)
class Prepared:
    """What a worker sends back for one item: the document and its claims, or what else
    became of it (an error, already stored, not modified since the last fetch)."""

    path: str
    document: Document | None = None
    claims: tuple[ExtractedClaim, ...] = ()
    error: str | None = None
    already_stored: bool = False
    sha256: str | None = None
    #: MinHash of the text's shingles (survindex.ingest.neardup), made by the worker.
    signature: bytes | None = None
    fetch: FetchRecord | None = None
    not_modified: bool = False
    #: The failure may pass (network, 429, 5xx): a watched entry is tried again next time.
    transient: bool = False


#: One unit of work for a worker.
Item = str | Payload | Prepared
Input = str | Link


def describe(inputs: list[Input]) -> str:
    """The noun for a report's count: files, unless some inputs are URLs or WARC files."""
    plain = all(isinstance(i, str) and not is_warc(i) for i in inputs)
    return "file" if plain else "item"


def suffix_of(path: str) -> str:
    return Path(path).suffix.lower()
