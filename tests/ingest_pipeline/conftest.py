"""A generated corpus of small news-like documents, and a writable copy of the built index."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_corpus import write_corpus

from index_copies import copy_with_empty_queue


@pytest.fixture()
def index_db(built_db: str, tmp_path: Path) -> str:
    """A copy made with SQLite's backup API, so that pages still in the WAL file come along."""
    return copy_with_empty_queue(built_db, tmp_path / "ingest.db")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "corpus"
    write_corpus(directory, 40)
    return directory
