"""The read models: one typed object per view, rendered alike by pages, JSON, CLI and exports.

Each API route declares its model as ``response_model`` so that ``/openapi.json`` documents every
payload; the HTML page of the same view renders the same object, so the two cannot drift.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict


class ReadModel(BaseModel):
    model_config = ConfigDict(frozen=True)


class VendorRef(ReadModel):
    slug: str
    name: str
    home_country: str | None = None


class CountryRow(ReadModel):
    """One country of one edition: the row of the map, the country list and the exports."""

    iso3: str
    name: str
    numeric: str | None
    in_universe: bool
    regime: str | None
    bri_member: bool | None
    military_rank: int | None
    fotn_status: str | None
    technology_count: int
    technologies: list[str]
    proposed_technologies: list[str]
    vendors: list[VendorRef]
    supplier_countries: list[str]
    registry_supplier_countries: list[str]
    claims: int
    proposed_claims: int


Item = TypeVar("Item", bound=BaseModel)


class Page(ReadModel, Generic[Item]):
    """A page of a sorted list."""

    total: int
    limit: int
    offset: int
    next_offset: int | None
    items: list[Item]


class Financing(ReadModel):
    type: str
    lender: str | None
    amount_usd: float | None
    year: int | None


class EvidenceView(ReadModel):
    quote: str | None
    start: int | None
    end: int | None
    locator: str | None


class SourceRef(ReadModel):
    id: int
    title: str
    producer: str
    url: str | None
    doi: str | None
    licence: str | None
    published: str | None


class Outlet(ReadModel):
    """An outlet that carried a claim's source text: the source itself, then its mirrors."""

    publisher: str | None
    url: str | None
    published: str | None
    mirror: bool


class ClaimView(ReadModel):
    id: int
    country: str
    technology: str | None
    vendor: str | None
    vendor_slug: str | None
    vendor_country: str | None
    vendor_name_in_source: str | None
    city: str | None
    status: str
    financing: Financing | None
    confidence: float
    claim_status: str
    in_live: bool
    edition: str | None
    evidence: EvidenceView
    source: SourceRef
    #: Every outlet that carried the source's text, when other outlets' copies were stored as
    #: its mirrors (survindex.ingest.neardup); empty when the source alone carried it.
    outlets: list[Outlet] = []


class FinancingRecordView(ReadModel):
    id: int
    aiddata_record_id: int | None
    aiddata_url: str | None
    recipient: str
    recipient_name: str
    lender: str | None
    lender_slug: str | None
    flow_type: str | None
    amount_usd: float | None
    amount_usd_year: int | None
    commitment_year: int | None
    status: str | None
    title: str | None
    relevance: str | None
    decision: str | None
    reason: str | None
    claim_id: int | None
    claim_status: str
    #: Counts in the financing findings (accepted, Chinese state, committed).
    counted: bool
    #: Enters the amount_usd sum (counted once; umbrellas left out).
    in_amount: bool
    deployment_id: int | None
    technology: str | None
    vendor: str | None


class CountryFinancing(ReadModel):
    iso3: str
    name: str
    amount_usd: float
    amount_records: int
    lenders: list[str]
    records: list[FinancingRecordView]
    attribution: str


class VendorHistory(ReadModel):
    """A vendor some edition names for a country: which editions list it, the newest, and
    whether `live` keeps it (a newer Carnegie edition that drops it wins)."""

    vendor: VendorRef
    editions: list[str]
    last_listed: str
    in_live: bool


class CountryPage(ReadModel):
    """Everything on one country; ``editions`` holds the same row the map shows per edition."""

    #: The day asked for (None: today's index) and the newest evidence counted.
    as_of: date | None
    newest_evidence: date | None
    vendor_history: list[VendorHistory]
    iso3: str
    name: str
    numeric: str | None
    context: dict[str, dict[str, Any]]
    live: CountryRow
    editions: dict[str, CountryRow]
    technologies: dict[str, list[str]]
    financing: list[ClaimView]
    #: Financing records (AidData and reviewed news), with their lenders and AidData links.
    money: CountryFinancing
    claims: list[ClaimView]


class VendorRow(ReadModel):
    slug: str
    name: str
    home_country: str | None
    country_count: int
    countries: list[str]
    proposed_countries: list[str]
    technologies: list[str]


class CountryRef(ReadModel):
    iso3: str
    name: str
    numeric: str | None = None


class VendorPage(ReadModel):
    slug: str
    name: str
    home_country: str | None
    aliases: list[str]
    note: str | None
    countries: list[CountryRef]
    proposed_countries: list[CountryRef]
    technologies: list[str]
    editions: dict[str, list[str]]
    claims: list[ClaimView]


class FindingView(ReadModel):
    """A finding as the contract's JSON shows it (docs/contracts.md), plus what it left out."""

    id: str
    label: str
    value: float | None
    numerator: int | None
    denominator: int | None
    published: float | None
    countries: list[str]
    method: str
    proposed: list[str]
    unknown: int


class FindingsView(ReadModel):
    edition: str
    kind: str
    #: The day asked for (None: today's index) and the newest evidence counted ("as of").
    as_of: date | None = None
    newest_evidence: date | None = None
    findings: list[FindingView]


class ChartBar(FindingView):
    key: str
    name: str


class ChartsView(ReadModel):
    """Findings grouped for charts; every bar is the finding of the same id, unchanged."""

    edition: str
    kind: str
    as_of: date | None = None
    newest_evidence: date | None = None
    headline: list[FindingView]
    technologies: list[ChartBar]
    supplier_countries: list[ChartBar]
    registry_supplier_countries: list[ChartBar]
    regimes: list[ChartBar]
    findings: list[FindingView]


class NetworkVendor(ReadModel):
    slug: str
    name: str
    home_country: str | None
    degree: int


class NetworkCountry(ReadModel):
    iso3: str
    name: str
    degree: int


class NetworkLink(ReadModel):
    vendor: str
    country: str
    technologies: list[str]


class NetworkView(ReadModel):
    edition: str
    vendors: list[NetworkVendor]
    countries: list[NetworkCountry]
    links: list[NetworkLink]


class QuoteInContext(ReadModel):
    claim_id: int
    country: str
    technology: str | None
    claim_status: str
    quote: str | None
    start: int | None
    end: int | None
    locator: str | None
    before: str | None
    after: str | None


class DocumentInfo(ReadModel):
    reader: str
    normalisation: str


class SourceView(ReadModel):
    id: int
    key: str
    kind: str
    producer: str
    title: str
    url: str | None
    doi: str | None
    published: str | None
    accessed: str | None
    licence: str | None
    citation: str | None
    sha256: str | None
    document: DocumentInfo | None
    quotes: list[QuoteInContext]


class EditionView(ReadModel):
    slug: str
    title: str
    kind: str
    universe_defined: bool


class DeploymentView(ReadModel):
    id: int
    country: str
    country_name: str
    technology: str | None
    vendor: str | None
    vendor_slug: str | None
    vendor_country: str | None
    city: str | None
    status: str
    claims: int
