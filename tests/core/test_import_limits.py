"""`survindex import aigs` on hostile or oversized input: one line, exit 1, database unchanged.

Before, these were tracebacks (`_csv.Error: field larger than field limit`, `IntegrityError`
with the SQL, `ParseError` for entity expansion) or, for 300,000 junk rows, an import that took
80 s and 875 MB and kept 300,050 data-quality notes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from core.cli_run import dump_digest, run_main


@pytest.fixture()
def index_db(tmp_path: Path) -> Path:
    """A database with the reference tables and no edition, so that nothing refuses a file
    for being a second copy of an edition before its content is looked at."""
    from survindex.build import load_reference
    from survindex.store.database import Store

    path = tmp_path / "index.db"
    store = Store(str(path))
    store.migrate()
    load_reference(store)
    store.engine.dispose()
    return path


def _csv_lines(csv_v1: Path) -> list[str]:
    return csv_v1.read_text(encoding="utf-8-sig").splitlines()


def _workbook_with(workbook: Path, replace: dict[str, bytes], add: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(workbook) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replace.get(info.filename, zin.read(info.filename)))
        for name, data in add.items():
            zout.writestr(name, data)
    return out.getvalue()


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
    'uniqueCount="1"><si><t>&xxe;</t></si></sst>'
)


#: label -> (file name, builder of its bytes from (CSV lines, workbook path), expected problem).
#: A builder returning an int asks for a sparse file of that many bytes: refused by its size,
#: so never read.
CASES: dict[str, tuple[str, Callable[[list[str], Path], bytes | int], str]] = {
    "cell over 128 KB": (
        "bigcell.csv",
        lambda lines, _: "\n".join([lines[0], lines[1], "Kenya;" + "x" * 200_000]).encode(),
        "line 3: a cell of more than 131,072 characters",
    ),
    "cell over Excel's limit": (
        "longcell.csv",
        lambda lines, _: "\n".join([lines[0], lines[1], "Kenya;AF;" + "x" * 40_000]).encode(),
        "row 3, column 3: a cell of 40,000 characters",
    ),
    "50 MB without a newline": (
        "oneline.csv",
        lambda _lines, _: b"a" * (50 * 1024 * 1024),
        "line 1: a cell of more than 131,072 characters",
    ),
    "country twice": (
        "twice.csv",
        lambda lines, _: "\n".join([lines[0], lines[1], lines[2], lines[1]]).encode(),
        "'Algeria' is DZA again (first at file=twice.csv;line=2;column=Country)",
    ),
    "6,000 rows": (
        "rows.csv",
        lambda lines, _: "\n".join([lines[0], *(f"Junk {i};AF" for i in range(6000))]).encode(),
        "the file has more than 5,000 rows",
    ),
    "NUL after 4 KB": (
        "nul.csv",
        lambda lines, _: "\n".join(lines).encode()[:6000] + b"\x00tail\n",
        "binary file (NUL byte at offset 6000)",
    ),
    "billion laughs": (
        "laughs.xlsx",
        lambda _, book: _workbook_with(book, {"xl/sharedStrings.xml": LAUGHS.encode()}, {}),
        "workbook part xl/sharedStrings.xml declares a DTD or entities",
    ),
    "external entity": (
        "xxe.xlsx",
        lambda _, book: _workbook_with(book, {"xl/sharedStrings.xml": EXTERNAL.encode()}, {}),
        "workbook part xl/sharedStrings.xml declares a DTD or entities",
    ),
    "laughs in workbook.xml": (
        "laughs-workbook.xlsx",
        lambda _, book: _workbook_with(
            book, {"xl/workbook.xml": LAUGHS.replace("sst", "workbook").encode()}, {}
        ),
        "workbook part xl/workbook.xml declares a DTD or entities",
    ),
    "part unpacks too large": (
        "bigpart.xlsx",
        lambda _, book: _workbook_with(book, {}, {"xl/media/junk.bin": bytes(11 * 2**20)}),
        "workbook part xl/media/junk.bin unpacks to 11 MB",
    ),
    "workbook unpacks too large": (
        "bomb.xlsx",
        lambda _, book: _workbook_with(
            book, {}, {f"xl/media/junk{i}.bin": bytes(9 * 2**20) for i in range(6)}
        ),
        "workbook unpacks to 54 MB; files over 50 MB unpacked are refused",
    ),
    "file over 50 MB": ("huge.csv", lambda _lines, _: 51 * 2**20, "file of 51 MB"),
}


@pytest.mark.parametrize("label", list(CASES))
def test_hostile_or_oversized_file_gets_one_line_and_changes_nothing(
    label: str,
    index_db: Path,
    csv_v1: Path,
    workbook_2022: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, build, problem = CASES[label]
    path = tmp_path / name
    content = build(_csv_lines(csv_v1), workbook_2022)
    if isinstance(content, int):
        with path.open("wb") as handle:
            handle.truncate(content)
    else:
        path.write_bytes(content)
    before = dump_digest(index_db)
    code, out, err = run_main(
        monkeypatch, capsys, "--db", str(index_db), "import", "aigs", str(path)
    )
    lines = err.strip().splitlines()
    assert code == 1, (out, err)
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), err
    assert problem in lines[0], lines[0]
    assert dump_digest(index_db) == before


def test_too_many_rows_in_a_workbook_is_refused(
    index_db: Path,
    workbook_2022: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import openpyxl

    from survindex.ingest.carnegie_files import REQUIRED_2022

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "AIGS 2022"
    sheet.append(list(REQUIRED_2022))
    for i in range(6000):
        sheet.append([f"Junk {i}", "AF", "x", None, None, None, None, None, "Huawei"])
    path = tmp_path / "junk.xlsx"
    book.save(path)
    before = dump_digest(index_db)
    code, _out, err = run_main(
        monkeypatch, capsys, "--db", str(index_db), "import", "aigs", str(path)
    )
    assert code == 1
    assert err.strip() == (
        f"error: {path}: sheet 'AIGS 2022' has more than 5,000 rows; a Carnegie table has one "
        "row per country (under 200), so this file is not one"
    )
    assert dump_digest(index_db) == before


def test_a_country_twice_in_the_universe_sheet_is_refused(
    index_db: Path,
    workbook_2022: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import openpyxl

    book = openpyxl.load_workbook(workbook_2022)
    universe = book["Digital Repression Inde + V-Dem"]
    universe.append([cell.value for cell in universe[2]])
    path = tmp_path / "universe-twice.xlsx"
    book.save(path)
    code, _out, err = run_main(
        monkeypatch, capsys, "--db", str(index_db), "import", "aigs", str(path)
    )
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "again (first at sheet=Digital Repression Inde + V-Dem;row=2)" in err
