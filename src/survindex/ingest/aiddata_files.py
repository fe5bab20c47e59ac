"""Read AidData GCDF 3.0 in either shape it comes in, into one kind of record.

- The full release workbook: sheet ``GCDF_3.0`` of AidData's .xlsx, with Description, Flow
  Type, Funding Agencies and Implementing Agencies among its columns.
- The geolocated project table (``gcdf3-geolocated-projects.csv``): R-style headers
  (``AidData.Record.ID``, ``Amount.(Constant.USD.2021)``) and none of those four columns.

Headers are matched after turning dots into spaces and ignoring case and spacing, so both
spellings of a column meet. Whatever is wrong with the input is one :class:`AidDataFormatError`
naming the file and, where there is one, the row and column: nothing is read from a file that
fails anywhere, so an import never stores half of one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

SHEET = "GCDF_3.0"
#: Far above the release (20,985 records, a workbook of a few hundred MB unpacked).
MAX_FILE_BYTES = 500 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
MAX_ROWS = 200_000
_DTD_SCAN_BYTES = 4096

#: Field -> the header that holds it (compared by :func:`header_key`).
COLUMNS = {
    "record_id": "AidData Record ID",
    "title": "Title",
    "recipient": "Recipient",
    "recipient_iso3": "Recipient ISO-3",
    "commitment_year": "Commitment Year",
    "completion_year": "Completion Year",
    "commitment_date": "Commitment Date (MM/DD/YYYY)",
    "completion_date": "Actual Completion Date (MM/DD/YYYY)",
    "status": "Status",
    "sector": "Sector Name",
    "amount_usd": "Amount (Constant USD 2021)",
    "description": "Description",
    "flow_type": "Flow Type",
    "funding_agencies": "Funding Agencies",
    "implementing_agencies": "Implementing Agencies",
    "umbrella": "Umbrella",
    "recommended_for_aggregates": "Recommended For Aggregates",
    "parent_ids": "AidData Parent ID",
}
#: Columns every GCDF 3.0 file has; the workbook must also have WORKBOOK_REQUIRED.
REQUIRED = ("record_id", "title", "recipient_iso3", "commitment_year", "amount_usd", "status")
WORKBOOK_REQUIRED = ("description", "flow_type", "funding_agencies", "implementing_agencies")


class AidDataFormatError(ValueError):
    """Input that is not a readable GCDF 3.0 file; the message is one line naming the file."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class GcdfRecord:
    """One AidData record; ``row`` is its spreadsheet row or CSV line (header = 1)."""

    record_id: int
    row: int
    title: str
    recipient: str | None = None
    recipient_iso3: str | None = None
    commitment_year: int | None = None
    completion_year: int | None = None
    commitment_date: date | None = None
    completion_date: date | None = None
    status: str | None = None
    sector: str | None = None
    amount_usd: float | None = None
    description: str | None = None
    flow_type: str | None = None
    funding_agencies: str | None = None
    implementing_agencies: str | None = None
    umbrella: bool | None = None
    recommended_for_aggregates: bool | None = None
    parent_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class GcdfTable:
    path: Path
    shape: str  # "workbook" (sheet GCDF_3.0) or "table" (a CSV: the geolocated table)
    sha256: str
    records: dict[int, GcdfRecord]


def header_key(name: object) -> str:
    """``"Amount.(Constant.USD.2021)"`` and ``"Amount (Constant USD 2021) "`` meet."""
    return " ".join(str(name or "").replace(".", " ").split()).casefold()


# -- cell values ------------------------------------------------------------------------------


def text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    cleaned = str(value).strip()
    return cleaned or None


def whole_number(value: object) -> int | None:
    """``2018``, ``2018.0``, ``"2018"`` and ``"2018.0"`` are 2018; blank is None."""
    if isinstance(value, bool):
        raise ValueError("a yes/no value is not a number")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return int(value)
        raise ValueError("not a whole number")
    cleaned = text(value)
    if cleaned is None:
        return None
    number = float(cleaned)
    if not number.is_integer():
        raise ValueError("not a whole number")
    return int(number)


def amount(value: object) -> float | None:
    """A finite, non-negative amount; blank is None."""
    if isinstance(value, bool):
        raise ValueError("a yes/no value is not an amount")
    if isinstance(value, int | float):
        number = float(value)
    else:
        cleaned = text(value)
        if cleaned is None:
            return None
        number = float(cleaned)
    if math.isnan(number):
        return None
    if math.isinf(number) or number < 0:
        raise ValueError("not a finite, non-negative amount")
    return number


def day(value: object) -> date | None:
    """A date from a spreadsheet date, ``YYYY-MM-DD`` or ``MM/DD/YYYY`` (AidData's headers say
    the latter; the geolocated table writes the former)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    cleaned = text(value)
    if cleaned is None:
        return None
    cleaned = cleaned.split(" ")[0].split("T")[0]
    for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError("not a date (YYYY-MM-DD or MM/DD/YYYY)")


def yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    cleaned = (text(value) or "").casefold()
    if not cleaned:
        return None
    if cleaned in {"yes", "true", "1", "y"}:
        return True
    if cleaned in {"no", "false", "0", "n"}:
        return False
    raise ValueError("not yes or no")


def record_ids(value: object) -> tuple[int, ...]:
    """``"53184"``, ``"53184|1557"`` or ``"53184, 1557"``."""
    cleaned = text(value)
    if cleaned is None:
        return ()
    parts = cleaned.replace(",", "|").replace(";", "|").split("|")
    return tuple(number for p in parts if (number := whole_number(p)) is not None)


_PARSERS = {
    "record_id": whole_number,
    "commitment_year": whole_number,
    "completion_year": whole_number,
    "commitment_date": day,
    "completion_date": day,
    "amount_usd": amount,
    "umbrella": yes_no,
    "recommended_for_aggregates": yes_no,
    "parent_ids": record_ids,
}


# -- files ------------------------------------------------------------------------------------


def _positions(path: Path, header: tuple[object, ...], shape: str) -> dict[str, int]:
    keys = [header_key(h) for h in header]
    found = {
        field: keys.index(header_key(name))
        for field, name in COLUMNS.items()
        if header_key(name) in keys
    }
    required = REQUIRED + (WORKBOOK_REQUIRED if shape == "workbook" else ())
    missing = [COLUMNS[field] for field in required if field not in found]
    if missing:
        where = f"sheet {SHEET!r}" if shape == "workbook" else "the header"
        raise AidDataFormatError(
            path, f"not an AidData GCDF 3.0 table: {where} lacks column(s) {', '.join(missing)}"
        )
    return found


def _record(path: Path, number: int, cells: tuple[object, ...], at: dict[str, int]) -> GcdfRecord:
    values: dict[str, object] = {}
    for field, index in at.items():
        raw = cells[index] if index < len(cells) else None
        parser = _PARSERS.get(field, text)
        try:
            values[field] = parser(raw)
        except ValueError as exc:
            raise AidDataFormatError(
                path, f"row {number}, column {COLUMNS[field]!r}: {raw!r} is {exc}"
            ) from None
    if values.get("record_id") is None:
        raise AidDataFormatError(path, f"row {number}: no AidData Record ID")
    if not values.get("title"):
        raise AidDataFormatError(path, f"row {number}: record {values['record_id']} has no title")
    return GcdfRecord(row=number, **values)  # type: ignore[arg-type]


def _records(
    path: Path, rows: Iterable[tuple[object, ...]], shape: str, only: Collection[int] | None
) -> dict[int, GcdfRecord]:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or all(text(h) is None for h in header):
        raise AidDataFormatError(path, "no header row")
    at = _positions(path, header, shape)
    records: dict[int, GcdfRecord] = {}
    for number, cells in enumerate(iterator, 2):
        if all(text(cell) is None for cell in cells):
            continue
        if only is not None and _id_outside(cells, at["record_id"], only):
            continue
        if len(records) >= MAX_ROWS:
            raise AidDataFormatError(path, f"more than {MAX_ROWS:,} records; not GCDF 3.0")
        record = _record(path, number, cells, at)
        earlier = records.get(record.record_id)
        if earlier is not None:
            raise AidDataFormatError(
                path,
                f"row {number}: record {record.record_id} again (first at row {earlier.row}); "
                "an AidData table has one row per record",
            )
        records[record.record_id] = record
    if not records and only is None:
        raise AidDataFormatError(path, "a header but no records")
    return records


def _id_outside(cells: tuple[object, ...], index: int, only: Collection[int]) -> bool:
    """True when the row's record id is readable and not one of ``only``."""
    try:
        record_id = whole_number(cells[index] if index < len(cells) else None)
    except ValueError:
        return False  # let _record report it
    return record_id is not None and record_id not in only


def _check_workbook(path: Path, data: bytes) -> None:
    """Refuse a workbook that unpacks to too much or declares a DTD, before parsing it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise AidDataFormatError(path, "workbook unpacks to more than 2 GB; refused")
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    with archive.open(part) as stream:
                        head = stream.read(_DTD_SCAN_BYTES)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise AidDataFormatError(
                            path, f"workbook part {part.filename} declares a DTD; refused as unsafe"
                        )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise AidDataFormatError(path, f"truncated or corrupt workbook ({exc})") from None


_WORKBOOK_ERRORS = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError)


def _workbook_rows(path: Path, data: bytes) -> Iterator[tuple[object, ...]]:
    _check_workbook(path, data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (*_WORKBOOK_ERRORS, SyntaxError, ValueError) as exc:
        raise AidDataFormatError(path, f"truncated or corrupt workbook ({exc})") from None
    if SHEET not in workbook.sheetnames:
        raise AidDataFormatError(
            path, f"workbook has no sheet {SHEET!r} (sheets: {', '.join(workbook.sheetnames)})"
        )
    try:
        yield from workbook[SHEET].iter_rows(values_only=True)
    except (*_WORKBOOK_ERRORS, SyntaxError) as exc:
        raise AidDataFormatError(path, f"truncated or corrupt workbook ({exc})") from None


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[object, ...]]:
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AidDataFormatError(
            path, f"neither an .xlsx workbook nor UTF-8 CSV text (byte {exc.start})"
        ) from None
    reader = csv.reader(io.StringIO(decoded, newline=""))
    try:
        for line in reader:
            yield tuple(line)
    except csv.Error as exc:
        raise AidDataFormatError(
            path, f"line {reader.line_num}: not readable as CSV ({exc})"
        ) from None


def read_gcdf(path: Path, only: Collection[int] | None = None) -> GcdfTable:
    """Read a GCDF 3.0 workbook or CSV table; the shape is told by the bytes, not the name.

    ``only`` keeps just those record ids and leaves the other rows unchecked: `survindex init`
    reads the bundled table for the reviewed records alone (a fifth of the time of all 9,404).

    >>> read_gcdf(Path("gcdf3-geolocated-projects.csv")).shape  # doctest: +SKIP
    'table'
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise AidDataFormatError(path, f"file of {size / 2**20:,.0f} MB; refused")
        data = path.read_bytes()
    except IsADirectoryError:
        raise AidDataFormatError(path, "is a directory; give a .csv or .xlsx file") from None
    except OSError as exc:
        raise AidDataFormatError(path, f"cannot read file ({exc.strerror or exc})") from None
    if not data.strip():
        raise AidDataFormatError(path, "empty file")
    if data.startswith(b"PK\x03\x04"):
        shape, rows = "workbook", _workbook_rows(path, data)
    elif b"\x00" in data:
        raise AidDataFormatError(path, "binary file that is neither an .xlsx workbook nor a CSV")
    else:
        shape, rows = "table", _csv_rows(path, data)
    records = _records(path, rows, shape, only)
    return GcdfTable(path, shape, hashlib.sha256(data).hexdigest(), records)
