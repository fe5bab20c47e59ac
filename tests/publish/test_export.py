"""Every export format opens in the tool it is meant for, and matches the golden files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from survindex.analysis.editions import findings_for
from survindex.publish.export import FORMATS, ExportError, export_edition
from survindex.publish.tables import TABLES
from survindex.store.database import Store

EDITION = "aigs-2022"


def _export(store: Store, fmt: str, out: Path, slug: str = EDITION) -> list[Path]:
    with store.read() as session:
        return export_edition(session=session, slug=slug, fmt=fmt, out=out)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_tables_match_golden(built_store, tmp_path, check_golden):
    _export(built_store, "csv", tmp_path)
    for name in ("countries", "deployments", "findings"):
        check_golden(f"{EDITION}/{name}.csv", (tmp_path / f"{name}.csv").read_text("utf-8"))


def test_csv_countries_agree_with_findings(built_store, tmp_path):
    _export(built_store, "csv", tmp_path)
    countries = _rows(tmp_path / "countries.csv")
    assert len(countries) == 179
    with built_store.read() as session:
        findings = {f.id: f for f in findings_for(session=session, slug=EDITION)}
    users = sorted(r["iso3"] for r in countries if r["uses_ai_surveillance"] == "true")
    assert users == list(findings["countries.using_any"].countries)
    safe_city = sorted(r["iso3"] for r in countries if r["safe_city"] == "true")
    assert safe_city == list(findings["technology.safe_city"].countries)


def test_claims_carry_full_citations(built_store, tmp_path):
    _export(built_store, "csv", tmp_path)
    claims = _rows(tmp_path / "claims.csv")
    assert len(claims) == 553
    assert all("doi:10.17632/gjhf5y4xjp.4" in c["source_citation"] for c in claims)
    assert all(c["locator"] and c["source_licence"] == "CC BY 4.0" for c in claims)


def test_datapackage_descriptor_golden_and_valid(built_store, tmp_path, check_golden):
    from frictionless import Package

    _export(built_store, "datapackage", tmp_path)
    descriptor = (tmp_path / "datapackage.json").read_text("utf-8")
    check_golden(f"{EDITION}/datapackage.json", descriptor)
    data = json.loads(descriptor)
    assert data["licenses"][0]["name"] == "CC-BY-4.0"
    assert data["sources"]
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_xlsx_reads_back(built_store, tmp_path):
    out = tmp_path / "index.xlsx"
    _export(built_store, "xlsx", out)
    workbook = load_workbook(out, read_only=True)
    assert workbook.sheetnames == ["About", *[spec.name for spec in TABLES]]
    rows = list(workbook["countries"].iter_rows(values_only=True))
    assert rows[0][0] == "iso3" and len(rows) == 180
    about = [r[0] for r in workbook["About"].iter_rows(values_only=True)]
    assert any("CC BY 4.0" in (line or "") for line in about)


def test_nested_json(built_store, tmp_path):
    out = tmp_path / "index.json"
    _export(built_store, "json", out)
    document = json.loads(out.read_text("utf-8"))
    assert document["edition"]["slug"] == EDITION
    by_iso = {c["iso3"]: c for c in document["countries"]}
    kenya = by_iso["KEN"]
    assert kenya["uses_ai_surveillance"] is True
    claims = [c for d in kenya["deployments"] for c in d["claims"]]
    assert claims and all(
        c["source_key"] in {s["key"] for s in document["sources"]} for c in claims
    )
    assert sum(len(d["claims"]) for c in document["countries"] for d in c["deployments"]) == 553


def test_geojson_has_geometry_and_indicators(built_store, tmp_path, world_map):
    out = tmp_path / "index.geojson"
    _export(built_store, "geojson", out)
    document = json.loads(out.read_text("utf-8"))
    assert document["type"] == "FeatureCollection"
    features = {f["id"]: f for f in document["features"]}
    assert len(features) == 179
    assert features["KEN"]["geometry"]["type"] in {"Polygon", "MultiPolygon"}
    assert features["XKX"]["geometry"] is not None  # Kosovo has a name but no id in world-atlas
    assert features["KEN"]["properties"]["regime"] == "EA"
    mapped = sum(1 for f in features.values() if f["geometry"])
    assert mapped > 160


def test_unknown_format_is_refused(built_store, tmp_path):
    with pytest.raises(ExportError):
        _export(built_store, "parquet", tmp_path / "x")
    assert set(FORMATS) == {"csv", "xlsx", "json", "geojson", "datapackage", "sqlite"}


def test_figures_edition_exports_its_figures(built_store, tmp_path):
    _export(built_store, "csv", tmp_path, slug="aigs-2019")
    published = _rows(tmp_path / "published_figures.csv")
    assert {"countries.using_any", "vendor.huawei"} <= {r["finding_id"] for r in published}


def test_cli_export_and_docs(built_store, tmp_path):
    from typer.testing import CliRunner

    from survindex.interfaces.cli import app

    db = str(built_store.engine.url.database)
    out = tmp_path / "pkg"
    result = CliRunner().invoke(
        app, ["--db", db, "export", "--edition", "aigs-v1", "--format", "datapackage", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert (out / "datapackage.json").exists()
    docs = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")
    for command in ("export", "diff", "report", "stats", "cite"):
        assert f"`survindex {command}" in docs
    for fmt in FORMATS:
        assert f"`{fmt}`" in docs
