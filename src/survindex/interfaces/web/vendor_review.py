"""The vendor-candidate page: signed-in reviewers confirm, merge or reject the suppliers that
ingested texts name and no registry knows, as `survindex vendors ...` does.

Same rules as the claim review pages (:mod:`survindex.interfaces.web.review`): every write needs
a reviewer (session cookie plus CSRF token, or a Bearer token) and a reason, and goes through
survindex.review.vendor_candidates; after a form the browser comes back with a fixed message
code, never text from the URL.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from survindex.interfaces.api.common import dumps, get_store
from survindex.interfaces.web.notices import VENDOR_DONE, VENDOR_ERRORS, notice
from survindex.interfaces.web.pages import render
from survindex.interfaces.web.signin import current_session, login_page, reviewer_for_write
from survindex.review.vendor_candidates import (
    CandidateDecision,
    confirm_candidate,
    list_candidates,
    merge_candidate,
    reject_candidate,
)
from survindex.review.workflow import ReviewError

router = APIRouter(include_in_schema=False)
ACTIONS = ("confirm", "merge", "reject")
#: Decided candidates listed below the undecided ones, latest first.
DECIDED_SHOWN = 20


@router.get("/review/vendors", response_class=HTMLResponse)
def vendors_page(request: Request, done: str | None = None, error: str | None = None) -> Response:
    """Undecided candidates, each with its claims' quotes and the three decision forms; then
    the latest decisions."""
    current = current_session(request)
    if current is None:
        return login_page(request, error=notice(VENDOR_ERRORS, error, None))
    with get_store(request).read() as s:
        candidates = list_candidates(session=s)
        decided = [c for c in list_candidates(session=s, status=None) if c.status != "new"]
    decided.sort(key=lambda c: c.decided_at or "", reverse=True)
    return render(
        request,
        "review_vendors.html",
        reviewer=current[1].reviewer,
        csrf=current[1].csrf,
        candidates=candidates,
        decided=decided[:DECIDED_SHOWN],
        done=notice(VENDOR_DONE, done, None),
        error=notice(VENDOR_ERRORS, error, None),
    )


def _decide(action: str, fields: dict[str, str], reviewer: str, s: Session) -> CandidateDecision:
    name, reason = fields.get("name", ""), fields.get("reason", "")
    if action == "confirm":
        return confirm_candidate(
            session=s,
            name=name,
            reviewer=reviewer,
            reason=reason,
            slug=fields.get("slug") or None,
            home_country=fields.get("country") or None,
        )
    if action == "merge":
        into = fields.get("into", "")
        return merge_candidate(session=s, name=name, into=into, reviewer=reviewer, reason=reason)
    return reject_candidate(session=s, name=name, reviewer=reviewer, reason=reason)


@router.post("/review/vendors/{action}")
async def decide_vendor(request: Request, action: str) -> Response:
    """Confirm, merge or reject one candidate. Form fields: csrf, name, reason; slug and country
    (confirm, optional); into (merge). JSON clients get the outcome, or 422 with the reason."""
    if action not in ACTIONS:
        raise HTTPException(404, f"unknown action {action!r}: {', '.join(ACTIONS)}")
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    reviewer = reviewer_for_write(request, fields.get("csrf"))
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        with get_store(request).transaction() as s:
            decision = _decide(action, fields, reviewer, s)
    except ReviewError as exc:
        if wants_json:
            raise HTTPException(422, str(exc)) from None
        return RedirectResponse("/review/vendors?" + urlencode({"error": exc.code}), 303)
    request.app.state.cache.invalidate()
    if wants_json:
        body = {**asdict(decision), "action": action, "reviewer": reviewer}
        return Response(dumps(body), media_type="application/json")
    return RedirectResponse("/review/vendors?" + urlencode({"done": action}), 303)
