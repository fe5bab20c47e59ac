"""Conversions between table rows and domain objects, kept in one place."""

from __future__ import annotations

from survindex.domain import (
    Claim,
    ClaimStatus,
    CountryContext,
    DeploymentStatus,
    Evidence,
    Financing,
    FinancingType,
    RegimeType,
    Technology,
)
from survindex.store.schema import ClaimRow, EditionCountryRow


def context_from_row(row: EditionCountryRow) -> CountryContext:
    return CountryContext(
        iso3=row.iso3,
        name_in_source=row.name_in_source,
        in_universe=row.in_universe,
        region=row.region,
        regime=RegimeType(row.regime) if row.regime else None,
        electoral_democracy_index=row.electoral_democracy_index,
        liberal_democracy_index=row.liberal_democracy_index,
        digital_repression_index=row.digital_repression_index,
        fotn_status=row.fotn_status,
        fotn_score=row.fotn_score,
        military_usd_millions=row.military_usd_millions,
        military_rank=row.military_rank,
        bri_member=row.bri_member,
        china_odi_rank=row.china_odi_rank,
        other_supplier_countries=row.other_supplier_countries,
    )


def context_to_row(
    edition_id: int, context: CountryContext, locator: str | None
) -> EditionCountryRow:
    return EditionCountryRow(
        edition_id=edition_id,
        iso3=context.iso3,
        name_in_source=context.name_in_source,
        in_universe=context.in_universe,
        region=context.region,
        regime=context.regime.value if context.regime else None,
        electoral_democracy_index=context.electoral_democracy_index,
        liberal_democracy_index=context.liberal_democracy_index,
        digital_repression_index=context.digital_repression_index,
        fotn_status=context.fotn_status,
        fotn_score=context.fotn_score,
        military_usd_millions=context.military_usd_millions,
        military_rank=context.military_rank,
        bri_member=context.bri_member,
        china_odi_rank=context.china_odi_rank,
        other_supplier_countries=context.other_supplier_countries,
        locator=locator,
    )


def claim_from_row(
    row: ClaimRow, source_key: str, vendor_slug: str | None, edition: str | None
) -> Claim:
    financing = (
        Financing(
            FinancingType(row.financing_type),
            row.financing_lender,
            row.financing_amount_usd,
            row.financing_year,
        )
        if row.financing_type
        else None
    )
    return Claim(
        country=row.country,
        technology=Technology(row.technology) if row.technology else None,
        evidence=Evidence(source_key, row.quote, row.quote_start, row.quote_end, row.locator),
        vendor_slug=vendor_slug,
        vendor_country=row.vendor_country,
        vendor_name_in_source=row.vendor_name_in_source,
        city=row.city,
        status=DeploymentStatus(row.status),
        financing=financing,
        confidence=row.confidence,
        claim_status=ClaimStatus(row.claim_status),
        edition=edition,
        evidence_date=row.evidence_date,
        contract_year=row.contract_year,
        in_service_year=row.in_service_year,
    )
