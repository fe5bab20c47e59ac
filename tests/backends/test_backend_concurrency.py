"""Two reviewers deciding the same claim at once: one wins, the other is told, nothing is lost.

Each test uses real concurrent connections: two threads, each with its own session, both read
the claim, meet at a barrier, then both write. SQLite serialises the writes (the second waits
for the first's lock); PostgreSQL makes the second UPDATE wait for the first's row lock. Either
way the second finds the claim at a newer version than it read, and is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from api.seed import REVIEWERS
from backends.claims import add_candidate
from survindex.interfaces import cli_review
from survindex.interfaces.api.app import create_app
from survindex.interfaces.cli import app as cli_app
from survindex.interfaces.web import review as web_review
from survindex.interfaces.web.auth import Settings
from survindex.review.workflow import (
    ClaimChanged,
    accept_claim,
    edit_claim,
    reject_claim,
)
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, ReviewRow

Decide = Callable[[Session], Any]


def _race(store: Store, claim_id: int, decisions: list[Decide]) -> list[BaseException | None]:
    """Run the decisions at once, each in its own thread and session, after each has read the
    claim; returns what each raised (None for success)."""
    both_read = threading.Barrier(len(decisions), timeout=60)
    outcomes: list[BaseException | None] = [None] * len(decisions)

    def run(i: int) -> None:
        try:
            with store.transaction() as session:
                seen = session.get(ClaimRow, claim_id)  # held, or the session forgets it
                both_read.wait()
                decisions[i](session)
                del seen
        except BaseException as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(decisions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a reviewer's write never finished"
    return outcomes


def _reviews(store: Store, claim_id: int) -> list[tuple[str, str]]:
    with store.read() as session:
        rows = session.scalars(
            select(ReviewRow).where(ReviewRow.claim_id == claim_id).order_by(ReviewRow.id)
        )
        return [(row.reviewer, row.decision) for row in rows]


def _claim(store: Store, claim_id: int) -> ClaimRow:
    with store.read() as session:
        claim = session.get(ClaimRow, claim_id)
        assert claim is not None
        return claim


def _one_winner(outcomes: list[BaseException | None]) -> tuple[int, ClaimChanged]:
    """The index of the decision that won, and the other's refusal."""
    won = [i for i, outcome in enumerate(outcomes) if outcome is None]
    lost = [outcome for outcome in outcomes if outcome is not None]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert isinstance(lost[0], ClaimChanged), repr(lost[0])
    return won[0], lost[0]


def test_two_edits_at_once_lose_no_update(writable: str) -> None:
    claim_id = add_candidate(writable)
    store = Store(writable)
    version = _claim(store, claim_id).version
    cities = ["Dodoma", "Arusha"]
    outcomes = _race(
        store,
        claim_id,
        [
            lambda s, city=city, who=who: edit_claim(
                session=s, claim_id=claim_id, reviewer=who, reason="named", changes={"city": city}
            )
            for city, who in zip(cities, ["ana", "ben"], strict=True)
        ],
    )
    winner, refusal = _one_winner(outcomes)
    claim = _claim(store, claim_id)
    assert claim.city == cities[winner]  # the winner's edit stands, whole
    assert claim.version > version
    assert refusal.code == "changed" and refusal.version == claim.version
    assert str(refusal) == (
        f"claim {claim_id} was changed by someone else: reload the claim "
        f"(now version {claim.version})"
    )
    assert _reviews(store, claim_id) == [(["ana", "ben"][winner], "edit")]
    store.engine.dispose()


def test_accept_and_reject_at_once_record_exactly_one(writable: str) -> None:
    claim_id = add_candidate(writable)
    store = Store(writable)
    outcomes = _race(
        store,
        claim_id,
        [
            lambda s: accept_claim(session=s, claim_id=claim_id, reviewer="ana", reason="yes"),
            lambda s: reject_claim(session=s, claim_id=claim_id, reviewer="ben", reason="no"),
        ],
    )
    winner, _refusal = _one_winner(outcomes)
    claim = _claim(store, claim_id)
    assert claim.claim_status == ["accepted", "rejected"][winner]
    assert (claim.deployment_id is not None) == (winner == 0)
    assert _reviews(store, claim_id) == [[("ana", "accept")], [("ben", "reject")]][winner]
    store.engine.dispose()


def test_a_decision_on_a_version_already_changed_is_refused(writable: str) -> None:
    claim_id = add_candidate(writable)
    store = Store(writable)
    seen = _claim(store, claim_id).version
    with store.transaction() as session:
        accept_claim(session=session, claim_id=claim_id, reviewer="ana", reason="yes")
    now = _claim(store, claim_id).version
    with pytest.raises(ClaimChanged, match=f"now version {now}"), store.transaction() as session:
        reject_claim(
            session=session, claim_id=claim_id, reviewer="ben", reason="no", expected_version=seen
        )
    with store.transaction() as session:  # with the version it has now, it goes through
        reject_claim(
            session=session, claim_id=claim_id, reviewer="ben", reason="no", expected_version=now
        )
    assert [d for _who, d in _reviews(store, claim_id)] == ["accept", "reject"]
    store.engine.dispose()


def _edited_meanwhile(db: str, claim_id: int, decide: Callable[..., Any]) -> Callable[..., Any]:
    """``decide``, after the request's session has read the claim and another reviewer has
    edited it: the race, made deterministic."""

    def racing(*, session: Session, **kwargs: Any) -> Any:
        seen = session.get(ClaimRow, claim_id)  # held: the session keeps what it read
        other = Store(db)
        with other.transaction() as meanwhile:
            edit_claim(
                session=meanwhile,
                claim_id=claim_id,
                reviewer="zoe",
                reason="meanwhile",
                changes={"city": "Mwanza"},
            )
        other.engine.dispose()
        try:
            return decide(session=session, **kwargs)
        finally:
            del seen

    return racing


def test_the_web_review_answers_409(writable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    claim_id = add_candidate(writable)
    racing = _edited_meanwhile(writable, claim_id, accept_claim)
    monkeypatch.setitem(web_review.SIMPLE_DECISIONS, "accept", racing)
    token = next(iter(REVIEWERS.values()))
    application = create_app(writable, settings=Settings(reviewers=dict(REVIEWERS)))
    with TestClient(application) as client:
        response = client.post(
            f"/review/claims/{claim_id}/accept",
            data={"reason": "quote is explicit"},
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )
    version = _claim(application.state.store, claim_id).version
    assert response.status_code == 409, response.text
    assert response.json()["detail"] == (
        f"claim {claim_id} was changed by someone else: reload the claim (now version {version})"
    )
    assert _reviews(application.state.store, claim_id) == [("zoe", "edit")]
    application.state.store.engine.dispose()


def test_the_cli_says_it_in_one_line(writable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    claim_id = add_candidate(writable)
    _decide, done, help_text = cli_review.SIMPLE_DECISIONS["reject"]
    racing = _edited_meanwhile(writable, claim_id, reject_claim)
    monkeypatch.setitem(cli_review.SIMPLE_DECISIONS, "reject", (racing, done, help_text))
    result = CliRunner().invoke(
        cli_app,
        ["--db", writable, "claims", "reject", str(claim_id), "--reason", "no"]
        + ["--reviewer", "ben"],
    )
    assert result.exit_code == 1, result.output
    store = Store(writable)
    version = _claim(store, claim_id).version
    assert result.stderr.strip().splitlines() == [
        f"error: claim {claim_id} was changed by someone else: reload the claim "
        f"(now version {version})"
    ]
    assert _reviews(store, claim_id) == [("zoe", "edit")]
    store.engine.dispose()
