"""Data access with keyword-only functions; callers own the transaction (Store.transaction)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.domain import (
    Claim,
    ClaimStatus,
    Country,
    CountryContext,
    DataQualityNote,
    Origin,
    Vendor,
)
from survindex.store import dates
from survindex.store.convert import claim_from_row, context_from_row, context_to_row
from survindex.store.history import states_as_of
from survindex.store.schema import (
    ClaimRow,
    CountryRow,
    DataQualityNoteRow,
    DeploymentRow,
    EditionCountryRow,
    EditionRow,
    PublishedFigureRow,
    SourceRow,
    VendorAliasRow,
    VendorRow,
)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def upsert_countries(*, session: Session, countries: Iterable[Country]) -> int:
    existing = set(session.scalars(select(CountryRow.iso3)))
    added = 0
    for c in countries:
        if c.iso3 not in existing:
            session.add(
                CountryRow(
                    iso3=c.iso3,
                    iso2=c.iso2,
                    numeric=c.numeric,
                    name=c.name,
                    official_name=c.official_name,
                )
            )
            added += 1
    return added


def upsert_vendors(*, session: Session, vendors: Iterable[Vendor]) -> int:
    """Insert or update registry vendors; returns how many were new."""
    rows = {row.slug: row for row in session.scalars(select(VendorRow))}
    added = 0
    for vendor in vendors:
        row = rows.get(vendor.slug)
        if row is None:
            row = VendorRow(slug=vendor.slug, name=vendor.name)
            session.add(row)
            added += 1
        row.name, row.home_country, row.note = vendor.name, vendor.home_country, vendor.note
        session.flush()
        known = set(
            session.scalars(select(VendorAliasRow.alias).where(VendorAliasRow.vendor_id == row.id))
        )
        for alias in (*vendor.aliases, *vendor.misspellings):
            if alias not in known:
                session.add(VendorAliasRow(vendor_id=row.id, alias=alias))
    return added


def vendor_ids(*, session: Session) -> dict[str, int]:
    return {slug: id_ for id_, slug in session.execute(select(VendorRow.id, VendorRow.slug))}


def add_source(*, session: Session, key: str, kind: str, origin: Origin) -> SourceRow:
    row = session.scalar(select(SourceRow).where(SourceRow.key == key))
    if row is None:
        row = SourceRow(
            key=key,
            kind=kind,
            producer=origin.producer,
            title=origin.title,
            url=origin.url,
            doi=origin.doi,
            published=origin.published,
            accessed=origin.accessed,
            licence=origin.licence,
            sha256=origin.sha256,
            citation=origin.citation,
        )
        session.add(row)
        session.flush()
    return row


def get_source(*, session: Session, key: str) -> SourceRow | None:
    return session.scalar(select(SourceRow).where(SourceRow.key == key))


def get_edition(*, session: Session, slug: str) -> EditionRow | None:
    return session.scalar(select(EditionRow).where(EditionRow.slug == slug))


def list_editions(*, session: Session) -> list[EditionRow]:
    return list(session.scalars(select(EditionRow).order_by(EditionRow.id)))


def create_edition(
    *,
    session: Session,
    slug: str,
    title: str,
    kind: str,
    source_id: int | None = None,
    file_sha256: str | None = None,
    universe_defined: bool = False,
) -> EditionRow:
    row = EditionRow(
        slug=slug,
        title=title,
        kind=kind,
        source_id=source_id,
        file_sha256=file_sha256,
        universe_defined=universe_defined,
        created_at=now(),
    )
    session.add(row)
    session.flush()
    return row


def add_contexts(
    *,
    session: Session,
    edition_id: int,
    contexts: Iterable[CountryContext],
    locators: dict[str, str],
) -> None:
    session.add_all(context_to_row(edition_id, c, locators.get(c.iso3)) for c in contexts)


def edition_contexts(*, session: Session, edition_id: int) -> dict[str, CountryContext]:
    rows = session.scalars(
        select(EditionCountryRow).where(EditionCountryRow.edition_id == edition_id)
    )
    return {row.iso3: context_from_row(row) for row in rows}


def country_contexts(*, session: Session, iso3: str) -> dict[str, CountryContext]:
    """One country's context in every edition that has it, keyed by edition slug."""
    rows = session.execute(
        select(EditionRow.slug, EditionCountryRow)
        .join(EditionRow, EditionRow.id == EditionCountryRow.edition_id)
        .where(EditionCountryRow.iso3 == iso3)
        .order_by(EditionRow.id)
    )
    return {slug: context_from_row(row) for slug, row in rows}


def add_notes(*, session: Session, edition_id: int, notes: Iterable[DataQualityNote]) -> None:
    session.add_all(
        DataQualityNoteRow(
            edition_id=edition_id,
            kind=n.kind,
            locator=n.locator,
            message=n.message,
            action=n.action,
        )
        for n in notes
    )


def edition_notes(*, session: Session, edition_id: int) -> list[DataQualityNote]:
    rows = session.scalars(
        select(DataQualityNoteRow)
        .where(DataQualityNoteRow.edition_id == edition_id)
        .order_by(DataQualityNoteRow.id)
    )
    return [DataQualityNote(r.kind, r.locator, r.message, r.action) for r in rows]


def set_published(
    *, session: Session, edition_id: int, figures: dict[str, tuple[float, str]]
) -> None:
    for finding_id, (value, citation) in figures.items():
        session.merge(
            PublishedFigureRow(
                edition_id=edition_id, finding_id=finding_id, value=value, citation=citation
            )
        )


def published_figures(*, session: Session, edition_id: int) -> dict[str, float]:
    rows = session.scalars(
        select(PublishedFigureRow).where(PublishedFigureRow.edition_id == edition_id)
    )
    return {r.finding_id: r.value for r in rows}


def add_claim(
    *,
    session: Session,
    claim: Claim,
    source_id: int,
    edition_id: int | None,
    vendor_id: int | None,
    extractor: str | None = None,
) -> ClaimRow:
    """Store a claim; an accepted one joins its deployment at once.

    A claim that brings no ``evidence_date`` gets its source's (or its fixed edition's) date,
    as :func:`survindex.store.dates.default_evidence_date` decides.
    """
    financing = claim.financing
    day: date | None = claim.evidence_date
    basis = dates.SOURCE_PUBLISHED
    if day is None:
        day, basis = dates.default_evidence_date(
            session=session, source_id=source_id, edition_id=edition_id
        )
    row = ClaimRow(
        source_id=source_id,
        edition_id=edition_id,
        country=claim.country,
        technology=claim.technology.value if claim.technology else None,
        vendor_id=vendor_id,
        vendor_name_in_source=claim.vendor_name_in_source,
        vendor_country=claim.vendor_country,
        city=claim.city,
        status=claim.status.value,
        financing_type=financing.type.value if financing else None,
        financing_lender=financing.lender if financing else None,
        financing_amount_usd=financing.amount_usd if financing else None,
        financing_year=financing.year if financing else None,
        confidence=claim.confidence,
        claim_status=claim.claim_status.value,
        quote=claim.evidence.quote,
        quote_start=claim.evidence.start,
        quote_end=claim.evidence.end,
        locator=claim.evidence.locator,
        extractor=extractor,
        created_at=now(),
        evidence_date=day,
        evidence_date_basis=basis,
        contract_year=claim.contract_year,
        in_service_year=claim.in_service_year,
    )
    session.add(row)
    session.flush()
    if claim.claim_status is ClaimStatus.ACCEPTED:
        merge_into_deployment(session=session, claim=row)
    return row


def merge_into_deployment(*, session: Session, claim: ClaimRow) -> DeploymentRow:
    """Attach an accepted claim to the deployment with its country, technology and supplier."""
    query = select(DeploymentRow).where(
        DeploymentRow.country == claim.country,
        DeploymentRow.technology.is_(None)
        if claim.technology is None
        else DeploymentRow.technology == claim.technology,
        DeploymentRow.vendor_id.is_(None)
        if claim.vendor_id is None
        else DeploymentRow.vendor_id == claim.vendor_id,
        DeploymentRow.vendor_country.is_(None)
        if claim.vendor_country is None
        else DeploymentRow.vendor_country == claim.vendor_country,
    )
    deployment = session.scalar(query)
    if deployment is None:
        deployment = DeploymentRow(
            country=claim.country,
            technology=claim.technology,
            vendor_id=claim.vendor_id,
            vendor_country=claim.vendor_country,
            city=claim.city,
            status=claim.status,
        )
        session.add(deployment)
        session.flush()
    elif claim.city and not deployment.city:
        deployment.city = claim.city
    claim.deployment_id = deployment.id
    dates.widen_deployment_dates(deployment, claim.evidence_date)
    return deployment


def load_claims(
    *,
    session: Session,
    edition_id: int | None = None,
    status: ClaimStatus | None = ClaimStatus.ACCEPTED,
    as_of: date | None = None,
) -> list[Claim]:
    """Claims as domain objects.

    ``edition_id=None`` means the live index: every edition's claims but those that reviewers
    retracted from `live`. ``as_of`` gives the claims as the evidence stood at the end of that
    day: evidence dated by then (undated evidence is left out), with the status and place in
    `live` that the review decisions taken by then gave them (:mod:`survindex.store.history`).
    """
    slugs = {id_: slug for id_, slug in session.execute(select(VendorRow.id, VendorRow.slug))}
    sources = {id_: key for id_, key in session.execute(select(SourceRow.id, SourceRow.key))}
    editions = {id_: slug for id_, slug in session.execute(select(EditionRow.id, EditionRow.slug))}
    query = select(ClaimRow).order_by(ClaimRow.id)
    if edition_id is not None:
        query = query.where(ClaimRow.edition_id == edition_id)
    if as_of is not None:
        rows = list(session.scalars(query.where(ClaimRow.evidence_date <= as_of)))
        states = states_as_of(session=session, claims=rows, day=as_of)
        chosen = [
            row
            for row in rows
            if (status is None or states[row.id][0] is status)
            and (edition_id is not None or states[row.id][1])
        ]
    else:
        if edition_id is None:
            query = query.where(ClaimRow.in_live.is_(True))
        if status is not None:
            query = query.where(ClaimRow.claim_status == status.value)
        chosen = list(session.scalars(query))
    return [
        claim_from_row(
            row,
            sources[row.source_id],
            slugs.get(row.vendor_id or -1),
            editions.get(row.edition_id or -1),
        )
        for row in chosen
    ]


def load_vendors(*, session: Session) -> dict[str, Vendor]:
    aliases: dict[int, list[str]] = {}
    for vendor_id, alias in session.execute(select(VendorAliasRow.vendor_id, VendorAliasRow.alias)):
        aliases.setdefault(vendor_id, []).append(alias)
    return {
        row.slug: Vendor(
            row.slug, row.name, row.home_country, tuple(aliases.get(row.id, ())), note=row.note
        )
        for row in session.scalars(select(VendorRow).order_by(VendorRow.slug))
    }


def dumps(value: object) -> str:
    return json.dumps(value, sort_keys=True, default=str)
