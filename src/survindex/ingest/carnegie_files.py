"""Detect and read the two Carnegie AIGS file layouts into plain rows of cells.

Both layouts are read into :class:`CarnegieTable`: the header names, and rows with their
position in the file, so that every claim can carry a locator back to its cell.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SHEET_2022 = "AIGS 2022"
UNIVERSE_SHEET_2022 = "Digital Repression Inde + V-Dem"
REQUIRED_2022 = (
    "Country",
    "Region",
    "Safe City System",
    "Facial Recognition System",
    "Smart Policing",
    "Social Media Surveillance",
    "China Tech",
    "US Tech",
    "Company 1",
)
REQUIRED_V1 = (
    "Country",
    "Region",
    "v2x_regime",
    "Safe City System",
    "Facial Recognition System",
    "Smart Policing",
    "Social Media Surveillance",
    "China Tech?",
    "US Tech?",
    "Company 1",
)


class CarnegieFormatError(ValueError):
    """Input that is not a readable Carnegie file; the message is one line naming the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class CarnegieRow:
    number: int  # spreadsheet row or CSV line number, 1-based, header included
    cells: tuple[object, ...]


@dataclass(frozen=True)
class CarnegieTable:
    layout: str  # "xlsx-2022" or "csv-v1"
    sheet: str
    header: tuple[str, ...]  # overflow columns get "" as their name
    rows: tuple[CarnegieRow, ...]
    universe: tuple[CarnegieRow, ...] = ()
    universe_header: tuple[str, ...] = ()

    def column(self, name: str) -> int:
        return self.header.index(name)


def _check_columns(path: Path, header: tuple[str, ...], required: tuple[str, ...]) -> None:
    missing = [name for name in required if name not in header]
    if missing:
        raise CarnegieFormatError(
            path, f"not a Carnegie AIGS table: missing column(s) {', '.join(missing)}"
        )


def _read_xlsx(path: Path, data: bytes) -> CarnegieTable:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as exc:
        raise CarnegieFormatError(path, f"truncated or corrupt workbook ({exc})") from None
    if SHEET_2022 not in workbook.sheetnames:
        raise CarnegieFormatError(
            path, f"workbook has no sheet {SHEET_2022!r} (sheets: {', '.join(workbook.sheetnames)})"
        )
    try:
        raw = list(workbook[SHEET_2022].iter_rows(values_only=True))
        universe = (
            list(workbook[UNIVERSE_SHEET_2022].iter_rows(values_only=True))
            if UNIVERSE_SHEET_2022 in workbook.sheetnames
            else []
        )
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise CarnegieFormatError(path, f"truncated or corrupt workbook ({exc})") from None
    if not raw:
        raise CarnegieFormatError(path, f"sheet {SHEET_2022!r} is empty")
    header = tuple(str(h).strip() if h is not None else "" for h in raw[0])
    _check_columns(path, header, REQUIRED_2022)
    rows = tuple(CarnegieRow(i + 1, tuple(r)) for i, r in enumerate(raw) if i and any(r))
    if not rows:
        raise CarnegieFormatError(path, f"sheet {SHEET_2022!r} has a header but no rows")
    universe_rows = tuple(
        CarnegieRow(i + 1, tuple(r)) for i, r in enumerate(universe) if i and r[0]
    )
    universe_header = tuple(str(h or "").strip() for h in universe[0]) if universe else ()
    return CarnegieTable("xlsx-2022", SHEET_2022, header, rows, universe_rows, universe_header)


def _read_csv(path: Path, data: bytes) -> CarnegieTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CarnegieFormatError(path, f"not UTF-8 text (byte {exc.start})") from None
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    if not lines or not any(lines[0]):
        raise CarnegieFormatError(path, "no header line")
    header = tuple(h.replace('"', "").strip() for h in lines[0])
    if len(header) == 1:
        raise CarnegieFormatError(
            path, "not a ';'-separated Carnegie AIGS CSV (the header has a single column)"
        )
    _check_columns(path, header, REQUIRED_V1)
    rows = tuple(
        CarnegieRow(i + 1, tuple(cell if cell.strip() else None for cell in line))
        for i, line in enumerate(lines)
        if i and any(cell.strip() for cell in line)
    )
    if not rows:
        raise CarnegieFormatError(path, "CSV has a header but no rows")
    return CarnegieTable("csv-v1", path.name, header, rows)


def read_carnegie_table(path: Path) -> tuple[CarnegieTable, bytes]:
    """Detect the layout from the bytes (not the file name) and read the table."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CarnegieFormatError(path, f"cannot read file ({exc.strerror})") from None
    if not data.strip():
        raise CarnegieFormatError(path, "empty file")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data), data
    if b"\x00" in data[:4096]:
        raise CarnegieFormatError(path, "binary file that is neither an .xlsx workbook nor a CSV")
    return _read_csv(path, data), data
