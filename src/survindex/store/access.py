"""How a database file may be opened: what the path is, whether we may write, one writer at a time.

``--db`` can name anything: a directory, a text file, a database we may only read. SQLite finds
out late and says it in its own words ("unable to open database file", "file is not a
database", "attempt to write a readonly database"), after a traceback. These checks run before
the first connection, so a command says in one line which path is wrong and what to do.

A database we cannot write (the file or its directory is not writable, or the caller asked) is
opened read-only with SQLite's ``mode=ro``: reading commands work, writing ones are refused in
one line. Since root may write anything whatever the permissions, the decision goes through
:func:`read_only_reason`, which tests can steer (``read_only=True``, or ``os.access`` patched).

A PostgreSQL URL has no file to check: the server answers for itself, and one writer at a time
is kept by an advisory lock (:class:`AdvisoryLock`) instead of a lock file.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import make_url

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a command waits for another process to finish migrating or importing (seconds);
#: `survindex init` takes a few seconds, so only a stuck process makes anyone wait this long.
LOCK_TIMEOUT = 300.0


class DatabaseUnavailable(Exception):
    """A database that cannot be used as asked; ``str()`` is one line naming it."""

    def __init__(self, where: str | Path, problem: str) -> None:
        self.where = str(where)
        self.problem = problem
        super().__init__(f"{self.where}: {problem}")


class ReadOnlyDatabase(DatabaseUnavailable):
    """A write to a database opened read-only."""


class SchemaNotCurrent(DatabaseUnavailable):
    """A read-only database whose schema is not the one this SurvIndex needs."""


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory ones.

    >>> sqlite_path("sqlite:////data/survindex.db")
    PosixPath('/data/survindex.db')
    >>> sqlite_path("sqlite:///file:/data/a%20b.db?mode=ro&uri=true")
    PosixPath('/data/a b.db')
    """
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database:
        return None
    database = parsed.database
    if database.startswith("file:"):
        database = unquote(database[len("file:") :])
    if database in ("", ":memory:") or "mode=memory" in url:
        return None
    return Path(database)


def check_target(path: Path) -> None:
    """Refuse, in one line, a path that cannot hold a database: a directory, a file that is not
    SQLite, a directory that does not exist. An empty or missing file is fine: SQLite makes one.
    """
    if path.is_dir():
        raise DatabaseUnavailable(
            path, f"is a directory; give a database file, e.g. {path / 'survindex.db'}"
        )
    if not path.parent.is_dir():
        raise DatabaseUnavailable(path, f"the directory {path.parent} does not exist")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise DatabaseUnavailable(path, f"cannot read ({error.strerror or error})") from None
    if header and header != SQLITE_HEADER[: len(header)]:
        raise DatabaseUnavailable(
            path,
            "is not a SQLite database; give another --db path (survindex init creates one)",
        )


def read_only_reason(url: str, path: Path | None, asked: bool = False) -> str | None:
    """Why the database must be opened read-only, or None when we may write it."""
    if asked:
        return "opened read-only as asked"
    query = make_url(url).query
    if query.get("mode") == "ro" or query.get("immutable") == "1":
        return "the URL opens it read-only"
    if path is None or not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "the file is not writable"
    if not os.access(path.parent, os.W_OK):
        return "its directory is not writable, so SQLite cannot write its journal there"
    return None


def read_only_url(path: Path) -> str:
    """A URL that opens ``path`` read-only.

    ``mode=ro`` still needs the write-ahead log's shared-memory file (``-shm``) beside the
    database; when the directory is not writable and there is none, ``immutable=1`` reads the
    file as it is, which is right only when no log holds changes not yet written into it.
    """
    target = f"sqlite:///file:{quote(str(path))}?mode=ro"
    shm, wal = Path(f"{path}-shm"), Path(f"{path}-wal")
    if os.access(path.parent, os.W_OK) or shm.exists():
        return target + "&uri=true"
    if wal.exists() and wal.stat().st_size > 0:
        raise DatabaseUnavailable(
            path,
            f"its write-ahead log {wal.name} holds changes that are not in the database yet, "
            "and its directory is not writable, so they cannot be read; open it once with "
            "write access, or copy the database with its -wal file to a writable directory",
        )
    return target + "&immutable=1&uri=true"


class WriterLock:
    """An exclusive lock held while one process migrates, builds or imports a database.

    SQLite serialises single transactions, but `survindex init` is several: migrate, load the
    reference tables, import two editions. Two of them started together on a new database both
    saw no tables and the second failed ("table countries already exists"), or both saw no
    countries and the second broke a unique key. The lock (``flock`` on ``<database>.lock``,
    released by the system even if the process dies) makes the second wait for the first and
    then find everything done. It is re-entrant, as ``build_index`` migrates inside it.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(f"{path}.lock")
        self.database = path
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def hold(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        if self._depth == 0:
            self._fd = self._acquire(timeout)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                os.close(self._fd)  # closing releases the flock
                self._fd = None

    def _acquire(self, timeout: float) -> int | None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: migrations still run exclusively
            return None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise DatabaseUnavailable(
                self.database,
                f"cannot create the lock file {self.path} ({error.strerror or error})",
            ) from None
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise DatabaseUnavailable(
                        self.database,
                        f"another survindex process has been changing it for {timeout:.0f} s "
                        f"(it holds {self.path}); wait for it to finish and try again",
                    ) from None
                time.sleep(0.05)


#: The key of the PostgreSQL advisory lock that :class:`AdvisoryLock` takes: a fixed 64-bit
#: number derived from a name, so that no other application's key is likely to collide.
ADVISORY_LOCK_KEY = int.from_bytes(hashlib.sha256(b"survindex writer").digest()[:8], signed=True)


class AdvisoryLock:
    """:class:`WriterLock` for a PostgreSQL database: a session-level advisory lock.

    PostgreSQL has no file to ``flock``; instead one connection holds ``pg_advisory_lock`` on
    :data:`ADVISORY_LOCK_KEY` while a process migrates, builds or imports. Advisory locks are
    per database, so two SurvIndex databases on one server do not wait for each other, and the
    server releases the lock if the process dies. Re-entrant, like :class:`WriterLock`.
    """

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where
        self._depth = 0
        self._connection: Connection | None = None

    @contextmanager
    def hold(self, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        if self._depth == 0:
            self._connection = self._acquire(timeout)
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0 and self._connection is not None:
                connection, self._connection = self._connection, None
                try:
                    # A pooled connection outlives close(), so the lock must be let go of here.
                    connection.execute(text("SELECT pg_advisory_unlock(:key)"), _KEY)
                    connection.commit()
                finally:
                    connection.close()

    def _acquire(self, timeout: float) -> Connection:
        connection = self.engine.connect()
        deadline = time.monotonic() + timeout
        try:
            while True:
                taken = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), _KEY)
                connection.commit()  # not left idle in a transaction while it waits or works
                if taken:
                    return connection
                if time.monotonic() >= deadline:
                    raise DatabaseUnavailable(
                        self.where,
                        f"another survindex process has been changing it for {timeout:.0f} s "
                        "(it holds the PostgreSQL advisory lock "
                        f"{ADVISORY_LOCK_KEY}); wait for it to finish and try again",
                    )
                time.sleep(0.05)
        except BaseException:
            connection.close()
            raise


_KEY = {"key": ADVISORY_LOCK_KEY}
