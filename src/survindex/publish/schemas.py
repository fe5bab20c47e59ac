"""Declarations of the exported tables: each column once, with its type and meaning.

The same declarations give the CSV headers, the Frictionless table schemas, the SQLite column
types and Datasette's column descriptions, so the formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from survindex.domain import Technology


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
    (t.value, "boolean", f"uses {t.value}: an accepted claim, deployed or contracted")
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
        (
            "uses_ai_surveillance",
            "boolean",
            "uses at least one technology (deployed or contracted)",
        ),
        *_TECH_COLUMNS,
        (
            "proposed_technologies",
            "string",
            "technologies only proposed (offers, plans), never counted as use; '; '-separated",
        ),
        ("china_tech", "boolean", "CHN among supplier_countries (Carnegie's China Tech column)"),
        ("us_tech", "boolean", "USA among supplier_countries (Carnegie's US Tech column)"),
        (
            "supplier_countries",
            "string",
            "supplier countries the sources state (finding supplier_country.<ISO3>)",
        ),
        (
            "registry_supplier_countries",
            "string",
            "home countries of the named vendors (finding supplier_country.<ISO3>.registry)",
        ),
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
        (
            "deployment_id",
            "integer",
            "database id of the deployment, as in /api/deployments; stable across exports",
        ),
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
        ("source_ids", "string", "database ids of the same sources, '; '-separated"),
        ("citations", "string", "full citations of the sources, ' | '-separated"),
    ),
    "deployment_id",
)

CLAIMS = TableSpec(
    "claims",
    "Claims",
    "Every accepted claim of the edition with its evidence and the full citation of its source.",
    _cols(
        (
            "claim_id",
            "integer",
            "database id of the claim, as in `survindex claims show` and /api/claims",
        ),
        ("deployment_id", "integer", "database id of the deployment it supports"),
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
        ("source_id", "integer", "database id of the source (see the sources table)"),
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
        ("source_id", "integer", "database id of the source, as in /api/sources/{id}"),
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
        ("proposed", "string", "countries only proposed claims would add (not counted)"),
        ("unknown", "integer", "countries left out of the denominator as unknown"),
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
