"""Review writes need a signed-in reviewer and a CSRF token (or a Bearer token)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.seed import REVIEWERS

TOKEN = REVIEWERS["alice"]


def form_token(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match
    return match.group(1)


def sign_in(client: TestClient, reviewer: str = "alice", token: str = TOKEN) -> str:
    """Sign in through the form as a browser does; returns the session's CSRF token."""
    login_form = form_token(client.get("/review").text)
    response = client.post(
        "/review/login",
        data={"reviewer": reviewer, "token": token, "csrf": login_form},
        follow_redirects=True,
    )
    assert response.status_code == 200 and "Signed in as" in response.text
    return form_token(response.text)


def test_anonymous_visitors_cannot_write(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    response = client.post(f"/review/claims/{ids['candidate']}/accept", data={"reason": "x"})
    assert response.status_code == 401
    assert "Sign in" in client.get("/review").text
    login_form = form_token(client.get("/review").text)
    bad = client.post(
        "/review/login",
        data={"reviewer": "alice", "token": "wrong", "csrf": login_form},
        follow_redirects=True,
    )
    assert "name and token do not match" in bad.text and "Signed in as" not in bad.text


def test_write_without_csrf_is_refused(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    sign_in(client)
    response = client.post(f"/review/claims/{ids['candidate']}/accept", data={"reason": "ok"})
    assert response.status_code == 403
    response = client.post(
        f"/review/claims/{ids['candidate']}/accept", data={"reason": "ok", "csrf": "forged"}
    )
    assert response.status_code == 403


def test_accept_with_session_and_csrf(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    csrf = sign_in(client)
    page = client.post(
        f"/review/claims/{ids['candidate']}/accept",
        data={"reason": "quote checked", "csrf": csrf},
        follow_redirects=True,
    )
    assert f"Done: Accepted claim {ids['candidate']}." in page.text and "quote checked" in page.text
    accepted = client.get("/api/claims?status=accepted&country=SRB").json()["items"]
    assert ids["candidate"] in {c["id"] for c in accepted}
    statuses = {
        c["claim_status"] for c in client.get("/api/claims?status=candidate").json()["items"]
    }
    assert statuses == set()


def test_edit_and_reject_need_a_reason(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    csrf = sign_in(client)
    claim = ids["candidate"]
    page = client.post(f"/review/claims/{claim}/reject", data={"csrf": csrf}, follow_redirects=True)
    assert "A reason is required for every decision" in page.text
    page = client.post(
        f"/review/claims/{claim}/edit",
        data={"csrf": csrf, "city": "Novi Sad", "reason": "city misread"},
        follow_redirects=True,
    )
    assert f"Done: Edited claim {claim}." in page.text
    claims = client.get("/api/claims?status=candidate").json()["items"]
    assert claims[0]["city"] == "Novi Sad"


def test_bearer_token_for_scripts(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    url = f"/review/claims/{ids['candidate']}/reject"
    refused = client.post(url, data={"reason": "dup"}, headers={"Authorization": "Bearer nope"})
    assert refused.status_code == 401
    response = client.post(
        url,
        data={"reason": "duplicate"},
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    assert response.json() == {
        "claim_id": ids["candidate"],
        "action": "reject",
        "reviewer": "alice",
    }
