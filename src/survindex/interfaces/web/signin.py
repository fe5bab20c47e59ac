"""Signing in to and out of the review pages, and who may write.

A reviewer signs in with their name and token through a form protected by its own CSRF token (a
random value both in a cookie and in the form, which another site can neither read nor set), so
no other page can sign a visitor in under someone else's account. Failed attempts are counted
per client address and per reviewer name (:class:`SignInGuard`); past the limit the answer is
429 with Retry-After, for the form and for Bearer tokens alike. Signing out closes the session on
the server, so a copied cookie stops working too.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from survindex.interfaces.web.auth import (
    COOKIE,
    LOGIN_COOKIE,
    Settings,
    cookie_for,
    reviewer_for_login,
    session_id_in,
    tokens_match,
)
from survindex.interfaces.web.notices import TOO_MANY_FAILURES
from survindex.interfaces.web.pages import render
from survindex.interfaces.web.sessions import SESSION_SECONDS, SessionData, SignInGuard

router = APIRouter(include_in_schema=False)
#: How long the sign-in form stays valid.
LOGIN_FORM_SECONDS = 3600


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def guard_of(request: Request) -> SignInGuard:
    guard: SignInGuard = request.app.state.sign_in
    return guard


def client_address(request: Request) -> str:
    """The address failures are counted against; behind a proxy, every client shares the
    proxy's (forwarded headers are not trusted, since anyone can send them)."""
    return request.client.host if request.client else "unknown"


def current_session(request: Request) -> tuple[str, SessionData] | None:
    """The open session the cookie names (id and data), while its reviewer is still configured."""
    session_id = session_id_in(settings_of(request), request.cookies.get(COOKIE))
    if session_id is None:
        return None
    session = guard_of(request).sessions.get(session_id)
    if session is None or session.reviewer not in settings_of(request).reviewers:
        return None
    return session_id, session


def reviewer_for_write(request: Request, csrf: str | None) -> str:
    """The reviewer allowed to write: a Bearer token, or a session plus its CSRF token.

    Raises 429 while the client is over the limit of failed tokens, else 401 or 403.
    """
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        address = client_address(request)
        wait = guard_of(request).retry_after(address)
        if wait is not None:
            message = TOO_MANY_FAILURES.format(seconds=wait)
            raise HTTPException(429, message, headers={"Retry-After": str(wait)})
        reviewer = settings_of(request).reviewer_for_token(auth[7:].strip())
        if reviewer is None:
            guard_of(request).failed(address)
            raise HTTPException(401, "invalid token")
        return reviewer
    current = current_session(request)
    if current is None:
        raise HTTPException(401, "sign in to review")
    if not tokens_match(current[1].csrf, csrf):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return current[1].reviewer


def _set_cookie(request: Request, response: Response, name: str, value: str, age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=age,
        httponly=True,
        samesite="strict",
        secure=settings_of(request).secure_cookies,
        path="/",
    )


def _delete_cookie(request: Request, response: Response, name: str) -> None:
    # The same flags as when it was set, so that a Secure cookie is replaced, not left standing.
    response.delete_cookie(
        name, path="/", httponly=True, samesite="strict", secure=settings_of(request).secure_cookies
    )


def login_page(
    request: Request,
    *,
    error: str | None = None,
    done: str | None = None,
    status: int = 200,
    retry_after: int | None = None,
    claim: int | None = None,
) -> Response:
    """The sign-in form, with a fresh CSRF token in the form and in a cookie; ``claim`` is the
    claim to show once signed in (a reviewer who followed a claim's link gets to it)."""
    form_token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        status=status,
        configured=bool(settings_of(request).reviewers),
        csrf=form_token,
        error=error,
        done=done,
        claim=claim,
    )
    _set_cookie(request, response, LOGIN_COOKIE, form_token, LOGIN_FORM_SECONDS)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/review/login")
def login(
    request: Request,
    reviewer: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
    claim: Annotated[int | None, Form()] = None,
) -> Response:
    if not tokens_match(request.cookies.get(LOGIN_COOKIE, ""), csrf):
        return RedirectResponse("/review?error=login-expired", 303)
    guard, address, name = guard_of(request), client_address(request), reviewer.strip()
    wait = guard.retry_after(address, name)
    if wait is not None:
        message = TOO_MANY_FAILURES.format(seconds=wait)
        return login_page(request, error=message, status=429, retry_after=wait, claim=claim)
    found = reviewer_for_login(settings_of(request), name, token.strip())
    if found is None:
        guard.failed(address, name)
        return RedirectResponse("/review?error=sign-in-failed", 303)
    guard.succeeded(found)
    session_id, _ = guard.sessions.open(found)
    response = RedirectResponse(f"/review?claim={claim}" if claim else "/review", 303)
    cookie = cookie_for(settings_of(request), session_id)
    _set_cookie(request, response, COOKIE, cookie, SESSION_SECONDS)
    _delete_cookie(request, response, LOGIN_COOKIE)
    return response


@router.post("/review/logout")
def logout(request: Request, csrf: Annotated[str | None, Form()] = None) -> Response:
    reviewer_for_write(request, csrf)
    current = current_session(request)
    if current is not None:
        guard_of(request).sessions.close(current[0])
    response = RedirectResponse("/review?done=signed-out", 303)
    _delete_cookie(request, response, COOKIE)
    return response
