"""Open the database named by ``--db``/``SURVINDEX_DB`` and bring its schema up to date."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "survindex.db"


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from a path or URL; ``None`` reads SURVINDEX_DB, then ./survindex.db."""
    target = db or os.environ.get("SURVINDEX_DB") or DEFAULT_DB
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def _enable_sqlite_pragmas(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


#: Connections the pool may hand out at once: more than the 40 worker threads with which the web
#: server runs blocking endpoints, so a burst of requests waits for SQLite, not for the pool.
POOL_SIZE, POOL_OVERFLOW = 8, 56


def make_engine(db: str | None = None) -> Engine:
    url = database_url(db)
    if url.startswith("sqlite") and ":memory:" not in url:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW)
    else:
        engine = create_engine(url)
    _enable_sqlite_pragmas(engine)
    return engine


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration; safe to call on an up-to-date database."""
    config = Config()
    script_location = resources.files("survindex.store").joinpath("migrations")
    config.set_main_option("script_location", str(script_location))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Store:
    """An engine plus a session factory; every write goes through :meth:`transaction`."""

    def __init__(self, db: str | None = None) -> None:
        self.engine = make_engine(db)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def migrate(self) -> None:
        migrate(self.engine)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back everything on any error."""
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
