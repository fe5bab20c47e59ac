"""The read models: one typed object per view, rendered alike by pages, JSON, CLI and exports.

Each API route declares its model as ``response_model`` so that ``/openapi.json`` documents every
payload; the HTML page of the same view renders the same object, so the two cannot drift.
"""

from __future__ import annotations

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


class CountryPage(ReadModel):
    """Everything on one country; ``editions`` holds the same row the map shows per edition."""

    iso3: str
    name: str
    numeric: str | None
    context: dict[str, dict[str, Any]]
    live: CountryRow
    editions: dict[str, CountryRow]
    technologies: dict[str, list[str]]
    financing: list[ClaimView]
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
    findings: list[FindingView]


class ChartBar(FindingView):
    key: str
    name: str


class ChartsView(ReadModel):
    """Findings grouped for charts; every bar is the finding of the same id, unchanged."""

    edition: str
    kind: str
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
