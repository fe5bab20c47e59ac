"""The rows of every exported table, computed from an edition bundle (columns: schemas.py).

Every format (CSV, Excel, JSON, GeoJSON, data package, SQLite) is written from these rows, so a
value never differs between formats.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from survindex.domain import Claim, Source, Technology
from survindex.publish.bundle import EditionBundle
from survindex.publish.errors import ExportError
from survindex.publish.financing_tables import financing_rows, lender_rows
from survindex.publish.identities import ClaimIds
from survindex.publish.licences import (
    COMPILATION,
    join_labels,
    licence_for,
    ordered,
    source_licence,
    split_labels,
)
from survindex.publish.schemas import TABLES, Column, TableSpec

Row = dict[str, Any]
__all__ = [
    "TABLES",
    "Column",
    "Row",
    "TableSpec",
    "all_licences",
    "edition_tables",
    "table_licences",
]


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
    """One row per country, from the same facts the map, the pages and the findings read.

    ``licences`` names the licences of what the row draws on: its claims' sources, and the
    source of its context columns (region, regime, indices) where it has them.
    """
    facts = bundle.facts
    by_country: dict[str, list[Claim]] = defaultdict(list)
    for claim in bundle.data.claims:
        by_country[claim.country].append(claim)
    rows = []
    for iso3, country in facts.countries.items():
        ctx = country.context
        ref = bundle.countries.get(iso3)
        claims = by_country.get(iso3, [])
        row: Row = {
            "iso3": iso3,
            "iso2": ref.iso2 if ref else None,
            "numeric": ref.numeric if ref else None,
            "name": ref.name if ref else iso3,
            "name_in_source": ctx.name_in_source if ctx else None,
            "in_universe": country.in_universe,
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
        row["uses_ai_surveillance"] = country.uses_any
        for technology in Technology:
            row[technology.value] = technology in country.technologies
        row["proposed_technologies"] = _join(t.value for t in country.proposed_technologies)
        row["china_tech"] = "CHN" in country.supplier_countries
        row["us_tech"] = "USA" in country.supplier_countries
        row["supplier_countries"] = _join(country.supplier_countries)
        row["registry_supplier_countries"] = _join(country.registry_supplier_countries)
        row["other_supplier_countries"] = ctx.other_supplier_countries if ctx else None
        slugs = country.vendors
        row["vendors"] = _join(sorted(_vendor_name(bundle, s) or s for s in slugs))
        row["vendor_slugs"] = _join(slugs)
        row["n_technologies"] = len(country.technologies)
        row["n_vendors"] = len(slugs)
        row["n_claims"] = len(claims)
        keys = {c.evidence.source_key for c in claims}
        row["n_sources"] = len(keys)
        if iso3 in bundle.context_countries and bundle.context_source:
            keys.add(bundle.context_source)
        row["licences"] = join_labels(source_licence(bundle.sources, k) for k in keys)
        rows.append(row)
    return rows


def _deployment_id(key: tuple[str, ...], ids: list[ClaimIds]) -> int:
    """The one deployment that the database merged these claims into (same country, technology
    and supplier); anything else means the store broke its own merge rule, so stop."""
    found = {i.deployment_id for i in ids}
    only = next(iter(found)) if len(found) == 1 else None
    if only is None:
        claims = ", ".join(str(i.claim_id) for i in ids)
        raise ExportError(
            f"claims {claims} ({' / '.join(k or '-' for k in key)}) belong to deployments "
            f"{sorted(found, key=str)} instead of one; the database breaks its own merge rule "
            "(a bug to report): nothing was exported"
        )
    return only


def deployment_rows(bundle: EditionBundle) -> list[Row]:
    """Claims grouped as the store merges them, each group under its deployment's database id."""
    groups: dict[tuple[str, str, str, str], list[tuple[Claim, ClaimIds]]] = defaultdict(list)
    for c, ids in zip(bundle.data.claims, bundle.claim_ids, strict=True):
        key = (c.country, c.technology or "", c.vendor_slug or "", c.vendor_country or "")
        groups[key].append((c, ids))
    rows = []
    seen: dict[int, tuple[str, ...]] = {}
    for key, members in sorted(groups.items()):
        country, technology, slug, vendor_country = key
        claims = [c for c, _ in members]
        deployment_id = _deployment_id(key, [i for _, i in members])
        if deployment_id in seen:
            raise ExportError(
                f"deployment {deployment_id} holds claims of {seen[deployment_id]} and of {key}; "
                "the database breaks its own merge rule (a bug to report): nothing was exported"
            )
        seen[deployment_id] = key
        keys = sorted({c.evidence.source_key for c in claims})
        rows.append(
            {
                "deployment_id": deployment_id,
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
                "source_ids": _join([bundle.source_ids.get(k) for k in keys]),
                "citations": _join([_citation(bundle, k) for k in keys], " | "),
                "licences": join_labels(source_licence(bundle.sources, k) for k in keys),
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
    for c, ids in zip(bundle.data.claims, bundle.claim_ids, strict=True):
        source = bundle.sources.get(c.evidence.source_key)
        origin = source.origin if source else None
        financing = c.financing
        licence = source_licence(bundle.sources, c.evidence.source_key)
        rows.append(
            {
                "claim_id": ids.claim_id,
                "deployment_id": ids.deployment_id,
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
                "source_id": ids.source_id,
                "source_key": c.evidence.source_key,
                "source_title": origin.title if origin else None,
                "source_producer": origin.producer if origin else None,
                "source_url": origin.url if origin else None,
                "source_doi": origin.doi if origin else None,
                "source_licence": licence,
                "source_citation": _citation(bundle, c.evidence.source_key),
                "licence": licence,
            }
        )
    return rows


def source_rows(bundle: EditionBundle) -> list[Row]:
    return [_source_row(bundle, s) for s in bundle.sources.values()]


def _source_row(bundle: EditionBundle, s: Source) -> Row:
    licence = source_licence(bundle.sources, s.key)
    return {
        "source_id": bundle.source_ids[s.key],
        "key": s.key,
        "kind": s.kind,
        "producer": s.origin.producer,
        "title": s.origin.title,
        "url": s.origin.url,
        "doi": s.origin.doi,
        "published": s.origin.published,
        "accessed": s.origin.accessed,
        "licence": licence,
        "licence_url": licence_for(licence).path,
        "sha256": s.origin.sha256,
        "citation": s.origin.citation,
    }


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
            "proposed": _join(f.proposed),
            "unknown": f.unknown,
        }
        for f in bundle.findings
    ]


def edition_tables(bundle: EditionBundle) -> dict[str, list[Row]]:
    """Table name -> rows, in the order of :data:`TABLES`.

    A float that is not finite (an ``inf`` stored in the database) is unknown for every reader,
    so it becomes None here, once, and every format writes it as missing.
    """
    tables = {
        "countries": country_rows(bundle),
        "deployments": deployment_rows(bundle),
        "claims": claim_rows(bundle),
        "financing": financing_rows(bundle),
        "sources": source_rows(bundle),
        "vendors": vendor_rows(bundle),
        "lenders": lender_rows(bundle),
        "findings": finding_rows(bundle),
        "published_figures": [
            {"finding_id": k, "value": v, "citation": c} for k, (v, c) in bundle.published.items()
        ],
        "notes": [
            {"kind": n.kind, "locator": n.locator, "message": n.message, "action": n.action}
            for n in bundle.notes
        ],
    }
    return {name: [_finite(row) for row in rows] for name, rows in tables.items()}


def _finite(row: Row) -> Row:
    return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()}


def table_licences(bundle: EditionBundle, tables: dict[str, list[Row]]) -> dict[str, list[str]]:
    """Table name -> the licence labels its rows carry, by the table's rule (schemas.py): its
    own licence column, the licences of every source of the edition (findings are computed
    from all of them, even in an export of selected countries), or SurvIndex's compilation
    licence. A table with no rows carries none."""
    edition_labels = ordered(source_licence(bundle.sources, key) for key in bundle.sources)
    found: dict[str, list[str]] = {}
    for spec in TABLES:
        rows = tables[spec.name]
        if spec.licences == "compilation":
            found[spec.name] = [COMPILATION.label] if rows else []
        elif spec.licences == "sources":
            found[spec.name] = (edition_labels or [COMPILATION.label]) if rows else []
        else:
            found[spec.name] = ordered(
                label for row in rows for label in split_labels(row[spec.licences])
            )
    return found


def all_licences(bundle: EditionBundle, tables: dict[str, list[Row]]) -> list[str]:
    """Every licence label present in the export, in listing order."""
    found = table_licences(bundle, tables).values()
    return ordered(label for labels in found for label in labels)
