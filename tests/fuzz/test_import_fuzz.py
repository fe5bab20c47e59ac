"""Both importers fed random and mutated files: each either imports or refuses with its one-line
error class, and a refused file leaves the database as it was (one transaction)."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survindex.build import bundled_file, load_reference
from survindex.ingest.aiddata_files import AidDataFormatError
from survindex.ingest.aiddata_import import import_aiddata
from survindex.ingest.carnegie_files import CarnegieFormatError
from survindex.ingest.carnegie_import import EditionConflict, import_carnegie
from survindex.reference import aiddata
from survindex.store.database import Store

pytestmark = pytest.mark.slow
FUZZ = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _mutate(original: bytes, data: st.DataObject) -> bytes:
    """A file a careless export or a broken download could give: bytes flipped, cut or added."""
    body = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        at = data.draw(st.integers(0, max(0, len(body) - 1)))
        if kind == "flip" and body:
            body[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del body[at : at + data.draw(st.integers(1, 200))]
        elif kind == "insert":
            body[at:at] = data.draw(st.binary(min_size=1, max_size=50))
        else:
            del body[at:]
    return bytes(body)


def _tables(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        names = [
            r[0] for r in connection.execute("select name from sqlite_master where type='table'")
        ]
        return {
            n: connection.execute(f'select count(*) from "{n}"').fetchone()[0]
            for n in names
            if not n.startswith("search_index")
        }


@pytest.fixture(scope="module")
def empty_db() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="survindex-import-fuzz-"))
    store = Store(str(folder / "base.db"))
    store.migrate()
    load_reference(store)
    return folder / "base.db"


def _copy(base: Path, folder: Path) -> Store:
    target = folder / "fuzz.db"
    target.unlink(missing_ok=True)
    with sqlite3.connect(base) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return Store(str(target))


@pytest.mark.parametrize("name", ["aigs-earlier-edition.csv", "aigs-2022-09mar2022.xlsx"])
@FUZZ
@given(data=st.data())
def test_carnegie_import_refuses_in_one_line_or_imports(
    empty_db: Path, name: str, data: st.DataObject
) -> None:
    original = bundled_file(name).read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        store = _copy(empty_db, Path(folder))
        path = Path(folder) / name
        path.write_bytes(_mutate(original, data))
        before = _tables(Path(store.where))
        try:
            import_carnegie(store=store, path=path)
        except (CarnegieFormatError, EditionConflict) as exc:
            assert "\n" not in str(exc) and str(exc)
            assert _tables(Path(store.where)) == before


@FUZZ
@given(data=st.data())
def test_aiddata_import_refuses_in_one_line_or_imports(empty_db: Path, data: st.DataObject) -> None:
    original = aiddata.bundled_aiddata(aiddata.GEOLOCATED_TABLE).read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        store = _copy(empty_db, Path(folder))
        path = Path(folder) / "gcdf.csv"
        path.write_bytes(_mutate(original[:200_000], data))
        before = _tables(Path(store.where))
        try:
            import_aiddata(store=store, path=path)
        except AidDataFormatError as exc:
            assert "\n" not in str(exc) and str(exc)
            assert _tables(Path(store.where)) == before


@FUZZ
@given(payload=st.binary(max_size=2000))
def test_random_bytes_are_refused_by_both(empty_db: Path, payload: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = _copy(empty_db, Path(folder))
        for name, run, error in (
            ("x.csv", import_carnegie, CarnegieFormatError),
            ("x.xlsx", import_carnegie, CarnegieFormatError),
            ("y.csv", import_aiddata, AidDataFormatError),
        ):
            path = Path(folder) / name
            path.write_bytes(payload)
            with pytest.raises(error):
                run(store=store, path=path)
