"""The index as of any day: evidence dated by then, review decisions taken by then; in `live`
the newer Carnegie edition wins a disagreement about a vendor-country link."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from survindex.analysis import views
from survindex.domain import Claim, DeploymentStatus, Evidence, Origin, Technology
from survindex.interfaces.cli import app as cli_app
from survindex.review.workflow import accept_claim, reject_claim
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ReviewRow

QUOTE = "Hikvision installed facial recognition cameras for the police of Reykjavik, Iceland."


@pytest.fixture()
def store(built_db: str, tmp_path: Path) -> Store:
    path = tmp_path / "asof.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return Store(str(path))


def _add_article_claim(store: Store, published: date) -> int:
    sha = hashlib.sha256(QUOTE.encode()).hexdigest()
    with store.transaction() as session:
        source = repo.add_source(
            session=session,
            key=f"doc:{sha}",
            kind="document",
            origin=Origin(producer="Test Wire", title="Iceland", sha256=sha, published=published),
        )
        row = repo.add_claim(
            session=session,
            claim=Claim(
                country="ISL",
                technology=Technology.FACIAL_RECOGNITION,
                evidence=Evidence(f"doc:{sha}", QUOTE, 0, len(QUOTE)),
                vendor_slug="hikvision",
                vendor_country="CHN",
                status=DeploymentStatus.DEPLOYED,
            ),
            source_id=source.id,
            edition_id=None,
            vendor_id=repo.vendor_ids(session=session)["hikvision"],
        )
        return row.id


def _decided_on(store: Store, claim_id: int, day: date) -> None:
    """Move the claim's review decisions to ``day`` (the history is what as-of replays)."""
    with store.transaction() as session:
        session.execute(
            update(ReviewRow)
            .where(ReviewRow.claim_id == claim_id)
            .values(at=datetime(day.year, day.month, day.day, 12))
        )


def _users(store: Store, day: date | None) -> list[str]:
    with store.read() as session:
        view = views.findings_view(session=session, edition="live", as_of=day)
    return next(f.countries for f in view.findings if f.id == "countries.using_any")


def test_evidence_dated_after_the_day_does_not_count(store: Store) -> None:
    assert _users(store, date(2015, 1, 1)) == []  # the 2022 workbook is dated 2022-03-09
    assert len(_users(store, date(2022, 3, 9))) == 97
    assert len(_users(store, None)) > 97  # AidData (2023-11-06) adds recipients today


def test_a_claim_counts_from_the_day_it_was_accepted_until_it_is_rejected(store: Store) -> None:
    claim_id = _add_article_claim(store, published=date(2023, 5, 1))
    with store.transaction() as session:
        accept_claim(session=session, claim_id=claim_id, reviewer="alice", reason="checked")
    _decided_on(store, claim_id, date(2024, 1, 10))
    assert "ISL" not in _users(store, date(2023, 12, 31))  # published, not yet accepted
    assert "ISL" in _users(store, date(2024, 1, 10))
    assert "ISL" in _users(store, None)
    with store.transaction() as session:
        reject_claim(session=session, claim_id=claim_id, reviewer="bob", reason="wrong country")
    with store.transaction() as session:
        session.execute(
            update(ReviewRow)
            .where(ReviewRow.claim_id == claim_id, ReviewRow.decision == "reject")
            .values(at=datetime(2024, 6, 1, 12))
        )
    assert "ISL" in _users(store, date(2024, 5, 31))
    assert "ISL" not in _users(store, date(2024, 6, 1))
    assert "ISL" not in _users(store, None)


def test_live_states_its_newest_evidence(store: Store) -> None:
    with store.read() as session:
        today = views.findings_view(session=session, edition="live")
        then = views.findings_view(session=session, edition="live", as_of=date(2022, 12, 31))
    assert today.as_of is None and today.newest_evidence == date(2023, 11, 6)
    assert then.as_of == date(2022, 12, 31) and then.newest_evidence == date(2022, 3, 9)


def test_the_newer_edition_wins_a_vendor_country_link(store: Store) -> None:
    # the earlier edition lists Dahua for Australia; the 2022 workbook covers Australia without it
    with store.read() as session:
        v1 = views.findings_view(session=session, edition="aigs-v1")
        page = views.country_page(session=session, name="AUS")
    dahua_v1 = next(f for f in v1.findings if f.id == "vendor.dahua")
    assert "AUS" in dahua_v1.countries
    assert "dahua" not in {v.slug for v in page.live.vendors}
    history = {h.vendor.slug: h for h in page.vendor_history}
    assert history["dahua"].editions == ["aigs-v1"] and history["dahua"].in_live is False
    assert history["dahua"].last_listed == "aigs-v1"


def test_cli_findings_as_of_differs_from_today(store: Store) -> None:
    runner = CliRunner()
    db = ["--db", store.where]

    def using_any(*extra: str) -> int:
        result = runner.invoke(cli_app, [*db, "findings", "--format", "json", *extra])
        assert result.exit_code == 0, result.output
        found = {f["id"]: f for f in json.loads(result.stdout)["findings"]}
        return int(found["countries.using_any"]["value"])

    assert using_any("--as-of", "2015-01-01") == 0
    assert using_any() > using_any("--as-of", "2022-12-31") > 0
    bad = runner.invoke(cli_app, [*db, "findings", "--as-of", "2015-02-30"])
    assert bad.exit_code == 1 and "--as-of" in bad.output and "Traceback" not in bad.output


def test_export_and_diff_take_the_same_day(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", store.where]
    out = tmp_path / "asof"
    done = runner.invoke(
        cli_app, [*db, "export", "--edition", "live", "--as-of", "2022-12-31", str(out)]
    )
    assert done.exit_code == 0, done.output
    with (out / "countries.csv").open(encoding="utf-8") as handle:
        users = [r["iso3"] for r in csv.DictReader(handle) if r["uses_ai_surveillance"] == "true"]
    assert users == _users(store, date(2022, 12, 31))
    diff = runner.invoke(cli_app, [*db, "diff", "live@2022-12-31", "live", "--format", "json"])
    assert diff.exit_code == 0, diff.output
    added = json.loads(diff.stdout)["countries_added"]
    assert set(added) == set(_users(store, None)) - set(users)


def test_country_page_as_of_shows_only_the_evidence_of_then(store: Store) -> None:
    with store.read() as session:
        today = views.country_page(session=session, name="ECU")
        then = views.country_page(session=session, name="ECU", as_of=date(2022, 12, 31))
    assert today.money.records and not then.money.records  # AidData is dated 2023-11-06
    assert len(then.claims) < len(today.claims)
    assert all(c.edition != "aiddata-gcdf3" for c in then.claims)
