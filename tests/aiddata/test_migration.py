"""Migration 0005: the financing tables, and dates backfilled on existing claims."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from survindex.store.database import Store


def _config() -> Config:
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("survindex.store").joinpath("migrations"))
    )
    return config


def test_0005_follows_0004_on_the_way_to_the_head() -> None:
    scripts = ScriptDirectory.from_config(_config())
    assert scripts.get_revision("0004").revision == "0004"
    assert scripts.get_revision("0005").down_revision == "0004"
    assert "0005" in [r.revision for r in scripts.walk_revisions()]


def test_upgrading_backfills_evidence_dates(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "old.db"))
    config = _config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    with sqlite3.connect(str(store.path)) as conn:
        conn.executemany(
            "insert into sources(id, key, kind, producer, title, published) values (?,?,?,?,?,?)",
            [
                (1, "carnegie:a", "dataset", "C", "2022", "2022-06-06"),
                (2, "carnegie:b", "dataset", "C", "v1", None),
                (3, "doc:c", "document", "Wire", "article", "2020-05-01"),
                (4, "doc:d", "document", "Wire", "undated", None),
            ],
        )
        conn.executemany(
            "insert into editions(id, slug, title, kind, source_id, universe_defined, "
            "created_at) values (?, ?, 't', 'carnegie', ?, 0, '2026-01-01')",
            [(1, "aigs-2022", 1), (2, "aigs-v1", 2)],
        )
        conn.execute("insert into deployments(id, country, status) values (1, 'KEN', 'deployed')")
        for claim_id, source, edition in [(1, 1, 1), (2, 2, 2), (3, 3, None), (4, 4, None)]:
            conn.execute(
                "insert into claims(id, source_id, edition_id, deployment_id, country, status, "
                "confidence, claim_status, created_at) values (?, ?, ?, 1, 'KEN', 'deployed', "
                "1, 'accepted', '2026-01-01')",
                (claim_id, source, edition),
            )
    store.migrate()
    with sqlite3.connect(str(store.path)) as conn:
        dated = conn.execute(
            "select id, evidence_date, evidence_date_basis from claims order by id"
        ).fetchall()
        span = conn.execute(
            "select first_evidence_date, last_evidence_date from deployments"
        ).fetchone()
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
        assert conn.execute("pragma foreign_key_check").fetchall() == []
    assert dated == [
        (1, "2022-03-09", "edition date"),  # the workbook's date, not the record's
        (2, None, "none: edition aigs-v1 states no date"),
        (3, "2020-05-01", "source published"),
        (4, None, None),
    ]
    assert span == ("2020-05-01", "2022-03-09")
    assert {"financing", "lenders"} <= tables
