"""Detect and read the two Carnegie AIGS file layouts into plain rows of cells.

Both layouts are read into :class:`CarnegieTable`: the header names, and rows with their
position in the file, so that every claim can carry a locator back to its cell.

Whatever goes wrong with the input is a :class:`CarnegieFormatError`, one line naming the file:
a file too large to be a Carnegie table is refused before it is parsed (a 300,000-row workbook
took 80 s and 875 MB to be accepted), and one that grows too large while it is read is refused
as soon as it does.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterable
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


#: Limits far above any Carnegie table (under 200 rows of about 40 columns, cells of at most
#: 71 characters, files under 50 KB) that keep junk from costing minutes and gigabytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: What a workbook may unpack to: a zip of repeated junk compresses a hundredfold or more.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: What one part of it may unpack to. openpyxl reads a sheet without a size record to its end
#: before yielding a row (33 s for a 114 MB sheet of 300,000 rows), so the bound must come
#: before it; the real sheets are 56 KB and 108 KB, and 5,000 such rows would be 3 MB.
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 500
#: Excel's own limit for one cell.
MAX_CELL_CHARS = 32_767
#: How much of each workbook part is searched for a document type declaration.
_DTD_SCAN_BYTES = 4096


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


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _bounded(
    path: Path, where: str, rows: Iterable[tuple[object, ...]]
) -> dict[int, tuple[object, ...]]:
    """Non-blank rows by their 1-based number, refused as soon as they exceed the limits."""
    kept: dict[int, tuple[object, ...]] = {}
    for number, row in enumerate(rows, 1):
        if all(_blank(cell) for cell in row):
            continue
        kept[number] = row
        if len(kept) > MAX_ROWS:
            raise CarnegieFormatError(
                path,
                f"{where} has more than {MAX_ROWS:,} rows; a Carnegie table has one row per "
                "country (under 200), so this file is not one",
            )
        if len(row) > MAX_COLUMNS:
            raise CarnegieFormatError(
                path, f"{where}, row {number}: more than {MAX_COLUMNS} columns ({len(row):,})"
            )
        for column, cell in enumerate(row, 1):
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise CarnegieFormatError(
                    path,
                    f"{where}, row {number}, column {column}: a cell of {len(cell):,} "
                    f"characters (at most {MAX_CELL_CHARS:,} are accepted)",
                )
    return kept


#: What reading a damaged zip archive raises: zipfile's own errors, zlib's on a corrupt stream,
#: ValueError on offsets that point outside the file, NotImplementedError and RuntimeError on
#: compression methods or encryption it does not support.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


def _check_workbook_parts(path: Path, data: bytes) -> None:
    """Refuse a workbook that unpacks to too much or declares a DTD, before parsing it.

    Real workbooks never declare a DTD; one that does is trying entity expansion ("billion
    laughs") or reading local files (external entities). The XML parsers refuse those too, but
    with a parse error; this names the problem.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                raise CarnegieFormatError(
                    path,
                    f"workbook unpacks to {unpacked / 2**20:,.0f} MB; files over "
                    f"{MAX_UNPACKED_BYTES // 2**20} MB unpacked are refused",
                )
            for part in parts:
                if part.file_size > MAX_PART_BYTES:
                    raise CarnegieFormatError(
                        path,
                        f"workbook part {part.filename} unpacks to {part.file_size / 2**20:,.0f} "
                        f"MB; parts over {MAX_PART_BYTES // 2**20} MB are refused (a Carnegie "
                        "sheet is under 1 MB)",
                    )
                if not part.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(part) as stream:
                    head = stream.read(_DTD_SCAN_BYTES)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise CarnegieFormatError(
                        path,
                        f"workbook part {part.filename} declares a DTD or entities, which "
                        "spreadsheets never need; refused as unsafe",
                    )
    except _ARCHIVE_ERRORS as exc:
        raise CarnegieFormatError(path, f"truncated or corrupt workbook ({exc})") from None


#: What openpyxl raises on a damaged workbook. ``SyntaxError`` covers the XML parsers' errors
#: (ElementTree's ParseError and lxml's XMLSyntaxError both derive from it), which is also how
#: they refuse entity expansion that the DTD scan did not see.
_WORKBOOK_ERRORS = (
    *_ARCHIVE_ERRORS,
    InvalidFileException,
    KeyError,
    OSError,
    EOFError,
    SyntaxError,
    ValueError,
)


def _read_xlsx(path: Path, data: bytes) -> CarnegieTable:
    _check_workbook_parts(path, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _WORKBOOK_ERRORS as exc:
        raise CarnegieFormatError(path, f"truncated or corrupt workbook ({exc})") from None
    if SHEET_2022 not in workbook.sheetnames:
        raise CarnegieFormatError(
            path, f"workbook has no sheet {SHEET_2022!r} (sheets: {', '.join(workbook.sheetnames)})"
        )
    try:
        raw = _bounded(
            path, f"sheet {SHEET_2022!r}", workbook[SHEET_2022].iter_rows(values_only=True)
        )
        universe = (
            _bounded(
                path,
                f"sheet {UNIVERSE_SHEET_2022!r}",
                workbook[UNIVERSE_SHEET_2022].iter_rows(values_only=True),
            )
            if UNIVERSE_SHEET_2022 in workbook.sheetnames
            else {}
        )
    except CarnegieFormatError:
        raise
    except _WORKBOOK_ERRORS as exc:
        raise CarnegieFormatError(path, f"truncated or corrupt workbook ({exc})") from None
    if not raw:
        raise CarnegieFormatError(path, f"sheet {SHEET_2022!r} is empty")
    header = tuple(str(h).strip() if h is not None else "" for h in raw.get(1, ()))
    _check_columns(path, header, REQUIRED_2022)
    rows = tuple(CarnegieRow(n, tuple(r)) for n, r in raw.items() if n > 1 and any(r))
    if not rows:
        raise CarnegieFormatError(path, f"sheet {SHEET_2022!r} has a header but no rows")
    universe_rows = tuple(CarnegieRow(n, tuple(r)) for n, r in universe.items() if n > 1 and r[0])
    universe_header = tuple(str(h or "").strip() for h in universe.get(1, ()))
    return CarnegieTable("xlsx-2022", SHEET_2022, header, rows, universe_rows, universe_header)


def _read_csv(path: Path, data: bytes) -> CarnegieTable:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CarnegieFormatError(path, f"not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    try:
        lines = _bounded(path, "the file", (tuple(line) for line in reader))
    except csv.Error as exc:
        problem = f"not readable as CSV ({exc})"
        if "field larger than field limit" in str(exc):
            problem = (
                f"a cell of more than {csv.field_size_limit():,} characters (at most "
                f"{MAX_CELL_CHARS:,} are accepted)"
            )
        raise CarnegieFormatError(path, f"line {reader.line_num}: {problem}") from None
    first = lines.get(1, ())
    if not first:
        raise CarnegieFormatError(path, "no header line")
    header = tuple(str(h).replace('"', "").strip() for h in first)
    if len(header) == 1:
        raise CarnegieFormatError(
            path, "not a ';'-separated Carnegie AIGS CSV (the header has a single column)"
        )
    _check_columns(path, header, REQUIRED_V1)
    rows = tuple(
        CarnegieRow(n, tuple(None if _blank(cell) else cell for cell in line))
        for n, line in lines.items()
        if n > 1
    )
    if not rows:
        raise CarnegieFormatError(path, "CSV has a header but no rows")
    return CarnegieTable("csv-v1", path.name, header, rows)


def read_carnegie_table(path: Path) -> tuple[CarnegieTable, bytes]:
    """Detect the layout from the bytes (not the file name) and read the table."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CarnegieFormatError(
                path,
                f"file of {size / 2**20:,.0f} MB; a Carnegie table is well under 1 MB, and "
                f"files over {MAX_FILE_BYTES // 2**20} MB are refused",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise CarnegieFormatError(path, f"cannot read file ({exc.strerror})") from None
    if not data.strip():
        raise CarnegieFormatError(path, "empty file")
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data), data
    if (at := data.find(b"\x00")) >= 0:  # anywhere: a NUL past the first 4 KB got through
        raise CarnegieFormatError(
            path,
            f"binary file (NUL byte at offset {at}) that is neither an .xlsx workbook nor a CSV",
        )
    return _read_csv(path, data), data
