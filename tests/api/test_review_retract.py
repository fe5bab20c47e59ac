"""The review page retracts and restores Carnegie claims as `survindex claims retract|restore`
does, through the same workflow functions, with a reason and a CSRF token."""

from __future__ import annotations

import re
import sqlite3

from fastapi.testclient import TestClient

from api.test_review_auth import TOKEN, form_token, sign_in
from survindex.analysis.editions import findings_for
from survindex.store.database import Store

SOCIAL = "technology.social_media_surveillance"


def carnegie_claims(db: str, where: str) -> list[int]:
    query = (
        "select c.id from claims c join editions e on e.id = c.edition_id "
        f"where e.kind != 'live' and {where} order by c.id"
    )
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute(query)]


def in_live(db: str, claim_id: int) -> bool:
    with sqlite3.connect(db) as conn:
        return bool(
            conn.execute("select in_live from claims where id = ?", (claim_id,)).fetchone()[0]
        )


def live_value(db: str, finding_id: str) -> object:
    with Store(db).read() as session:
        return next(
            f.value for f in findings_for(session=session, slug="live") if f.id == finding_id
        )


def seeded_path(client: TestClient) -> str:
    """The database file behind a test client's app."""
    return str(client.app.state.store.engine.url.database)


def buttons(page: str, claim_id: int) -> set[str]:
    """The decisions the page offers for a claim: the actions its forms post to."""
    return set(re.findall(rf'action="/review/claims/{claim_id}/(\w+)"', page))


def test_retract_and_restore_from_the_review_page(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, _ids = writable_client
    db = seeded_path(client)
    kenya_social = carnegie_claims(
        db, "c.country = 'KEN' and c.technology = 'social_media_surveillance'"
    )
    assert len(kenya_social) == 2  # one from each Carnegie edition
    before = live_value(db, SOCIAL)
    csrf = sign_in(client)
    looked_up = client.get(f"/review?claim={kenya_social[0]}").text
    assert buttons(looked_up, kenya_social[0]) == {"retract"}
    for claim_id in kenya_social:
        page = client.post(
            f"/review/claims/{claim_id}/retract",
            data={"csrf": csrf, "reason": "the source disputes it"},
            follow_redirects=True,
        )
        assert f"Done: Retracted claim {claim_id} from live; its edition keeps it." in page.text
        assert buttons(page.text, claim_id) == {"restore"}
    assert live_value(db, SOCIAL) == before - 1  # type: ignore[operator]
    assert not in_live(db, kenya_social[0]) and not in_live(db, kenya_social[1])
    page = client.get("/review").text
    retracted = page.split("Retracted from live", 1)[1]
    assert f"Claim {kenya_social[0]}:" in retracted and f"Claim {kenya_social[1]}:" in retracted
    restored = client.post(
        f"/review/claims/{kenya_social[0]}/restore",
        data={"csrf": csrf, "reason": "confirmed by a second source"},
        follow_redirects=True,
    )
    assert f"Done: Restored claim {kenya_social[0]} to live." in restored.text
    assert in_live(db, kenya_social[0]) and live_value(db, SOCIAL) == before
    history = client.get(f"/review?claim={kenya_social[0]}").text.split("Recent decisions")[1]
    assert "retract" in history and "the source disputes it" in history
    assert "restore" in history and "confirmed by a second source" in history


def test_retract_needs_a_reason_and_a_csrf_token(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, _ids = writable_client
    db = seeded_path(client)
    claim_id = carnegie_claims(db, "c.country = 'KEN'")[0]
    csrf = sign_in(client)
    refused = client.post(f"/review/claims/{claim_id}/retract", data={"reason": "doubt"})
    assert refused.status_code == 403 and in_live(db, claim_id)
    page = client.post(
        f"/review/claims/{claim_id}/retract", data={"csrf": csrf}, follow_redirects=True
    )
    assert "A reason is required for every decision; nothing was recorded." in page.text
    assert in_live(db, claim_id)
    client.cookies.clear()
    anonymous = client.post(
        f"/review/claims/{claim_id}/retract", data={"reason": "x", "csrf": csrf}
    )
    assert anonymous.status_code == 401 and in_live(db, claim_id)


def test_rejecting_a_carnegie_claim_points_to_retract(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, _ids = writable_client
    db = seeded_path(client)
    claim_id = carnegie_claims(db, "c.country = 'KEN'")[0]
    csrf = sign_in(client)
    page = client.post(
        f"/review/claims/{claim_id}/reject",
        data={"csrf": csrf, "reason": "doubt"},
        follow_redirects=True,
    )
    assert "to take it out of live, retract it instead" in page.text
    assert "new claim" not in page.text
    assert buttons(page.text, claim_id) == {"retract"}  # the claim is shown with that button
    as_json = client.post(
        f"/review/claims/{claim_id}/reject",
        data={"reason": "doubt"},
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    assert as_json.status_code == 422
    assert "retract it instead" in as_json.json()["detail"] and in_live(db, claim_id)


def test_scripts_retract_with_a_bearer_token(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    db = seeded_path(client)
    claim_id = carnegie_claims(db, "c.country = 'KEN'")[0]
    response = client.post(
        f"/review/claims/{claim_id}/retract",
        data={"reason": "duplicate of a later report"},
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    assert response.json() == {"claim_id": claim_id, "action": "retract", "reviewer": "alice"}
    assert not in_live(db, claim_id)
    # An ingested claim belongs to no fixed edition: retracting it is refused, with the reason.
    refused = client.post(
        f"/review/claims/{ids['accepted']}/retract",
        data={"reason": "x"},
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"},
    )
    assert refused.status_code == 422 and "accept or reject it" in refused.json()["detail"]


def test_looking_up_a_claim_offers_only_open_decisions(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    sign_in(client)
    assert buttons(client.get(f"/review?claim={ids['accepted']}").text, ids["accepted"]) == {
        "reject",
        "edit",
    }
    assert buttons(client.get(f"/review?claim={ids['candidate']}").text, ids["candidate"]) == {
        "accept",
        "reject",
        "edit",
    }
    assert "There is no claim 987654." in client.get("/review?claim=987654").text


def test_a_claims_link_leads_a_reviewer_to_it_through_sign_in(writable_client) -> None:  # type: ignore[no-untyped-def]
    client, _ids = writable_client
    claim_id = carnegie_claims(seeded_path(client), "c.country = 'KEN'")[0]
    assert f'href="/review?claim={claim_id}"' in client.get("/countries/KEN").text
    login = client.get(f"/review?claim={claim_id}").text
    assert f'name="claim" value="{claim_id}"' in login
    signed_in = client.post(
        "/review/login",
        data={"reviewer": "alice", "token": TOKEN, "csrf": form_token(login), "claim": claim_id},
        follow_redirects=True,
    )
    assert str(signed_in.url).endswith(f"/review?claim={claim_id}")
    assert buttons(signed_in.text, claim_id) == {"retract"}
