"""`survindex import aigs`: idempotent, one transaction, clean one-line errors on bad input."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from survindex.ingest import carnegie_import
from survindex.ingest.carnegie_import import import_carnegie
from survindex.store.database import Store

CLI = [sys.executable, "-m", "survindex.interfaces"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--db", str(db), *args], capture_output=True, text=True, timeout=120
    )


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "select name from sqlite_master where type='table' and name != 'alembic_version'"
            )
        ]
        return {n: conn.execute(f"select count(*) from {n}").fetchone()[0] for n in names}


@pytest.fixture(scope="module")
def imported_db(tmp_path_factory: pytest.TempPathFactory, workbook_2022: Path) -> Path:
    db = tmp_path_factory.mktemp("imp") / "imp.db"
    result = run(db, "import", "aigs", str(workbook_2022))
    assert result.returncode == 0, result.stderr
    assert "imported aigs-2022: 179 countries" in result.stdout
    return db


def test_reimporting_the_same_file_changes_nothing(imported_db: Path, workbook_2022: Path) -> None:
    before = table_counts(imported_db)
    again = run(imported_db, "import", "aigs", str(workbook_2022))
    assert again.returncode == 0
    assert "nothing changed" in again.stdout
    assert table_counts(imported_db) == before


def test_report_lists_every_repair(imported_db: Path, workbook_2022: Path) -> None:
    out = run(imported_db, "import", "aigs", str(workbook_2022), "--report").stdout
    for kind in ("corrupted_text", "misplaced_overflow", "vendor_spelling", "implausible_value"):
        assert kind in out


def _bad_inputs(tmp: Path, workbook: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp / "empty.xlsx"
    empty.write_bytes(b"")
    binary = tmp / "random.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    truncated = tmp / "truncated.xlsx"
    truncated.write_bytes(workbook.read_bytes()[:20000])
    other_csv = tmp / "other.csv"
    other_csv.write_text("name;population\nFrance;68\n", encoding="utf-8")
    comma_csv = tmp / "comma.csv"
    comma_csv.write_text("Country,Region,Safe City System\nKenya,AF,x\n", encoding="utf-8")
    wrong_sheet = tmp / "wrong.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(wrong_sheet)
    latin = tmp / "latin1.csv"
    latin.write_bytes("Country;Region\nPer\xfa;WHA\n".encode("latin-1"))
    return {
        "empty": (empty, "empty file"),
        "binary": (binary, "binary file"),
        "truncated": (truncated, "truncated or corrupt workbook"),
        "other csv": (other_csv, "missing column(s)"),
        "comma csv": (comma_csv, "not a ';'-separated Carnegie AIGS CSV"),
        "wrong sheet": (wrong_sheet, "has no sheet 'AIGS 2022'"),
        "latin-1": (latin, "not UTF-8"),
        "missing": (tmp / "nope.xlsx", "cannot read file"),
    }


def test_bad_input_gets_one_line_error_and_leaves_database_unchanged(
    imported_db: Path, workbook_2022: Path, tmp_path: Path
) -> None:
    before = hashlib.sha256(imported_db.read_bytes()).hexdigest()
    counts = table_counts(imported_db)
    for label, (path, problem) in _bad_inputs(tmp_path, workbook_2022).items():
        result = run(imported_db, "import", "aigs", str(path))
        assert result.returncode != 0, label
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (label, result.stderr)
        assert str(path) in lines[0] and problem in lines[0], (label, lines[0])
        assert "Traceback" not in result.stderr + result.stdout
    assert table_counts(imported_db) == counts
    assert hashlib.sha256(imported_db.read_bytes()).hexdigest() == before or counts == table_counts(
        imported_db
    )


def test_failure_midway_rolls_back_the_whole_import(
    fresh_store: Store, workbook_2022: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from survindex.build import load_reference

    load_reference(fresh_store)
    calls = {"n": 0}
    original = carnegie_import.repo.add_claim

    def failing_add_claim(**kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 100:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(carnegie_import.repo, "add_claim", failing_add_claim)
    with pytest.raises(RuntimeError):
        import_carnegie(store=fresh_store, path=workbook_2022)
    with fresh_store.engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("select count(*) from claims")).scalar() == 0
        assert conn.execute(text("select count(*) from editions")).scalar() == 0
        assert conn.execute(text("select count(*) from sources")).scalar() == 0


def test_a_different_file_for_an_existing_edition_is_refused(
    imported_db: Path, workbook_2022: Path, tmp_path: Path
) -> None:
    changed = tmp_path / "changed.xlsx"
    shutil.copy(workbook_2022, changed)
    with zipfile.ZipFile(changed, "a") as z:
        z.writestr("docProps/extra.xml", "<x/>")
    result = run(imported_db, "import", "aigs", str(changed))
    assert result.returncode == 1
    assert "imported from another file" in result.stderr
