"""Readers: turn a file (text, HTML, PDF, Markdown) or stdin into the text claims are read from.

The text a reader returns is the reference for evidence offsets, so it is never altered after
reading: plain text and Markdown are the decoded file content, HTML is trafilatura's main
content, PDF is pypdf's page text joined by blank lines. The sha256 of that text lets a quote
be found again in exactly the text it came from.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from charset_normalizer import from_bytes

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MARKDOWN_SUFFIXES = {".md", ".markdown"}
_WESTERN = ("cp1252", "latin_1", "iso8859_15")
STDIN = "-"
#: Source metadata next to a document (``article.txt.meta.json``, see survindex.ingest.metadata):
#: never a document itself.
SIDECAR_SUFFIX = ".meta.json"


class ReadError(Exception):
    """A file that cannot be read as a document; ``str()`` is one line naming it."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


@dataclass(frozen=True, slots=True)
class Document:
    """A document as read: ``text`` is what evidence offsets index."""

    path: str
    text: str
    reader: str
    reader_version: str
    sha256: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    encoding: str | None = None
    publisher: str | None = None


def _package_version(name: str) -> str:
    try:
        return f"{name} {version(name)}"
    except PackageNotFoundError:  # pragma: no cover - installed in every supported setup
        return name


def _document(
    path: str, text: str, reader: str, reader_version: str, **meta: str | None
) -> Document:
    if not text.strip():
        raise ReadError(path, f"no text found ({reader} reader); is the file empty?")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(path, text, reader, reader_version, digest, **meta)


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Text and encoding name; UTF-8 first, then charset-normalizer's best guess.

    Raises ReadError for empty or binary content (no plausible encoding, or a NUL anywhere:
    looking at the first 8 KB only let a NUL further on into the stored text).
    """
    if not data.strip():
        raise ReadError(path, "empty file")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))  # its NUL bytes are half characters
    if not utf16 and (at := data.find(b"\x00")) >= 0:
        raise ReadError(path, f"binary file (NUL byte at offset {at}); {_TEXT_PLEASE}")
    text, encoding = _decoded(path, data)
    if (at := text.find("\x00")) >= 0:
        raise ReadError(path, f"binary file (NUL character at position {at}); {_TEXT_PLEASE}")
    return text, encoding


_TEXT_PLEASE = "give a text, HTML or PDF file"


def _decoded(path: str, data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ReadError(path, "binary or undecodable file; give a text, HTML or PDF file")
    # Western European single-byte text fits several code pages equally well; most reporting
    # in such files is cp1252, so prefer it when it is as plausible as the first guess.
    for match in results:
        if match.encoding in _WESTERN and match.chaos <= best.chaos + 0.01:
            return str(match), match.encoding
    return str(best), best.encoding


def _looks_like_html(head: str) -> bool:
    start = head.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html")) or "<body" in head[:2000].lower()


def html_document(path: str, html: str) -> Document:
    """Main content through trafilatura, with title, date and URL when the page has them."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(result, "text", None) if result is not None else None
    if not text:
        raise ReadError(path, "no main text found in the HTML page")
    return _document(
        path,
        text,
        "html",
        _package_version("trafilatura"),
        title=getattr(result, "title", None),
        url=getattr(result, "url", None),
        published=getattr(result, "date", None),
    )


def pdf_document(path: str, data: bytes) -> Document:
    """Text of every page (pypdf), pages separated by a blank line."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise ReadError(path, f"unreadable PDF ({error})") from None
    # A NUL in extracted text is an artefact of the PDF's fonts, never content; it is dropped
    # here, as part of reading, so the stored text (which offsets index) never holds one.
    text = "\n\n".join(pages).replace("\x00", "")
    return _document(path, text, "pdf", _package_version("pypdf"), title=title)


def read_bytes(path: str, data: bytes, suffix: str = "") -> Document:
    """A document from raw bytes; the suffix (or a sniff of the content) picks the reader."""
    if data.startswith(b"%PDF") or suffix == ".pdf":
        return pdf_document(path, data)
    text, encoding = decode(path, data)
    if suffix in _HTML_SUFFIXES or (suffix not in _MARKDOWN_SUFFIXES and _looks_like_html(text)):
        return html_document(path, text)
    reader = "markdown" if suffix in _MARKDOWN_SUFFIXES else "text"
    return _document(path, text, reader, "survindex", encoding=encoding)


def read_document(path: str | Path) -> Document:
    """Read one file.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    ...     _ = f.write("Huawei built it.")
    >>> read_document(f.name).text
    'Huawei built it.'
    >>> os.unlink(f.name)
    """
    return read_bytes(str(path), file_bytes(path), Path(path).suffix.lower())


def file_bytes(path: str | Path) -> bytes:
    """A file's content, or ReadError saying in one line why it cannot be had."""
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise ReadError(
            path, "is a directory; pass it to read_paths to read it recursively"
        ) from None
    except OSError as error:
        raise ReadError(path, f"cannot read ({error.strerror or error})") from None


def read_stdin() -> Document:
    """The document piped on standard input (HTML is recognised by its content)."""
    return read_bytes("<stdin>", sys.stdin.buffer.read())


def expand_paths(paths: Iterable[str | Path]) -> list[str]:
    """Files named, with directories walked recursively (sorted; hidden files and metadata
    sidecars skipped)."""
    files: list[str] = []
    for path in paths:
        if str(path) == STDIN:
            files.append(STDIN)
            continue
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(p).parts)
                if child.is_file() and not hidden and not child.name.endswith(SIDECAR_SUFFIX):
                    files.append(str(child))
        elif not p.name.endswith(SIDECAR_SUFFIX):
            files.append(str(p))
    return files


def read_paths(paths: Iterable[str | Path]) -> tuple[list[Document], list[ReadError]]:
    """Read every file (``"-"`` is stdin); a bad file is reported, the others still read."""
    documents: list[Document] = []
    errors: list[ReadError] = []
    for name in expand_paths(paths):
        try:
            documents.append(read_stdin() if name == STDIN else read_document(name))
        except ReadError as error:
            errors.append(error)
    return documents, errors
