"""The tables every export writes, each column declared once with its type and meaning.

The same declarations give the CSV headers, the Frictionless table schemas, the SQLite column
types and Datasette's column descriptions, so the formats cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from survindex.domain import Claim, Technology
from survindex.publish.bundle import EditionBundle

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean, date
    description: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str | None = None


def _cols(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_TECH_COLUMNS = tuple(
    (t.value, "boolean", f"the edition has an accepted {t.value} claim for this country")
    for t in Technology
)

COUNTRIES = TableSpec(
    "countries",
    "Countries",
    "One row per country of the edition: Carnegie-style context and technology columns, "
    "supplier columns and evidence counts.",
    _cols(
        ("iso3", "string", "ISO 3166-1 alpha-3 code (Kosovo: XKX)"),
        ("iso2", "string", "ISO 3166-1 alpha-2 code"),
        ("numeric", "string", "ISO 3166-1 numeric code (joins the world map)"),
        ("name", "string", "English short name"),
        ("name_in_source", "string", "the country's name as the source spells it"),
        ("in_universe", "boolean", "counted in the edition's universe (denominator)"),
        ("region", "string", "Carnegie region: EAP, MENA, SCA, EUR, AF, WHA"),
        ("regime", "string", "V-Dem Regimes of the World: CA, EA, ED, LD"),
        ("electoral_democracy_index", "number", "V-Dem v2x_polyarchy (0-1)"),
        ("liberal_democracy_index", "number", "V-Dem v2x_libdem (0-1)"),
        ("digital_repression_index", "number", "Feldstein Digital Repression Index"),
        ("fotn_status", "string", "Freedom on the Net status (users only in Carnegie files)"),
        ("fotn_score", "number", "Freedom on the Net total score"),
        ("military_usd_millions", "number", "military expenditure 2018, USD millions"),
        ("military_rank", "integer", "military expenditure rank 2018"),
        ("bri_member", "boolean", "member of the Belt and Road Initiative"),
        ("china_odi_rank", "integer", "China outward direct investment rank (EIU)"),
        ("uses_ai_surveillance", "boolean", "at least one technology category is deployed"),
        *_TECH_COLUMNS,
        ("china_tech", "boolean", "a supplier from China is named (China Tech column or claim)"),
        ("us_tech", "boolean", "a supplier from the United States is named"),
        ("other_supplier_countries", "string", "the source's free-text other supplier countries"),
        ("vendors", "string", "named vendors, '; '-separated"),
        ("vendor_slugs", "string", "vendor registry slugs, '; '-separated"),
        ("n_technologies", "integer", "number of technology categories"),
        ("n_vendors", "integer", "number of named vendors"),
        ("n_claims", "integer", "accepted claims about this country in the edition"),
        ("n_sources", "integer", "distinct sources behind those claims"),
    ),
    "iso3",
)

DEPLOYMENTS = TableSpec(
    "deployments",
    "Deployments",
    "Accepted claims merged by country, technology and supplier, with their sources.",
    _cols(
        ("deployment_id", "integer", "row number within this export"),
        ("country", "string", "recipient country, ISO3"),
        ("country_name", "string", "recipient country name"),
        ("technology", "string", "technology category, empty when the source names none"),
        ("vendor_slug", "string", "vendor registry slug"),
        ("vendor_name", "string", "vendor name"),
        ("vendor_country", "string", "supplier's country when the source gives only that, ISO3"),
        ("cities", "string", "cities named, '; '-separated"),
        ("status", "string", "deployed, contracted or proposed (most advanced claim)"),
        ("n_claims", "integer", "claims merged into this deployment"),
        ("source_keys", "string", "keys of the sources, '; '-separated"),
        ("citations", "string", "full citations of the sources, ' | '-separated"),
    ),
    "deployment_id",
)

CLAIMS = TableSpec(
    "claims",
    "Claims",
    "Every accepted claim of the edition with its evidence and the full citation of its source.",
    _cols(
        ("claim_id", "integer", "row number within this export"),
        ("edition", "string", "edition the claim was imported with"),
        ("country", "string", "recipient country, ISO3"),
        ("country_name", "string", "recipient country name"),
        ("technology", "string", "technology category, empty when the source names none"),
        ("vendor_slug", "string", "vendor registry slug"),
        ("vendor_name", "string", "vendor name"),
        ("vendor_name_in_source", "string", "the vendor's name as the source spells it"),
        ("vendor_country", "string", "supplier's country, ISO3"),
        ("city", "string", "city named by the source"),
        ("status", "string", "deployed, contracted or proposed"),
        ("financing_type", "string", "loan, soft_loan, grant, commercial or vendor_financing"),
        ("financing_lender", "string", "lender"),
        ("financing_amount_usd", "number", "amount in USD"),
        ("financing_year", "integer", "year of the financing"),
        ("confidence", "number", "extraction confidence (1 for dataset imports)"),
        ("claim_status", "string", "candidate, accepted or rejected"),
        ("quote", "string", "the supporting text (the cell value for datasets)"),
        ("quote_start", "integer", "character offset of the quote in the document"),
        ("quote_end", "integer", "end offset of the quote"),
        ("locator", "string", "where in the source: file, sheet, row, column"),
        ("source_key", "string", "key of the source (see the sources table)"),
        ("source_title", "string", "title of the source"),
        ("source_producer", "string", "author or producer of the source"),
        ("source_url", "string", "URL of the source"),
        ("source_doi", "string", "DOI of the source"),
        ("source_licence", "string", "licence of the source"),
        ("source_citation", "string", "full citation of the source"),
    ),
    "claim_id",
)

SOURCES = TableSpec(
    "sources",
    "Sources",
    "The datasets and documents the claims come from, with their origin.",
    _cols(
        ("key", "string", "source key"),
        ("kind", "string", "dataset, document or figures"),
        ("producer", "string", "author or producer"),
        ("title", "string", "title"),
        ("url", "string", "URL"),
        ("doi", "string", "DOI"),
        ("published", "date", "date published"),
        ("accessed", "date", "date accessed"),
        ("licence", "string", "licence"),
        ("sha256", "string", "sha256 of the file as distributed"),
        ("citation", "string", "full citation"),
    ),
    "key",
)

VENDORS = TableSpec(
    "vendors",
    "Vendors",
    "The vendor registry: canonical names, home countries and aliases.",
    _cols(
        ("slug", "string", "vendor slug"),
        ("name", "string", "canonical name"),
        ("home_country", "string", "home country, ISO3"),
        ("aliases", "string", "other names, '; '-separated"),
        ("note", "string", "note"),
    ),
    "slug",
)

FINDINGS = TableSpec(
    "findings",
    "Findings",
    "The edition's headline findings recomputed from its claims, beside the published figures.",
    _cols(
        ("id", "string", "finding id (see the contract)"),
        ("label", "string", "what the finding counts"),
        ("value", "number", "count, or share (0-1) for regime.*"),
        ("numerator", "integer", "countries counted"),
        ("denominator", "integer", "universe or group size; empty when undefined"),
        ("published", "number", "figure the edition's authors published"),
        ("countries", "string", "countries counted, ISO3, '; '-separated"),
        ("method", "string", "how it is computed"),
    ),
    "id",
)

PUBLISHED = TableSpec(
    "published_figures",
    "Published figures",
    "Figures as published by the edition's authors, with their citation.",
    _cols(
        ("finding_id", "string", "finding id"),
        ("value", "number", "published value"),
        ("citation", "string", "where it was published"),
    ),
    "finding_id",
)

NOTES = TableSpec(
    "notes",
    "Data-quality notes",
    "Every repair or problem found while importing the edition; no repair is silent.",
    _cols(
        ("kind", "string", "kind of problem"),
        ("locator", "string", "where in the file"),
        ("message", "string", "what was wrong"),
        ("action", "string", "what was done"),
    ),
)

TABLES: tuple[TableSpec, ...] = (
    COUNTRIES,
    DEPLOYMENTS,
    CLAIMS,
    SOURCES,
    VENDORS,
    FINDINGS,
    PUBLISHED,
    NOTES,
)

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
