"""The review workflow on SQLite and on PostgreSQL: accept, edit, reject, retract, restore."""

from __future__ import annotations

import json

from sqlalchemy import select
from typer.testing import CliRunner

from backends.claims import INTERCEPTION, SOCIAL, add_candidate, carnegie_claim, finding
from survindex.interfaces.cli import app
from survindex.review.workflow import (
    claim_history,
    edit_claim,
    reject_claim,
    restore_claim,
    retract_claim,
)
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DeploymentRow

runner = CliRunner()


def test_a_candidate_round_trip(writable: str) -> None:
    claim_id = add_candidate(writable)
    assert finding(writable, INTERCEPTION) == (0, ())
    accepted = runner.invoke(
        app,
        ["--db", writable, "claims", "accept", str(claim_id), "--reason", "explicit"]
        + ["--reviewer", "ana"],
    )
    assert accepted.exit_code == 0, accepted.output
    assert finding(writable, INTERCEPTION) == (1, ("TZA",))

    store = Store(writable)
    with store.transaction() as session:
        edit_claim(
            session=session,
            claim_id=claim_id,
            reviewer="ben",
            reason="the article names the city",
            changes={"city": "Dodoma"},
        )
    with store.read() as session:
        claim = session.get(ClaimRow, claim_id)
        assert claim is not None and claim.city == "Dodoma" and claim.deployment_id is not None
        deployment = session.get(DeploymentRow, claim.deployment_id)
        assert deployment is not None and deployment.city == "Dodoma"
        assert claim.version > 1
    with store.transaction() as session:
        reject_claim(session=session, claim_id=claim_id, reviewer="cy", reason="a rumour")
    assert finding(writable, INTERCEPTION) == (0, ())
    with store.read() as session:
        history = claim_history(session=session, claim_id=claim_id)
        left = session.scalar(select(DeploymentRow.id).where(DeploymentRow.country == "TZA"))
    assert [(h.reviewer, h.decision) for h in history] == [
        ("ana", "accept"),
        ("ben", "edit"),
        ("cy", "reject"),
    ]
    assert history[1].changes == {"city": [None, "Dodoma"]}
    assert left is None
    shown = runner.invoke(
        app, ["--db", writable, "claims", "history", str(claim_id), "--format", "json"]
    )
    assert [h["decision"] for h in json.loads(shown.stdout)] == ["accept", "edit", "reject"]
    store.engine.dispose()


def test_retract_and_restore_carnegie_claims(writable: str) -> None:
    kenya_social = [
        carnegie_claim(writable, "KEN", "social_media_surveillance", edition)
        for edition in ("aigs-2022", "aigs-v1")
    ]
    live_before, edition_before = finding(writable, SOCIAL), finding(writable, SOCIAL, "aigs-2022")
    assert "KEN" in live_before[1]
    store = Store(writable)
    for claim_id in kenya_social:
        with store.transaction() as session:
            retract_claim(session=session, claim_id=claim_id, reviewer="ana", reason="disputed")
    value, countries = finding(writable, SOCIAL)
    assert value == live_before[0] - 1 and "KEN" not in countries  # type: ignore[operator]
    assert finding(writable, SOCIAL, "aigs-2022") == edition_before
    with store.transaction() as session:
        restore_claim(session=session, claim_id=kenya_social[0], reviewer="ben", reason="confirmed")
    assert finding(writable, SOCIAL) == live_before
    with store.read() as session:
        claim = session.get(ClaimRow, kenya_social[0])
        assert claim is not None and claim.in_live and claim.deployment_id is not None
        history = claim_history(session=session, claim_id=kenya_social[0])
    assert [h.decision for h in history] == ["retract", "restore"]
    store.engine.dispose()
