"""`survindex vendors candidates|confirm|merge|reject`: a round trip, and one-line refusals."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from survindex.interfaces.cli import app

from .conftest import Ingest, Named

runner = CliRunner()


def run(db: str, *args: str) -> Any:
    return runner.invoke(app, ["--db", db, "vendors", *args], env={"SURVINDEX_REVIEWER": "carol"})


def test_round_trip(db: str, ingest: Ingest) -> None:
    ingest(
        Named("Acme Vision Ltd installed cameras.", "Acme Vision Ltd", vendor_country="ISR"),
        Named("Hik-Vision Co installed more.", "Hik-Vision Co"),
        Named("Ministry of Interior bought them.", "Ministry of Interior"),
    )
    listed = run(db, "candidates", "--format", "json")
    assert listed.exit_code == 0, listed.output
    by_name = {c["name"]: c for c in json.loads(listed.stdout)}
    assert set(by_name) == {"Acme Vision Ltd", "Hik-Vision Co", "Ministry of Interior"}
    acme = by_name["Acme Vision Ltd"]
    assert (acme["status"], acme["home_country"], acme["pending"]) == ("new", "ISR", 1)
    assert acme["quotes"][0]["quote"] == "Acme Vision Ltd installed cameras."
    table = run(db, "candidates")
    assert table.exit_code == 0 and "Ministry of Interior" in table.stdout

    confirmed = run(db, "confirm", "acme vision ltd", "--reason", "a company", "--slug", "acme")
    assert confirmed.exit_code == 0, confirmed.output
    assert "confirmed 'Acme Vision Ltd' as acme; linked 1 claims" in confirmed.stdout
    merged = run(db, "merge", "Hik-Vision Co", "--into", "hikvision", "--reason", "spelling")
    assert merged.exit_code == 0 and "into hikvision" in merged.stdout
    rejected = run(db, "reject", "Ministry of Interior", "--reason", "the buyer")
    assert rejected.exit_code == 0 and "rejected 1 claims" in rejected.stdout
    assert "no vendor candidates to decide" in run(db, "candidates").stdout

    decided = json.loads(run(db, "candidates", "--all", "--format", "json").stdout)
    summary = {(c["name"], c["status"], c["vendor_slug"], c["decided_by"]) for c in decided}
    assert summary == {
        ("Acme Vision Ltd", "confirmed", "acme", "carol"),
        ("Hik-Vision Co", "merged", "hikvision", "carol"),
        ("Ministry of Interior", "rejected", None, "carol"),
    }
    history = runner.invoke(app, ["--db", db, "claims", "history", "--format", "json"])
    reasons = {r["reason"] for r in json.loads(history.stdout)}
    assert {"a company", "spelling", "the buyer"} <= reasons


def test_refusals_are_one_line(db: str, ingest: Ingest) -> None:
    ingest(Named("Acme Vision Ltd installed cameras.", "Acme Vision Ltd"))
    unknown = run(db, "confirm", "Acme Vison", "--reason", "r")
    assert unknown.exit_code == 1
    assert "no vendor candidate 'Acme Vison'; close: 'Acme Vision Ltd'" in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    slug = run(db, "merge", "Acme Vision Ltd", "--into", "acmee", "--reason", "r")
    assert slug.exit_code == 1 and "no vendor 'acmee'" in slug.stderr
    assert run(db, "reject", "Acme Vision Ltd", "--reason", "not one").exit_code == 0
    again = run(db, "confirm", "Acme Vision Ltd", "--reason", "r")
    assert again.exit_code == 1 and "already rejected by carol" in again.stderr
    no_reason = run(db, "reject", "Acme Vision Ltd")
    assert no_reason.exit_code == 2  # --reason is required
    no_reviewer = runner.invoke(
        app,
        ["--db", db, "vendors", "reject", "X", "--reason", "r", "--reviewer", " "],
    )
    assert no_reviewer.exit_code == 1 and "no reviewer name" in no_reviewer.stderr
