"""Country and vendor profiles: one JSON-ready dict each, shared by the CLI, API and pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.reference.countries import country_name, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store import repository as repo
from survindex.store.schema import ClaimRow, EditionRow, SourceRow, VendorRow


def claim_dict(
    row: ClaimRow, source: SourceRow, edition: str | None, vendor: VendorRow | None
) -> dict[str, Any]:
    financing = None
    if row.financing_type:
        financing = {
            "type": row.financing_type,
            "lender": row.financing_lender,
            "amount_usd": row.financing_amount_usd,
            "year": row.financing_year,
        }
    return {
        "id": row.id,
        "country": row.country,
        "technology": row.technology,
        "vendor": vendor.name if vendor else None,
        "vendor_slug": vendor.slug if vendor else None,
        "vendor_country": row.vendor_country,
        "vendor_name_in_source": row.vendor_name_in_source,
        "city": row.city,
        "status": row.status,
        "financing": financing,
        "confidence": row.confidence,
        "claim_status": row.claim_status,
        "edition": edition,
        "evidence": {
            "quote": row.quote,
            "start": row.quote_start,
            "end": row.quote_end,
            "locator": row.locator,
        },
        "source": {
            "id": source.id,
            "title": source.title,
            "producer": source.producer,
            "url": source.url,
            "doi": source.doi,
            "licence": source.licence,
            "published": source.published.isoformat() if source.published else None,
        },
    }


def claims_as_dicts(
    *, session: Session, where: Any, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """Claims matching a SQLAlchemy condition, by id, each with its source and evidence."""
    query = (
        select(ClaimRow, SourceRow, EditionRow.slug, VendorRow)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(EditionRow, EditionRow.id == ClaimRow.edition_id)
        .outerjoin(VendorRow, VendorRow.id == ClaimRow.vendor_id)
        .where(where)
        .order_by(ClaimRow.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [claim_dict(c, s, e, v) for c, s, e, v in session.execute(query)]


def _summary(claims: list[dict[str, Any]]) -> dict[str, Any]:
    technologies = sorted({c["technology"] for c in claims if c["technology"]})
    vendors = sorted({c["vendor"] for c in claims if c["vendor"]})
    suppliers = sorted({c["vendor_country"] for c in claims if c["vendor_country"]})
    return {"technologies": technologies, "vendors": vendors, "supplier_countries": suppliers}


def country_profile(*, session: Session, name: str) -> dict[str, Any]:
    """Everything SurvIndex holds on one country; ``name`` may be any alias or ISO3 code."""
    iso3 = resolve_country_code(name)
    claims = claims_as_dicts(session=session, where=ClaimRow.country == iso3)
    accepted = [c for c in claims if c["claim_status"] == "accepted"]
    by_edition: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in accepted:
        by_edition[claim["edition"] or "ingested"].append(claim)
    contexts = {
        slug: {k: (v.value if hasattr(v, "value") else v) for k, v in asdict(context).items()}
        for slug, context in repo.country_contexts(session=session, iso3=iso3).items()
    }
    technologies: dict[str, list[str]] = {}
    for claim in accepted:
        if claim["technology"]:
            vendors = technologies.setdefault(claim["technology"], [])
            if claim["vendor"] and claim["vendor"] not in vendors:
                vendors.append(claim["vendor"])
    return {
        "iso3": iso3,
        "name": country_name(iso3),
        "context": contexts,
        "live": _summary(accepted),
        "technologies": technologies,
        "financing": [c for c in accepted if c["financing"]],
        "editions": {slug: _summary(items) for slug, items in sorted(by_edition.items())},
        "claims": claims,
    }


def vendor_profile(*, session: Session, name: str) -> dict[str, Any]:
    vendor = resolve_vendor(name)
    row = session.scalar(select(VendorRow).where(VendorRow.slug == vendor.slug))
    claims = claims_as_dicts(session=session, where=ClaimRow.vendor_id == row.id) if row else []
    accepted = [c for c in claims if c["claim_status"] == "accepted"]
    editions: dict[str, list[str]] = defaultdict(list)
    for claim in accepted:
        edition = claim["edition"] or "ingested"
        if claim["country"] not in editions[edition]:
            editions[edition].append(claim["country"])
    countries = sorted({c["country"] for c in accepted})
    return {
        "slug": vendor.slug,
        "name": vendor.name,
        "home_country": vendor.home_country,
        "aliases": list(vendor.aliases),
        "note": vendor.note,
        "countries": [{"iso3": iso, "name": country_name(iso)} for iso in countries],
        "technologies": sorted({c["technology"] for c in accepted if c["technology"]}),
        "editions": {slug: sorted(isos) for slug, isos in sorted(editions.items())},
        "claims": claims,
    }
