"""WARC and WARC.gz files as input: each archived HTML or text response becomes a document.

Web archives (Common Crawl's news crawl, a newsroom's own Heritrix or browsertrix crawls) hold
pages exactly as they were served, with the address they were served from and when. Each
``response`` (or ``resource``) record whose HTTP status is 200 and whose body is HTML, text or
PDF becomes a :class:`~survindex.ingest.items.Payload` read by the same readers as a fetched
page; its target URI is the source's URL, its WARC-Date when it was accessed, and the record's
place in the file (``crawl.warc.gz#12345``, the byte offset) is kept as the fetch's archive link.
Other records (requests, metadata, redirects, images) are passed over.

>>> for item in warc_items("crawl.warc.gz"):  # doctest: +SKIP
...     print(item.name, item.metadata.url)
crawl.warc.gz#0 https://news.example.org/cameras
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from survindex.ingest.items import FetchRecord, Item, Payload, Prepared, page_suffix
from survindex.ingest.metadata import SourceMetadata

#: Largest record body read (as for fetched pages): a bigger one is reported and skipped.
MAX_RECORD_BYTES = 10 * 1024 * 1024


def _date(value: str | None) -> datetime:
    """WARC-Date (ISO 8601, ``Z`` for UTC) as an aware datetime; now when it is missing."""
    if value:
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _begins_like_warc(stream: BinaryIO) -> bool:
    """Whether the file starts with a WARC record, gzipped or not; warcio itself would read
    any text as a series of odd records, with warnings but no error."""
    head = stream.read(4096)
    stream.seek(0)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def warc_items(path: str, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Item]:
    """Every readable response record of a WARC file, in file order; an unreadable file or
    record is one failed item naming it, and the records before it still count."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, the generator may pause
    except OSError as error:
        yield Prepared(path, error=f"{path}: cannot read ({error.strerror or error})")
        return
    with stream:
        if not _begins_like_warc(stream):
            why = "not a WARC file (it does not begin with a WARC/1.x record header)"
            yield Prepared(path, error=f"{path}: {why}")
            return
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type not in ("response", "resource"):
                    continue
                headers = record.rec_headers
                uri = (headers.get_header("WARC-Target-URI") or "").strip("<> ")
                if record.rec_type == "response":
                    http = record.http_headers
                    if http is None or http.get_statuscode() != "200":
                        continue
                    content_type = http.get_header("Content-Type")
                    etag, modified = http.get_header("ETag"), http.get_header("Last-Modified")
                else:
                    content_type = headers.get_header("Content-Type")
                    etag = modified = None
                suffix = page_suffix(content_type, uri)
                if suffix is None or not uri.lower().startswith(("http://", "https://")):
                    continue
                data = record.content_stream().read(max_bytes + 1)
                # Only after the body is read: asking first would skip the record to its end.
                name = f"{path}#{records.get_record_offset()}"
                fetched = _date(headers.get_header("WARC-Date"))
                fetch = FetchRecord(
                    url=uri,
                    final_url=uri,
                    fetched_at=fetched,
                    status=200,
                    content_type=content_type,
                    etag=etag,
                    last_modified=modified,
                    archive_url=name,
                    size=len(data),
                )
                if len(data) > max_bytes:
                    limit = f"{max_bytes / 2**20:g} MB"
                    yield Prepared(name, error=f"{name}: record over the {limit} limit; skipped")
                    continue
                metadata = SourceMetadata(url=uri)
                yield Payload(name, data, suffix, metadata=metadata, fetch=fetch)
        except ArchiveLoadFailed as error:
            problem = str(error).splitlines()[0] if str(error) else "not a WARC file"
            yield Prepared(path, error=f"{path}: unreadable WARC ({problem})")
