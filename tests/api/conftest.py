"""Fixtures for the API tests: a seeded database (on each backend) and a TestClient with one
reviewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.seed import REVIEWERS, seed_db
from pg_cluster import BACKEND_PARAMS, Databases
from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.auth import Settings


@pytest.fixture(scope="session", params=BACKEND_PARAMS)
def seeded(request: pytest.FixtureRequest, databases: Databases) -> tuple[str, dict[str, int]]:
    """The seeded database, once on SQLite and once on PostgreSQL: every test that reads
    through ``client`` or ``seeded`` runs on both backends."""
    db = databases.new(request.param)
    return db, seed_db(db)


@pytest.fixture(scope="session")
def client(seeded: tuple[str, dict[str, int]]) -> Iterator[TestClient]:
    app = create_app(seeded[0], settings=Settings(reviewers=dict(REVIEWERS)))
    with TestClient(app) as c:
        yield c


@pytest.fixture()
def writable_client(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, int]]]:
    """A client over its own database, for tests that write."""
    path = str(tmp_path / "w.db")
    ids = seed_db(path)
    app = create_app(path, settings=Settings(reviewers=dict(REVIEWERS)))
    with TestClient(app) as c:
        yield c, ids
