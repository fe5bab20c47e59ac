"""Read side of the review workflow: list claims, show one with its context and history.

The CLI (`survindex claims ...`, `survindex review`) and any API route call these functions, so
a claim looks the same wherever it is printed; the dict shape is the one country and vendor
profiles already use (:func:`survindex.analysis.queries.claims_as_dicts`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, true
from sqlalchemy.orm import Session

from survindex.analysis.queries import claims_as_dicts
from survindex.domain import ClaimStatus, Technology
from survindex.reference.countries import AmbiguousName, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.review.workflow import ReviewError, claim_history
from survindex.store.schema import (
    ClaimRow,
    DocumentRow,
    EditionRow,
    ReviewRow,
    SourceRow,
    VendorRow,
)

#: Characters of document text shown either side of a quote.
CONTEXT_CHARS = 300


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list; every field is optional and they combine with AND."""

    status: str | None = None
    country: str | None = None
    vendor: str | None = None
    technology: str | None = None
    source_id: int | None = None


@dataclass(frozen=True)
class QuoteContext:
    """A quote inside the document text around it: ``before + quote + after``."""

    before: str
    quote: str
    after: str
    truncated_before: bool
    truncated_after: bool


def _vendor_condition(session: Session, vendor: str) -> ColumnElement[bool]:
    """A vendor by registry name or alias, or by slug/name as stored (extractor-only vendors)."""
    try:
        slug = resolve_vendor(vendor).slug
    except AmbiguousName as exc:
        raise ReviewError(str(exc)) from None
    except LookupError:
        slug = vendor.strip().lower()
    vendor_id = session.scalar(
        select(VendorRow.id).where(
            (VendorRow.slug == slug) | (func.lower(VendorRow.name) == vendor.strip().lower())
        )
    )
    if vendor_id is None:
        raise ReviewError(f"unknown vendor {vendor!r}")
    return ClaimRow.vendor_id == vendor_id


def filter_condition(*, session: Session, chosen: ClaimFilter) -> ColumnElement[bool]:
    """The SQL condition for a filter; raises ReviewError naming the value that does not fit."""
    parts: list[ColumnElement[bool]] = []
    if chosen.status:
        try:
            parts.append(ClaimRow.claim_status == ClaimStatus(chosen.status).value)
        except ValueError:
            known = ", ".join(s.value for s in ClaimStatus)
            raise ReviewError(f"unknown status {chosen.status!r} (use {known})") from None
    if chosen.country:
        try:
            parts.append(ClaimRow.country == resolve_country_code(chosen.country))
        except LookupError as exc:
            raise ReviewError(str(exc)) from None
    if chosen.technology:
        try:
            parts.append(ClaimRow.technology == Technology(chosen.technology).value)
        except ValueError:
            known = ", ".join(t.value for t in Technology)
            raise ReviewError(f"unknown technology {chosen.technology!r} (use {known})") from None
    if chosen.vendor:
        parts.append(_vendor_condition(session, chosen.vendor))
    if chosen.source_id is not None:
        parts.append(ClaimRow.source_id == chosen.source_id)
    return and_(true(), *parts)


def count_claims(*, session: Session, chosen: ClaimFilter = ClaimFilter()) -> int:
    condition = filter_condition(session=session, chosen=chosen)
    return session.scalar(select(func.count(ClaimRow.id)).where(condition)) or 0


def list_claims(
    *, session: Session, chosen: ClaimFilter = ClaimFilter(), limit: int | None = None
) -> list[dict[str, Any]]:
    """Claims matching ``chosen``, oldest first, each with its source and evidence.

    Example: ``list_claims(session=s, chosen=ClaimFilter(status="candidate"), limit=20)``.
    """
    condition = filter_condition(session=session, chosen=chosen)
    ids = select(ClaimRow.id).where(condition).order_by(ClaimRow.id)
    if limit:
        ids = ids.limit(limit)
    return claims_as_dicts(session=session, where=ClaimRow.id.in_(ids.scalar_subquery()))


def quote_context(
    *, session: Session, claim: ClaimRow, chars: int = CONTEXT_CHARS
) -> QuoteContext | None:
    """The stored document text around a claim's quote, or None when there is no document."""
    if claim.quote_start is None or claim.quote_end is None:
        return None
    text = session.scalar(select(DocumentRow.text).where(DocumentRow.source_id == claim.source_id))
    if text is None:
        return None
    start, end = claim.quote_start, claim.quote_end
    low, high = max(0, start - chars), min(len(text), end + chars)
    return QuoteContext(text[low:start], text[start:end], text[end:high], low > 0, high < len(text))


def claim_detail(*, session: Session, claim_id: int) -> dict[str, Any]:
    """One claim with its source, document path, quote context, deployment and full history."""
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise ReviewError(f"no claim {claim_id}")
    detail = claims_as_dicts(session=session, where=ClaimRow.id == claim_id)[0]
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_id == row.source_id))
    source = session.get(SourceRow, row.source_id)
    detail["source"]["key"] = source.key if source else None
    detail["source"]["path"] = document.path if document else None
    detail["extractor"] = row.extractor
    detail["deployment_id"] = row.deployment_id
    context = quote_context(session=session, claim=row)
    detail["context"] = asdict(context) if context else None
    detail["history"] = [asdict(r) for r in claim_history(session=session, claim_id=claim_id)]
    return detail


def review_queue(
    *, session: Session, chosen: ClaimFilter = ClaimFilter(), limit: int | None = None
) -> list[int]:
    """Ids of candidate claims to review, most confident first (as :func:`candidate_queue`).

    A story carried by several outlets is one source with mirrors (survindex.ingest.neardup),
    so its claims come once; each claim's ``outlets`` (:func:`claim_detail`) lists them all.
    """
    condition = filter_condition(session=session, chosen=chosen)
    query = (
        select(ClaimRow.id)
        .where(condition, ClaimRow.claim_status == ClaimStatus.CANDIDATE.value)
        .order_by(ClaimRow.confidence.desc(), ClaimRow.id)
    )
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def parse_assignments(assignments: list[str]) -> dict[str, str | None]:
    """``["city=Nairobi", "vendor="]`` -> ``{"city": "Nairobi", "vendor": None}``.

    An empty value, ``none`` or ``null`` clears the field.
    """
    changes: dict[str, str | None] = {}
    for assignment in assignments:
        field, sep, value = assignment.partition("=")
        if not sep or not field.strip():
            raise ReviewError(f"expected field=value, got {assignment!r}")
        value = value.strip()
        changes[field.strip()] = None if value.lower() in ("", "none", "null") else value
    return changes


def open_decisions(*, session: Session, claim_id: int) -> tuple[str, ...]:
    """The decisions a reviewer can take on a claim now, so that no interface offers a refusal.

    A fixed edition's (Carnegie) claim can only be retracted from `live`, or restored once
    retracted; any other claim can be edited, and accepted or rejected unless it already is.
    """
    row = session.get(ClaimRow, claim_id)
    if row is None:
        raise ReviewError(f"no claim {claim_id}", "no-claim")
    edition = session.get(EditionRow, row.edition_id) if row.edition_id else None
    if edition is not None and edition.kind != "live":
        return ("retract",) if row.in_live else ("restore",)
    decisions = {"accept": ClaimStatus.ACCEPTED, "reject": ClaimStatus.REJECTED}
    return (*(d for d, status in decisions.items() if row.claim_status != status.value), "edit")


def retracted_claims(*, session: Session, limit: int | None = None) -> list[int]:
    """Ids of the fixed editions' claims retracted from `live`, most recently retracted first."""
    last_decision = (
        select(ReviewRow.claim_id, func.max(ReviewRow.id).label("at"))
        .group_by(ReviewRow.claim_id)
        .subquery()
    )
    query = (
        select(ClaimRow.id)
        .outerjoin(last_decision, last_decision.c.claim_id == ClaimRow.id)
        .where(ClaimRow.in_live.is_(False))
        .order_by(last_decision.c.at.desc(), ClaimRow.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
