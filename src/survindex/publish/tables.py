"""The rows of every exported table, computed from an edition bundle (columns: schemas.py).

Every format (CSV, Excel, JSON, GeoJSON, data package, SQLite) is written from these rows, so a
value never differs between formats.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from survindex.domain import Claim, Technology
from survindex.publish.bundle import EditionBundle
from survindex.publish.schemas import TABLES, Column, TableSpec

Row = dict[str, Any]
__all__ = ["TABLES", "Column", "Row", "TableSpec", "edition_tables"]


_STATUS_ORDER = {"proposed": 0, "contracted": 1, "deployed": 2}


def _join(values: Any, sep: str = "; ") -> str | None:
    items = [str(v) for v in values if v]
    return sep.join(items) if items else None


def _name(bundle: EditionBundle, iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    country = bundle.countries.get(iso3)
    return country.name if country else iso3


def _vendor_name(bundle: EditionBundle, slug: str | None) -> str | None:
    if slug is None:
        return None
    vendor = bundle.vendors.get(slug)
    return vendor.name if vendor else slug


def country_rows(bundle: EditionBundle) -> list[Row]:
    by_country: dict[str, list[Claim]] = defaultdict(list)
    for claim in bundle.data.claims:
        by_country[claim.country].append(claim)
    rows = []
    for iso3 in sorted(set(bundle.data.contexts) | set(by_country)):
        ctx = bundle.data.contexts.get(iso3)
        ref = bundle.countries.get(iso3)
        claims = by_country.get(iso3, [])
        techs = {c.technology for c in claims if c.technology}
        slugs = sorted({c.vendor_slug for c in claims if c.vendor_slug})
        row: Row = {
            "iso3": iso3,
            "iso2": ref.iso2 if ref else None,
            "numeric": ref.numeric if ref else None,
            "name": ref.name if ref else iso3,
            "name_in_source": ctx.name_in_source if ctx else None,
            "in_universe": ctx.in_universe if ctx else False,
            "region": ctx.region if ctx else None,
            "regime": ctx.regime.value if ctx and ctx.regime else None,
        }
        for field in (
            "electoral_democracy_index",
            "liberal_democracy_index",
            "digital_repression_index",
            "fotn_status",
            "fotn_score",
            "military_usd_millions",
            "military_rank",
            "bri_member",
            "china_odi_rank",
        ):
            row[field] = getattr(ctx, field) if ctx else None
        row["uses_ai_surveillance"] = bool(techs)
        for technology in Technology:
            row[technology.value] = technology in techs
        row["china_tech"] = any(_from(bundle, c, "CHN") for c in claims)
        row["us_tech"] = any(_from(bundle, c, "USA") for c in claims)
        row["other_supplier_countries"] = ctx.other_supplier_countries if ctx else None
        row["vendors"] = _join(sorted(_vendor_name(bundle, s) or s for s in slugs))
        row["vendor_slugs"] = _join(slugs)
        row["n_technologies"] = len(techs)
        row["n_vendors"] = len(slugs)
        row["n_claims"] = len(claims)
        row["n_sources"] = len({c.evidence.source_key for c in claims})
        rows.append(row)
    return rows


def _from(bundle: EditionBundle, claim: Claim, code: str) -> bool:
    """Carnegie's China/US Tech columns give the supplier country without a vendor."""
    if claim.vendor_country == code:
        return True
    vendor = bundle.vendors.get(claim.vendor_slug or "")
    return bundle.edition.kind != "carnegie" and vendor is not None and vendor.home_country == code


def deployment_rows(bundle: EditionBundle) -> list[Row]:
    groups: dict[tuple[str, str, str, str], list[Claim]] = defaultdict(list)
    for c in bundle.data.claims:
        key = (c.country, c.technology or "", c.vendor_slug or "", c.vendor_country or "")
        groups[key].append(c)
    rows = []
    for number, (key, claims) in enumerate(sorted(groups.items()), start=1):
        country, technology, slug, vendor_country = key
        keys = sorted({c.evidence.source_key for c in claims})
        rows.append(
            {
                "deployment_id": number,
                "country": country,
                "country_name": _name(bundle, country),
                "technology": technology or None,
                "vendor_slug": slug or None,
                "vendor_name": _vendor_name(bundle, slug or None),
                "vendor_country": vendor_country or None,
                "cities": _join(sorted({c.city for c in claims if c.city})),
                "status": max((c.status.value for c in claims), key=_STATUS_ORDER.__getitem__),
                "n_claims": len(claims),
                "source_keys": _join(keys),
                "citations": _join([_citation(bundle, k) for k in keys], " | "),
            }
        )
    return rows


def _citation(bundle: EditionBundle, key: str) -> str:
    source = bundle.sources.get(key)
    if source is None:
        return key
    return source.origin.citation or f"{source.origin.producer}. {source.origin.title}."


def claim_rows(bundle: EditionBundle) -> list[Row]:
    rows = []
    for number, c in enumerate(bundle.data.claims, start=1):
        source = bundle.sources.get(c.evidence.source_key)
        origin = source.origin if source else None
        financing = c.financing
        rows.append(
            {
                "claim_id": number,
                "edition": c.edition,
                "country": c.country,
                "country_name": _name(bundle, c.country),
                "technology": c.technology.value if c.technology else None,
                "vendor_slug": c.vendor_slug,
                "vendor_name": _vendor_name(bundle, c.vendor_slug),
                "vendor_name_in_source": c.vendor_name_in_source,
                "vendor_country": c.vendor_country,
                "city": c.city,
                "status": c.status.value,
                "financing_type": financing.type.value if financing else None,
                "financing_lender": financing.lender if financing else None,
                "financing_amount_usd": financing.amount_usd if financing else None,
                "financing_year": financing.year if financing else None,
                "confidence": c.confidence,
                "claim_status": c.claim_status.value,
                "quote": c.evidence.quote,
                "quote_start": c.evidence.start,
                "quote_end": c.evidence.end,
                "locator": c.evidence.locator,
                "source_key": c.evidence.source_key,
                "source_title": origin.title if origin else None,
                "source_producer": origin.producer if origin else None,
                "source_url": origin.url if origin else None,
                "source_doi": origin.doi if origin else None,
                "source_licence": origin.licence if origin else None,
                "source_citation": _citation(bundle, c.evidence.source_key),
            }
        )
    return rows


def source_rows(bundle: EditionBundle) -> list[Row]:
    return [
        {
            "key": s.key,
            "kind": s.kind,
            "producer": s.origin.producer,
            "title": s.origin.title,
            "url": s.origin.url,
            "doi": s.origin.doi,
            "published": s.origin.published,
            "accessed": s.origin.accessed,
            "licence": s.origin.licence,
            "sha256": s.origin.sha256,
            "citation": s.origin.citation,
        }
        for s in bundle.sources.values()
    ]


def vendor_rows(bundle: EditionBundle) -> list[Row]:
    return [
        {
            "slug": v.slug,
            "name": v.name,
            "home_country": v.home_country,
            "aliases": _join(sorted(v.aliases)),
            "note": v.note,
        }
        for v in sorted(bundle.vendors.values(), key=lambda v: v.slug)
    ]


def finding_rows(bundle: EditionBundle) -> list[Row]:
    return [
        {
            "id": f.id,
            "label": f.label,
            "value": f.value,
            "numerator": f.numerator,
            "denominator": f.denominator,
            "published": f.published,
            "countries": _join(f.countries),
            "method": f.method,
        }
        for f in bundle.findings
    ]


def edition_tables(bundle: EditionBundle) -> dict[str, list[Row]]:
    """Table name -> rows, in the order of :data:`TABLES`."""
    return {
        "countries": country_rows(bundle),
        "deployments": deployment_rows(bundle),
        "claims": claim_rows(bundle),
        "sources": source_rows(bundle),
        "vendors": vendor_rows(bundle),
        "findings": finding_rows(bundle),
        "published_figures": [
            {"finding_id": k, "value": v, "citation": c} for k, (v, c) in bundle.published.items()
        ],
        "notes": [
            {"kind": n.kind, "locator": n.locator, "message": n.message, "action": n.action}
            for n in bundle.notes
        ],
    }
