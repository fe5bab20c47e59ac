"""Local sites and fresh databases for the fetching tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fetching.local_site import Site
from survindex.store.database import Store


@pytest.fixture()
def site() -> Iterator[Site]:
    with Site() as running:
        yield running


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "fetching.db"
    Store(str(path)).migrate()
    return str(path)
