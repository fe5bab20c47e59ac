"""The read API answers the same on SQLite and on PostgreSQL, byte for byte.

tests/api runs every read test on both backends; this compares the two answers of the main
routes, which catches what a single backend's test cannot: rows in another order where a query
forgot to sort, NULLs sorted differently, floats or dates rendered differently.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backends.conftest import BuiltIndexes
from survindex.interfaces.api.app import create_app

ROUTES = (
    "/api/countries",
    "/api/countries?edition=aigs-2022&technology=safe_city",
    "/api/countries/CHN",
    "/api/countries/KEN",
    "/api/vendors",
    "/api/vendors/huawei",
    "/api/deployments?limit=500",
    "/api/claims?limit=200",
    "/api/claims?limit=200&offset=800",
    "/api/claims?status=candidate&limit=200",
    "/api/sources/1",
    "/api/findings?edition=aigs-2022",
    "/api/findings",
    "/api/findings/charts",
    "/api/editions",
    "/api/network",
    "/api/countries?format=csv",
)
#: Fields that record when each database was built, not what it holds.
BUILD_TIMES = ("created_at",)


def _without_build_times(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_build_times(v) for k, v in value.items() if k not in BUILD_TIMES}
    if isinstance(value, list):
        return [_without_build_times(v) for v in value]
    return value


@pytest.fixture(scope="module")
def clients(indexes: BuiltIndexes) -> Iterator[dict[str, TestClient]]:
    apps = {backend: create_app(indexes.read(backend)) for backend in ("sqlite", "postgresql")}
    with TestClient(apps["sqlite"]) as sqlite, TestClient(apps["postgresql"]) as postgresql:
        yield {"sqlite": sqlite, "postgresql": postgresql}
    for application in apps.values():
        application.state.store.engine.dispose()


@pytest.mark.postgresql
@pytest.mark.parametrize("route", ROUTES)
def test_both_backends_answer_alike(clients: dict[str, TestClient], route: str) -> None:
    sqlite, postgresql = clients["sqlite"].get(route), clients["postgresql"].get(route)
    assert sqlite.status_code == postgresql.status_code == 200, route
    if "format=csv" in route:
        assert sqlite.text == postgresql.text
        return
    assert _without_build_times(postgresql.json()) == _without_build_times(sqlite.json())
