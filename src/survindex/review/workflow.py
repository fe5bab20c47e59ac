"""The review workflow: candidate claims become accepted or rejected, with every decision kept.

Each decision is a Review row (who, when, what changed, why). Accepting a claim merges it into
the deployment with the same country, technology and supplier, so it counts in `live` at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survindex.domain import ClaimStatus, Decision, DeploymentStatus, FinancingType, Technology
from survindex.reference.countries import resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store import repository as repo
from survindex.store.schema import ClaimRow, DeploymentRow, EditionRow, ReviewRow, VendorRow

#: Fields a reviewer may edit, with the check each value must pass.
EDITABLE = (
    "country",
    "technology",
    "vendor",
    "vendor_country",
    "city",
    "status",
    "financing_type",
    "financing_lender",
    "financing_amount_usd",
    "financing_year",
)


class ReviewError(ValueError):
    """A decision that cannot be taken (unknown claim, bad field, empty reason)."""


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    claim_id: int
    reviewer: str
    at: str
    decision: str
    reason: str
    changes: dict[str, Any]


def _claim(session: Session, claim_id: int) -> ClaimRow:
    """The claim a decision is about; claims of a fixed edition (Carnegie) are refused, because
    changing them would change that edition's findings and editions are immutable snapshots."""
    claim = session.get(ClaimRow, claim_id)
    if claim is None:
        raise ReviewError(f"no claim {claim_id}")
    if claim.edition_id is not None:
        edition = session.get(EditionRow, claim.edition_id)
        if edition is not None and edition.kind != "live":
            raise ReviewError(
                f"claim {claim_id} belongs to the immutable edition {edition.slug}; "
                "record a correction as a new claim instead"
            )
    return claim


def _refuse_no_op(claim: ClaimRow, status: ClaimStatus) -> None:
    if claim.claim_status == status.value:
        raise ReviewError(f"claim {claim.id} is already {status.value}")


def _record(
    session: Session,
    claim: ClaimRow,
    reviewer: str,
    decision: Decision,
    reason: str,
    changes: dict[str, Any],
) -> ReviewRow:
    if not reviewer.strip():
        raise ReviewError("a reviewer name is required")
    if not reason.strip():
        raise ReviewError("a reason is required for every decision")
    row = ReviewRow(
        claim_id=claim.id,
        reviewer=reviewer,
        at=repo.now(),
        decision=decision.value,
        reason=reason,
        changes=json.dumps(changes, sort_keys=True, default=str),
    )
    session.add(row)
    session.flush()
    return row


def _detach(session: Session, claim: ClaimRow) -> None:
    """Take a claim out of its deployment; drop the deployment when no claim is left in it."""
    deployment_id = claim.deployment_id
    claim.deployment_id = None
    session.flush()
    if deployment_id is None:
        return
    still_used = session.scalar(select(ClaimRow.id).where(ClaimRow.deployment_id == deployment_id))
    if still_used is None:
        deployment = session.get(DeploymentRow, deployment_id)
        if deployment is not None:
            session.delete(deployment)


def accept_claim(*, session: Session, claim_id: int, reviewer: str, reason: str) -> ReviewRow:
    claim = _claim(session, claim_id)
    _refuse_no_op(claim, ClaimStatus.ACCEPTED)
    change = {"claim_status": [claim.claim_status, ClaimStatus.ACCEPTED.value]}
    claim.claim_status = ClaimStatus.ACCEPTED.value
    repo.merge_into_deployment(session=session, claim=claim)
    return _record(session, claim, reviewer, Decision.ACCEPT, reason, change)


def reject_claim(*, session: Session, claim_id: int, reviewer: str, reason: str) -> ReviewRow:
    claim = _claim(session, claim_id)
    _refuse_no_op(claim, ClaimStatus.REJECTED)
    change = {"claim_status": [claim.claim_status, ClaimStatus.REJECTED.value]}
    claim.claim_status = ClaimStatus.REJECTED.value
    _detach(session, claim)
    return _record(session, claim, reviewer, Decision.REJECT, reason, change)


def _fixed_edition_claim(session: Session, claim_id: int) -> ClaimRow:
    """A claim that belongs to a fixed edition; retraction is only for those."""
    claim = session.get(ClaimRow, claim_id)
    if claim is None:
        raise ReviewError(f"no claim {claim_id}")
    edition = session.get(EditionRow, claim.edition_id) if claim.edition_id else None
    if edition is None or edition.kind == "live":
        raise ReviewError(f"claim {claim_id} belongs to no fixed edition: accept or reject it")
    return claim


def retract_claim(*, session: Session, claim_id: int, reviewer: str, reason: str) -> ReviewRow:
    """Take a fixed edition's claim out of `live`; its edition and that edition's findings keep it.

    This is how reviewers correct the Carnegie data in the living index without rewriting history.
    """
    claim = _fixed_edition_claim(session, claim_id)
    if not claim.in_live:
        raise ReviewError(f"claim {claim_id} is already retracted from live")
    claim.in_live = False
    _detach(session, claim)
    return _record(session, claim, reviewer, Decision.RETRACT, reason, {"in_live": [True, False]})


def restore_claim(*, session: Session, claim_id: int, reviewer: str, reason: str) -> ReviewRow:
    """Undo a retraction: the claim counts in `live` again."""
    claim = _fixed_edition_claim(session, claim_id)
    if claim.in_live:
        raise ReviewError(f"claim {claim_id} is not retracted")
    claim.in_live = True
    repo.merge_into_deployment(session=session, claim=claim)
    return _record(session, claim, reviewer, Decision.RESTORE, reason, {"in_live": [False, True]})


def _checked(session: Session, field: str, value: Any) -> tuple[str, Any]:
    """Validate one edited value; returns the column name and the value to store."""
    if value in ("", None):
        if field in ("country", "status"):
            raise ReviewError(f"{field} cannot be empty")
        return ("vendor_id" if field == "vendor" else field), None
    if field in ("country", "vendor_country"):
        return field, resolve_country_code(str(value))
    if field == "technology":
        return field, Technology(value).value
    if field == "status":
        return field, DeploymentStatus(value).value
    if field == "financing_type":
        return field, FinancingType(value).value
    if field == "vendor":
        return "vendor_id", _vendor_id(session, str(value))
    if field in ("financing_amount_usd",):
        return field, float(value)
    if field in ("financing_year",):
        return field, int(value)
    return field, str(value)


def _vendor_id(session: Session, name: str) -> int:
    """A registry vendor by name or alias, else one stored by ingesting (slug or exact name)."""
    try:
        slug = resolve_vendor(name).slug
    except LookupError:
        found = session.scalar(
            select(VendorRow.id).where(
                (VendorRow.slug == name.strip().lower())
                | (func.lower(VendorRow.name) == name.strip().lower())
            )
        )
        if found is None:
            raise
        return found
    vendor_id = session.scalar(select(VendorRow.id).where(VendorRow.slug == slug))
    if vendor_id is None:
        raise LookupError(f"vendor {slug!r} is not in the database; run `survindex init`")
    return vendor_id


def edit_claim(
    *, session: Session, claim_id: int, reviewer: str, reason: str, changes: dict[str, Any]
) -> ReviewRow:
    """Change fields of a claim; an accepted claim moves to the deployment that now fits it."""
    claim = _claim(session, claim_id)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}")
    if not changes:
        raise ReviewError("no change given")
    recorded: dict[str, Any] = {}
    for field, value in changes.items():
        try:
            column, new = _checked(session, field, value)
        except (ValueError, LookupError) as exc:
            raise ReviewError(f"bad value for {field}: {exc}") from None
        recorded[field] = [getattr(claim, column), new]
        setattr(claim, column, new)
    if claim.claim_status == ClaimStatus.ACCEPTED.value:
        _detach(session, claim)
        repo.merge_into_deployment(session=session, claim=claim)
    return _record(session, claim, reviewer, Decision.EDIT, reason, recorded)


def claim_history(*, session: Session, claim_id: int | None = None) -> list[ReviewRecord]:
    """Every decision, oldest first; for one claim when ``claim_id`` is given."""
    query = select(ReviewRow).order_by(ReviewRow.id)
    if claim_id is not None:
        query = query.where(ReviewRow.claim_id == claim_id)
    return [
        ReviewRecord(
            r.id,
            r.claim_id,
            r.reviewer,
            r.at.isoformat(timespec="seconds"),
            r.decision,
            r.reason,
            json.loads(r.changes),
        )
        for r in session.scalars(query)
    ]


def candidate_queue(*, session: Session, limit: int | None = None) -> list[ClaimRow]:
    """Candidate claims, most confident first, so reviewers' time goes where it pays most."""
    query = (
        select(ClaimRow)
        .where(ClaimRow.claim_status == ClaimStatus.CANDIDATE.value)
        .order_by(ClaimRow.confidence.desc(), ClaimRow.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
