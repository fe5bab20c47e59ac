"""Data access for lenders and financing records; callers own the transaction.

A financing record's acceptance is its claim's: an accepted claim still in `live` makes an
accepted record, so a reviewer who accepts a candidate claim (or retracts a kept one) changes
the financing figures without a second step.

>>> with store.read() as session:                                     # doctest: +SKIP
...     records = financing_records(session=session, recipient="ECU", accepted_only=True)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from survindex.domain import (
    ClaimStatus,
    FinancingRecord,
    FinancingType,
    Lender,
    LenderKind,
    Relevance,
    Technology,
)
from survindex.store.repository import now
from survindex.store.schema import ClaimRow, FinancingRow, LenderRow, VendorRow


@dataclass(frozen=True)
class FinancingCreate:
    """What an importer knows about a financing record before it is stored."""

    recipient: str
    relevance: Relevance
    decision: str
    reason: str | None = None
    aiddata_record_id: int | None = None
    lender_slug: str | None = None
    lender_name_in_source: str | None = None
    flow_type: FinancingType | None = None
    flow_type_in_source: str | None = None
    amount_usd: float | None = None
    amount_usd_year: int | None = None
    commitment_year: int | None = None
    status: str | None = None
    umbrella: bool | None = None
    recommended_for_aggregates: bool | None = None
    parent_record_ids: tuple[int, ...] = ()
    linked_record_ids: tuple[int, ...] = ()
    title: str | None = None
    description: str | None = None
    implementing_agencies: str | None = None
    contractors_in_source: str | None = None
    provenance: str | None = None


def _ids(values: Iterable[int]) -> str:
    return "|".join(str(v) for v in values)


def _parse_ids(value: str | None) -> tuple[int, ...]:
    return tuple(int(v) for v in (value or "").split("|") if v)


def upsert_lenders(*, session: Session, lenders: Iterable[Lender]) -> int:
    """Insert or update registry lenders; returns how many were new."""
    rows = {row.slug: row for row in session.scalars(select(LenderRow))}
    added = 0
    for lender in lenders:
        row = rows.get(lender.slug)
        if row is None:
            row = LenderRow(slug=lender.slug)
            session.add(row)
            added += 1
        row.name, row.country, row.kind = lender.name, lender.country, lender.kind.value
        row.state_owned, row.note = lender.state_owned, lender.note
        row.aliases = "|".join(lender.aliases)
    session.flush()
    return added


def load_lenders(*, session: Session) -> dict[str, Lender]:
    return {
        row.slug: Lender(
            row.slug,
            row.name,
            row.country,
            LenderKind(row.kind),
            row.state_owned,
            tuple(a for a in row.aliases.split("|") if a),
            row.note,
        )
        for row in session.scalars(select(LenderRow).order_by(LenderRow.slug))
    }


def known_record_ids(*, session: Session) -> set[int]:
    """AidData record ids that already have a financing record (each is stored once)."""
    query = select(FinancingRow.aiddata_record_id).where(
        FinancingRow.aiddata_record_id.is_not(None)
    )
    return {record_id for record_id in session.scalars(query) if record_id is not None}


def add_financing(*, session: Session, entry: FinancingCreate, claim_id: int) -> FinancingRow:
    lender_id = None
    if entry.lender_slug:
        lender_id = session.scalar(select(LenderRow.id).where(LenderRow.slug == entry.lender_slug))
    values = {f.name: getattr(entry, f.name) for f in fields(entry)}
    values.pop("lender_slug")
    values["relevance"] = entry.relevance.value
    values["flow_type"] = entry.flow_type.value if entry.flow_type else None
    values["parent_record_ids"] = _ids(entry.parent_record_ids)
    values["linked_record_ids"] = _ids(entry.linked_record_ids)
    row = FinancingRow(claim_id=claim_id, lender_id=lender_id, created_at=now(), **values)
    session.add(row)
    session.flush()
    return row


#: Columns an import of a richer file may fill where a record has none (never overwrite).
FILLABLE = (
    "description",
    "implementing_agencies",
    "flow_type_in_source",
    "umbrella",
    "recommended_for_aggregates",
)


def fill_missing(
    *, session: Session, aiddata_record_id: int, values: Mapping[str, object]
) -> list[str]:
    """Fill the FILLABLE columns a stored record lacks; returns the names of those filled."""
    row = session.scalar(
        select(FinancingRow).where(FinancingRow.aiddata_record_id == aiddata_record_id)
    )
    if row is None:
        return []
    filled = []
    for column in FILLABLE:
        if getattr(row, column) is None and values.get(column) is not None:
            setattr(row, column, values[column])
            filled.append(column)
    return filled


def financing_by_record(*, session: Session, aiddata_record_id: int) -> FinancingRow | None:
    return session.scalar(
        select(FinancingRow).where(FinancingRow.aiddata_record_id == aiddata_record_id)
    )


def set_deployment(
    *, session: Session, financing: FinancingRow, deployment_id: int | None
) -> int | None:
    """Point a financing record at the deployment it pays for; returns the previous one."""
    previous = financing.deployment_id
    financing.deployment_id = deployment_id
    session.flush()
    return previous


def _query(
    *,
    accepted_only: bool,
    recipient: str | None,
    lender_slug: str | None,
    year: int | None,
    flow_type: str | None,
    edition_id: int | None,
) -> Select[FinancingRow, ClaimRow, LenderRow, str]:
    query = (
        select(FinancingRow, ClaimRow, LenderRow, VendorRow.slug)
        .join(ClaimRow, ClaimRow.id == FinancingRow.claim_id)
        .outerjoin(LenderRow, LenderRow.id == FinancingRow.lender_id)
        .outerjoin(VendorRow, VendorRow.id == ClaimRow.vendor_id)
        # Undated records first on every backend (PostgreSQL sorts NULLs last by default).
        .order_by(
            FinancingRow.recipient, FinancingRow.commitment_year.nulls_first(), FinancingRow.id
        )
    )
    if accepted_only:
        query = query.where(
            ClaimRow.claim_status == ClaimStatus.ACCEPTED.value, ClaimRow.in_live.is_(True)
        )
    if recipient:
        query = query.where(FinancingRow.recipient == recipient)
    if lender_slug:
        query = query.where(LenderRow.slug == lender_slug)
    if year is not None:
        query = query.where(FinancingRow.commitment_year == year)
    if flow_type:
        query = query.where(FinancingRow.flow_type == flow_type)
    if edition_id is not None:
        query = query.where(ClaimRow.edition_id == edition_id)
    return query


def _record(
    row: FinancingRow, claim: ClaimRow, lender: LenderRow | None, vendor_slug: str | None
) -> FinancingRecord:
    chinese_state = (
        lender.state_owned and lender.country == "CHN"
        if lender is not None
        else row.aiddata_record_id is not None  # GCDF records only official Chinese finance
    )
    return FinancingRecord(
        id=row.id,
        recipient=row.recipient,
        claim_status=ClaimStatus(claim.claim_status),
        relevance=Relevance(row.relevance),
        chinese_state=chinese_state,
        lender_slug=lender.slug if lender else None,
        lender_name=lender.name if lender else None,
        flow_type=FinancingType(row.flow_type) if row.flow_type else None,
        amount_usd=row.amount_usd,
        amount_usd_year=row.amount_usd_year,
        commitment_year=row.commitment_year,
        status=row.status,
        aiddata_record_id=row.aiddata_record_id,
        umbrella=row.umbrella,
        recommended_for_aggregates=row.recommended_for_aggregates,
        parent_record_ids=_parse_ids(row.parent_record_ids),
        linked_record_ids=_parse_ids(row.linked_record_ids),
        title=row.title,
        decision=row.decision,
        reason=row.reason,
        claim_id=claim.id,
        in_live=claim.in_live,
        deployment_id=row.deployment_id,
        technology=Technology(claim.technology) if claim.technology else None,
        vendor_slug=vendor_slug,
    )


def financing_records(
    *,
    session: Session,
    accepted_only: bool = False,
    recipient: str | None = None,
    lender_slug: str | None = None,
    year: int | None = None,
    flow_type: str | None = None,
    edition_id: int | None = None,
) -> list[FinancingRecord]:
    """Financing records as domain objects, by recipient and commitment year; the filters
    combine with AND, ``accepted_only`` keeps those whose claim is accepted and in `live`, and
    ``edition_id`` those whose claim belongs to that edition."""
    query = _query(
        accepted_only=accepted_only,
        recipient=recipient,
        lender_slug=lender_slug,
        year=year,
        flow_type=flow_type,
        edition_id=edition_id,
    )
    return [
        _record(row, claim, lender, vendor) for row, claim, lender, vendor in session.execute(query)
    ]


def financing_rows(*, session: Session, ids: Iterable[int]) -> dict[int, FinancingRow]:
    """Stored rows by financing id (for fields the domain record leaves out)."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {
        row.id: row
        for row in session.scalars(select(FinancingRow).where(FinancingRow.id.in_(wanted)))
    }
