"""Read models for financing: a country's records, a lender's page, a filtered list.

One function per view, each returning a pydantic model, so the CLI (`survindex financing`),
the API and the pages show the same records with the same totals (Datasette's one-path rule).
Every view carries AidData's attribution, which its licence (ODC-By 1.0) requires wherever the
data are shown.

>>> with store.read() as session:                                     # doctest: +SKIP
...     page = financing_list(session=session, filters=FinancingFilters(country="Ecuador"))
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from survindex.analysis.edition_findings import records_as_of
from survindex.analysis.financing import counts, financing_findings, summed_records, total_usd
from survindex.analysis.readmodels import CountryFinancing, FinancingRecordView, ReadModel
from survindex.domain import CountryContext, FinancingRecord, FinancingType, Finding, Lender
from survindex.reference import aiddata
from survindex.reference.countries import country_name, resolve_country_code
from survindex.reference.lenders import lender_registry, resolve_lender
from survindex.store.financing import financing_records

ATTRIBUTION = (
    f"Financing records: AidData, {aiddata.DATASET_TITLE} ({aiddata.LICENCE}). {aiddata.CITATION}"
)
STATUSES = ("accepted", "candidate", "all")


class FinancingFilterError(ValueError):
    """A filter value the list cannot take; the message names it and what is accepted."""


class FinancingList(ReadModel):
    filters: dict[str, str | int | None]
    total: int
    amount_usd: float
    amount_records: int
    records: list[FinancingRecordView]
    attribution: str


class LenderView(ReadModel):
    slug: str
    name: str
    country: str
    kind: str
    state_owned: bool
    aliases: list[str]
    note: str | None


class LenderPage(ReadModel):
    lender: LenderView
    countries: list[str]
    amount_usd: float
    amount_records: int
    records: list[FinancingRecordView]
    attribution: str


@dataclass(frozen=True)
class FinancingFilters:
    """Which records to list; every field optional, combined with AND. ``country`` and
    ``lender`` take any name, alias or code; ``status`` is accepted, candidate or all."""

    country: str | None = None
    lender: str | None = None
    year: int | None = None
    flow_type: str | None = None
    status: str = "accepted"


def record_views(records: list[FinancingRecord]) -> list[FinancingRecordView]:
    summed = {r.id for r in summed_records(records)}
    return [
        FinancingRecordView(
            id=r.id,
            aiddata_record_id=r.aiddata_record_id,
            aiddata_url=r.url,
            recipient=r.recipient,
            recipient_name=country_name(r.recipient),
            lender=r.lender_name,
            lender_slug=r.lender_slug,
            flow_type=r.flow_type.value if r.flow_type else None,
            amount_usd=r.amount_usd,
            amount_usd_year=r.amount_usd_year,
            commitment_year=r.commitment_year,
            status=r.status,
            title=r.title,
            relevance=r.relevance.value if r.relevance else None,
            decision=r.decision,
            reason=r.reason,
            claim_id=r.claim_id,
            claim_status=r.claim_status.value,
            counted=counts(r),
            in_amount=r.id in summed and r.amount_usd is not None,
            deployment_id=r.deployment_id,
            technology=r.technology.value if r.technology else None,
            vendor=r.vendor_slug,
        )
        for r in records
    ]


def _status(records: list[FinancingRecord], status: str) -> list[FinancingRecord]:
    if status not in STATUSES:
        raise FinancingFilterError(f"status {status!r}: use one of {', '.join(STATUSES)}")
    if status == "accepted":
        return [r for r in records if r.accepted]
    if status == "candidate":
        return [r for r in records if r.claim_status.value == "candidate"]
    return records


def _flow_type(value: str | None) -> str | None:
    if value is None:
        return None
    allowed = [t.value for t in FinancingType]
    if value not in allowed:
        raise FinancingFilterError(f"flow type {value!r}: use one of {', '.join(allowed)}")
    return value


def financing_list(*, session: Session, filters: FinancingFilters) -> FinancingList:
    """Financing records matching the filters, with the total counted once (see
    survindex.analysis.financing.AMOUNT_RULE)."""
    recipient = resolve_country_code(filters.country) if filters.country else None
    lender = resolve_lender(filters.lender).slug if filters.lender else None
    found = financing_records(
        session=session,
        recipient=recipient,
        lender_slug=lender,
        year=filters.year,
        flow_type=_flow_type(filters.flow_type),
    )
    chosen = _status(found, filters.status)
    total, summed, _unknown = total_usd(chosen)
    return FinancingList(
        filters={
            "country": recipient,
            "lender": lender,
            "year": filters.year,
            "flow_type": filters.flow_type,
            "status": filters.status,
        },
        total=len(chosen),
        amount_usd=round(total, 2),
        amount_records=summed,
        records=record_views(chosen),
        attribution=ATTRIBUTION,
    )


def country_financing(
    *, session: Session, name: str, as_of: date | None = None
) -> CountryFinancing:
    """Every financing record of one recipient (candidates included, marked so); with
    ``as_of``, those whose evidence was dated by then, with the status they had then."""
    iso3 = resolve_country_code(name)
    records = financing_records(session=session, recipient=iso3)
    if as_of is not None:
        records = records_as_of(session=session, records=records, day=as_of)
    total, summed, _unknown = total_usd(records)
    return CountryFinancing(
        iso3=iso3,
        name=country_name(iso3),
        amount_usd=round(total, 2),
        amount_records=summed,
        lenders=sorted({r.lender_name for r in records if r.lender_name and counts(r)}),
        records=record_views(records),
        attribution=ATTRIBUTION,
    )


def lender_view(lender: Lender) -> LenderView:
    return LenderView(
        slug=lender.slug,
        name=lender.name,
        country=lender.country,
        kind=lender.kind.value,
        state_owned=lender.state_owned,
        aliases=list(lender.aliases),
        note=lender.note,
    )


def lender_page(*, session: Session, name: str) -> LenderPage:
    """One lender of the registry with the records it financed (any name or alias)."""
    lender = resolve_lender(name)
    records = financing_records(session=session, lender_slug=lender.slug)
    total, summed, _unknown = total_usd(records)
    return LenderPage(
        lender=lender_view(lender),
        countries=sorted({r.recipient for r in records if counts(r)}),
        amount_usd=round(total, 2),
        amount_records=summed,
        records=record_views(records),
        attribution=ATTRIBUTION,
    )


def lenders(*, session: Session) -> list[LenderView]:
    """The lender registry, by name."""
    del session  # the registry is bundled data; the parameter keeps every view's signature
    registry = sorted(lender_registry().values(), key=lambda lender: lender.name)
    return [lender_view(lender) for lender in registry]


def edition_financing_findings(
    *, session: Session, contexts: dict[str, CountryContext], edition_id: int | None = None
) -> list[Finding]:
    """The financing findings of an edition: ``edition_id=None`` for `live` (every record),
    else the records whose claims belong to that edition; ``contexts`` are the edition's (for
    `live`, those of :func:`survindex.analysis.editions.edition_data`)."""
    records = financing_records(session=session, edition_id=edition_id)
    return financing_findings(records, contexts)
