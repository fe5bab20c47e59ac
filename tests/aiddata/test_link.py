"""Reviewers link a financing record to the deployment it pays for, with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from core.cli_run import run_main
from survindex.build import load_reference
from survindex.ingest.aiddata_import import import_aiddata
from survindex.ingest.aiddata_review import read_review
from survindex.review.financing import link_financing
from survindex.review.workflow import ReviewError, accept_claim, claim_history, reject_claim
from survindex.store.database import Store
from survindex.store.financing import financing_by_record
from survindex.store.schema import DeploymentRow

from .samples import write_review, write_workbook


@pytest.fixture()
def store(fresh_store: Store, tmp_path: Path) -> Store:
    load_reference(fresh_store)
    review = read_review(write_review(tmp_path / "review.csv"))
    import_aiddata(store=fresh_store, path=write_workbook(tmp_path / "g.xlsx"), review=review)
    return fresh_store


def _deployment(store: Store, country: str) -> int:
    with store.read() as session:
        found = session.scalar(select(DeploymentRow.id).where(DeploymentRow.country == country))
    assert found is not None
    return found


def test_a_link_is_a_decision_in_the_claims_history(store: Store) -> None:
    kenya = _deployment(store, "KEN")
    with store.transaction() as session:
        link_financing(
            session=session, record=900001, deployment_id=kenya, reviewer="ana", reason="same"
        )
    with store.read() as session:
        row = financing_by_record(session=session, aiddata_record_id=900001)
        assert row is not None and row.deployment_id == kenya
        (decision,) = claim_history(session=session, claim_id=row.claim_id)
    assert (decision.decision, decision.reviewer, decision.reason) == ("link", "ana", "same")
    assert decision.changes["financing.deployment_id"] == [None, kenya]


@pytest.mark.parametrize(
    ("record", "country", "reason", "code"),
    [
        (424242, "KEN", "why", "no-claim"),
        (900001, "ZMB", "why", "bad-value"),  # a deployment in another country
        (900001, "KEN", " ", "reason-required"),
    ],
)
def test_refusals_name_what_to_fix(
    store: Store, record: int, country: str, reason: str, code: str
) -> None:
    target = _deployment(store, country)
    with pytest.raises(ReviewError) as refused, store.transaction() as session:
        link_financing(
            session=session, record=record, deployment_id=target, reviewer="ana", reason=reason
        )
    assert refused.value.code == code


def test_a_link_to_a_deployment_that_goes_away_is_dropped_not_broken(store: Store) -> None:
    with store.read() as session:
        row = financing_by_record(session=session, aiddata_record_id=900002)
        assert row is not None
        claim_id = row.claim_id
    with store.transaction() as session:
        accept_claim(session=session, claim_id=claim_id, reviewer="ana", reason="radios")
    ecuador = _deployment(store, "ECU")
    with store.transaction() as session:
        link_financing(
            session=session, record=900002, deployment_id=ecuador, reviewer="ana", reason="it"
        )
        reject_claim(session=session, claim_id=claim_id, reviewer="ana", reason="not radios")
    with store.read() as session:
        row = financing_by_record(session=session, aiddata_record_id=900002)
        assert row is not None and row.deployment_id is None
        assert session.get(DeploymentRow, ecuador) is None


def test_the_link_command(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kenya = str(_deployment(store, "KEN"))
    db = str(store.path)
    args = ("--db", db, "financing", "link", "900001", kenya, "--reviewer", "ana")
    code, out, _ = run_main(monkeypatch, capsys, *args, "--reason", "the safe city it paid")
    assert code == 0 and f"record 900001 now pays for deployment {kenya}" in out
    code, _, err = run_main(monkeypatch, capsys, *args, "--reason", "again")
    assert code == 1 and "already linked" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run_main(
        monkeypatch, capsys, "--db", db, "financing", "show", "900001", "--format", "json"
    )
    assert code == 0 and json.loads(out)["deployment_id"] == int(kenya)
