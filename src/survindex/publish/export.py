"""`export_edition`: one edition in one of six formats, each with its licence and sources.

Example::

    with store.read() as session:
        export_edition(session=session, slug="aigs-2022", fmt="datapackage", out=Path("pkg"))
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from survindex.publish.bundle import load_bundle
from survindex.publish.documents import geojson_document, nested_document, write_json
from survindex.publish.errors import ExportError
from survindex.publish.selection import CountrySelection, check_selection, select_tables
from survindex.publish.tables import edition_tables
from survindex.publish.tabular import (
    write_csv_folder,
    write_datapackage,
    write_sqlite,
    write_xlsx,
)

__all__ = ["FORMATS", "ExportError", "check_output_name", "export_edition"]

#: Format -> what OUT is.
FORMATS = {
    "csv": "a folder of CSV files, one per table",
    "xlsx": "an Excel workbook, one sheet per table",
    "json": "one nested JSON document",
    "geojson": "a GeoJSON FeatureCollection of countries",
    "datapackage": "a folder with datapackage.json and its CSV files",
    "sqlite": "a SQLite file, with metadata.json beside it for Datasette",
}
#: Format -> the extensions its OUT may have; an empty tuple means a folder.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "csv": (),
    "xlsx": (".xlsx",),
    "json": (".json",),
    "geojson": (".geojson", ".json"),
    "datapackage": (),
    "sqlite": (".db", ".sqlite", ".sqlite3"),
}
#: Extensions that name some file format: an OUT ending in one of these that its format does
#: not write is a mistake (`--format csv out.xlsx`) and is refused before anything is written.
#: Other suffixes (`out.2024`) are left alone.
KNOWN_EXTENSIONS = {
    *(ext for exts in EXTENSIONS.values() for ext in exts),
    ".csv",
    ".tsv",
    ".xls",
    ".ods",
    ".zip",
    ".parquet",
    ".html",
    ".htm",
    ".pdf",
    ".txt",
}


def check_output_name(fmt: str, out: Path) -> None:
    """Refuse an output name whose extension contradicts ``fmt`` (ExportError, one line)."""
    suffix = out.suffix.lower()
    allowed = EXTENSIONS[fmt]
    if suffix not in KNOWN_EXTENSIONS or suffix in allowed:
        return
    if allowed:
        advice = f"name it {out.with_suffix(allowed[0]).name}"
    else:
        advice = f"name a folder without an extension, e.g. {out.with_suffix('').name}"
    writers = [other for other, extensions in EXTENSIONS.items() if suffix in extensions]
    if writers:
        advice += f", or use --format {' or '.join(writers)}"
    raise ExportError(f"{out}: --format {fmt} writes {FORMATS[fmt]}, not a {suffix} file; {advice}")


def export_edition(
    *,
    session: Session,
    slug: str,
    fmt: str,
    out: Path,
    selection: CountrySelection | None = None,
    as_of: date | None = None,
) -> list[Path]:
    """Write edition ``slug`` as ``fmt`` to ``out``; returns the files written.

    ``selection`` keeps only the countries that match the dashboard's filters (selection.py).
    Every check runs before the first file is written.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    check_output_name(fmt, out)
    bundle = load_bundle(session=session, slug=slug, as_of=as_of)
    if bundle.edition.kind == "figures" and fmt in {"geojson"}:
        raise ExportError(f"{slug} holds published figures only: it has no countries to map")
    tables = edition_tables(bundle)
    chosen = selection.chosen() if selection else {}
    if selection and chosen:
        check_selection(selection, bundle)
        tables = select_tables(bundle, tables, selection)
    if fmt == "csv":
        return write_csv_folder(out, tables)
    if fmt == "datapackage":
        return write_datapackage(out, bundle, tables, chosen)
    if fmt == "xlsx":
        return write_xlsx(out, bundle, tables, chosen)
    if fmt == "sqlite":
        return write_sqlite(out, bundle, tables, chosen)
    if fmt == "json":
        return write_json(out, nested_document(bundle, tables, chosen))
    return write_json(out, geojson_document(bundle, tables, chosen), indent=None)
