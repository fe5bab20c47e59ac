"""A generated corpus of small news-like documents, and a writable copy of the built index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from ingest_corpus import write_corpus


@pytest.fixture()
def index_db(built_db: str, tmp_path: Path) -> str:
    """A copy made with SQLite's backup API, so that pages still in the WAL file come along."""
    path = tmp_path / "ingest.db"
    with sqlite3.connect(built_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
        # `survindex init` queues 11 AidData records for review ("excluded (uncertain)");
        # these tests start from an empty queue, so that the claims they ingest are the queue.
        queued = "select id from claims where claim_status = 'candidate'"
        target.execute(f"delete from financing where claim_id in ({queued})")
        target.execute("delete from claims where claim_status = 'candidate'")
    return str(path)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    write_corpus(directory, 40)
    return directory
