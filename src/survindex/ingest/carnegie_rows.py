"""Rows of a Carnegie table read by column name, and the result an import builds from them."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from survindex.domain import Claim, CountryContext, DataQualityNote, Evidence, Origin
from survindex.ingest.carnegie_files import CarnegieRow, CarnegieTable


@dataclass
class CarnegieImport:
    """Everything one Carnegie file contributes: written to the store in one transaction."""

    edition: str
    title: str
    origin: Origin
    universe_defined: bool
    contexts: list[CountryContext] = field(default_factory=list)
    locators: dict[str, str] = field(default_factory=dict)  # iso3 -> where its row is
    claims: list[Claim] = field(default_factory=list)
    notes: list[DataQualityNote] = field(default_factory=list)
    #: Row locator -> company names found in misaligned overflow cells on that row.
    misplaced_overflow: dict[str, list[str]] = field(default_factory=dict)


def text_cell(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def number_cell(value: object) -> float | None:
    text = text_cell(value)
    if text is None:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    # "nan" and "inf" parse as floats but are no figure a source can state: like other text
    # that is not a number, they read as unknown.
    return value if math.isfinite(value) else None


def flag_cell(value: object) -> bool:
    return text_cell(value) in {"x", "X", "1", "1.0"}


class RowReader:
    """Reads one row's cells by column name and builds locators for them."""

    def __init__(self, table: CarnegieTable, row: CarnegieRow, source_key: str) -> None:
        self.table, self.row, self.source_key = table, row, source_key

    def cell(self, column: str) -> object:
        if not column or column not in self.table.header:
            return None
        index = self.table.column(column)
        return self.row.cells[index] if index < len(self.row.cells) else None

    def locator(self, column: str | int) -> str:
        place = "sheet" if self.table.layout == "xlsx-2022" else "file"
        line = "row" if self.table.layout == "xlsx-2022" else "line"
        if isinstance(column, int):
            column = f"{get_column_letter(column + 1)} (unnamed overflow column)"
        return f"{place}={self.table.sheet};{line}={self.row.number};column={column}"

    def evidence(self, column: str | int, quote: str | None = None) -> Evidence:
        return Evidence(source_key=self.source_key, quote=quote, locator=self.locator(column))
