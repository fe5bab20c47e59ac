"""Claims from one Carnegie row: technology marks, supplier countries and named companies."""

from __future__ import annotations

import re
from collections.abc import Callable

from survindex.domain import Claim, ClaimStatus, DataQualityNote, Evidence, Technology
from survindex.domain.vocab import CARNEGIE_COLUMNS
from survindex.ingest.carnegie_rows import CarnegieImport, RowReader, flag_cell, text_cell
from survindex.reference.countries import UnknownName
from survindex.reference.vendors import resolve_vendor

_SPLIT_COMPANIES = re.compile(r"\s*,\s*(?:and\s+)?")
MULTIPLE_VENDORS = "Mult"


def row_claims(
    reader: RowReader,
    iso3: str,
    fields: dict[str, str],
    company_columns: list[str],
    overflow_start: int,
    overflow_trusted: bool,
    result: CarnegieImport,
) -> None:
    def accepted(
        evidence: Evidence,
        technology: Technology | None = None,
        vendor_slug: str | None = None,
        vendor_country: str | None = None,
        vendor_name_in_source: str | None = None,
    ) -> Claim:
        """An accepted claim of this edition for this row's country."""
        return Claim(
            country=iso3,
            technology=technology,
            evidence=evidence,
            vendor_slug=vendor_slug,
            vendor_country=vendor_country,
            vendor_name_in_source=vendor_name_in_source,
            claim_status=ClaimStatus.ACCEPTED,
            edition=result.edition,
        )

    for technology, column in CARNEGIE_COLUMNS.items():
        mark = text_cell(reader.cell(column))
        if mark in {"x", "X"}:
            result.claims.append(accepted(reader.evidence(column, mark), technology))
        elif mark is not None:
            result.notes.append(
                DataQualityNote(
                    "implausible_value",
                    reader.locator(column),
                    f"technology cell holds {mark!r} instead of 'x' or blank",
                    "not counted",
                )
            )
    for supplier, key in (("CHN", "china"), ("USA", "usa")):
        if flag_cell(reader.cell(fields[key])):
            result.claims.append(
                accepted(reader.evidence(fields[key], "1"), vendor_country=supplier)
            )
    cells: list[tuple[str | int, object]] = [(c, reader.cell(c)) for c in company_columns]
    overflow: list[tuple[str | int, object]] = [
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
    for place, value in cells + overflow:
        text = text_cell(value)
        if text is None:
            continue
        if text == MULTIPLE_VENDORS:
            result.notes.append(
                DataQualityNote(
                    "placeholder",
                    reader.locator(place),
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
                    reader.locator(place),
                    f"one cell lists {len(names)} companies: {text!r}",
                    "split into one claim per company",
                )
            )
        for name in names:
            _vendor_claim(reader, place, name, seen, accepted, result)


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
    reader: RowReader,
    column: str | int,
    name: str,
    seen: set[str],
    accepted: Callable[..., Claim],
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
    result.claims.append(
        accepted(reader.evidence(column, name), vendor_slug=vendor.slug, vendor_name_in_source=name)
    )
