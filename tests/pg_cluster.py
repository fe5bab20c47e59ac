"""A throwaway PostgreSQL server for the tests, and fresh databases on it or on SQLite.

The server is Debian's ``postgresql`` 15 (``make test-deps`` installs it): ``initdb`` makes a
cluster in a new temporary directory, ``pg_ctl`` starts it listening only on a unix socket in
that directory (``listen_addresses=''``: no TCP at all), and it is stopped and deleted when the
test session ends. No system cluster is touched. PostgreSQL refuses to run as root, so when the
tests run as root the server runs as the ``postgres`` OS user (``runuser``), in a directory
handed over to it.

Durability is switched off (``fsync``, ``synchronous_commit``, ``full_page_writes``): these
databases live for one test session, and creating and copying them is much faster without it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy.engine import make_url

#: Where Debian puts the server's programs; SURVINDEX_PG_BIN points elsewhere.
PG_BIN = Path(os.environ.get("SURVINDEX_PG_BIN", "/usr/lib/postgresql/15/bin"))
#: The OS user that runs the server when the tests run as root.
SERVER_USER = "postgres"
BACKENDS = ("sqlite", "postgresql")
#: Parameters for fixtures that run on every backend; ``-m "not postgresql"`` keeps to SQLite.
BACKEND_PARAMS = [
    pytest.param(name, marks=[pytest.mark.postgresql] if name == "postgresql" else [], id=name)
    for name in BACKENDS
]


def missing_binaries() -> str | None:
    """Why no server can be started here, or None when it can."""
    for program in ("initdb", "pg_ctl"):
        if not os.access(PG_BIN / program, os.X_OK):
            return (
                f"PostgreSQL is not installed ({PG_BIN / program} is missing): "
                "run `make test-deps` (Debian's postgresql 15) to run these tests"
            )
    return None


def _free_port() -> int:
    """A port number no local server uses. The server listens on no TCP port; the number only
    names its socket file, but a free one avoids confusing anyone looking at ``ss -l``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostgresCluster:
    """One server in its own temporary directory; :meth:`new_database` hands out databases."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="survindex-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as_server_user: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                raise RuntimeError(
                    f"the tests run as root, which PostgreSQL refuses, and there is no "
                    f"{SERVER_USER!r} user to run it as (Debian's postgresql package makes one)"
                ) from None
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_server_user = ["runuser", "-u", SERVER_USER, "--"]
        self._count = 0
        self._lock = threading.Lock()
        self.running = False

    def _run(self, program: str, *args: str) -> None:
        command = [*self._as_server_user, str(PG_BIN / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{tail}"
            )

    def start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data),
            "--username",
            "postgres",
            "--auth",
            "trust",  # only this directory's socket reaches it, and only this user can open it
            "--encoding",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = " ".join(
            [
                "-c listen_addresses=''",
                f"-c unix_socket_directories='{self.root}'",
                f"-p {self.port}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "--pgdata", str(self.data), "--log", log, "-o", options, "-w", "start")
        self.running = True

    def stop(self) -> None:
        try:
            if self.running:
                self._run("pg_ctl", "--pgdata", str(self.data), "--mode", "immediate", "stop")
                self.running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database on this server (unix socket, user postgres)."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.root}&port={self.port}"

    def _admin(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``'s URL); returns its URL.

        A copy is PostgreSQL's ``CREATE DATABASE ... TEMPLATE``, a file copy: every connection
        to the template must be closed first (dispose of its engines).
        """
        with self._lock:
            self._count += 1
            name = f"test_{self._count}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            original = sql.Identifier(str(make_url(template).database))
            statement += sql.SQL(" TEMPLATE {}").format(original)
        with self._admin() as admin:
            admin.execute(statement)
        return self.url(name)


class Databases:
    """Fresh databases on either backend; the PostgreSQL server starts on first use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cluster: PostgresCluster | None = None
        self._count = 0

    def postgres(self) -> PostgresCluster:
        if self._cluster is None:
            reason = missing_binaries()
            if reason is not None:
                pytest.skip(reason)
            cluster = PostgresCluster()
            try:
                cluster.start()
            except BaseException:
                cluster.stop()
                raise
            self._cluster = cluster
        return self._cluster

    def new(self, backend: str) -> str:
        """A new empty database: a SQLite file path, or a PostgreSQL URL."""
        if backend == "postgresql":
            return self.postgres().new_database()
        self._count += 1
        return str(self.root / f"db{self._count}.db")

    def copy(self, source: str) -> str:
        """A writable copy of a database that no connection holds open."""
        if source.startswith("postgresql"):
            return self.postgres().new_database(template=source)
        self._count += 1
        target = self.root / f"db{self._count}.db"
        # SQLite's backup API, so that pages still in the WAL file come along.
        with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
        original.close()
        copy.close()
        return str(target)

    def close(self) -> None:
        if self._cluster is not None:
            self._cluster.stop()
            self._cluster = None
