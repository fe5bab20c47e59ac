"""The review workflow: candidate claims become accepted or rejected, with every decision kept.

Each decision is a Review row (who, when, what changed, why). Accepting a claim merges it into
the deployment with the same country, technology and supplier, so it counts in `live` at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from survindex.domain import ClaimStatus, Decision
from survindex.domain.validation import InvalidValue, check_field, check_text
from survindex.reference.countries import AmbiguousName, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store import repository as repo
from survindex.store.dates import refresh_deployment_dates
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
    """A decision that cannot be taken (unknown claim, bad field, empty reason).

    ``code`` names the kind of refusal from :data:`REFUSALS`, so that an interface can say it
    in its own fixed words (the web page does, rather than echo text from a URL).
    """

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(message)
        self.code = code


class ClaimChanged(ReviewError):
    """Someone else changed the claim after this reviewer read it; nothing was recorded.

    Raised when the version a reviewer saw (``expected_version``) is no longer the claim's, and
    when two decisions on one claim run at once: each UPDATE of a claim requires the version it
    read (``ClaimRow.version``), so the later of two writers matches no row and is refused
    here instead of overwriting the first. ``version`` is the claim's version now (None if it
    is gone); a web client gets it with HTTP 409.
    """

    def __init__(self, claim_id: int, version: int | None) -> None:
        now = f"now version {version}" if version is not None else "it no longer exists"
        super().__init__(
            f"claim {claim_id} was changed by someone else: reload the claim ({now})", "changed"
        )
        self.claim_id = claim_id
        self.version = version


#: Every ``ReviewError.code``; "refused" is the catch-all of filters and parsing.
REFUSALS = (
    "refused",
    "no-claim",
    "fixed-edition",
    "already-decided",
    "reviewer-required",
    "reason-required",
    "not-fixed-edition",
    "already-retracted",
    "not-retracted",
    "unknown-field",
    "no-change",
    "bad-value",
    "changed",
    "no-candidate",
    "unknown-vendor",
    "vendor-exists",
)

#: Why a fixed edition's claim cannot take each decision, and what to do instead.
_FIXED_EDITION_ADVICE = {
    "accept": "it counts in `live` unless it was retracted; restore it if it was",
    "reject": "to take it out of `live`, retract it instead (its edition keeps it)",
    "edit": "to correct it in `live`, retract it and record the corrected claim as a new one",
}


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    claim_id: int
    reviewer: str
    at: str
    decision: str
    reason: str
    changes: dict[str, Any]


@contextmanager
def _no_lost_update(session: Session, claim_id: int) -> Iterator[None]:
    """Turn a lost race for a claim into :class:`ClaimChanged`, naming the version that won.

    The failed flush leaves the session unusable until it is rolled back; the rollback also
    throws away this decision's other changes (its review row, its deployment), so nothing of
    it is left half done.
    """
    try:
        yield
    except StaleDataError:
        session.rollback()
        version = session.scalar(select(ClaimRow.version).where(ClaimRow.id == claim_id))
        raise ClaimChanged(claim_id, version) from None


def _check_version(claim: ClaimRow, expected_version: int | None) -> None:
    if expected_version is not None and claim.version != expected_version:
        raise ClaimChanged(claim.id, claim.version)


def _claim(
    session: Session, claim_id: int, action: str, expected_version: int | None = None
) -> ClaimRow:
    """The claim a decision is about; claims of a fixed edition (Carnegie) are refused, because
    changing them would change that edition's findings and editions are immutable snapshots.
    The refusal says what to do instead: retracting is how such a claim leaves `live`."""
    claim = session.get(ClaimRow, claim_id)
    if claim is None:
        raise ReviewError(f"no claim {claim_id}", "no-claim")
    _check_version(claim, expected_version)
    if claim.edition_id is not None:
        edition = session.get(EditionRow, claim.edition_id)
        if edition is not None and edition.kind != "live":
            raise ReviewError(
                f"claim {claim_id} belongs to the fixed edition {edition.slug}, which never "
                f"changes; {_FIXED_EDITION_ADVICE[action]}",
                "fixed-edition",
            )
    return claim


def _refuse_no_op(claim: ClaimRow, status: ClaimStatus) -> None:
    if claim.claim_status == status.value:
        raise ReviewError(f"claim {claim.id} is already {status.value}", "already-decided")


def check_decider(reviewer: str, reason: str) -> None:
    """Every decision, on a claim or a financing record, names its reviewer and gives a reason."""
    if not reviewer.strip():
        raise ReviewError("a reviewer name is required", "reviewer-required")
    if not reason.strip():
        raise ReviewError("a reason is required for every decision", "reason-required")
    try:
        check_text(reviewer, "reviewer")
        check_text(reason, "reason")
    except InvalidValue as exc:
        raise ReviewError(f"bad value for {exc}", "bad-value") from None


def _record(
    session: Session,
    claim: ClaimRow,
    reviewer: str,
    decision: Decision,
    reason: str,
    changes: dict[str, Any],
) -> ReviewRow:
    check_decider(reviewer, reason)
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
    else:
        refresh_deployment_dates(session=session, deployment_id=deployment_id)


#: Every decision takes ``expected_version``: the claim's version (``ClaimRow.version``) as the
#: reviewer saw it. When given, a claim changed since then is refused with :class:`ClaimChanged`;
#: either way two decisions racing on one claim cannot both be recorded.


def accept_claim(
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str,
    expected_version: int | None = None,
) -> ReviewRow:
    with _no_lost_update(session, claim_id):
        claim = _claim(session, claim_id, "accept", expected_version)
        _refuse_no_op(claim, ClaimStatus.ACCEPTED)
        change = {"claim_status": [claim.claim_status, ClaimStatus.ACCEPTED.value]}
        claim.claim_status = ClaimStatus.ACCEPTED.value
        repo.merge_into_deployment(session=session, claim=claim)
        return _record(session, claim, reviewer, Decision.ACCEPT, reason, change)


def reject_claim(
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str,
    expected_version: int | None = None,
) -> ReviewRow:
    with _no_lost_update(session, claim_id):
        claim = _claim(session, claim_id, "reject", expected_version)
        _refuse_no_op(claim, ClaimStatus.REJECTED)
        change = {"claim_status": [claim.claim_status, ClaimStatus.REJECTED.value]}
        claim.claim_status = ClaimStatus.REJECTED.value
        _detach(session, claim)
        return _record(session, claim, reviewer, Decision.REJECT, reason, change)


def _fixed_edition_claim(
    session: Session, claim_id: int, expected_version: int | None = None
) -> ClaimRow:
    """A claim that belongs to a fixed edition; retraction is only for those."""
    claim = session.get(ClaimRow, claim_id)
    if claim is None:
        raise ReviewError(f"no claim {claim_id}", "no-claim")
    _check_version(claim, expected_version)
    edition = session.get(EditionRow, claim.edition_id) if claim.edition_id else None
    if edition is None or edition.kind == "live":
        raise ReviewError(
            f"claim {claim_id} belongs to no fixed edition: accept or reject it",
            "not-fixed-edition",
        )
    return claim


def retract_claim(
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str,
    expected_version: int | None = None,
) -> ReviewRow:
    """Take a fixed edition's claim out of `live`; its edition and that edition's findings keep it.

    This is how reviewers correct the Carnegie data in the living index without rewriting history.
    """
    with _no_lost_update(session, claim_id):
        claim = _fixed_edition_claim(session, claim_id, expected_version)
        if not claim.in_live:
            raise ReviewError(
                f"claim {claim_id} is already retracted from live", "already-retracted"
            )
        claim.in_live = False
        _detach(session, claim)
        change = {"in_live": [True, False]}
        return _record(session, claim, reviewer, Decision.RETRACT, reason, change)


def restore_claim(
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str,
    expected_version: int | None = None,
) -> ReviewRow:
    """Undo a retraction: the claim counts in `live` again."""
    with _no_lost_update(session, claim_id):
        claim = _fixed_edition_claim(session, claim_id, expected_version)
        if claim.in_live:
            raise ReviewError(f"claim {claim_id} is not retracted", "not-retracted")
        claim.in_live = True
        repo.merge_into_deployment(session=session, claim=claim)
        change = {"in_live": [False, True]}
        return _record(session, claim, reviewer, Decision.RESTORE, reason, change)


def _checked(session: Session, field: str, value: Any) -> tuple[str, Any]:
    """Validate one edited value; returns the column name and the value to store.

    The checks themselves live in :mod:`survindex.domain.validation`, so the command line, the
    web pages and the API refuse the same values with the same words; only the lookups that
    need the registries or the database (country, vendor) are done here.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        if field in ("country", "status"):
            raise ReviewError(f"{field} cannot be empty", "bad-value")
        return ("vendor_id" if field == "vendor" else field), None
    checked = check_field(field, value)
    if field in ("country", "vendor_country"):
        return field, resolve_country_code(str(checked))
    if field == "vendor":
        return "vendor_id", _vendor_id(session, str(checked))
    return field, checked


def _vendor_id(session: Session, name: str) -> int:
    """A registry vendor by name or alias, else one stored by ingesting (slug or exact name)."""
    try:
        slug = resolve_vendor(name).slug
    except AmbiguousName:
        raise
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
    *,
    session: Session,
    claim_id: int,
    reviewer: str,
    reason: str,
    changes: dict[str, Any],
    expected_version: int | None = None,
) -> ReviewRow:
    """Change fields of a claim; an accepted claim moves to the deployment that now fits it."""
    with _no_lost_update(session, claim_id):
        claim = _claim(session, claim_id, "edit", expected_version)
        recorded = _apply_changes(session, claim, changes)
        if claim.claim_status == ClaimStatus.ACCEPTED.value:
            _detach(session, claim)
            repo.merge_into_deployment(session=session, claim=claim)
        return _record(session, claim, reviewer, Decision.EDIT, reason, recorded)


def link_vendor(
    *,
    session: Session,
    claim_id: int,
    vendor_id: int,
    reviewer: str,
    reason: str,
    expected_version: int | None = None,
) -> ReviewRow:
    """Give a claim that names its supplier only as written the vendor reviewers decided it is.

    Called for each claim of a vendor candidate confirmed or merged
    (survindex.review.vendor_candidates); kept in the claim's history as an edit of ``vendor``
    (ids, as :func:`edit_claim` records them), and of ``vendor_country`` when the vendor's home
    country fills one the source left out. An accepted claim moves to the deployment that now
    fits it.
    """
    with _no_lost_update(session, claim_id):
        claim = _claim(session, claim_id, "edit", expected_version)
        vendor = session.get(VendorRow, vendor_id)
        if vendor is None:
            raise ReviewError(f"no vendor {vendor_id}", "bad-value")
        if claim.vendor_id == vendor_id:
            raise ReviewError(f"claim {claim_id} already names {vendor.slug}", "no-change")
        changes: dict[str, Any] = {"vendor": [claim.vendor_id, vendor_id]}
        claim.vendor_id = vendor_id
        if claim.vendor_country is None and vendor.home_country:
            changes["vendor_country"] = [None, vendor.home_country]
            claim.vendor_country = vendor.home_country
        if claim.claim_status == ClaimStatus.ACCEPTED.value:
            _detach(session, claim)
            repo.merge_into_deployment(session=session, claim=claim)
        return _record(session, claim, reviewer, Decision.EDIT, reason, changes)


def _apply_changes(session: Session, claim: ClaimRow, changes: dict[str, Any]) -> dict[str, Any]:
    """Check and set each edited field; returns {field: [old, new]} for the review row."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ReviewError(
            f"cannot edit {', '.join(unknown)}; editable: {', '.join(EDITABLE)}", "unknown-field"
        )
    if not changes:
        raise ReviewError("no change given", "no-change")
    recorded: dict[str, Any] = {}
    for field, value in changes.items():
        try:
            column, new = _checked(session, field, value)
        except InvalidValue as exc:  # its message names the field and what it accepts
            raise ReviewError(f"bad value for {exc}", "bad-value") from None
        except (ValueError, LookupError) as exc:
            raise ReviewError(f"bad value for {field}: {exc}", "bad-value") from None
        recorded[field] = [getattr(claim, column), new]
        setattr(claim, column, new)
    return recorded


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
