"""Sign-in hardening: failed attempts are rate-limited, signing out ends the session on the
server, the sign-in form has a CSRF token, and /review prints no text taken from its URL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from api.seed import REVIEWERS, seed_db
from api.test_review_auth import TOKEN, form_token, sign_in
from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.auth import COOKIE, Settings
from survindex.interfaces.web.notices import ERRORS
from survindex.interfaces.web.sessions import SESSION_SECONDS, FakeClock
from survindex.review.workflow import REFUSALS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("signin") / "signin.db")
    seed_db(path)
    return path


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture()
def app(db: str, clock: FakeClock) -> FastAPI:
    """A fresh app per test: sessions and failure counts live in the app."""
    return create_app(db, settings=Settings(reviewers=dict(REVIEWERS)), clock=clock)


@pytest.fixture()
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def from_address(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def attempt(client: TestClient, reviewer: str = "alice", token: str = "wrong") -> Response:
    """One sign-in through the form, as a browser makes it (fresh form, its CSRF token)."""
    csrf = form_token(client.get("/review").text)
    return client.post(
        "/review/login",
        data={"reviewer": reviewer, "token": token, "csrf": csrf},
        follow_redirects=False,
    )


def test_failed_sign_ins_are_limited_per_address(app: FastAPI, clock: FakeClock) -> None:
    client = from_address(app, "203.0.113.7")
    for name in ("alice", "bob", "carol", "dave", "erin"):  # a different name each time
        assert attempt(client, name).status_code == 303
    blocked = attempt(client, "frank", TOKEN)
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == "60"
    assert "Too many failed sign-ins; try again in 60 seconds." in blocked.text
    # Even the right token waits: the limit is checked before the token.
    assert attempt(client, "alice", TOKEN).status_code == 429
    # Another address is not held up by this one.
    assert attempt(from_address(app, "198.51.100.1"), "alice", TOKEN).status_code == 303
    clock.now += 30
    assert attempt(client, "alice", TOKEN).headers["Retry-After"] == "30"
    clock.now += 30
    assert attempt(client, "alice", TOKEN).status_code == 303
    assert "Signed in as" in client.get("/review").text


def test_failed_sign_ins_are_limited_per_reviewer_name(app: FastAPI, clock: FakeClock) -> None:
    for i in range(5):  # five machines, one guess each, all at alice's account
        attempt(from_address(app, f"192.0.2.{i}"), "alice")
    elsewhere = from_address(app, "192.0.2.99")
    blocked = attempt(elsewhere, "alice", TOKEN)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "60"
    clock.now += 61
    assert attempt(elsewhere, "alice", TOKEN).status_code == 303


def test_bad_bearer_tokens_are_limited_too(client: TestClient, clock: FakeClock) -> None:
    url = "/review/claims/1/retract"
    bad = {"Authorization": "Bearer guess", "Accept": "application/json"}
    for _ in range(5):
        assert client.post(url, data={"reason": "x"}, headers=bad).status_code == 401
    blocked = client.post(url, data={"reason": "x"}, headers=bad)
    assert blocked.status_code == 429 and blocked.headers["Retry-After"] == "60"
    good = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    assert client.post(url, data={"reason": "x"}, headers=good).status_code == 429
    clock.now += 60
    assert client.post(url, data={"reason": ""}, headers=good).status_code == 422  # let in


def test_signing_out_ends_the_session_on_the_server(client: TestClient) -> None:
    csrf = sign_in(client)
    copied = client.cookies.get(COOKIE)
    assert copied
    out = client.post("/review/logout", data={"csrf": csrf}, follow_redirects=True)
    assert "Signed out." in out.text and "Signed in as" not in out.text
    client.cookies.set(COOKIE, copied)  # the cookie kept by a copy, or by a careless browser
    assert "Signed in as" not in client.get("/review").text
    refused = client.post("/review/claims/1/retract", data={"csrf": csrf, "reason": "x"})
    assert refused.status_code == 401


def test_sessions_expire(client: TestClient, clock: FakeClock) -> None:
    sign_in(client)
    clock.now += SESSION_SECONDS - 1
    assert "Signed in as" in client.get("/review").text
    clock.now += 2
    assert "Signed in as" not in client.get("/review").text


def test_a_forged_session_cookie_signs_no_one_in(client: TestClient) -> None:
    sign_in(client)
    session_id, _, _signature = (client.cookies.get(COOKIE) or "").rpartition(".")
    client.cookies.set(COOKIE, f"{session_id}.{'0' * 64}")
    assert "Signed in as" not in client.get("/review").text


def test_the_sign_in_form_needs_its_csrf_token(client: TestClient) -> None:
    missing = client.post("/review/login", data={"reviewer": "alice", "token": TOKEN})
    assert "The sign-in form had expired" in missing.text and "Signed in as" not in missing.text
    client.get("/review")  # sets the form's cookie; a forged form does not know its value
    forged = client.post(
        "/review/login", data={"reviewer": "alice", "token": TOKEN, "csrf": "forged"}
    )
    assert "Signed in as" not in forged.text and COOKIE not in client.cookies


@pytest.mark.parametrize(
    "query",
    [
        "error=Your+token+expired%3A+mail+it+to+evil%40example.org",
        "done=Your+token+expired%3A+mail+it+to+evil%40example.org",
        "error=%3Cb%3Email+it%3C%2Fb%3E",
    ],
)
def test_review_page_prints_no_text_from_its_url(client: TestClient, query: str) -> None:
    for signed_in in (False, True):
        if signed_in:
            sign_in(client)
        page = client.get(f"/review?{query}").text
        assert "mail it" not in page and "evil@example.org" not in page


def test_review_page_explains_known_codes_in_fixed_words(client: TestClient) -> None:
    sign_in(client)
    page = client.get("/review?error=reason-required&claim=12").text
    assert "A reason is required for every decision; nothing was recorded." in page
    page = client.get("/review?error=fixed-edition&claim=12").text
    assert "Claim 12 belongs to a fixed (Carnegie) edition" in page and "retract it" in page


def test_every_refusal_has_a_fixed_message() -> None:
    assert set(REFUSALS) <= set(ERRORS)


def test_failure_counts_forget_quiet_keys() -> None:
    from survindex.interfaces.web import sessions

    clock = FakeClock()
    limit = sessions.FailureLimit(clock=clock)
    for i in range(sessions.MAX_KEYS):
        limit.fail(f"name-{i}")
    clock.now += sessions.WINDOW_SECONDS + 1
    limit.fail("one more")
    assert len(limit._failures) == 1  # the stale ones were dropped to make room
