"""Run the command line in-process as the `survindex` script does, error handling included."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

import pytest

from survindex.interfaces import cli


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `survindex ARGS`; an uncaught exception fails the test."""
    monkeypatch.setattr(sys, "argv", ["survindex", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 1), captured.out, captured.err


def dump_digest(db: Path) -> str:
    """A digest of the database's content (pages still in the WAL file included)."""
    with sqlite3.connect(db) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
