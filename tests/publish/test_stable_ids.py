"""Exports name claims, deployments and sources by their database ids, and re-imports keep them.

Claim 1089 in an export must be the claim that `survindex claims show 1089` shows, in every
format; a data package loaded into an empty database must give back the same ids.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from survindex.publish.datapackage_import import PackageError, import_datapackage
from survindex.publish.export import ExportError, export_edition
from survindex.publish.tabular import csv_value
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DeploymentRow, EditionRow, SourceRow, VendorRow

#: Columns of the claims table read straight from the claims row of the database.
SAME_AS_DATABASE = (
    "country",
    "technology",
    "vendor_name_in_source",
    "vendor_country",
    "city",
    "status",
    "financing_type",
    "financing_amount_usd",
    "confidence",
    "claim_status",
    "quote",
    "quote_start",
    "quote_end",
    "locator",
    "deployment_id",
    "source_id",
)


def _export(store: Store, slug: str, fmt: str, out: Path) -> None:
    with store.read() as session:
        export_edition(session=session, slug=slug, fmt=fmt, out=out)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _several(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """First, last, a few in between, and claims with a city, a vendor and financing."""
    picked = [rows[0], rows[len(rows) // 3], rows[len(rows) // 2], rows[-1]]
    for column in ("city", "vendor_slug", "financing_type"):
        picked += [r for r in rows if r[column]][:2]
    return picked


@pytest.mark.parametrize("slug", ["aigs-2022", "live"])
def test_exported_claim_n_is_database_claim_n(built_store, tmp_path, slug):
    _export(built_store, slug, "csv", tmp_path)
    rows = _rows(tmp_path / "claims.csv")
    assert len({r["claim_id"] for r in rows}) == len(rows)
    with built_store.read() as session:
        for row in _several(rows):
            claim = session.get(ClaimRow, int(row["claim_id"]))
            assert claim is not None, row["claim_id"]
            for column in SAME_AS_DATABASE:
                assert row[column] == csv_value(getattr(claim, column)), (claim.id, column)
            source = session.get(SourceRow, claim.source_id)
            assert source is not None and row["source_key"] == source.key
            vendor = session.get(VendorRow, claim.vendor_id) if claim.vendor_id else None
            assert row["vendor_slug"] == (vendor.slug if vendor else "")
            edition = session.get(EditionRow, claim.edition_id)
            assert edition is not None and row["edition"] == edition.slug


def test_deployment_and_source_ids_are_database_ids(built_store, tmp_path):
    _export(built_store, "aigs-2022", "csv", tmp_path)
    claims = _rows(tmp_path / "claims.csv")
    deployments = {r["deployment_id"]: r for r in _rows(tmp_path / "deployments.csv")}
    sources = _rows(tmp_path / "sources.csv")
    assert {c["deployment_id"] for c in claims} == set(deployments)
    with built_store.read() as session:
        for claim in _several(claims):
            row = deployments[claim["deployment_id"]]
            deployment = session.get(DeploymentRow, int(claim["deployment_id"]))
            assert deployment is not None
            assert (row["country"], row["technology"], row["vendor_country"]) == (
                deployment.country,
                csv_value(deployment.technology),
                csv_value(deployment.vendor_country),
            )
            assert claim["source_id"] in row["source_ids"].split("; ")
        for source in sources:
            stored = session.get(SourceRow, int(source["source_id"]))
            assert stored is not None and stored.key == source["key"]


def test_every_format_gives_the_same_ids(built_store, tmp_path):
    """claim_id N is the same claim in csv, xlsx, json, datapackage and sqlite."""
    _export(built_store, "aigs-2022", "csv", tmp_path / "csv")
    expected = {r["claim_id"]: r["quote"] for r in _rows(tmp_path / "csv" / "claims.csv")}

    _export(built_store, "aigs-2022", "datapackage", tmp_path / "pkg")
    package = _rows(tmp_path / "pkg" / "claims.csv")
    assert {r["claim_id"]: r["quote"] for r in package} == expected

    _export(built_store, "aigs-2022", "xlsx", tmp_path / "x.xlsx")
    sheet = load_workbook(tmp_path / "x.xlsx", read_only=True)["claims"]
    header, *values = list(sheet.iter_rows(values_only=True))
    at = {name: header.index(name) for name in ("claim_id", "quote")}
    assert {str(v[at["claim_id"]]): v[at["quote"]] for v in values} == expected

    _export(built_store, "aigs-2022", "json", tmp_path / "x.json")
    document = json.loads((tmp_path / "x.json").read_text("utf-8"))
    nested = {
        str(claim["claim_id"]): claim["quote"]
        for country in document["countries"]
        for deployment in country["deployments"]
        for claim in deployment["claims"]
    }
    assert nested == expected

    _export(built_store, "aigs-2022", "sqlite", tmp_path / "x.db")
    connection = sqlite3.connect(tmp_path / "x.db")
    try:
        stored = dict(connection.execute("select claim_id, quote from claims").fetchall())
    finally:
        connection.close()
    assert {str(k): v for k, v in stored.items()} == expected


def test_round_trip_keeps_ids_and_every_row(built_store, tmp_path):
    _export(built_store, "aigs-2022", "datapackage", tmp_path / "pkg")
    copy = Store(str(tmp_path / "copy.db"))
    import_datapackage(store=copy, path=tmp_path / "pkg")
    _export(copy, "aigs-2022", "datapackage", tmp_path / "again")
    for table in ("claims", "deployments", "sources", "countries", "findings"):
        original = (tmp_path / "pkg" / f"{table}.csv").read_text("utf-8")
        assert (tmp_path / "again" / f"{table}.csv").read_text("utf-8") == original, table
    with copy.read() as session:
        for row in _several(_rows(tmp_path / "pkg" / "claims.csv")):
            claim = session.get(ClaimRow, int(row["claim_id"]))
            assert claim is not None and claim.quote == row["quote"]
            assert claim.deployment_id == int(row["deployment_id"])
            assert claim.source_id == int(row["source_id"])


def test_two_editions_share_deployments_in_one_copy(built_store, tmp_path):
    """Deployments are shared across editions: the second package finds the first one's."""
    copy = Store(str(tmp_path / "copy.db"))
    deployments = {}
    for slug in ("aigs-v1", "aigs-2022"):
        _export(built_store, slug, "datapackage", tmp_path / slug)
        import_datapackage(store=copy, path=tmp_path / slug)
        _export(copy, slug, "csv", tmp_path / f"{slug}-again")
        for table in ("claims", "deployments"):
            original = (tmp_path / slug / f"{table}.csv").read_text("utf-8")
            again = (tmp_path / f"{slug}-again" / f"{table}.csv").read_text("utf-8")
            assert again == original, (slug, table)
        deployments[slug] = {r["deployment_id"] for r in _rows(tmp_path / slug / "deployments.csv")}
    assert deployments["aigs-v1"] & deployments["aigs-2022"]


def test_taken_ids_are_refused_unless_asked_for_new_ones(built_store, store_copy, tmp_path):
    package = tmp_path / "pkg"
    _export(built_store, "aigs-v1", "datapackage", package)
    descriptor = json.loads((package / "datapackage.json").read_text("utf-8"))
    descriptor["survindex"]["edition"] = "aigs-v1-again"
    (package / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    copy = store_copy()
    with pytest.raises(PackageError, match="is taken here.*keep_ids=False"):
        import_datapackage(store=copy, path=package)
    imported = import_datapackage(store=copy, path=package, keep_ids=False)
    assert imported.edition == "aigs-v1-again"


def test_a_claim_outside_its_deployment_stops_the_export(store_copy, tmp_path):
    """An accepted claim that the store did not merge would have no deployment id: refuse."""
    store = store_copy()
    connection = sqlite3.connect(str(store.engine.url.database))
    try:
        connection.execute(
            "UPDATE claims SET deployment_id = NULL WHERE id = (SELECT min(id) FROM claims "
            "WHERE edition_id = (SELECT id FROM editions WHERE slug = 'aigs-v1'))"
        )
        connection.commit()
    finally:
        connection.close()
    with pytest.raises(ExportError, match="merge rule"):
        _export(store, "aigs-v1", "csv", tmp_path / "out")
    assert not (tmp_path / "out").exists()
