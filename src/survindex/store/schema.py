"""Database tables (SQLAlchemy 2 declarative). Migrations in store/migrations mirror this file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CountryRow(Base):
    __tablename__ = "countries"
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    iso2: Mapped[str | None] = mapped_column(String(2))
    numeric: Mapped[str | None] = mapped_column(String(3))
    name: Mapped[str] = mapped_column(String(200))
    official_name: Mapped[str | None] = mapped_column(String(300))


class VendorRow(Base):
    __tablename__ = "vendors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    home_country: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str | None] = mapped_column(Text)


class VendorAliasRow(Base):
    __tablename__ = "vendor_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id"))
    alias: Mapped[str] = mapped_column(String(300))
    __table_args__ = (UniqueConstraint("vendor_id", "alias"),)


#: The decisions a reviewer takes on a vendor candidate (``new`` until one is taken).
VENDOR_CANDIDATE_STATUSES = ("new", "confirmed", "merged", "rejected")


class VendorCandidateRow(Base):
    """A supplier an ingested text names that no registry knows (migration 0009).

    The claims naming it keep ``vendor_id`` NULL and the name as written in
    ``vendor_name_in_source`` until a reviewer confirms it (a new vendor), merges it into a known
    vendor, or rejects it; ``vendor_id`` is then the vendor it became or joined, and later
    ingests follow the decision (see survindex.store.vendor_candidates).
    """

    __tablename__ = "vendor_candidates"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in VENDOR_CANDIDATE_STATUSES) + ")",
            name="ck_vendor_candidates_status",
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The name casefolded, whitespace collapsed: one candidate whatever the capitals.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    #: As first written by a source.
    name: Mapped[str] = mapped_column(String(300))
    home_country: Mapped[str | None] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)


class SourceRow(Base):
    """A source with its Origin; for ingested documents the text lives in ``documents``."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    producer: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[date | None] = mapped_column(Date)
    accessed: Mapped[date | None] = mapped_column(Date)
    licence: Mapped[str | None] = mapped_column(String(100))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    citation: Mapped[str | None] = mapped_column(Text)


class DocumentRow(Base):
    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), unique=True)
    path: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    reader: Mapped[str] = mapped_column(String(50))
    reader_version: Mapped[str] = mapped_column(String(50))
    normalisation: Mapped[str] = mapped_column(String(50))
    #: The MinHash signature of the text's word shingles (migration 0008), from which the
    #: near-duplicate index is rebuilt at each ingest (see survindex.ingest.neardup).
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)


class EditionRow(Base):
    __tablename__ = "editions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(50), unique=True)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    universe_defined: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class EditionCountryRow(Base):
    """What an edition says about a country's context (regime, BRI, military, FotN)."""

    __tablename__ = "edition_countries"
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3), primary_key=True)
    name_in_source: Mapped[str] = mapped_column(String(300))
    in_universe: Mapped[bool] = mapped_column(Boolean, default=True)
    region: Mapped[str | None] = mapped_column(String(10))
    regime: Mapped[str | None] = mapped_column(String(2))
    electoral_democracy_index: Mapped[float | None] = mapped_column(Float)
    liberal_democracy_index: Mapped[float | None] = mapped_column(Float)
    digital_repression_index: Mapped[float | None] = mapped_column(Float)
    fotn_status: Mapped[str | None] = mapped_column(String(20))
    fotn_score: Mapped[float | None] = mapped_column(Float)
    military_usd_millions: Mapped[float | None] = mapped_column(Float)
    military_rank: Mapped[int | None] = mapped_column(Integer)
    bri_member: Mapped[bool | None] = mapped_column(Boolean)
    china_odi_rank: Mapped[int | None] = mapped_column(Integer)
    other_supplier_countries: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(Text)


class PublishedFigureRow(Base):
    __tablename__ = "published_figures"
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), primary_key=True)
    finding_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    citation: Mapped[str | None] = mapped_column(Text)


class DataQualityNoteRow(Base):
    __tablename__ = "data_quality_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("editions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(50))
    locator: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)


class DeploymentRow(Base):
    """Accepted claims about the same country, technology and supplier merge into one row."""

    __tablename__ = "deployments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    country: Mapped[str] = mapped_column(String(3), index=True)
    technology: Mapped[str | None] = mapped_column(String(40))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"))
    vendor_country: Mapped[str | None] = mapped_column(String(3))
    city: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    #: The earliest and latest evidence dates of its claims (migration 0005); kept current by
    #: survindex.store.dates.refresh_deployment_dates whenever a claim joins or leaves it.
    first_evidence_date: Mapped[date | None] = mapped_column(Date)
    last_evidence_date: Mapped[date | None] = mapped_column(Date)


#: The CHECK constraints of ``claims`` (migration 0004): the database's backstop behind the
#: checks of survindex.domain.validation. A range excludes infinity, which SQLite would store;
#: the year range is wider than reviewers get because a CHECK cannot read the clock.
CLAIM_CHECKS = {
    "ck_claims_financing_amount_usd": "financing_amount_usd IS NULL OR "
    "(financing_amount_usd >= 0 AND financing_amount_usd <= 1e13)",
    "ck_claims_financing_year": "financing_year IS NULL OR "
    "(financing_year >= 1900 AND financing_year <= 2100)",
    "ck_claims_city_length": "city IS NULL OR length(city) <= 200",
}


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = tuple(CheckConstraint(sql, name=name) for name, sql in CLAIM_CHECKS.items())
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    edition_id: Mapped[int | None] = mapped_column(ForeignKey("editions.id"), index=True)
    deployment_id: Mapped[int | None] = mapped_column(ForeignKey("deployments.id"))
    country: Mapped[str] = mapped_column(String(3), index=True)
    technology: Mapped[str | None] = mapped_column(String(40))
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    vendor_name_in_source: Mapped[str | None] = mapped_column(Text)
    vendor_country: Mapped[str | None] = mapped_column(String(3))
    city: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    financing_type: Mapped[str | None] = mapped_column(String(30))
    financing_lender: Mapped[str | None] = mapped_column(Text)
    financing_amount_usd: Mapped[float | None] = mapped_column(Float)
    financing_year: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float)
    claim_status: Mapped[str] = mapped_column(String(20), index=True)
    quote: Mapped[str | None] = mapped_column(Text)
    quote_start: Mapped[int | None] = mapped_column(Integer)
    quote_end: Mapped[int | None] = mapped_column(Integer)
    locator: Mapped[str | None] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    #: False when reviewers retracted a fixed edition's claim from `live` (the edition keeps it).
    in_live: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: The date of the claim's source (migration 0005): see survindex.store.dates.evidence_date.
    evidence_date: Mapped[date | None] = mapped_column(Date)
    #: Where ``evidence_date`` comes from: "source published", "edition date", or why none.
    evidence_date_basis: Mapped[str | None] = mapped_column(String(200))
    #: Years the record itself states: contract or commitment, and entry into service.
    contract_year: Mapped[int | None] = mapped_column(Integer)
    in_service_year: Mapped[int | None] = mapped_column(Integer)
    #: Optimistic lock (migration 0007): every UPDATE through the ORM checks that the row still
    #: has the version it read and adds one, so of two reviewers who read the same claim and
    #: then both write, the second gets StaleDataError instead of silently undoing the first.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text, default="{}")


Index("ix_claims_country_tech", ClaimRow.country, ClaimRow.technology)


class LenderRow(Base):
    """The lender registry (reference/data/lenders.csv), loaded like the vendor registry."""

    __tablename__ = "lenders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(40))
    state_owned: Mapped[bool] = mapped_column(Boolean)
    aliases: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str | None] = mapped_column(Text)


#: CHECK constraints of ``financing`` (migration 0005), the backstop behind the importers.
FINANCING_CHECKS = {
    "ck_financing_amount_usd": "amount_usd IS NULL OR (amount_usd >= 0 AND amount_usd <= 1e13)",
    "ck_financing_commitment_year": "commitment_year IS NULL OR "
    "(commitment_year >= 1900 AND commitment_year <= 2100)",
}


class FinancingRow(Base):
    """One financing commitment (an AidData record), the claim it comes from, the decision
    taken on it and its reason, and (set by a reviewer) the deployment it pays for."""

    __tablename__ = "financing"
    __table_args__ = tuple(
        CheckConstraint(sql, name=name) for name, sql in FINANCING_CHECKS.items()
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), unique=True)
    aiddata_record_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    lender_id: Mapped[int | None] = mapped_column(ForeignKey("lenders.id"), index=True)
    lender_name_in_source: Mapped[str | None] = mapped_column(Text)
    recipient: Mapped[str] = mapped_column(String(3), index=True)
    flow_type: Mapped[str | None] = mapped_column(String(30))
    flow_type_in_source: Mapped[str | None] = mapped_column(Text)
    amount_usd: Mapped[float | None] = mapped_column(Float)
    amount_usd_year: Mapped[int | None] = mapped_column(Integer)
    commitment_year: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str | None] = mapped_column(String(40))
    umbrella: Mapped[bool | None] = mapped_column(Boolean)
    recommended_for_aggregates: Mapped[bool | None] = mapped_column(Boolean)
    parent_record_ids: Mapped[str] = mapped_column(Text, default="")  # "|"-separated ids
    linked_record_ids: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    implementing_agencies: Mapped[str | None] = mapped_column(Text)
    contractors_in_source: Mapped[str | None] = mapped_column(Text)
    relevance: Mapped[str] = mapped_column(String(20), index=True)
    decision: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    provenance: Mapped[str | None] = mapped_column(Text)
    #: Dropped (SET NULL) if the deployment goes away; the review history keeps the link.
    deployment_id: Mapped[int | None] = mapped_column(
        ForeignKey("deployments.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FetchRow(Base):
    """One HTTP fetch, or one response record read from a WARC file, and what became of it.

    ``etag`` and ``last_modified`` make the next fetch of ``url`` conditional; ``outcome`` says
    what the body became ("stored", "mirror", "already stored", "not modified", "feed",
    "failed") and ``source_id`` the source it is, or mirrors (migration 0008).
    """

    __tablename__ = "fetches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    #: Looked up by hash: a btree index on long URLs would fail on PostgreSQL (2.7 KB a key).
    url_sha256: Mapped[str] = mapped_column(String(64), index=True)
    final_url: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    content_type: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    archive_url: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(30))
    error: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)


class MirrorRow(Base):
    """Another outlet's copy of a stored document (the same story, small edits): it adds its
    outlet to the source instead of a new source with claims of its own (migration 0008)."""

    __tablename__ = "mirrors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    path: Mapped[str | None] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    #: The estimated Jaccard similarity of its word shingles to the source's document.
    similarity: Mapped[float] = mapped_column(Float)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SeenEntryRow(Base):
    """An entry of a watched feed or sitemap already handed to ingest (migration 0008)."""

    __tablename__ = "seen_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: sha256 of the feed's URL and the entry's id: unique whatever their length.
    key: Mapped[str] = mapped_column(String(64), unique=True)
    feed: Mapped[str] = mapped_column(Text)
    entry: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime)
