"""The review pages: signed-in reviewers decide claims, with a reason, as `survindex claims` does.

Candidate claims are accepted, rejected or edited; a fixed edition's (Carnegie) claims are
retracted from `live` or restored. Every write needs a reviewer (session cookie plus CSRF token,
or a Bearer token; see :mod:`survindex.interfaces.web.signin`) and leaves a Review row through
the same survindex.review.workflow functions the CLI calls; anonymous visitors can only read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from survindex.analysis.queries import claims_as_dicts
from survindex.interfaces.api.common import dumps, get_store
from survindex.interfaces.api.routes import MAX_ID
from survindex.interfaces.web.notices import DONE, ERRORS, notice
from survindex.interfaces.web.pages import render
from survindex.interfaces.web.signin import current_session, login_page, reviewer_for_write
from survindex.interfaces.web.signin import router as signin_router
from survindex.interfaces.web.vendor_review import router as vendor_review_router
from survindex.review.queries import open_decisions, retracted_claims
from survindex.review.vendor_candidates import new_vendor_names
from survindex.review.workflow import (
    EDITABLE,
    ReviewError,
    accept_claim,
    candidate_queue,
    claim_history,
    edit_claim,
    reject_claim,
    restore_claim,
    retract_claim,
)
from survindex.store.schema import ClaimRow

router = APIRouter(include_in_schema=False)
router.include_router(signin_router)
router.include_router(vendor_review_router)
QUEUE_SIZE = 50
RETRACTED_SHOWN = 20
#: The decisions that take only a reason, by the name used in URLs (as `survindex claims NAME`).
SIMPLE_DECISIONS: dict[str, Callable[..., Any]] = {
    "accept": accept_claim,
    "reject": reject_claim,
    "retract": retract_claim,
    "restore": restore_claim,
}
CANDIDATE_DECISIONS = ("accept", "reject", "edit")


def _claims(session: Session, ids: list[int], decisions: tuple[str, ...]) -> list[dict[str, Any]]:
    """Claims in the order of ``ids``, each with the decisions to offer on it and, when it
    names a supplier no registry knows, that vendor candidate (name, status)."""
    if not ids:
        return []
    claims = claims_as_dicts(session=session, where=ClaimRow.id.in_(ids))
    order = {claim_id: i for i, claim_id in enumerate(ids)}
    claims.sort(key=lambda c: order[c["id"]])
    named = new_vendor_names(session=session, claim_ids=ids)
    for claim in claims:
        claim["decisions"] = decisions
        claim["new_vendor"] = named.get(claim["id"])
    return claims


def _asked(session: Session, claim_id: int | None) -> dict[str, Any] | None:
    """The claim a reviewer looked up (?claim=ID), with the decisions open on it."""
    if claim_id is None or session.get(ClaimRow, claim_id) is None:
        return None
    decisions = open_decisions(session=session, claim_id=claim_id)
    return _claims(session, [claim_id], decisions)[0]


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, done: str | None = None, error: str | None = None, claim: int | None = None
) -> Response:
    """The queue, a claim looked up by id, the retracted claims and the latest decisions.

    ``done`` and ``error`` are codes of :mod:`survindex.interfaces.web.notices`; their text is
    fixed there and never taken from the URL.
    """
    current = current_session(request)
    if current is None:
        error_text, done_text = notice(ERRORS, error, None), notice(DONE, done, None)
        return login_page(request, error=error_text, done=done_text, claim=claim)
    with get_store(request).read() as s:
        queue = [row.id for row in candidate_queue(session=s, limit=QUEUE_SIZE)]
        candidates = select(func.count(ClaimRow.id)).where(ClaimRow.claim_status == "candidate")
        retracted = retracted_claims(session=s, limit=RETRACTED_SHOWN)
        page: dict[str, Any] = {
            "claims": _claims(s, queue, CANDIDATE_DECISIONS),
            "total": s.scalar(candidates) or 0,
            "asked": _asked(s, claim),
            "retracted": _claims(s, retracted, ("restore",)),
            "history": claim_history(session=s)[-20:][::-1],
        }
    return render(
        request,
        "review.html",
        reviewer=current[1].reviewer,
        csrf=current[1].csrf,
        editable=EDITABLE,
        looked_up=claim,
        done=notice(DONE, done, claim),
        error=notice(ERRORS, error, claim),
        **page,
    )


@router.post("/review/claims/{claim_id}/{action}")
async def decide(
    request: Request, claim_id: Annotated[int, Path(ge=1, le=MAX_ID)], action: str
) -> Response:
    """Accept, reject, edit, retract or restore one claim.

    Form fields: csrf, reason, and for edits the new values. A browser is sent back to /review
    with a code saying what happened; a client asking for JSON gets the outcome, or 422 with the
    reason for a refusal (409 when someone else changed the claim meanwhile).
    """
    if action not in SIMPLE_DECISIONS and action != "edit":
        known = ", ".join([*SIMPLE_DECISIONS, "edit"])
        raise HTTPException(404, f"unknown action {action!r}: {known}")
    form = await request.form()
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    reviewer = reviewer_for_write(request, fields.get("csrf"))
    reason = fields.get("reason", "")
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        with get_store(request).transaction() as s:
            if action == "edit":
                changes = {k: fields[k] for k in EDITABLE if fields.get(k, "") != ""}
                edit_claim(
                    session=s, claim_id=claim_id, reviewer=reviewer, reason=reason, changes=changes
                )
            else:
                decide = SIMPLE_DECISIONS[action]
                decide(session=s, claim_id=claim_id, reviewer=reviewer, reason=reason)
    except ReviewError as exc:
        if wants_json:  # 409: another reviewer changed the claim meanwhile (ClaimChanged)
            raise HTTPException(409 if exc.code == "changed" else 422, str(exc)) from None
        query = urlencode({"error": exc.code, "claim": claim_id})
        return RedirectResponse(f"/review?{query}", 303)
    request.app.state.cache.invalidate()
    if wants_json:
        body = {"claim_id": claim_id, "action": action, "reviewer": reviewer}
        return Response(dumps(body), media_type="application/json")
    return RedirectResponse("/review?" + urlencode({"done": action, "claim": claim_id}), 303)
