"""The review pages: a "new vendor" badge on claims naming a candidate, and /review/vendors with
its confirm, merge and reject forms (signed-in reviewers, CSRF), escaping hostile names."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.auth import Settings
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, VendorCandidateRow

from .conftest import Ingest, Named

HOSTILE = "<script>x</script> Ltd"
REVIEWERS = {"alice": "alice-token-123"}


def form_token(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match
    return match.group(1)


@pytest.fixture()
def client(db: str, ingest: Ingest) -> Iterator[TestClient]:
    ingest(
        Named(f"{HOSTILE} installed cameras in Nairobi.", HOSTILE),
        Named("Acme Vision Ltd installed cameras in Mombasa.", "Acme Vision Ltd"),
    )
    app = create_app(db, settings=Settings(reviewers=dict(REVIEWERS)))
    with TestClient(app) as c:
        yield c


def sign_in(client: TestClient) -> str:
    login = form_token(client.get("/review").text)
    page = client.post(
        "/review/login",
        data={"reviewer": "alice", "token": REVIEWERS["alice"], "csrf": login},
        follow_redirects=True,
    )
    assert "Signed in as" in page.text
    return form_token(page.text)


def test_pages_need_sign_in_and_escape_hostile_names(client: TestClient) -> None:
    anonymous = client.get("/review/vendors")
    assert anonymous.status_code == 200 and "Sign in" in anonymous.text
    assert "x</script>" not in anonymous.text
    sign_in(client)
    queue = client.get("/review").text
    assert "new vendor: &lt;script&gt;x&lt;/script&gt; Ltd" in queue
    assert "new vendor: Acme Vision Ltd" in queue
    assert "<script>x</script>" not in queue
    page = client.get("/review/vendors")
    assert page.status_code == 200
    assert "&lt;script&gt;x&lt;/script&gt; Ltd" in page.text
    assert "<script>x</script>" not in page.text
    assert page.text.count('action="/review/vendors/confirm"') == 2
    assert "Acme Vision Ltd installed cameras in Mombasa." in page.text


def test_forms_decide_with_csrf_only(client: TestClient, db: str) -> None:
    response = client.post(
        "/review/vendors/reject", data={"name": HOSTILE, "reason": "not a company"}
    )
    assert response.status_code == 401
    csrf = sign_in(client)
    forged = client.post(
        "/review/vendors/reject", data={"name": HOSTILE, "reason": "x", "csrf": "forged"}
    )
    assert forged.status_code == 403
    page = client.post(
        "/review/vendors/reject",
        data={"name": HOSTILE, "reason": "a script, not a company", "csrf": csrf},
        follow_redirects=True,
    )
    assert "Done: Rejected the candidate and its pending claims." in page.text
    assert "a script, not a company" in page.text and "<script>x</script>" not in page.text
    again = client.post(
        "/review/vendors/confirm",
        data={"name": HOSTILE, "reason": "r", "csrf": csrf},
        follow_redirects=True,
    )
    assert "That vendor candidate is already decided; nothing was recorded." in again.text
    merged = client.post(
        "/review/vendors/merge",
        data={"name": "Acme Vision Ltd", "into": "hikvision", "reason": "same", "csrf": csrf},
        headers={"accept": "application/json"},
    )
    assert merged.status_code == 200
    assert merged.json()["vendor_slug"] == "hikvision" and merged.json()["reviewer"] == "alice"
    with Store(db).read() as s:
        rows = s.execute(select(VendorCandidateRow.name, VendorCandidateRow.status))
        statuses = {name: status for name, status in rows}
        rejected = s.scalar(
            select(ClaimRow.claim_status).where(ClaimRow.vendor_name_in_source == HOSTILE)
        )
    assert statuses == {HOSTILE: "rejected", "Acme Vision Ltd": "merged"}
    assert rejected == "rejected"
    refused = client.post(
        "/review/vendors/merge",
        data={"name": "Nobody", "into": "hikvision", "reason": "r", "csrf": csrf},
        headers={"accept": "application/json"},
    )
    assert refused.status_code == 422 and "no vendor candidate 'Nobody'" in refused.json()["detail"]
