"""Writable copies of the session's built index, for tests that add claims of their own."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def copy_with_empty_queue(built_db: str, path: Path) -> str:
    """A copy made with SQLite's backup API (so pages still in the WAL file come along), with
    the review queue emptied. `survindex init` queues 11 AidData records for review ("excluded
    (uncertain)"); tests that start from an empty queue know the claims they add are the queue.
    """
    with sqlite3.connect(built_db) as source, sqlite3.connect(path) as target:
        source.backup(target)
        queued = "select id from claims where claim_status = 'candidate'"
        target.execute(f"delete from financing where claim_id in ({queued})")
        target.execute("delete from claims where claim_status = 'candidate'")
    return str(path)
