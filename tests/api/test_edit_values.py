"""The web review edit refuses what the command line refuses, with the same words (422, not 500)."""

from __future__ import annotations

import pytest

from api.seed import REVIEWERS

HEADERS = {"Authorization": f"Bearer {REVIEWERS['alice']}", "Accept": "application/json"}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("financing_amount_usd", "1e999", "from 0 to 1e+13"),
        ("financing_amount_usd", "nan", "from 0 to 1e+13"),
        ("financing_year", "99999999999999999999", "give a year from 1990"),
        ("financing_year", "-5", "give a year from 1990"),
        ("financing_type", "bogus", "use one of loan, soft_loan"),
    ],
)
def test_bad_edit_is_a_clear_422(writable_client, field: str, value: str, words: str) -> None:  # type: ignore[no-untyped-def]
    client, ids = writable_client
    claim = ids["candidate"]
    before = client.get(f"/api/claims/{claim}").json()
    response = client.post(
        f"/review/claims/{claim}/edit",
        data={field: value, "reason": "typo test"},
        headers=HEADERS,
    )
    assert response.status_code == 422, response.text
    assert field in response.json()["detail"] and words in response.json()["detail"]
    assert client.get(f"/api/claims/{claim}").json() == before
