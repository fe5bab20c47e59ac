"""An export as one download: bytes, a file name and a media type, for the dashboard.

The web route must not grow its own writers: it would drift from ``survindex export``. So this
runs :func:`~survindex.publish.export.export_edition` itself into a temporary folder and reads the
result back; a format that writes several files (``csv``, ``datapackage``, and ``sqlite`` with
the ``metadata.json`` that carries its licence) comes back as one zip of them.

Example::

    with store.read() as session:
        download = export_bytes(session=session, slug="aigs-2022", fmt="xlsx")
    Path(download.filename).write_bytes(download.content)
"""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from survindex.publish.export import FORMATS, ExportError, export_edition
from survindex.publish.selection import CountrySelection

#: Format -> (extension, media type) of a download that is one file.
SINGLE_FILE = {
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (".json", "application/json"),
    "geojson": (".geojson", "application/geo+json"),
}
ZIP_MEDIA_TYPE = "application/zip"
#: Zip entries carry this timestamp, so the same export gives the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ExportFile:
    """One export, ready to send: ``content`` to save as ``filename``."""

    content: bytes
    filename: str
    media_type: str


def _stem(slug: str, selection: CountrySelection | None) -> str:
    stem = "survindex-" + re.sub(r"[^A-Za-z0-9_-]+", "-", slug)
    return stem + "-selection" if selection and selection.chosen() else stem


def download_name(slug: str, fmt: str, selection: CountrySelection | None = None) -> str:
    """``survindex-aigs-2022.xlsx``, ``survindex-live-selection-csv.zip``: safe in any header."""
    if fmt in SINGLE_FILE:
        return _stem(slug, selection) + SINGLE_FILE[fmt][0]
    return f"{_stem(slug, selection)}-{fmt}.zip"


def export_bytes(
    *,
    session: Session,
    slug: str,
    fmt: str,
    selection: CountrySelection | None = None,
    as_of: date | None = None,
) -> ExportFile:
    """Edition ``slug`` as ``fmt``, in memory: what ``survindex export`` would write.

    Raises ExportError (unknown format, bad filter) and UnknownEdition, as export_edition does.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    filename = download_name(slug, fmt, selection)
    with tempfile.TemporaryDirectory(prefix="survindex-export-") as tmp:
        folder = Path(tmp)
        if fmt in SINGLE_FILE:
            out = folder / filename
            export_edition(
                session=session, slug=slug, fmt=fmt, out=out, selection=selection, as_of=as_of
            )
            return ExportFile(out.read_bytes(), filename, SINGLE_FILE[fmt][1])
        # Folder formats write into OUT; sqlite writes OUT and metadata.json beside it.
        root = folder / "export"
        out = root / f"{_stem(slug, selection)}.db" if fmt == "sqlite" else root
        written = export_edition(
            session=session, slug=slug, fmt=fmt, out=out, selection=selection, as_of=as_of
        )
        return ExportFile(_zip(root, written), filename, ZIP_MEDIA_TYPE)


def _zip(root: Path, files: list[Path]) -> bytes:
    """The files, named relative to ``root`` (so datapackage.json sits at the top), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
            entry = zipfile.ZipInfo(path.relative_to(root).as_posix(), _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, path.read_bytes())
    return buffer.getvalue()
