"""Declarations of the exported tables: each column once, with its type and meaning.

The same declarations give the CSV headers, the Frictionless table schemas, the SQLite column
types and Datasette's column descriptions, so the formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from survindex.domain import FinancingType, LenderKind, Relevance, Technology


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, boolean, date
    description: str
    #: The only values the column takes (a Frictionless ``enum`` constraint), if it is a
    #: vocabulary; empty cells are always allowed.
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: str | None = None
    #: Where the licences of the table's rows are read (publish/licences.py): the name of its
    #: own licence column, "sources" (computed from every source of the export), or
    #: "compilation" (SurvIndex's own table, CC BY 4.0).
    licences: str = "compilation"


def _cols(*specs: tuple[str, str, str] | Column) -> tuple[Column, ...]:
    return tuple(spec if isinstance(spec, Column) else Column(*spec) for spec in specs)


def _vocabulary(values: tuple[str, ...]) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


#: The financing types of the contract (docs/contracts.md), export_credit included.
FINANCING_TYPES = tuple(t.value for t in FinancingType)
RELEVANCE = tuple(r.value for r in Relevance)
LENDER_KINDS = tuple(k.value for k in LenderKind)
LICENCE_DESCRIPTION = (
    "licence of the source this row comes from: CC BY 4.0 (Carnegie), ODC-By 1.0 (AidData), "
    "or, for a news document with no licence of its own, \"quoted under the publisher's terms "
    "(short citation)\"; see the package's licenses"
)


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
        (
            "licences",
            "string",
            "licences of the sources behind this row (its claims' and, for its context "
            "columns, the edition file's), '; '-separated",
        ),
    ),
    "iso3",
    licences="licences",
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
        ("licences", "string", "licences of the sources, '; '-separated"),
    ),
    "deployment_id",
    licences="licences",
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
        Column(
            "financing_type",
            "string",
            f"{_vocabulary(FINANCING_TYPES)} (see the financing table for the full record)",
            FINANCING_TYPES,
        ),
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
        ("source_licence", "string", "the same as licence (kept for scripts that read it)"),
        ("source_citation", "string", "full citation of the source"),
        ("licence", "string", LICENCE_DESCRIPTION),
    ),
    "claim_id",
    licences="licence",
)

FINANCING = TableSpec(
    "financing",
    "Financing records",
    "One row per financing record behind the edition's claims (AidData GCDF 3.0 records): who "
    "lent or gave how much, when, and the reviewer's decision on it.",
    _cols(
        (
            "financing_id",
            "integer",
            "database id of the financing record; stable across exports",
        ),
        ("claim_id", "integer", "database id of the claim the record comes from"),
        (
            "deployment_id",
            "integer",
            "deployment a reviewer linked the record to (what it paid for); empty until linked",
        ),
        ("recipient", "string", "recipient country, ISO3"),
        ("recipient_name", "string", "recipient country name"),
        ("lender_slug", "string", "lender registry slug (see the lenders table)"),
        ("lender_name", "string", "the lender's canonical name in the registry"),
        ("lender_name_in_source", "string", "the lender as the source names it"),
        Column("flow_type", "string", _vocabulary(FINANCING_TYPES), FINANCING_TYPES),
        ("flow_type_in_source", "string", "the flow type as the source gives it"),
        ("amount_usd", "number", "amount in constant US dollars of amount_usd_year"),
        ("amount_usd_year", "integer", "the year of those dollars (AidData: 2021)"),
        ("commitment_year", "integer", "year the financing was committed"),
        ("status", "string", "the source's status of the project (e.g. Completion, Pipeline)"),
        ("umbrella", "boolean", "an umbrella agreement (its money is in its drawdowns)"),
        (
            "recommended_for_aggregates",
            "boolean",
            "the source recommends summing it (AidData's flag)",
        ),
        ("parent_record_ids", "string", "AidData records it draws on, '; '-separated"),
        ("linked_record_ids", "string", "AidData records linked to it, '; '-separated"),
        ("aiddata_record_id", "integer", "AidData record id"),
        ("aiddata_url", "string", "AidData's page for the record"),
        ("title", "string", "the record's title in the source"),
        ("description", "string", "the record's description in the source"),
        ("implementing_agencies", "string", "implementing agencies, as the source names them"),
        ("contractors_in_source", "string", "contractors, as the source names them"),
        Column(
            "relevance",
            "string",
            "the reviewer's decision: core, borderline (weaker evidence), uncertain, excluded "
            "or screened",
            RELEVANCE,
        ),
        ("decision", "string", "the decision as the review table words it"),
        ("reason", "string", "why"),
        ("provenance", "string", "how each field was derived"),
        ("source_id", "integer", "database id of the claim's source (see the sources table)"),
        ("source_key", "string", "key of the claim's source"),
        ("licence", "string", LICENCE_DESCRIPTION),
    ),
    "financing_id",
    licences="licence",
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
        (
            "licence",
            "string",
            "the source's licence: CC BY 4.0 (Carnegie), ODC-By 1.0 (AidData), or, for a news "
            "document with no licence of its own, \"quoted under the publisher's terms (short "
            'citation)"; its claims and financing records carry the same',
        ),
        ("licence_url", "string", "the licence's text, where it has one"),
        ("sha256", "string", "sha256 of the file as distributed"),
        ("citation", "string", "full citation"),
    ),
    "key",
    licences="licence",
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

LENDERS = TableSpec(
    "lenders",
    "Lenders",
    "The lender registry: the state institutions that finance surveillance, with their aliases.",
    _cols(
        ("slug", "string", "lender slug"),
        ("name", "string", "canonical name"),
        ("country", "string", "the lender's country, ISO3"),
        Column("kind", "string", _vocabulary(LENDER_KINDS), LENDER_KINDS),
        ("state_owned", "boolean", "a state institution"),
        ("aliases", "string", "other names sources use, '; '-separated"),
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
    licences="sources",
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
    FINANCING,
    SOURCES,
    VENDORS,
    LENDERS,
    FINDINGS,
    PUBLISHED,
    NOTES,
)
