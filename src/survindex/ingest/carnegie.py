"""Turn a Carnegie AIGS file into an edition: country contexts, accepted claims, repair notes.

This module is pure (no database): :func:`parse_carnegie` returns everything an import writes,
so the repairs can be tested on the real files without a store.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl.utils import get_column_letter

from survindex.domain import (
    CountryContext,
    DataQualityNote,
    Origin,
    RegimeType,
)
from survindex.domain.vocab import EDITION_2022, EDITION_V1
from survindex.ingest.carnegie_claims import row_claims
from survindex.ingest.carnegie_files import CarnegieFormatError, CarnegieTable, read_carnegie_table
from survindex.ingest.carnegie_repairs import (
    implausible_military_ranks,
    overflow_is_misaligned,
    undo_regime_label_replacement,
)
from survindex.ingest.carnegie_rows import (
    CarnegieImport,
    RowReader,
    flag_cell,
    number_cell,
    text_cell,
)
from survindex.reference.countries import UnknownName, resolve_country_code

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
                RowReader(table, row, source_key).cell(company_columns[-1]),
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
        reader = RowReader(table, row, source_key)
        context = _parse_row(path, reader, fields, result)
        if context is None:
            continue
        military.append((context.iso3, context.military_usd_millions, context.military_rank))
        row_claims(
            reader, context.iso3, fields, company_columns, overflow_start, overflow_trusted, result
        )
    _flag_military_ranks(military, result)
    if table.universe:
        _merge_universe(path, table, source_key, result)
    return result


def _refuse_repeated(path: Path, iso3: str, name: str, here: str, result: CarnegieImport) -> None:
    """A country may have one row: a second one would contradict the first, and which to
    believe is for the user to say, not for the import to guess."""
    if iso3 in result.locators:
        raise CarnegieFormatError(
            path,
            f"{here}: {name!r} is {iso3} again (first at {result.locators[iso3]}); a Carnegie "
            "table has one row per country: remove or merge the repeated row",
        )


def _parse_row(
    path: Path, reader: RowReader, fields: dict[str, str], result: CarnegieImport
) -> CountryContext | None:
    raw_name = text_cell(reader.cell("Country")) or ""
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
    _refuse_repeated(path, iso3, raw_name, reader.locator("Country"), result)
    other = text_cell(reader.cell("Other Countries"))
    if other:
        other, note = undo_regime_label_replacement(other, reader.locator("Other Countries"))
        if note:
            result.notes.append(note)
    regime = text_cell(reader.cell(fields["regime"]))
    rank = number_cell(reader.cell(fields["military_rank"]))
    context = CountryContext(
        iso3=iso3,
        name_in_source=raw_name,
        region=text_cell(reader.cell("Region")),
        regime=RegimeType(regime) if regime and regime in RegimeType.__members__ else None,
        electoral_democracy_index=number_cell(reader.cell(fields["edi"])),
        digital_repression_index=number_cell(reader.cell(fields["dri"])),
        fotn_status=text_cell(reader.cell(fields["fotn_status"])),
        fotn_score=number_cell(reader.cell(fields["fotn_score"])),
        military_usd_millions=number_cell(reader.cell(fields["military_usd"])),
        military_rank=int(rank) if rank is not None else None,
        bri_member=flag_cell(reader.cell(fields["bri"])),
        china_odi_rank=int(odi) if (odi := number_cell(reader.cell(fields["odi"]))) else None,
        other_supplier_countries=other,
    )
    result.contexts.append(context)
    result.locators[iso3] = reader.locator("Country")
    return context


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


#: Region codes the universe sheet spells differently from the AIGS sheet.
REGION_SPELLINGS = {"AFR": "AF"}


def _merge_universe(
    path: Path, table: CarnegieTable, source_key: str, result: CarnegieImport
) -> None:
    """Add the 179-country sheet: every country of the universe, users and non-users."""
    header = table.universe_header
    users = {c.iso3: c for c in result.contexts}
    respelled: list[str] = []
    seen: dict[str, str] = {}
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
        if iso3 in seen:
            raise CarnegieFormatError(
                path,
                f"{locator}: {name!r} is {iso3} again (first at {seen[iso3]}); the universe "
                "sheet has one row per country: remove or merge the repeated row",
            )
        seen[iso3] = locator
        regime = text_cell(cells.get("v2x_regime"))
        flagged = flag_cell(cells.get("AIGS?"))
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
        region = text_cell(cells.get("Region"))
        if region in REGION_SPELLINGS:
            respelled.append(name)
            region = REGION_SPELLINGS[region]
        merged = user or CountryContext(
            iso3=iso3,
            name_in_source=name,
            region=region,
            regime=RegimeType(regime) if regime and regime in RegimeType.__members__ else None,
            electoral_democracy_index=number_cell(cells.get("v2x_polyarchy")),
            digital_repression_index=number_cell(cells.get("Digital Repression Index 2021")),
        )
        merged = replace(merged, liberal_democracy_index=number_cell(cells.get("v2x_libdem")))
        if user is None:
            result.contexts.append(merged)
            result.locators[iso3] = locator
        else:
            result.contexts[result.contexts.index(user)] = merged
    if respelled:
        result.notes.append(
            DataQualityNote(
                "inconsistent",
                "sheet=Digital Repression Inde + V-Dem;column=Region",
                f"{len(respelled)} rows write Africa's region code as 'AFR' where sheet 'AIGS "
                f"2022' writes 'AF' (e.g. {', '.join(respelled[:3])})",
                "read as 'AF' so that region counts are not split",
            )
        )
