"""`survindex init` builds the whole index and is safe to run again."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def test_init_twice_changes_nothing_and_honours_survindex_db(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    env = {**os.environ, "SURVINDEX_DB": str(db), "COLUMNS": "200"}
    first = subprocess.run(
        [sys.executable, "-m", "survindex", "init"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert first.returncode == 0, first.stderr
    assert "imported aigs-2022: 179 countries" in first.stdout
    with sqlite3.connect(db) as conn:
        before = conn.execute("select count(*) from claims").fetchone()[0]
        editions = [r[0] for r in conn.execute("select slug from editions order by slug")]
    assert editions == ["aiddata-gcdf3", "aigs-2019", "aigs-2022", "aigs-v1", "live"]
    second = subprocess.run(
        [sys.executable, "-m", "survindex", "init"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "already present: aigs-2022" in second.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from claims").fetchone()[0] == before


def test_db_option_takes_a_sqlalchemy_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'url.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "survindex", "--db", url, "init"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "url.db").exists()
