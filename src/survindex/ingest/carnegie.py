"""Turn a Carnegie AIGS file into an edition: country contexts, accepted claims, repair notes.

This module is pure (no database): :func:`parse_carnegie` returns everything an import writes,
so the repairs can be tested on the real files without a store.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter

from survindex.domain import (
    Claim,
    ClaimStatus,
    CountryContext,
    DataQualityNote,
    Evidence,
    Origin,
    RegimeType,
)
from survindex.domain.vocab import CARNEGIE_COLUMNS, EDITION_2022, EDITION_V1
from survindex.ingest.carnegie_files import (
    CarnegieRow,
    CarnegieTable,
    read_carnegie_table,
)
from survindex.ingest.carnegie_repairs import (
    implausible_military_ranks,
    overflow_is_misaligned,
    undo_regime_label_replacement,
)
from survindex.reference.countries import UnknownName, resolve_country_code
from survindex.reference.vendors import resolve_vendor

# Column names per layout for the context fields both editions share.
_FIELDS = {
    "xlsx-2022": {
        "edi": "V-Dem Electoral Democracy Index 2021",
        "regime": "V-Dem Regime Type 2021",
        "dri": "Feldstein Digital Repression Index 2021",
        "fotn_status": "Freedom on the Net 2021 Status",
        "fotn_score": "Freedom on the Net 2021 Score",
        "military_usd": "Military Expenditures (USD) 2018",
        "military_rank": "Military Expenditures Ranking (2018)",
        "bri": "Member of Belt & Road Initiative",
        "odi": "China ODI Rank (EIU)",
        "china": "China Tech",
        "usa": "US Tech",
    },
    "csv-v1": {
        "edi": "v2x_polyarchy",
        "regime": "v2x_regime",
        "dri": "",
        "fotn_status": "Freedom on the Net 2019 Status",
        "fotn_score": "Freedom on the Net 2019 Total Score",
        "military_usd": "Military Expenditures (USD) 2018",
        "military_rank": "Military Expenditures Ranking (2018)",
        "bri": "BRI Member?",
        "odi": "China ODI Rank (EIU)",
        "china": "China Tech?",
        "usa": "US Tech?",
    },
}
_EDITIONS = {
    "xlsx-2022": (
        EDITION_2022,
        "Carnegie AIGS Index, 2022 update (workbook of 9 March 2022)",
        "10.17632/gjhf5y4xjp.4",
        "https://data.mendeley.com/datasets/gjhf5y4xjp/4",
        date(2022, 6, 6),
    ),
    "csv-v1": (
        EDITION_V1,
        "Carnegie AIGS Index, earlier edition (Mendeley version 1)",
        "10.17632/gjhf5y4xjp.1",
        "https://data.mendeley.com/datasets/gjhf5y4xjp/1",
        None,
    ),
}
# Only a comma separates companies: "Atos IT Solutions and Services" is one name.
_SPLIT_COMPANIES = re.compile(r"\s*,\s*(?:and\s+)?")
MULTIPLE_VENDORS = "Mult"


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


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _number(value: object) -> float | None:
    text = _text(value)
    if text is None:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _flag(value: object) -> bool:
    return _text(value) in {"x", "X", "1", "1.0"}


class _RowReader:
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


def _origin(table: CarnegieTable, data: bytes, path: Path) -> tuple[str, str, Origin]:
    slug, title, doi, url, published = _EDITIONS[table.layout]
    origin = Origin(
        producer="Steven Feldstein, Carnegie Endowment for International Peace",
        title=title,
        url=url,
        doi=doi,
        published=published,
        accessed=date.today(),
        licence="CC BY 4.0",
        sha256=hashlib.sha256(data).hexdigest(),
        citation=f"Feldstein, Steven. {title}. Mendeley Data, doi:{doi}. File {path.name}.",
    )
    return slug, title, origin


def parse_carnegie(path: Path) -> CarnegieImport:
    """Read, check and repair a Carnegie file; raises CarnegieFormatError on unusable input."""
    table, data = read_carnegie_table(path)
    slug, title, origin = _origin(table, data, path)
    result = CarnegieImport(slug, title, origin, universe_defined=bool(table.universe))
    source_key = f"carnegie:{origin.sha256}"
    fields = _FIELDS[table.layout]
    company_columns = [name for name in table.header if name.startswith("Company ")]
    overflow_start = table.column(company_columns[-1]) + 1
    misaligned = overflow_is_misaligned(
        [
            (
                _RowReader(table, row, source_key).cell(company_columns[-1]),
                list(row.cells[overflow_start:]),
            )
            for row in table.rows
        ]
    )
    overflow_trusted = not misaligned
    if misaligned:
        names = ", ".join(str(table.rows[i].cells[0]) for i in misaligned)
        result.notes.append(
            DataQualityNote(
                kind="misplaced_overflow",
                locator=f"sheet={table.sheet};columns {get_column_letter(overflow_start + 1)}+",
                message=f"overflow company columns sit on rows whose Company 5 is empty ({names}): "
                "the block was not moved when the rows were sorted, so no overflow cell can be "
                "trusted to belong to its row",
                action="no company from the overflow columns is attributed to any country; each "
                "cell is listed below",
            )
        )
    military: list[tuple[str, float | None, int | None]] = []
    for row in table.rows:
        reader = _RowReader(table, row, source_key)
        context = _parse_row(reader, fields, result)
        if context is None:
            continue
        military.append((context.iso3, context.military_usd_millions, context.military_rank))
        _row_claims(
            reader, context.iso3, fields, company_columns, overflow_start, overflow_trusted, result
        )
    _flag_military_ranks(military, result)
    if table.universe:
        _merge_universe(table, source_key, result)
    return result


def _parse_row(
    reader: _RowReader, fields: dict[str, str], result: CarnegieImport
) -> CountryContext | None:
    raw_name = _text(reader.cell("Country")) or ""
    name, note = undo_regime_label_replacement(raw_name, reader.locator("Country"))
    if note:
        result.notes.append(note)
    try:
        iso3 = resolve_country_code(name)
    except UnknownName as exc:
        result.notes.append(
            DataQualityNote("unknown_country", reader.locator("Country"), str(exc), "row skipped")
        )
        return None
    other = _text(reader.cell("Other Countries"))
    if other:
        other, note = undo_regime_label_replacement(other, reader.locator("Other Countries"))
        if note:
            result.notes.append(note)
    regime = _text(reader.cell(fields["regime"]))
    rank = _number(reader.cell(fields["military_rank"]))
    context = CountryContext(
        iso3=iso3,
        name_in_source=raw_name,
        region=_text(reader.cell("Region")),
        regime=RegimeType(regime) if regime in RegimeType.__members__ else None,
        electoral_democracy_index=_number(reader.cell(fields["edi"])),
        digital_repression_index=_number(reader.cell(fields["dri"])),
        fotn_status=_text(reader.cell(fields["fotn_status"])),
        fotn_score=_number(reader.cell(fields["fotn_score"])),
        military_usd_millions=_number(reader.cell(fields["military_usd"])),
        military_rank=int(rank) if rank is not None else None,
        bri_member=_flag(reader.cell(fields["bri"])),
        china_odi_rank=int(odi) if (odi := _number(reader.cell(fields["odi"]))) else None,
        other_supplier_countries=other,
    )
    result.contexts.append(context)
    result.locators[iso3] = reader.locator("Country")
    return context


def _row_claims(
    reader: _RowReader,
    iso3: str,
    fields: dict[str, str],
    company_columns: list[str],
    overflow_start: int,
    overflow_trusted: bool,
    result: CarnegieImport,
) -> None:
    accepted = dict(country=iso3, claim_status=ClaimStatus.ACCEPTED, edition=result.edition)
    for technology, column in CARNEGIE_COLUMNS.items():
        value = _text(reader.cell(column))
        if value in {"x", "X"}:
            result.claims.append(
                Claim(technology=technology, evidence=reader.evidence(column, value), **accepted)
            )
        elif value is not None:
            result.notes.append(
                DataQualityNote(
                    "implausible_value",
                    reader.locator(column),
                    f"technology cell holds {value!r} instead of 'x' or blank",
                    "not counted",
                )
            )
    for supplier, key in (("CHN", "china"), ("USA", "usa")):
        if _flag(reader.cell(fields[key])):
            result.claims.append(
                Claim(
                    technology=None,
                    vendor_country=supplier,
                    evidence=reader.evidence(fields[key], "1"),
                    **accepted,
                )
            )
    cells: list[tuple[str | int, object]] = [(c, reader.cell(c)) for c in company_columns]
    overflow = [
        (i, v) for i, v in enumerate(reader.row.cells) if i >= overflow_start and v is not None
    ]
    if overflow and not overflow_trusted:
        result.misplaced_overflow[reader.locator("Country")] = [
            name for _, value in overflow for name in _SPLIT_COMPANIES.split(str(value).strip())
        ]
        for index, value in overflow:
            result.notes.append(
                DataQualityNote(
                    "misplaced_overflow",
                    reader.locator(index),
                    f"{value!r} sits on the row of {reader.cell('Country')!r} in a misaligned "
                    "overflow column",
                    "not attributed to any country",
                )
            )
        overflow = []
    seen: set[str] = set()
    for column, value in cells + overflow:
        text = _text(value)
        if text is None:
            continue
        if text == MULTIPLE_VENDORS:
            result.notes.append(
                DataQualityNote(
                    "placeholder",
                    reader.locator(column),
                    "'Mult' means several unnamed vendors",
                    "no vendor claim created",
                )
            )
            continue
        names = [n.strip() for n in _SPLIT_COMPANIES.split(text) if n.strip()]
        if len(names) > 1:
            result.notes.append(
                DataQualityNote(
                    "vendor_list",
                    reader.locator(column),
                    f"one cell lists {len(names)} companies: {text!r}",
                    "split into one claim per company",
                )
            )
        for name in names:
            _vendor_claim(reader, column, name, seen, accepted, result)


def trace_misplaced_overflow(
    parsed: CarnegieImport, earlier: dict[str, tuple[set[str], set[str]]], earlier_edition: str
) -> list[DataQualityNote]:
    """Notes naming the country whose overflow, in an earlier edition, lists the same companies.

    ``earlier`` maps a country to (its overflow vendors, all its vendors) in the earlier edition;
    a row matches when it holds all of that overflow and nothing the country lacked (the earlier
    edition drops a company from the overflow when Company 1-5 already name it). This only informs
    the report: a match makes the origin likely, not certain, so nothing is attributed on it.
    """
    notes = []
    for locator, names in parsed.misplaced_overflow.items():
        slugs = set()
        for name in names:
            try:
                slugs.add(resolve_vendor(name).slug)
            except UnknownName:
                continue
        matches = sorted(
            iso
            for iso, (overflow, everything) in earlier.items()
            if overflow <= slugs <= everything
        )
        if matches:
            notes.append(
                DataQualityNote(
                    "misplaced_overflow",
                    locator,
                    f"the overflow companies on this row ({', '.join(names)}) match the "
                    f"overflow companies of {', '.join(matches)} in {earlier_edition}",
                    "reported as the likely origin; still not attributed",
                )
            )
    return notes


def _vendor_claim(
    reader: _RowReader,
    column: str | int,
    name: str,
    seen: set[str],
    accepted: dict[str, object],
    result: CarnegieImport,
) -> None:
    try:
        vendor = resolve_vendor(name)
    except UnknownName as exc:
        result.notes.append(
            DataQualityNote(
                "unknown_vendor",
                reader.locator(column),
                str(exc),
                "no claim created; add the company to vendors.csv",
            )
        )
        return
    if name in vendor.misspellings:
        result.notes.append(
            DataQualityNote(
                "vendor_spelling",
                reader.locator(column),
                f"{name!r} is a misspelling of {vendor.name!r}",
                f"linked to registry vendor {vendor.slug!r}",
            )
        )
    elif vendor.name != name:
        result.notes.append(
            DataQualityNote(
                "vendor_alias",
                reader.locator(column),
                f"{name!r} is another name for {vendor.name!r}",
                f"linked to registry vendor {vendor.slug!r}",
            )
        )
    if vendor.slug in seen:
        return
    seen.add(vendor.slug)
    claim = Claim(
        technology=None,
        vendor_slug=vendor.slug,
        vendor_name_in_source=name,
        evidence=reader.evidence(column, name),
        **accepted,
    )  # type: ignore[arg-type]
    result.claims.append(claim)


def _flag_military_ranks(
    military: list[tuple[str, float | None, int | None]], result: CarnegieImport
) -> None:
    by_iso = {c.iso3: c for c in result.contexts}
    for iso3, reason in implausible_military_ranks(military):
        result.notes.append(
            DataQualityNote(
                "implausible_value",
                result.locators[iso3].replace("column=Country", "column=military rank"),
                f"{by_iso[iso3].name_in_source}: {reason}",
                "rank kept out of findings (set to null); spending kept as published",
            )
        )
        index = result.contexts.index(by_iso[iso3])
        result.contexts[index] = replace(by_iso[iso3], military_rank=None)
    for iso3, amount, _ in military:
        if amount == 0:
            result.notes.append(
                DataQualityNote(
                    "implausible_value",
                    result.locators[iso3],
                    f"{by_iso[iso3].name_in_source}: military spending of exactly 0",
                    "kept as published (Panama has no standing army); flagged for review",
                )
            )


def _merge_universe(table: CarnegieTable, source_key: str, result: CarnegieImport) -> None:
    """Add the 179-country sheet: every country of the universe, users and non-users."""
    header = table.universe_header
    users = {c.iso3: c for c in result.contexts}
    for row in table.universe:
        cells = dict(zip(header, row.cells, strict=False))
        locator = f"sheet=Digital Repression Inde + V-Dem;row={row.number}"
        name = str(cells["Country"]).strip()
        try:
            iso3 = resolve_country_code(name)
        except UnknownName as exc:
            result.notes.append(
                DataQualityNote("unknown_country", locator, str(exc), "row skipped")
            )
            continue
        regime = _text(cells.get("v2x_regime"))
        flagged = _flag(cells.get("AIGS?"))
        user = users.get(iso3)
        if flagged != (user is not None):
            result.notes.append(
                DataQualityNote(
                    "inconsistent",
                    locator,
                    f"{name}: 'AIGS?' is {'x' if flagged else 'blank'} but the country is "
                    f"{'' if user else 'not '}a row of sheet 'AIGS 2022'",
                    "the AIGS 2022 sheet is used",
                )
            )
        if user is not None and user.regime and regime and user.regime.value != regime:
            result.notes.append(
                DataQualityNote(
                    "inconsistent",
                    locator,
                    f"{name}: regime {regime} here, {user.regime} in 'AIGS 2022'",
                    "the AIGS 2022 sheet is used",
                )
            )
        merged = user or CountryContext(
            iso3=iso3,
            name_in_source=name,
            region=_text(cells.get("Region")),
            regime=RegimeType(regime) if regime in RegimeType.__members__ else None,
            electoral_democracy_index=_number(cells.get("v2x_polyarchy")),
            digital_repression_index=_number(cells.get("Digital Repression Index 2021")),
        )
        merged = replace(merged, liberal_democracy_index=_number(cells.get("v2x_libdem")))
        if user is None:
            result.contexts.append(merged)
            result.locators[iso3] = locator
        else:
            result.contexts[result.contexts.index(user)] = merged
