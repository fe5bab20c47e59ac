"""Shared fixtures: the real Carnegie files and a database built from them once per session;
fresh databases on SQLite or on a throwaway PostgreSQL server (see pg_cluster.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_cluster import Databases
from survindex.build import build_index, bundled_file
from survindex.store.database import Store


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: runs on a throwaway PostgreSQL server (skipped if not installed)"
    )


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    """Fresh databases: ``databases.new("sqlite" | "postgresql")``, ``databases.copy(url)``.

    The PostgreSQL server starts on first use and stops when the session ends; a test that asks
    for it where PostgreSQL is not installed is skipped, saying so.
    """
    dbs = Databases(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.close()


@pytest.fixture(scope="session")
def workbook_2022() -> Path:
    return bundled_file("aigs-2022-09mar2022.xlsx")


@pytest.fixture(scope="session")
def csv_v1() -> Path:
    return bundled_file("aigs-earlier-edition.csv")


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of a SQLite file holding the full index; tests must not write to it."""
    path = tmp_path_factory.mktemp("index") / "survindex.db"
    build_index(Store(str(path)))
    return str(path)


@pytest.fixture()
def fresh_store(tmp_path: Path) -> Store:
    store = Store(str(tmp_path / "fresh.db"))
    store.migrate()
    return store
