"""Database tables (SQLAlchemy 2 declarative). Migrations in store/migrations mirror this file."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
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


class ClaimRow(Base):
    __tablename__ = "claims"
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
