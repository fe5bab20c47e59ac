"""`--db` that names no database, or one we may only read, or two `init`s at once.

Before: a text file or a directory as `--db` gave a SQLAlchemy traceback; a read-only database
could not even be read (every command migrated and set WAL first); two `survindex init` on a new
database failed with "table countries already exists" or a unique-key error.

Tests run as root, whom file permissions do not stop, so the read-only cases use `--read-only`
or make ``os.access`` say "not writable", which is what a read-only file makes it say.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config

from core.cli_run import dump_digest, run_main

CLI = [sys.executable, "-m", "survindex.interfaces"]


@pytest.fixture()
def index_copy(built_db: str, tmp_path: Path) -> Path:
    path = tmp_path / "index.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda p: p.write_text("hello\n"), "is not a SQLite database; give another --db path"),
        (lambda p: p.mkdir(), "is a directory; give a database file"),
        (lambda p: None, "does not exist"),
        (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000), "not a database"),
    ],
    ids=["text file", "directory", "missing directory", "corrupt database"],
)
def test_a_db_that_is_no_database_gets_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    make: Any,
    problem: str,
) -> None:
    target = tmp_path / "target"
    make(target)
    db = target if target.exists() else tmp_path / "missing" / "x.db"
    content = target.read_bytes() if target.is_file() else None
    for command_line in (["findings"], ["init"], ["import", "aigs", "nothing.csv"]):
        code, _out, err = run_main(monkeypatch, capsys, "--db", str(db), *command_line)
        assert code == 1 and err.startswith(f"error: {db}: "), err
        assert problem in err and len(err.strip().splitlines()) == 1, err
    if content is not None:
        assert target.read_bytes() == content


def _not_writable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``os.access`` report ``path`` as a file this user may not write."""
    real_access = os.access

    def access(name: Any, mode: int, **kwargs: Any) -> bool:
        if Path(name) == path and mode & os.W_OK:
            return False
        return real_access(name, mode, **kwargs)

    monkeypatch.setattr("survindex.store.access.os.access", access)


READS = [
    ["findings", "--format", "json"],
    ["country", "Kenya", "--format", "json"],
    ["vendor", "Huawei", "--format", "json"],
    ["editions"],
    ["claims", "list", "--limit", "3"],
]
WRITES = [
    ["init"],
    ["import", "aigs", "{csv}"],
    ["claims", "retract", "1", "--reason", "x", "--reviewer", "ana"],
    ["ingest", "{text}"],
]


@pytest.mark.parametrize("how", ["--read-only", "file not writable"])
def test_a_read_only_database_serves_reads_and_refuses_writes(
    how: str,
    index_copy: Path,
    csv_v1: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    options = ["--db", str(index_copy)]
    if how == "--read-only":
        options.append("--read-only")
    else:
        _not_writable(index_copy, monkeypatch)
    reason = "opened read-only as asked" if how == "--read-only" else "the file is not writable"
    before = file_digest(index_copy)
    for command_line in READS:
        code, out, err = run_main(monkeypatch, capsys, *options, *command_line)
        assert code == 0, (command_line, err)
        assert out.strip()
    exported = tmp_path / "export"
    code, out, err = run_main(
        monkeypatch, capsys, *options, "export", str(exported), "--format", "datapackage"
    )
    assert code == 0, err
    assert json.loads((exported / "datapackage.json").read_text())["resources"]
    article = tmp_path / "article.txt"
    article.write_text("Huawei installed cameras in Nairobi.", encoding="utf-8")
    for command_line in WRITES:
        filled = [part.format(csv=csv_v1, text=article) for part in command_line]
        code, out, err = run_main(monkeypatch, capsys, *options, *filled)
        assert code == 1, (command_line, out, err)
        assert err.strip() == (
            f"error: {index_copy}: the database is read-only ({reason}); this command writes, "
            "so it was not run"
        ), command_line
    assert file_digest(index_copy) == before


def test_serve_opens_a_read_only_database_without_migrating_it(
    index_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fastapi.testclient import TestClient

    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **_: served.append(app))
    _not_writable(index_copy, monkeypatch)
    before = file_digest(index_copy)
    code, out, err = run_main(monkeypatch, capsys, "--db", str(index_copy), "serve")
    assert code == 0, err
    with TestClient(served[0]) as client:
        assert client.get("/api/editions").status_code == 200
        assert client.get("/").status_code == 200
    assert file_digest(index_copy) == before


def test_a_read_only_database_at_an_old_schema_is_not_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from survindex.store.database import Store

    db = tmp_path / "old.db"
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("survindex.store").joinpath("migrations"))
    )
    with Store(str(db)).engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    before = dump_digest(db)
    for command_line in (["findings"], ["serve"]):
        code, _out, err = run_main(
            monkeypatch, capsys, "--db", str(db), "--read-only", *command_line
        )
        assert code == 1
        assert err.strip().startswith(
            f"error: {db}: opened read-only, and its schema is at revision 0002, this SurvIndex "
            "needs "
        ), err
        assert len(err.strip().splitlines()) == 1
    assert dump_digest(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("select version_num from alembic_version").fetchone() == ("0002",)


def test_two_inits_at_once_on_a_new_database_both_succeed(tmp_path: Path) -> None:
    for attempt in range(2):
        db = tmp_path / f"race{attempt}.db"
        runs = [
            subprocess.Popen(
                [*CLI, "--db", str(db), "init"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(*run.communicate(timeout=300), run.returncode) for run in runs]
        for out, err, code in results:
            assert code == 0 and "Traceback" not in err, err
            assert "index built" in out
        # one built the index, the other waited for it and found every edition there
        outputs = [out for out, _err, _code in results]
        built = [out for out in outputs if "imported aigs-2022: 179 countries" in out]
        found = [out for out in outputs if "already present: aigs-2022" in out]
        assert len(built) == len(found) == 1, outputs
        with sqlite3.connect(db) as conn:
            slugs = [r[0] for r in conn.execute("select slug from editions")]
            assert {"aigs-v1", "aigs-2022", "aigs-2019", "live"} <= set(slugs)


def test_a_database_in_a_directory_we_cannot_write_is_read_as_it_is(
    index_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite's read-only mode still needs a -shm file beside the database; with none there and
    no right to create one, the file is opened immutable, unless a -wal holds unwritten pages."""
    from survindex.store.access import DatabaseUnavailable, read_only_url

    _not_writable(index_copy.parent, monkeypatch)
    assert read_only_url(index_copy).endswith("?mode=ro&immutable=1&uri=true")
    code, out, err = run_main(monkeypatch, capsys, "--db", str(index_copy), "editions")
    assert code == 0 and "aigs-2022" in out, err
    code, _out, err = run_main(monkeypatch, capsys, "--db", str(index_copy), "init")
    assert code == 1 and "its directory is not writable" in err
    Path(f"{index_copy}-wal").write_bytes(b"pages not yet checkpointed")
    with pytest.raises(DatabaseUnavailable, match="write-ahead log index.db-wal holds changes"):
        read_only_url(index_copy)
