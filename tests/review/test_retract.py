"""Reviewers can take a Carnegie claim out of `live` without touching the Carnegie edition."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from survindex.analysis.editions import findings_for
from survindex.review.workflow import ReviewError, claim_history, retract_claim
from survindex.store.database import Store


def _claims(db: str, where: str) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute(f"select id from claims where {where} order by id")]


def _value(db: str, edition: str, finding_id: str) -> object:
    with Store(db).read() as session:
        return next(f for f in findings_for(session=session, slug=edition) if f.id == finding_id)


def test_retracting_changes_live_only_and_restoring_undoes_it(review_db: str) -> None:
    kenya_social = _claims(review_db, "country='KEN' and technology='social_media_surveillance'")
    assert len(kenya_social) == 2  # one from each Carnegie edition
    before_live = _value(review_db, "live", "technology.social_media_surveillance")
    before_2022 = _value(review_db, "aigs-2022", "technology.social_media_surveillance")
    cli = [sys.executable, "-m", "survindex", "--db", review_db, "claims"]
    for claim_id in kenya_social:
        done = subprocess.run(
            [*cli, "retract", str(claim_id), "--reason", "source disputes it", "--reviewer", "ana"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
    after_live = _value(review_db, "live", "technology.social_media_surveillance")
    assert after_live.value == before_live.value - 1  # type: ignore[attr-defined]
    assert "KEN" not in after_live.countries  # type: ignore[attr-defined]
    assert _value(review_db, "aigs-2022", "technology.social_media_surveillance") == before_2022
    with sqlite3.connect(review_db) as conn:
        assert (
            conn.execute(
                "select count(*) from claims where id in (?, ?) and deployment_id is not null",
                kenya_social,
            ).fetchone()[0]
            == 0
        )
    restored = subprocess.run(
        [*cli, "restore", str(kenya_social[0]), "--reason", "confirmed", "--reviewer", "ben"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert restored.returncode == 0, restored.stderr
    assert _value(review_db, "live", "technology.social_media_surveillance").value == (  # type: ignore[attr-defined]
        before_live.value  # type: ignore[attr-defined]
    )
    with Store(review_db).read() as session:
        history = claim_history(session=session, claim_id=kenya_social[0])
    assert [(h.decision, h.reviewer, h.reason) for h in history] == [
        ("retract", "ana", "source disputes it"),
        ("restore", "ben", "confirmed"),
    ]


def test_only_fixed_edition_claims_can_be_retracted(review_db: str, add_candidate) -> None:  # type: ignore[no-untyped-def]
    claim_id = add_candidate()
    with Store(review_db).transaction() as session, pytest.raises(ReviewError):
        retract_claim(session=session, claim_id=claim_id, reviewer="ana", reason="x")


def test_migration_adds_the_column_to_an_old_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from importlib import resources

    from alembic import command
    from alembic.config import Config

    store = Store(str(tmp_path / "old.db"))
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("survindex.store").joinpath("migrations"))
    )
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with store.engine.connect() as connection:
        from sqlalchemy import text

        columns = {r[1] for r in connection.execute(text("pragma table_info(claims)"))}
    assert "in_live" not in columns
    store.migrate()
    with store.engine.connect() as connection:
        columns = {r[1] for r in connection.execute(text("pragma table_info(claims)"))}
    assert "in_live" in columns
