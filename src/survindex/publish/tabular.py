"""Table-shaped exports: CSV folder, Excel workbook, Frictionless Data Package, Datasette SQLite.

Each writer takes the tables of :func:`survindex.publish.tables.edition_tables` and the bundle's
provenance, so licences and sources travel with the data in every format (the descriptors
themselves: publish/descriptors.py).
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from survindex.publish.bundle import EditionBundle
from survindex.publish.cells import neutralise_formula
from survindex.publish.descriptors import (
    attributions,
    datapackage_descriptor,
    datasette_metadata,
    licence_lines,
    selection_note,
    title_of,
)
from survindex.publish.jsonout import dumps_strict
from survindex.publish.tables import TABLES, Row

_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}


def csv_value(value: Any) -> str:
    """Frictionless-friendly text: empty for missing, lower-case booleans, shortest floats."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv_folder(
    out: Path, tables: dict[str, list[Row]], *, spreadsheet_safe: bool = True
) -> list[Path]:
    """One CSV per table (UTF-8, LF line endings, header row) in the folder ``out``.

    ``spreadsheet_safe`` defuses text that a spreadsheet would run as a formula (see cells.py).
    The data package turns it off: its CSVs are read by programs, and must give back each quote
    exactly as it stands at its offsets in the source.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in TABLES:
        path = out / f"{spec.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name for c in spec.columns])
            for row in tables[spec.name]:
                cells = [csv_value(row[c.name]) for c in spec.columns]
                if spreadsheet_safe:
                    cells = [neutralise_formula(cell) for cell in cells]
                writer.writerow(cells)
        written.append(path)
    return written


def write_datapackage(
    out: Path,
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    selection: dict[str, Any] | None = None,
) -> list[Path]:
    """The package folder; ``selection`` (the country filter, if any) is recorded in it, so that
    a package holding part of an edition is never re-imported as the whole edition."""
    written = write_csv_folder(out, tables, spreadsheet_safe=False)
    document = datapackage_descriptor(bundle, tables)
    if selection:
        document["survindex"]["selection"] = selection
    descriptor = out / "datapackage.json"
    descriptor.write_text(dumps_strict(document) + "\n", "utf-8")
    return [descriptor, *written]


def write_xlsx(
    out: Path,
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    selection: dict[str, Any] | None = None,
) -> list[Path]:
    """One sheet per table after an "About" sheet with the licences and attributions."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    info = bundle.edition
    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    for line in (
        [title_of(bundle)],
        *[[line] for line in attributions(bundle)],
        *[[line] for line in licence_lines(bundle, tables)],
        [
            "Each row of the claims, financing and sources sheets carries its source's licence "
            "(column licence); countries and deployments name theirs in column licences."
        ],
        [f"Edition kind: {info.kind}; universe defined: {info.universe_defined}"],
        *([[selection_note(selection)]] if selection else []),
        [],
        ["sheet", "description"],
        *[[spec.name, spec.description] for spec in TABLES],
    ):
        _append(about, line)
    about["A1"].font = Font(bold=True)
    for spec in TABLES:
        sheet = workbook.create_sheet(spec.name)
        sheet.append([c.name for c in spec.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in tables[spec.name]:
            _append(sheet, [row[c.name] for c in spec.columns])
        sheet.freeze_panes = "A2"
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(out)
    return [out]


def _append(sheet: Any, values: list[Any]) -> None:
    """One row; text is stored as a string cell, never as a formula, and defused (cells.py)
    so that it stays text when someone edits the cell in Excel."""
    from openpyxl.cell.cell import Cell

    cells = []
    for value in values:
        cell = Cell(sheet, value=_xlsx_value(value))
        if isinstance(cell.value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)


def _xlsx_value(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Excel cells hold at most 32,767 characters.
    if len(value) > 32000:
        value = value[:32000] + "..."
    return neutralise_formula(value)


#: Columns Datasette users filter and join on.
_INDEXES = (
    ("claims", "country"),
    ("deployments", "country"),
    ("financing", "claim_id"),
    ("financing", "recipient"),
)


def write_sqlite(
    out: Path,
    bundle: EditionBundle,
    tables: dict[str, list[Row]],
    selection: dict[str, Any] | None = None,
) -> list[Path]:
    """A fresh SQLite file plus `metadata.json` beside it, ready for `datasette serve`."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    connection = sqlite3.connect(out)
    try:
        for spec in TABLES:
            columns = ", ".join(
                f'"{c.name}" {_SQL_TYPES.get(c.type, "TEXT")}'
                + (" PRIMARY KEY" if c.name == spec.primary_key else "")
                for c in spec.columns
            )
            connection.execute(f'CREATE TABLE "{spec.name}" ({columns})')
            marks = ", ".join("?" for _ in spec.columns)
            connection.executemany(
                f'INSERT INTO "{spec.name}" VALUES ({marks})',
                [[_sql_value(row[c.name]) for c in spec.columns] for row in tables[spec.name]],
            )
        for table, column in _INDEXES:
            connection.execute(f"CREATE INDEX ix_{table}_{column} ON {table} ({column})")
        connection.commit()
    finally:
        connection.close()
    metadata = out.parent / "metadata.json"
    metadata.write_text(
        dumps_strict(datasette_metadata(bundle, tables, out.stem, selection)) + "\n", "utf-8"
    )
    return [out, metadata]


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
