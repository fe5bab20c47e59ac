"""`survindex review`: the terminal loop, driven by feeding its prompts through stdin."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from typer.testing import CliRunner

from survindex.domain import Technology
from survindex.interfaces.cli import app
from survindex.store.database import Store
from survindex.store.schema import ClaimRow

AddCandidate = Callable[..., int]
runner = CliRunner()


def review(db: str, keys: str, *extra: str) -> Any:
    return runner.invoke(app, ["--db", db, "review", "--reviewer", "eve", *extra], input=keys)


def status_of(db: str, claim_id: int) -> str:
    with Store(db).read() as session:
        return session.scalars(select(ClaimRow.claim_status).where(ClaimRow.id == claim_id)).one()


def history(db: str, claim_id: int) -> list[dict[str, Any]]:
    result = runner.invoke(
        app, ["--db", db, "claims", "history", str(claim_id), "--format", "json"]
    )
    return json.loads(result.stdout)


def test_edit_then_accept(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    keys = "e\ncity=Dodoma\n\ncity named in para 3\na\nexplicit quote\n"
    result = review(review_db, keys)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "»Officials said Huawei installed a lawful interception" in flat
    assert "accepted 1, rejected 0, skipped 0; 0 candidate claims left" in flat
    assert status_of(review_db, claim_id) == "accepted"
    decisions = history(review_db, claim_id)
    assert [d["decision"] for d in decisions] == ["edit", "accept"]
    assert decisions[0]["changes"] == {"city": [None, "Dodoma"]}
    assert {d["reviewer"] for d in decisions} == {"eve"}


def test_reject_asks_again_for_an_empty_reason(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = review(review_db, "r\n\nnot a state deployment\n")
    assert result.exit_code == 0, result.output
    assert status_of(review_db, claim_id) == "rejected"
    assert history(review_db, claim_id)[0]["reason"] == "not a state deployment"


def test_skip_quit_and_end_of_input_decide_nothing(
    review_db: str, add_candidate: AddCandidate
) -> None:
    first = add_candidate()
    second = add_candidate(country="UGA", technology=Technology.SAFE_CITY)
    result = review(review_db, "x\ns\nq\n")  # an unknown key is asked again
    assert result.exit_code == 0, result.output
    assert "skipped 1" in result.stdout and "2 candidate claims left" in result.stdout
    cut = review(review_db, "a\n")  # input ends at the reason prompt: nothing is recorded
    assert cut.exit_code == 0, cut.output
    assert status_of(review_db, first) == status_of(review_db, second) == "candidate"
    assert history(review_db, first) == history(review_db, second) == []


def test_filters_and_empty_queue(review_db: str, add_candidate: AddCandidate) -> None:
    add_candidate()
    result = review(review_db, "", "--country", "Uganda")
    assert result.exit_code == 0 and "no candidate claims to review" in result.stdout


def test_bad_edit_is_reported_and_claim_stays(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = review(review_db, "e\ntechnology=drones\n\ntry\nq\n")
    assert result.exit_code == 0, result.output
    assert "not recorded" in result.stderr
    assert status_of(review_db, claim_id) == "candidate" and history(review_db, claim_id) == []


def test_markup_in_documents_is_printed_as_text(
    review_db: str, add_candidate: AddCandidate
) -> None:
    quote = "Huawei installed [bold]lawful interception[/bold] for Tanzania [/]."
    claim_id = add_candidate(text="Intro [red]not red. " + quote, quote=quote)
    result = review(review_db, "q\n")
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "Intro [red]not red. »Huawei installed [bold]lawful interception[/bold]" in flat
    shown = runner.invoke(app, ["--db", review_db, "claims", "show", str(claim_id)])
    assert shown.exit_code == 0 and "[/]" in shown.stdout
