"""Shared fixtures: one built index for the whole publish test session, and the world map."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from survindex.build import build_index
from survindex.publish.geo import MAP_ENV, MapUnavailable, map_path
from survindex.store.database import Store

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "publish"
#: Where `npm install world-atlas@2` in /tmp puts the map when `make install` has not copied it.
NPM_MAP = Path("/tmp/wa/node_modules/world-atlas/countries-110m.json")


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(str(tmp_path_factory.mktemp("db") / "index.db"))
    build_index(store)
    return store


@pytest.fixture
def store_copy(built_store: Store, tmp_path: Path) -> Callable[[], Store]:
    """A function giving a private copy of the built index, for tests that change the data."""

    def copy() -> Store:
        target = tmp_path / f"copy{len(list(tmp_path.glob('copy*.db')))}.db"
        source = sqlite3.connect(str(built_store.engine.url.database))
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)  # consistent even while WAL holds recent pages
        finally:
            source.close()
            destination.close()
        return Store(str(target))

    return copy


@pytest.fixture(scope="session")
def world_map() -> Path:
    try:
        return map_path()
    except MapUnavailable:
        if NPM_MAP.exists():
            os.environ[MAP_ENV] = str(NPM_MAP)
            return NPM_MAP
        pytest.skip("world map missing: run `make install` or `npm install world-atlas@2` in /tmp")


def _check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, "utf-8")
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1"
    assert actual == path.read_text("utf-8"), f"{path} differs: UPDATE_GOLDEN=1 if intended"


@pytest.fixture
def check_golden() -> Callable[[str, str], None]:
    """Compare text with tests/golden/publish/NAME; UPDATE_GOLDEN=1 rewrites the file."""
    return _check_golden
