"""The review pages: signed-in reviewers accept, reject or edit candidate claims, with a reason.

Every write needs a reviewer (session cookie plus CSRF token, or a Bearer token) and leaves a
Review row through survindex.review.workflow; anonymous visitors can only read.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select

from survindex.analysis.profiles import claims_as_dicts
from survindex.interfaces.api.common import dumps, get_store
from survindex.interfaces.web.auth import (
    COOKIE,
    SESSION_SECONDS,
    SessionData,
    Settings,
    csrf_ok,
    make_cookie,
    read_cookie,
)
from survindex.interfaces.web.pages import render
from survindex.review.workflow import (
    EDITABLE,
    ReviewError,
    accept_claim,
    candidate_queue,
    claim_history,
    edit_claim,
    reject_claim,
)
from survindex.store.schema import ClaimRow

router = APIRouter(include_in_schema=False)
QUEUE_SIZE = 50


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def current_session(request: Request) -> SessionData | None:
    return read_cookie(settings_of(request), request.cookies.get(COOKIE))


def _reviewer_for_write(request: Request, csrf: str | None) -> str:
    """The reviewer allowed to write, or 401/403: Bearer token, or cookie plus CSRF token."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        reviewer = settings_of(request).reviewer_for_token(auth[7:].strip())
        if reviewer is None:
            raise HTTPException(401, "invalid token")
        return reviewer
    session = current_session(request)
    if session is None:
        raise HTTPException(401, "sign in to review")
    if not csrf_ok(session, csrf):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return session.reviewer


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, done: str | None = None, error: str | None = None) -> Response:
    session = current_session(request)
    if session is None:
        return render(
            request,
            "login.html",
            configured=bool(settings_of(request).reviewers),
            error=error,
        )
    with get_store(request).read() as s:
        queue = candidate_queue(session=s, limit=QUEUE_SIZE)
        ids = [row.id for row in queue]
        claims = claims_as_dicts(session=s, where=ClaimRow.id.in_(ids)) if ids else []
        order = {claim_id: i for i, claim_id in enumerate(ids)}
        claims.sort(key=lambda c: order[c["id"]])
        candidates = select(func.count(ClaimRow.id)).where(ClaimRow.claim_status == "candidate")
        total = s.scalar(candidates) or 0
        history = claim_history(session=s)[-20:][::-1]
    return render(
        request,
        "review.html",
        reviewer=session.reviewer,
        csrf=session.csrf,
        claims=claims,
        total=total,
        history=history,
        editable=EDITABLE,
        done=done,
        error=error,
    )


@router.post("/review/login")
def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
    reviewer = settings_of(request).reviewer_for_token(token.strip())
    if reviewer is None:
        return RedirectResponse("/review?" + urlencode({"error": "unknown token"}), 303)
    response = RedirectResponse("/review", 303)
    response.set_cookie(
        COOKIE,
        make_cookie(settings_of(request), reviewer),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=settings_of(request).secure_cookies,
        path="/",
    )
    return response


@router.post("/review/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> Response:
    _reviewer_for_write(request, csrf)
    response = RedirectResponse("/review", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.post("/review/claims/{claim_id}/{action}")
async def decide(request: Request, claim_id: int, action: str) -> Response:
    """Accept, reject or edit one claim. Form fields: csrf, reason, and for edits the new values."""
    form = await request.form()
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    reviewer = _reviewer_for_write(request, fields.get("csrf"))
    reason = fields.get("reason", "")
    wants_json = "application/json" in request.headers.get("accept", "")
    try:
        with get_store(request).transaction() as s:
            if action == "accept":
                accept_claim(session=s, claim_id=claim_id, reviewer=reviewer, reason=reason)
            elif action == "reject":
                reject_claim(session=s, claim_id=claim_id, reviewer=reviewer, reason=reason)
            elif action == "edit":
                changes = {k: fields[k] for k in EDITABLE if fields.get(k, "") != ""}
                edit_claim(
                    session=s, claim_id=claim_id, reviewer=reviewer, reason=reason, changes=changes
                )
            else:
                raise HTTPException(404, f"unknown action {action!r}: accept, reject or edit")
    except ReviewError as exc:
        if wants_json:
            raise HTTPException(422, str(exc)) from None
        return RedirectResponse("/review?" + urlencode({"error": str(exc)}), 303)
    request.app.state.cache.invalidate()
    if wants_json:
        body = {"claim_id": claim_id, "action": action, "reviewer": reviewer}
        return Response(dumps(body), media_type="application/json")
    return RedirectResponse("/review?" + urlencode({"done": f"{action} claim {claim_id}"}), 303)
