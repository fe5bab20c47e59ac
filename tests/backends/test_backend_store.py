"""The store on SQLite and on PostgreSQL: the same migrations, schema and findings on both."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from pg_cluster import Databases
from survindex.analysis.editions import findings_for
from survindex.store.access import DatabaseUnavailable, ReadOnlyDatabase
from survindex.store.database import Store, _alembic_config, schema_revisions
from survindex.store.schema import Base, ClaimRow, CountryRow, EditionRow

#: Objects that migration 0006 makes outside the models: SQLite's FTS5 table (and its shadow
#: tables), PostgreSQL's generated tsvector columns and their indexes.
SEARCH_OBJECTS = ("search_index", "search_vector")


def _differences(store: Store) -> list[Any]:
    """What autogenerate would change to make the database match the models (search aside)."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        found = compare_metadata(context, Base.metadata)
    return [d for d in found if not any(name in repr(d) for name in SEARCH_OBJECTS)]


def _migrate_to(store: Store, revision: str) -> None:
    config = _alembic_config()
    with store.engine.connect() as connection:
        config.attributes["connection"] = connection
        if revision == "head":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
        connection.commit()


def test_2022_findings_are_the_published_ones(built: str) -> None:
    with Store(built).read() as session:
        f = {finding.id: finding for finding in findings_for(session=session, slug="aigs-2022")}
    assert (f["countries.using_any"].value, f["countries.using_any"].denominator) == (97, 179)
    assert f["technology.safe_city"].value == 64
    assert f["technology.facial_recognition"].value == 78
    assert f["technology.smart_policing"].value == 69
    assert f["technology.social_media_surveillance"].value == 38


def test_a_read_only_store_reads_and_refuses_every_write(built: str) -> None:
    """Refused by SurvIndex in one line, and by the database itself (SQLite's ``mode=ro``,
    PostgreSQL's read-only transactions) for anything that gets past it."""
    store = Store(built, read_only=True)
    store.migrate()  # only checks the schema
    with store.read() as session:
        assert (session.scalar(select(func.count(CountryRow.iso3))) or 0) > 200
    with pytest.raises(ReadOnlyDatabase), store.transaction():
        pass
    with pytest.raises(DBAPIError, match="read-only|readonly"), store.engine.begin() as raw:
        raw.execute(text("UPDATE claims SET city = 'x' WHERE id = 1"))
    store.engine.dispose()


def test_migrations_build_the_schema_of_the_models_and_go_back(
    databases: Databases, backend: str
) -> None:
    store = Store(databases.new(backend))
    store.migrate()
    current, head = schema_revisions(store.engine)
    assert current == head
    assert _differences(store) == []
    _migrate_to(store, "base")
    assert schema_revisions(store.engine)[0] is None
    _migrate_to(store, "head")
    assert _differences(store) == []
    store.engine.dispose()


def test_claims_of_an_older_database_start_at_version_1(writable: str) -> None:
    store = Store(writable)
    _migrate_to(store, "0006")
    store.migrate()
    with store.read() as session:
        by_version = select(ClaimRow.version, func.count()).group_by(ClaimRow.version)
        claims = session.scalar(select(func.count(ClaimRow.id)))
        assert dict(session.execute(by_version).all()) == {1: claims}
    store.engine.dispose()


def test_two_processes_migrating_at_once_both_succeed(databases: Databases, backend: str) -> None:
    """The second waits for the writer lock (a file lock on SQLite, an advisory lock on
    PostgreSQL), then finds the schema current; neither sees the other's half-made tables."""
    db = databases.new(backend)
    stores = [Store(db), Store(db)]
    start = threading.Barrier(len(stores))
    failures: list[BaseException] = []

    def migrate(store: Store) -> None:
        try:
            start.wait()
            store.migrate()
        except BaseException as exc:  # reported below, with the backend
            failures.append(exc)

    threads = [threading.Thread(target=migrate, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert schema_revisions(stores[0].engine)[0] == schema_revisions(stores[0].engine)[1]
    for store in stores:
        store.engine.dispose()


def test_the_writer_lock_makes_others_wait_then_says_who_holds_it(
    databases: Databases, backend: str
) -> None:
    db = databases.new(backend)
    holder, other = Store(db), Store(db)
    holder.migrate()
    assert holder._lock is not None and other._lock is not None
    with (
        holder.exclusive(),
        holder.exclusive(),  # re-entrant
        pytest.raises(DatabaseUnavailable, match="another survindex process"),
        other._lock.hold(timeout=0.2),
    ):
        pass
    with other.exclusive():  # released when the holder is done
        pass
    holder.engine.dispose()
    other.engine.dispose()


@pytest.mark.postgresql
def test_reference_tables_hold_the_same_rows_on_both_backends(indexes: Any) -> None:
    counts = {}
    for backend in ("sqlite", "postgresql"):
        with Store(indexes.read(backend)).read() as session:
            counts[backend] = (
                session.scalar(select(func.count(CountryRow.iso3))),
                session.scalar(select(func.count(ClaimRow.id))),
                sorted(session.scalars(select(EditionRow.slug))),
            )
    assert counts["sqlite"] == counts["postgresql"]
