"""Where a file came from, when the file cannot say: options of `survindex ingest` or a sidecar.

A saved web page names its URL, title and date, but a plain-text or PDF file usually does not,
and its source would be cited as "unknown. file.txt.". The person ingesting it knows better,
and says so either on the command line (one file) or in a sidecar next to each file:
``report.pdf.meta.json`` holding ``{"url": ..., "publisher": ..., "published": "2021-03-04",
"title": ...}`` (every key optional). What is given wins over what the reader found.

>>> meta = metadata_from({"publisher": "Reuters", "published": "2021-03-04"}, "example")
>>> meta.publisher, meta.published.isoformat()
('Reuters', '2021-03-04')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from survindex.ingest.readers import SIDECAR_SUFFIX, Document

KEYS = ("url", "publisher", "published", "title")


class MetadataError(ValueError):
    """Metadata that cannot be used; ``str()`` is one line naming where it came from."""


@dataclass(frozen=True)
class SourceMetadata:
    """What is known about a document's source beyond its text; None means "not given"."""

    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    title: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) is not None for f in fields(self))

    def over(self, other: SourceMetadata | None) -> SourceMetadata:
        """These values, with ``other``'s filling the ones not given here."""
        if other is None:
            return self
        given = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(other, **{k: v for k, v in given.items() if v is not None})


def _text(value: Any, key: str, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise MetadataError(f"{where}: {key} must be a string, not {type(value).__name__}")
    return value.strip() or None


def _url(value: str | None, where: str) -> str | None:
    if value is None:
        return None
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise MetadataError(f"{where}: url must be an http(s) address, not {value!r}")
    return value


def _date(value: str | None, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise MetadataError(
            f"{where}: published must be a date as YYYY-MM-DD, not {value!r}"
        ) from None


def metadata_from(values: dict[str, Any], where: str) -> SourceMetadata:
    """Checked metadata from a mapping; ``where`` names its origin in error messages."""
    unknown = sorted(set(values) - set(KEYS))
    if unknown:
        raise MetadataError(
            f"{where}: unknown key {', '.join(map(repr, unknown))} (use {', '.join(KEYS)})"
        )
    text = {key: _text(values.get(key), key, where) for key in KEYS}
    return SourceMetadata(
        url=_url(text["url"], where),
        publisher=text["publisher"],
        published=_date(text["published"], where),
        title=text["title"],
    )


def is_sidecar(path: str | Path) -> bool:
    return str(path).endswith(SIDECAR_SUFFIX)


def sidecar_of(path: str | Path) -> Path:
    """Where the sidecar of ``path`` would be: ``article.txt`` -> ``article.txt.meta.json``."""
    return Path(str(path) + SIDECAR_SUFFIX)


def read_sidecar(path: str | Path) -> SourceMetadata | None:
    """The sidecar next to ``path``; None when there is none, MetadataError when it is bad."""
    sidecar = sidecar_of(path)
    if not sidecar.is_file():
        return None
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        problem = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise MetadataError(f"{sidecar}: not a readable JSON object ({problem})") from None
    if not isinstance(values, dict):
        raise MetadataError(f"{sidecar}: must hold a JSON object with {', '.join(KEYS)}")
    return metadata_from(values, str(sidecar))


def with_metadata(document: Document, metadata: SourceMetadata) -> Document:
    """The document with the given values in place of what its reader found."""
    published = metadata.published.isoformat() if metadata.published else None
    return replace(
        document,
        url=metadata.url or document.url,
        publisher=metadata.publisher or document.publisher,
        published=published or document.published,
        title=metadata.title or document.title,
    )
