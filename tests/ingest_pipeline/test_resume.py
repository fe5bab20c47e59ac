"""Interrupt a real `survindex ingest` of 300 documents (SIGKILL, Ctrl-C), rerun it, and check
that every document is stored exactly once and no claim twice."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_corpus import write_corpus

DOCUMENTS = 300
HELD_AT = 30
SURVINDEX = Path(sys.executable).with_name("survindex")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux") or not SURVINDEX.exists(),
        reason="needs Linux signals and the installed survindex script",
    ),
]


def stored_documents(db: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in a process group, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


@pytest.fixture()
def started(index_db: str, tmp_path: Path) -> Iterator[tuple[list[str], subprocess.Popen[bytes]]]:
    """An ingest running in its own process group, held (not raced) after 30 stored documents.

    The ingest's hold hook creates a marker file and waits there, so the test's signal always
    arrives mid-ingest however fast or slow the machine is.
    """
    corpus = tmp_path / "corpus300"
    write_corpus(corpus, DOCUMENTS)
    marker = tmp_path / "held"
    command = [str(SURVINDEX), "--db", index_db, "ingest", str(corpus), "--no-progress"]
    command += ["--workers", "2"]
    environment = {
        **os.environ,
        "SURVINDEX_INGEST_HOLD_AFTER": str(HELD_AT),
        "SURVINDEX_INGEST_HOLD_FILE": str(marker),
    }
    process = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "ingest did not reach its hold point in two minutes"
        time.sleep(0.01)
    try:
        yield command, process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
        process.communicate()


def check_complete(db: str, command: list[str], already: int) -> None:
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = " ".join(rerun.stdout.split())
    assert f"{DOCUMENTS - already} new documents" in summary
    assert f"{already} already stored" in summary
    with sqlite3.connect(db) as connection:
        one = connection.execute
        assert one("SELECT count(*), count(DISTINCT path) FROM documents").fetchone() == (
            DOCUMENTS,
            DOCUMENTS,
        )
        assert one("SELECT count(DISTINCT text_sha256) FROM documents").fetchone()[0] == DOCUMENTS
        assert one("SELECT count(*) FROM sources WHERE kind = 'document'").fetchone()[0] == (
            DOCUMENTS
        )
        # the corpus has one claim per document: no document lost its claims or got them twice
        per_document = one(
            "SELECT d.path, count(c.id) FROM documents d "
            "LEFT JOIN claims c ON c.source_id = d.source_id GROUP BY d.id"
        ).fetchall()
        assert {count for _path, count in per_document} == {1}


def test_sigkill_then_rerun_stores_everything_once(
    index_db: str, started: tuple[list[str], subprocess.Popen[bytes]]
) -> None:
    command, process = started
    os.kill(process.pid, signal.SIGKILL)  # the parent only, as `kill -9 PID` would
    process.wait()
    deadline = time.monotonic() + 20
    while group_members(process.pid):  # the workers follow their parent
        assert time.monotonic() < deadline, f"workers left running: {group_members(process.pid)}"
        time.sleep(0.05)
    partial = stored_documents(index_db)
    assert partial == HELD_AT
    check_complete(index_db, command, partial)


def test_ctrl_c_stops_cleanly_then_rerun_resumes(
    index_db: str, started: tuple[list[str], subprocess.Popen[bytes]]
) -> None:
    command, process = started
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the foreground group
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert b"interrupted" in err and b"Traceback" not in err
    partial = stored_documents(index_db)
    assert partial == HELD_AT
    check_complete(index_db, command, partial)
