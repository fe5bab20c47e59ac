"""The pure data model: every fact SurvIndex holds is a Claim that points at Evidence in a Source.

These classes carry no database or I/O concerns, so that extraction, analysis and publishing can
be written and tested as plain functions over them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from survindex.domain.vocab import (
    ClaimStatus,
    Decision,
    DeploymentStatus,
    FinancingType,
    RegimeType,
    Technology,
)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a source came from, carried with every number derived from it (OWID style)."""

    producer: str
    title: str
    url: str | None = None
    doi: str | None = None
    published: date | None = None
    accessed: date | None = None
    licence: str | None = None
    sha256: str | None = None
    citation: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One document or dataset that claims are read from."""

    key: str
    origin: Origin
    kind: str = "document"  # "dataset", "document" or "figures"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The exact place in a source that supports a claim: a quote with offsets, or a locator."""

    source_key: str
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    locator: str | None = None  # e.g. "sheet=AIGS 2022;row=12;column=Safe City System"


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    iso2: str | None = None
    numeric: str | None = None
    official_name: str | None = None


@dataclass(frozen=True, slots=True)
class CountryContext:
    """What an edition says about a country beyond its deployments (regime, BRI, military...)."""

    iso3: str
    name_in_source: str
    in_universe: bool = True
    region: str | None = None
    regime: RegimeType | None = None
    electoral_democracy_index: float | None = None
    liberal_democracy_index: float | None = None
    digital_repression_index: float | None = None
    fotn_status: str | None = None
    fotn_score: float | None = None
    military_usd_millions: float | None = None
    military_rank: int | None = None
    bri_member: bool | None = None
    china_odi_rank: int | None = None
    other_supplier_countries: str | None = None


@dataclass(frozen=True, slots=True)
class Vendor:
    slug: str
    name: str
    home_country: str | None = None  # ISO3
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Financing:
    type: FinancingType
    lender: str | None = None
    amount_usd: float | None = None
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Deployment:
    """Recipient country x technology x vendor (or none) x city (or none)."""

    country: str
    technology: Technology | None
    vendor_slug: str | None = None
    city: str | None = None
    status: DeploymentStatus = DeploymentStatus.DEPLOYED
    first_year: int | None = None
    last_year: int | None = None
    #: The earliest and latest evidence dates of the claims merged into it.
    first_evidence: date | None = None
    last_evidence: date | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What one source says about one deployment.

    ``technology`` is None when the source names a supplier for a country without saying which
    technology it supplied (Carnegie's company and China/US Tech columns do this).

    Time: ``evidence_date`` is the date of the source (its publication date, or for a fixed
    edition the date of the edition's file) so that "as of when?" has an answer for every claim;
    ``contract_year`` and ``in_service_year`` are the years the record itself states for the
    contract or commitment and for entry into service, where it states them.
    """

    country: str
    technology: Technology | None
    evidence: Evidence
    vendor_slug: str | None = None
    vendor_country: str | None = None
    vendor_name_in_source: str | None = None
    city: str | None = None
    status: DeploymentStatus = DeploymentStatus.DEPLOYED
    financing: Financing | None = None
    confidence: float = 1.0
    claim_status: ClaimStatus = ClaimStatus.CANDIDATE
    edition: str | None = None
    evidence_date: date | None = None
    contract_year: int | None = None
    in_service_year: int | None = None


@dataclass(frozen=True, slots=True)
class Review:
    claim_id: int
    reviewer: str
    at: datetime
    decision: Decision
    reason: str
    changes: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DataQualityNote:
    """One repair or problem found while importing, so that no repair is ever silent."""

    kind: str
    locator: str
    message: str
    action: str


@dataclass(frozen=True, slots=True)
class Edition:
    slug: str
    title: str
    kind: str  # "carnegie", "figures" or "live"
    source_key: str | None = None
    universe_defined: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """One figure of an edition, with what it counts and what it leaves out.

    ``proposed`` lists the countries that only proposed claims (offers, plans) would add: they are
    never counted. ``unknown`` is how many countries were left out of the denominator because
    the value the figure needs (Belt and Road, regime, military rank) is unknown there.
    """

    id: str
    label: str
    value: float | int | None
    numerator: int | None
    denominator: int | None
    published: float | int | None
    countries: tuple[str, ...]
    method: str
    proposed: tuple[str, ...] = ()
    unknown: int = 0
