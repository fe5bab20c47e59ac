"""Open the database named by ``--db``/``SURVINDEX_DB`` and bring its schema up to date.

A database we may not write is opened read-only and never migrated: its schema must already be
current (:meth:`Store.migrate` checks it and says so in one line), and every write is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from survindex.store.access import (
    AdvisoryLock,
    DatabaseUnavailable,
    ReadOnlyDatabase,
    SchemaNotCurrent,
    WriterLock,
    check_target,
    read_only_reason,
    read_only_url,
    sqlite_path,
)

__all__ = [
    "DatabaseUnavailable",
    "ReadOnlyDatabase",
    "SchemaNotCurrent",
    "Store",
    "database_url",
    "make_engine",
    "migrate",
]


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from a path or URL; ``None`` reads SURVINDEX_DB, then ./survindex.db."""
    target = db
    if not target:
        # Late: pydantic takes ~0.2 s to import, which a command given --db need not pay.
        from survindex.settings import load_settings

        target = load_settings().db
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def _enable_sqlite_pragmas(engine: Engine, read_only: bool = False) -> None:
    """Foreign keys on and WAL for a database we write; ``query_only`` for one we only read.

    The busy timeout comes first, so that switching to WAL waits for another process that is
    doing the same on a new database instead of failing with "database is locked".
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA foreign_keys=ON")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


#: Connections the pool may hand out at once: more than the 40 worker threads with which the web
#: server runs blocking endpoints, so a burst of requests waits for SQLite, not for the pool.
POOL_SIZE, POOL_OVERFLOW = 8, 56
#: On PostgreSQL every pooled connection is a server process, and the server's default
#: ``max_connections`` is 100 for every worker of every client together; so each process keeps
#: at most 20, and a burst waits for the pool (no route holds two connections, so it cannot
#: deadlock). docs/deploy.md says how to size the server for several workers.
SERVER_POOL_SIZE, SERVER_POOL_OVERFLOW = 5, 15


def make_engine(db: str | None = None, *, read_only: bool = False) -> Engine:
    """An engine for ``db``; ``read_only`` opens a SQLite file with ``mode=ro``, and makes every
    PostgreSQL transaction read-only."""
    url = database_url(db)
    path = sqlite_path(url)
    if read_only and path is not None and "mode=ro" not in url:
        url = read_only_url(path)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite" and ":memory:" not in url:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    elif backend == "postgresql":
        options = {"options": "-c default_transaction_read_only=on"} if read_only else {}
        engine = create_engine(
            url,
            pool_size=SERVER_POOL_SIZE,
            max_overflow=SERVER_POOL_OVERFLOW,
            pool_pre_ping=True,  # a server restart must not turn the next requests into 500s
            connect_args=options,
        )
    else:
        engine = create_engine(url)
    _enable_sqlite_pragmas(engine, read_only)
    return engine


def _alembic_config() -> Config:
    config = Config()
    script_location = resources.files("survindex.store").joinpath("migrations")
    config.set_main_option("script_location", str(script_location))
    return config


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration; safe to call on an up-to-date database.

    On SQLite the whole upgrade is one ``BEGIN EXCLUSIVE`` transaction, so it is all or
    nothing, and a second process migrating at the same time waits, then finds the schema
    current. Foreign keys are off meanwhile: SQLite adds a constraint by rebuilding the table,
    and dropping the old copy of a table that others refer to would trip their keys; the
    result is checked with ``PRAGMA foreign_key_check`` before it is committed.

    On PostgreSQL, whose DDL is transactional too, the upgrade is one ordinary transaction;
    :meth:`Store.migrate` holds an advisory lock around it, so two processes do not race.
    """
    config = _alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
            connection.exec_driver_sql("BEGIN EXCLUSIVE")
        try:
            broken_before = _broken_foreign_keys(connection) if sqlite else 0
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if sqlite and _broken_foreign_keys(connection) > broken_before:
                raise RuntimeError("a migration broke foreign keys; nothing was changed")
            connection.commit()
        finally:
            if connection.in_transaction():
                connection.rollback()
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _broken_foreign_keys(connection: Connection) -> int:
    """How many rows point at a missing parent (counted before and after, so that a database
    that already had some can still be upgraded)."""
    return len(connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall())


def schema_revisions(engine: Engine) -> tuple[str | None, str | None]:
    """(revision of the database, newest revision this SurvIndex knows), without changing it."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


class Store:
    """An engine plus a session factory; every write goes through :meth:`transaction`.

    ``read_only=True`` opens the database read-only; so does a SQLite file we may not write
    (the reason is kept in :attr:`read_only_reason`). Paths that hold no database (a
    directory, a text file) raise :class:`DatabaseUnavailable` here, before any connection.
    """

    def __init__(self, db: str | None = None, *, read_only: bool = False) -> None:
        url = database_url(db)
        self.path = sqlite_path(url)
        if self.path is not None:
            check_target(self.path)
        self.read_only_reason = read_only_reason(url, self.path, read_only)
        self.read_only = self.read_only_reason is not None
        self.where = str(self.path) if self.path else make_url(url).render_as_string()
        self.engine = make_engine(url, read_only=self.read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._lock: WriterLock | AdvisoryLock | None = None
        if self.path is not None:
            self._lock = WriterLock(self.path)
        elif self.engine.dialect.name == "postgresql":
            self._lock = AdvisoryLock(self.engine, self.where)

    def migrate(self) -> None:
        """Bring the schema up to date; a read-only database is only checked to be current."""
        if self.read_only:
            self.require_current_schema()
            return
        current, head = schema_revisions(self.engine)
        if current == head:  # the usual case: no lock, no write transaction
            return
        with self.exclusive():
            migrate(self.engine)

    def require_current_schema(self) -> None:
        current, head = schema_revisions(self.engine)
        if current == head:
            return
        if current is None:
            problem = "holds no SurvIndex schema (run `survindex init` with write access)"
        else:
            problem = (
                f"its schema is at revision {current}, this SurvIndex needs {head}; "
                "run any survindex command on it once with write access to upgrade it"
            )
        raise SchemaNotCurrent(self.where, f"opened read-only, and {problem}")

    def _refuse_writes(self) -> None:
        if self.read_only:
            raise ReadOnlyDatabase(
                self.where,
                f"the database is read-only ({self.read_only_reason}); this command writes, "
                "so it was not run",
            )

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Hold the writer lock: one process at a time migrates, builds or imports (a file lock
        beside a SQLite database, an advisory lock in a PostgreSQL one)."""
        self._refuse_writes()
        if self._lock is None:
            yield
            return
        with self._lock.hold():
            yield

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error."""
        self._refuse_writes()
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
        finally:
            session.close()
