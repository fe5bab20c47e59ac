"""`export_edition`: one edition in one of six formats, each with its licence and sources.

Example::

    with store.read() as session:
        export_edition(session=session, slug="aigs-2022", fmt="datapackage", out=Path("pkg"))
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from survindex.publish.bundle import load_bundle
from survindex.publish.documents import geojson_document, nested_document, write_json
from survindex.publish.tables import edition_tables
from survindex.publish.tabular import (
    write_csv_folder,
    write_datapackage,
    write_sqlite,
    write_xlsx,
)

#: Format -> what OUT is.
FORMATS = {
    "csv": "a folder of CSV files, one per table",
    "xlsx": "an Excel workbook, one sheet per table",
    "json": "one nested JSON document",
    "geojson": "a GeoJSON FeatureCollection of countries",
    "datapackage": "a folder with datapackage.json and its CSV files",
    "sqlite": "a SQLite file, with metadata.json beside it for Datasette",
}


class ExportError(ValueError):
    pass


def export_edition(*, session: Session, slug: str, fmt: str, out: Path) -> list[Path]:
    """Write edition ``slug`` as ``fmt`` to ``out``; returns the files written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    bundle = load_bundle(session=session, slug=slug)
    if bundle.edition.kind == "figures" and fmt in {"geojson"}:
        raise ExportError(f"{slug} holds published figures only: it has no countries to map")
    tables = edition_tables(bundle)
    if fmt == "csv":
        return write_csv_folder(out, tables)
    if fmt == "datapackage":
        return write_datapackage(out, bundle, tables)
    if fmt == "xlsx":
        return write_xlsx(out, bundle, tables)
    if fmt == "sqlite":
        return write_sqlite(out, bundle, tables)
    if fmt == "json":
        return write_json(out, nested_document(bundle, tables))
    return write_json(out, geojson_document(bundle, tables), indent=None)
