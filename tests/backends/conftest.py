"""The full index on each backend (SQLite and a throwaway PostgreSQL server), built once.

``built`` is the URL of a copy that tests only read; ``writable`` is a fresh copy per test. Both
are copied from a pristine template that nothing else opens, because PostgreSQL copies a
database (``CREATE DATABASE ... TEMPLATE``) only while no one is connected to it.
"""

from __future__ import annotations

import pytest

from pg_cluster import BACKEND_PARAMS, Databases
from survindex.build import build_index
from survindex.store.database import Store


class BuiltIndexes:
    def __init__(self, databases: Databases) -> None:
        self.databases = databases
        self._templates: dict[str, str] = {}
        self._read: dict[str, str] = {}

    def template(self, backend: str) -> str:
        if backend not in self._templates:
            url = self.databases.new(backend)
            store = Store(url)
            build_index(store)
            store.engine.dispose()
            self._templates[backend] = url
        return self._templates[backend]

    def read(self, backend: str) -> str:
        if backend not in self._read:
            self._read[backend] = self.databases.copy(self.template(backend))
        return self._read[backend]

    def writable(self, backend: str) -> str:
        return self.databases.copy(self.template(backend))


@pytest.fixture(scope="session")
def indexes(databases: Databases) -> BuiltIndexes:
    return BuiltIndexes(databases)


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture()
def built(indexes: BuiltIndexes, backend: str) -> str:
    """The full index on ``backend``; tests must not write to it."""
    return indexes.read(backend)


@pytest.fixture()
def writable(indexes: BuiltIndexes, backend: str) -> str:
    """A copy of the full index on ``backend`` for one test to change."""
    return indexes.writable(backend)
