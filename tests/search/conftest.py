"""A copy of the built index with a Huawei-in-Belgrade article claim and a hostile one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search.seed import (
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    HUAWEI_BELGRADE,
    add_document_claim,
    copy_index,
)
from survindex.domain import Technology
from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.auth import Settings
from survindex.store.database import Store

REVIEWERS = {"rita": "rita-token-0123456789"}
BEARER = {"Authorization": f"Bearer {REVIEWERS['rita']}", "Accept": "application/json"}


def _seed(path: str) -> dict[str, int]:
    store = Store(path)
    belgrade, belgrade_source = add_document_claim(
        store,
        quote=HUAWEI_BELGRADE,
        country="SRB",
        technology=Technology.FACIAL_RECOGNITION,
        vendor="huawei",
        city="Belgrade",
    )
    hostile, hostile_source = add_document_claim(
        store,
        quote=HOSTILE_QUOTE,
        country="ALB",
        technology=Technology.SAFE_CITY,
        vendor="dahua",
        title=HOSTILE_TITLE,
        url="javascript:alert(1)",
    )
    store.engine.dispose()
    return {
        "belgrade": belgrade,
        "belgrade_source": belgrade_source,
        "hostile": hostile,
        "hostile_source": hostile_source,
    }


@pytest.fixture(scope="module")
def search_db(
    built_db: str, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, int]]:
    """Read-only for the tests that use it."""
    path = copy_index(built_db, tmp_path_factory.mktemp("search") / "search.db")
    return path, _seed(path)


@pytest.fixture(scope="module")
def search_client(search_db: tuple[str, dict[str, int]]) -> Iterator[TestClient]:
    with TestClient(create_app(search_db[0], settings=Settings(reviewers=REVIEWERS))) as client:
        yield client


@pytest.fixture()
def writable(built_db: str, tmp_path: Path) -> Iterator[tuple[str, dict[str, int], TestClient]]:
    """Its own copy, for tests that write: (path, ids, client)."""
    path = copy_index(built_db, tmp_path / "w.db")
    ids = _seed(path)
    with TestClient(create_app(path, settings=Settings(reviewers=REVIEWERS))) as client:
        yield path, ids, client
