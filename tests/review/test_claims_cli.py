"""`survindex claims list|show|accept|reject|edit|history`: decisions without prompts."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from survindex.analysis.editions import findings_for
from survindex.domain import Technology
from survindex.interfaces.cli import app
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DeploymentRow, ReviewRow, VendorRow

AddCandidate = Callable[..., int]
QUOTE = "Officials said Huawei installed a lawful interception platform for the Tanzanian police."

runner = CliRunner()


def run(db: str, *args: str, **kwargs: Any) -> Any:
    return runner.invoke(app, ["--db", db, *args], **kwargs)


def live_value(db: str, finding_id: str) -> int | float | None:
    with Store(db).read() as session:
        return next(
            f.value for f in findings_for(session=session, slug="live") if f.id == finding_id
        )


def test_list_filters_and_json(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = run(review_db, "claims", "list", "--status", "candidate", "--format", "json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    assert [c["id"] for c in claims] == [claim_id]
    assert claims[0]["vendor"] == "Huawei" and claims[0]["evidence"]["quote"] == QUOTE
    by_country = run(review_db, "claims", "list", "--country", "Tanzania", "--status", "candidate")
    assert by_country.exit_code == 0 and f"{claim_id}" in by_country.stdout
    wrong = run(
        review_db,
        "claims",
        "list",
        "--country",
        "Tanzania",
        "--vendor",
        "Hikvision",
        "--status",
        "candidate",
        "--format",
        "json",
    )
    assert json.loads(wrong.stdout) == []
    bad = run(review_db, "claims", "list", "--status", "maybe")
    assert bad.exit_code == 1 and "unknown status" in bad.stderr


def test_show_highlights_quote_in_context(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = run(review_db, "claims", "show", str(claim_id))
    assert result.exit_code == 0, result.output
    flat = " ".join(result.stdout.replace("│", " ").split())
    assert "»Officials said Huawei installed" in flat and "Background paragraph" in flat
    detail = json.loads(run(review_db, "claims", "show", str(claim_id), "--format", "json").stdout)
    assert detail["context"]["quote"] == QUOTE
    assert detail["context"]["before"].startswith("Background")
    assert detail["history"] == []
    missing = run(review_db, "claims", "show", "999999")
    assert missing.exit_code == 1 and "no claim 999999" in missing.stderr


def test_accept_changes_live_findings_at_once(review_db: str, add_candidate: AddCandidate) -> None:
    finding = "technology.communications_interception"
    claim_id = add_candidate()
    assert live_value(review_db, finding) == 0
    result = run(
        review_db,
        "claims",
        "accept",
        str(claim_id),
        "--reason",
        "quote is explicit",
        "--reviewer",
        "ana",
    )
    assert result.exit_code == 0, result.output
    assert live_value(review_db, finding) == 1
    payload = json.loads(run(review_db, "findings", "--edition", "live", "--format", "json").stdout)
    row = next(f for f in payload["findings"] if f["id"] == finding)
    assert row["countries"] == ["TZA"]
    history = json.loads(
        run(review_db, "claims", "history", str(claim_id), "--format", "json").stdout
    )
    assert len(history) == 1
    assert history[0]["reviewer"] == "ana" and history[0]["reason"] == "quote is explicit"
    assert history[0]["changes"] == {"claim_status": ["candidate", "accepted"]}
    assert history[0]["at"]
    rejected = run(
        review_db, "claims", "reject", str(claim_id), "--reason", "retracted", "--reviewer", "ben"
    )
    assert rejected.exit_code == 0, rejected.output
    assert live_value(review_db, finding) == 0
    with Store(review_db).read() as session:
        assert (
            session.scalar(
                select(func.count(DeploymentRow.id)).where(
                    DeploymentRow.technology == Technology.COMMUNICATIONS_INTERCEPTION.value
                )
            )
            == 0
        )


def test_same_deployment_from_two_sources(review_db: str, add_candidate: AddCandidate) -> None:
    first = add_candidate()
    other_text = "In 2021 Huawei installed a lawful interception platform in Tanzania."
    second = add_candidate(text=other_text, quote=other_text)
    for claim_id in (first, second):
        assert run(review_db, "claims", "accept", str(claim_id), "--reason", "ok").exit_code == 0
    with Store(review_db).read() as session:
        rows = [session.get(ClaimRow, first), session.get(ClaimRow, second)]
        assert rows[0] and rows[1]
        assert rows[0].deployment_id == rows[1].deployment_id is not None
        assert rows[0].source_id != rows[1].source_id


def test_reason_is_required_and_nothing_recorded(
    review_db: str, add_candidate: AddCandidate
) -> None:
    claim_id = add_candidate()
    missing = run(review_db, "claims", "accept", str(claim_id))
    assert missing.exit_code == 2 and "--reason" in missing.output
    empty = run(review_db, "claims", "accept", str(claim_id), "--reason", "  ")
    assert empty.exit_code == 1 and "reason is required" in empty.stderr
    with Store(review_db).read() as session:
        assert session.scalar(select(func.count(ReviewRow.id))) == 0
        row = session.get(ClaimRow, claim_id)
        assert row is not None and row.claim_status == "candidate" and row.deployment_id is None


def test_edit_keeps_old_and_new_values(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = run(
        review_db,
        "claims",
        "edit",
        str(claim_id),
        "--set",
        "city=Dodoma",
        "--set",
        "status=contracted",
        "--reason",
        "second paragraph",
        "--reviewer",
        "cy",
    )
    assert result.exit_code == 0, result.output
    history = json.loads(run(review_db, "claims", "history", "--format", "json").stdout)
    assert history[-1]["decision"] == "edit"
    assert history[-1]["changes"] == {
        "city": [None, "Dodoma"],
        "status": ["deployed", "contracted"],
    }
    bad = run(review_db, "claims", "edit", str(claim_id), "--set", "colour=red", "--reason", "x")
    assert bad.exit_code == 1 and "cannot edit colour" in bad.stderr
    bad_value = run(
        review_db, "claims", "edit", str(claim_id), "--set", "technology=drones", "--reason", "x"
    )
    assert bad_value.exit_code == 1 and "bad value for technology" in bad_value.stderr
    shown = run(review_db, "claims", "history")
    assert shown.exit_code == 0 and "second" in shown.stdout and "edit" in shown.stdout


def test_reviewer_from_environment(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = run(
        review_db,
        "claims",
        "reject",
        str(claim_id),
        "--reason",
        "not state use",
        env={"SURVINDEX_REVIEWER": "dana"},
    )
    assert result.exit_code == 0, result.output
    with Store(review_db).read() as session:
        assert session.scalars(select(ReviewRow.reviewer)).all() == ["dana"]


def test_no_op_and_fixed_edition_decisions_refused(
    review_db: str, add_candidate: AddCandidate
) -> None:
    claim_id = add_candidate()
    assert run(review_db, "claims", "accept", str(claim_id), "--reason", "ok").exit_code == 0
    again = run(review_db, "claims", "accept", str(claim_id), "--reason", "ok")
    assert again.exit_code == 1 and "already accepted" in again.stderr
    carnegie = run(review_db, "claims", "reject", "1", "--reason", "doubt")
    assert carnegie.exit_code == 1 and "fixed edition" in carnegie.stderr
    message = " ".join(carnegie.stderr.split())
    assert "retract it instead" in message and "survindex claims retract 1 --reason" in message
    assert "new claim" not in message


def test_edit_vendor_to_one_only_the_extractor_knows(
    review_db: str, add_candidate: AddCandidate
) -> None:
    claim_id = add_candidate()
    with Store(review_db).transaction() as session:
        session.add(VendorRow(slug="hytera", name="Hytera", home_country="CHN"))
    result = run(
        review_db,
        "claims",
        "edit",
        str(claim_id),
        "--set",
        "vendor=Hytera",
        "--reason",
        "misattributed",
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(run(review_db, "claims", "show", str(claim_id), "--format", "json").stdout)
    assert shown["vendor_slug"] == "hytera"
    unknown = run(
        review_db, "claims", "edit", str(claim_id), "--set", "vendor=Nobody Inc", "--reason", "x"
    )
    assert unknown.exit_code == 1 and "bad value for vendor" in unknown.stderr
