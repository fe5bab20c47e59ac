"""Each exported row carries its own source's licence, and financing travels with the claims.

The `live` edition mixes Carnegie (CC BY 4.0), AidData (ODC-By 1.0) and news articles quoted
under their publishers' terms: every format must say which is which, row by row. Financing
records and the lender registry are exported beside the claims and load back with them.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from survindex.analysis.editions import findings_for
from survindex.build import ensure_derived_editions
from survindex.domain import DeploymentStatus, Technology
from survindex.ingest.documents import store_document
from survindex.ingest.extract import ExtractedClaim
from survindex.ingest.readers import Document
from survindex.publish.datapackage_import import PackageError, import_datapackage
from survindex.publish.export import export_edition
from survindex.publish.licences import PUBLISHER_TERMS
from survindex.review.financing import link_financing
from survindex.review.workflow import accept_claim
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, EditionRow, FinancingRow

AIDDATA = "aiddata-gcdf3"
CC_BY = "CC BY 4.0"
ODC_BY = "ODC-By 1.0"
URLS = {
    CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    ODC_BY: "https://opendatacommons.org/licenses/by/1-0/",
}
TEXT = (
    "Kampala, 4 May 2021. Police said Huawei installed a safe city camera network in Kampala "
    "last year. The opposition asked who paid for it."
)
QUOTE = "Police said Huawei installed a safe city camera network in Kampala last year."
#: Tables re-exported after a round trip and compared byte for byte (sources carry the date
#: they were accessed, which a copy keeps).
SAME_AFTER_ROUND_TRIP = (
    "claims",
    "deployments",
    "sources",
    "countries",
    "findings",
    "financing",
    "lenders",
)


def _export(store: Store, slug: str, fmt: str, out: Path) -> list[Path]:
    with store.read() as session:
        return export_edition(session=session, slug=slug, fmt=fmt, out=out)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected(source_key: str) -> str:
    """The licence a row must carry, from where its source came from."""
    if source_key.startswith("carnegie:"):
        return CC_BY
    if source_key.startswith("aiddata"):
        return ODC_BY
    assert source_key.startswith("doc:"), source_key
    return PUBLISHER_TERMS


@pytest.fixture(scope="module")
def mixed_store(built_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The built index plus one news article (no licence of its own) whose claim a reviewer
    accepted into `live`: live now holds Carnegie, AidData and news rows."""
    target = tmp_path_factory.mktemp("mixed") / "mixed.db"
    source = sqlite3.connect(str(built_store.engine.url.database))
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()
    store = Store(str(target))
    sha = hashlib.sha256(TEXT.encode()).hexdigest()
    start = TEXT.index(QUOTE)
    document = Document(
        path="kampala.txt",
        text=TEXT,
        reader="text",
        reader_version="1",
        sha256=sha,
        title="Kampala's cameras",
        url="https://news.example/kampala-cameras",
        published="2021-05-04",
        publisher="Example News",
    )
    claim = ExtractedClaim(
        doc="kampala.txt",
        vendor_slug="huawei",
        vendor_country="CHN",
        country="UGA",
        technology=Technology.SAFE_CITY,
        status=DeploymentStatus.DEPLOYED,
        quote=QUOTE,
        start=start,
        end=start + len(QUOTE),
        city="Kampala",
    )
    with store.transaction() as session:
        store_document(
            session=session, document=document, claims=(claim,), accessed=date(2026, 11, 2)
        )
    with store.transaction() as session:
        claim_id = session.scalar(select(ClaimRow.id).where(ClaimRow.quote == QUOTE))
        accept_claim(session=session, claim_id=claim_id, reviewer="ana", reason="test article")
    return store


@pytest.fixture(scope="module")
def live_csv(mixed_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("live") / "csv"
    _export(mixed_store, "live", "csv", out)
    return out


def test_live_rows_each_carry_their_own_licence(live_csv):
    claims = _rows(live_csv / "claims.csv")
    assert {c["licence"] for c in claims} == {CC_BY, ODC_BY, PUBLISHER_TERMS}
    for claim in claims:
        assert claim["licence"] == _expected(claim["source_key"]), claim["claim_id"]
        assert claim["source_licence"] == claim["licence"]
    sources = _rows(live_csv / "sources.csv")
    for source in sources:
        assert source["licence"] == _expected(source["key"]), source["key"]
        assert source["licence_url"] == URLS.get(source["licence"], "")
    news = [s for s in sources if s["kind"] == "document"]
    assert len(news) == 1 and news[0]["licence"] == PUBLISHER_TERMS
    financing = _rows(live_csv / "financing.csv")
    assert financing and {f["licence"] for f in financing} == {ODC_BY}


def test_derived_rows_name_every_licence_behind_them(live_csv):
    uganda = next(r for r in _rows(live_csv / "countries.csv") if r["iso3"] == "UGA")
    assert uganda["licences"].split("; ")[-1] == PUBLISHER_TERMS
    assert CC_BY in uganda["licences"]  # its context columns and Carnegie's claims
    claims = _rows(live_csv / "claims.csv")
    news = next(c for c in claims if c["quote"] == QUOTE)
    deployment = next(
        d
        for d in _rows(live_csv / "deployments.csv")
        if d["deployment_id"] == news["deployment_id"]
    )
    behind = {
        _expected(c["source_key"]) for c in claims if c["deployment_id"] == news["deployment_id"]
    }
    assert set(deployment["licences"].split("; ")) == behind


def test_live_data_package_lists_every_licence_per_resource(mixed_store, tmp_path):
    from frictionless import Package

    _export(mixed_store, "live", "datapackage", tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    licences = descriptor["licenses"]
    assert [entry["name"] for entry in licences] == ["CC-BY-4.0", "ODC-BY-1.0", "other-closed"]
    assert [entry.get("path") for entry in licences] == [URLS[CC_BY], URLS[ODC_BY], None]
    assert "publisher" in licences[2]["title"]
    resources = {
        r["name"]: [entry["name"] for entry in r["licenses"]] for r in descriptor["resources"]
    }
    assert resources["claims"] == ["CC-BY-4.0", "ODC-BY-1.0", "other-closed"]
    assert resources["sources"] == resources["claims"]
    assert resources["financing"] == ["ODC-BY-1.0"]
    assert resources["vendors"] == resources["lenders"] == ["CC-BY-4.0"]
    assert "AidData" in descriptor["description"] and "publisher" in descriptor["description"]
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_live_xlsx_and_sqlite_carry_each_rows_licence(mixed_store, tmp_path):
    _export(mixed_store, "live", "xlsx", tmp_path / "live.xlsx")
    workbook = load_workbook(tmp_path / "live.xlsx", read_only=True)
    header, *values = list(workbook["claims"].iter_rows(values_only=True))
    at = {name: header.index(name) for name in ("source_key", "licence")}
    assert all(v[at["licence"]] == _expected(v[at["source_key"]]) for v in values)
    about = " ".join(str(r[0]) for r in workbook["About"].iter_rows(values_only=True) if r[0])
    for text in (URLS[CC_BY], URLS[ODC_BY], PUBLISHER_TERMS, "AidData"):
        assert text in about

    _export(mixed_store, "live", "sqlite", tmp_path / "live.db")
    connection = sqlite3.connect(tmp_path / "live.db")
    try:
        pairs = connection.execute("select source_key, licence from claims").fetchall()
        financing = connection.execute("select distinct licence from financing").fetchall()
    finally:
        connection.close()
    assert all(licence == _expected(key) for key, licence in pairs)
    assert financing == [(ODC_BY,)]
    metadata = json.loads((tmp_path / "metadata.json").read_text("utf-8"))
    assert metadata["license"] == f"{CC_BY}; {ODC_BY}; {PUBLISHER_TERMS}"
    assert "license_url" not in metadata  # several licences: each table names its own
    assert [entry.get("path") for entry in metadata["licenses"]] == [
        URLS[CC_BY],
        URLS[ODC_BY],
        None,
    ]
    tables = metadata["databases"]["live"]["tables"]
    assert (tables["financing"]["license"], tables["financing"]["license_url"]) == (
        ODC_BY,
        URLS[ODC_BY],
    )


def test_live_json_carries_licence_and_financing_per_claim(mixed_store, tmp_path):
    _export(mixed_store, "live", "json", tmp_path / "live.json")
    document = json.loads((tmp_path / "live.json").read_text("utf-8"))
    assert [entry["name"] for entry in document["licences"]] == [
        "CC-BY-4.0",
        "ODC-BY-1.0",
        "other-closed",
    ]
    claims = [
        claim
        for country in document["countries"]
        for deployment in country["deployments"]
        for claim in deployment["claims"]
    ]
    assert all(c["licence"] == _expected(c["source_key"]) for c in claims)
    financed = [c for c in claims if c["financing_record"] is not None]
    assert financed and all(c["licence"] == ODC_BY for c in financed)
    record = financed[0]["financing_record"]
    assert (
        record["aiddata_url"] == f"https://china.aiddata.org/projects/{record['aiddata_record_id']}"
    )
    assert record["amount_usd_year"] == 2021 and record["lender_slug"]
    assert {lender["slug"] for lender in document["lenders"]} >= {record["lender_slug"]}
    uganda = next(c for c in document["countries"] if c["iso3"] == "UGA")
    assert PUBLISHER_TERMS in uganda["licences"]


def test_live_geojson_features_carry_their_licences(mixed_store, tmp_path, world_map):
    _export(mixed_store, "live", "geojson", tmp_path / "live.geojson")
    document = json.loads((tmp_path / "live.geojson").read_text("utf-8"))
    features = {f["id"]: f for f in document["features"]}
    assert PUBLISHER_TERMS in features["UGA"]["properties"]["licences"]
    assert all(f["properties"]["licences"] for f in document["features"])
    assert len(document["licences"]) == 3


def test_carnegie_export_names_only_cc_by(built_store, tmp_path):
    _export(built_store, "aigs-2022", "sqlite", tmp_path / "x.db")
    metadata = json.loads((tmp_path / "metadata.json").read_text("utf-8"))
    assert (metadata["license"], metadata["license_url"]) == (CC_BY, URLS[CC_BY])
    assert "AidData" not in metadata["description"]


def test_aiddata_exports_financing_and_lenders(built_store, tmp_path, check_golden):
    _export(built_store, AIDDATA, "datapackage", tmp_path)
    for name in ("financing.csv", "lenders.csv", "datapackage.json"):
        check_golden(f"{AIDDATA}/{name}", (tmp_path / name).read_text("utf-8"))
    financing = _rows(tmp_path / "financing.csv")
    claims = {c["claim_id"]: c for c in _rows(tmp_path / "claims.csv")}
    assert len(financing) == len(claims) == 50  # one record per accepted AidData claim
    with built_store.read() as session:
        for row in financing:
            stored = session.get(FinancingRow, int(row["financing_id"]))
            assert stored is not None and str(stored.claim_id) == row["claim_id"]
            assert row["aiddata_record_id"] == str(stored.aiddata_record_id)
            assert claims[row["claim_id"]]["licence"] == row["licence"] == ODC_BY
    descriptor = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert [entry["name"] for entry in descriptor["licenses"]] == ["CC-BY-4.0", "ODC-BY-1.0"]
    assert "Feldstein" not in json.dumps(descriptor["contributors"])


def _round_trip(store: Store, slug: str, tmp_path: Path) -> tuple[Path, Path, Store]:
    _export(store, slug, "datapackage", tmp_path / "pkg")
    copy = Store(str(tmp_path / "copy.db"))
    import_datapackage(store=copy, path=tmp_path / "pkg")
    _export(copy, slug, "datapackage", tmp_path / "again")
    return tmp_path / "pkg", tmp_path / "again", copy


def test_aiddata_round_trip_keeps_financing_records(built_store, tmp_path):
    package, again, copy = _round_trip(built_store, AIDDATA, tmp_path)
    for table in SAME_AFTER_ROUND_TRIP:
        original = (package / f"{table}.csv").read_text("utf-8")
        assert (again / f"{table}.csv").read_text("utf-8") == original, table
    findings = {r["id"] for r in _rows(again / "findings.csv")}
    assert "financing.CHN_state.amount_usd" in findings  # money findings survive the trip
    with built_store.read() as session:
        original = findings_for(session=session, slug=AIDDATA)
    with copy.read() as session:
        assert findings_for(session=session, slug=AIDDATA) == original


def test_live_rebuilds_from_its_editions_packages(built_store, tmp_path):
    """The live package is not imported itself; its editions' packages give the same live."""
    _export(built_store, "live", "datapackage", tmp_path / "live")
    with pytest.raises(PackageError, match=r"derived.*\(aiddata-gcdf3, aigs-2022, aigs-v1\)"):
        import_datapackage(store=Store(str(tmp_path / "refused.db")), path=tmp_path / "live")
    copy = Store(str(tmp_path / "copy.db"))
    for slug in ("aigs-v1", "aigs-2022", AIDDATA):
        _export(built_store, slug, "datapackage", tmp_path / slug)
        import_datapackage(store=copy, path=tmp_path / slug)
    ensure_derived_editions(copy)
    _export(copy, "live", "datapackage", tmp_path / "again")
    for table in SAME_AFTER_ROUND_TRIP:
        original = (tmp_path / "live" / f"{table}.csv").read_text("utf-8")
        assert (tmp_path / "again" / f"{table}.csv").read_text("utf-8") == original, table


def _carnegie_deployment(store: Store, recipient: str) -> tuple[int, int]:
    """(AidData record id, an aigs-2022 deployment in its recipient country that no AidData
    claim belongs to)."""
    with store.read() as session:
        record = session.scalars(
            select(FinancingRow).where(FinancingRow.recipient == recipient)
        ).first()
        assert record is not None and record.aiddata_record_id is not None
        aiddata = select(ClaimRow.deployment_id).where(ClaimRow.edition_id == _edition(AIDDATA))
        deployment = session.scalar(
            select(ClaimRow.deployment_id).where(
                ClaimRow.edition_id == _edition("aigs-2022"),
                ClaimRow.country == recipient,
                ClaimRow.deployment_id.not_in(aiddata),
            )
        )
        assert deployment is not None
        return record.aiddata_record_id, deployment


def _edition(slug: str) -> Any:
    return select(EditionRow.id).where(EditionRow.slug == slug).scalar_subquery()


def test_linked_deployment_needs_its_editions_package_first(store_copy, tmp_path):
    """A loan linked to a Carnegie deployment keeps the link once that deployment exists;
    before, the import refuses rather than drop it."""
    store = store_copy()
    record, deployment = _carnegie_deployment(store, "KEN")
    with store.transaction() as session:
        link_financing(
            session=session, record=record, deployment_id=deployment, reviewer="ana", reason="t"
        )
    for slug in ("aigs-2022", AIDDATA):
        _export(store, slug, "datapackage", tmp_path / slug)
    linked = next(
        r
        for r in _rows(tmp_path / AIDDATA / "financing.csv")
        if r["aiddata_record_id"] == str(record)
    )
    assert linked["deployment_id"] == str(deployment)

    alone = Store(str(tmp_path / "alone.db"))
    with pytest.raises(PackageError, match=f"deployment {deployment}.*import the package"):
        import_datapackage(store=alone, path=tmp_path / AIDDATA)
    with alone.read() as session:  # one transaction: nothing of the package stayed
        assert session.scalar(select(func.count()).select_from(FinancingRow)) == 0

    copy = Store(str(tmp_path / "copy.db"))
    import_datapackage(store=copy, path=tmp_path / "aigs-2022")
    import_datapackage(store=copy, path=tmp_path / AIDDATA)
    with copy.read() as session:
        stored = session.scalar(
            select(FinancingRow).where(FinancingRow.aiddata_record_id == record)
        )
        assert stored is not None and stored.deployment_id == deployment


def test_export_credit_is_exported_validated_and_imported(store_copy, tmp_path):
    from frictionless import Package

    store = store_copy()
    with store.transaction() as session:
        row = session.scalars(select(FinancingRow).order_by(FinancingRow.id)).first()
        assert row is not None
        row.flow_type = "export_credit"
        claim = session.get(ClaimRow, row.claim_id)
        assert claim is not None
        claim.financing_type = "export_credit"
        record = row.aiddata_record_id
    _export(store, AIDDATA, "datapackage", tmp_path / "pkg")
    report = Package(str(tmp_path / "pkg" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    copy = Store(str(tmp_path / "copy.db"))
    import_datapackage(store=copy, path=tmp_path / "pkg")
    with copy.read() as session:
        stored = session.scalar(
            select(FinancingRow).where(FinancingRow.aiddata_record_id == record)
        )
        assert stored is not None and stored.flow_type == "export_credit"


def test_unknown_financing_type_is_refused_by_name(built_store, tmp_path):
    from frictionless import Package

    _export(built_store, AIDDATA, "datapackage", tmp_path / "pkg")
    path = tmp_path / "pkg" / "financing.csv"
    rows = _rows(path)
    rows[0]["flow_type"] = "barter"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = Package(str(tmp_path / "pkg" / "datapackage.json")).validate()
    assert not report.valid  # the enum constraint names the vocabulary
    with pytest.raises(
        PackageError, match=r"financing.csv record \d+ flow_type: 'barter'.*export_credit"
    ):
        import_datapackage(store=Store(str(tmp_path / "copy.db")), path=tmp_path / "pkg")


def test_aiddata_records_already_stored_are_refused(built_store, store_copy, tmp_path):
    _export(built_store, AIDDATA, "datapackage", tmp_path / "pkg")
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    descriptor["survindex"]["edition"] = "aiddata-again"
    (tmp_path / "pkg" / "datapackage.json").write_text(json.dumps(descriptor), "utf-8")
    with pytest.raises(PackageError, match="AidData record \\d+ is already stored here"):
        import_datapackage(store=store_copy(), path=tmp_path / "pkg", keep_ids=False)


def test_docs_name_every_table_licence_and_financing_type():
    from survindex.domain import FinancingType
    from survindex.publish.tables import TABLES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")
    for spec in TABLES:
        assert f"`{spec.name}`" in docs, spec.name
    for value in (CC_BY, ODC_BY, PUBLISHER_TERMS, URLS[CC_BY], URLS[ODC_BY]):
        assert value in docs, value
    for kind in FinancingType:
        assert f"`{kind.value}`" in docs, kind.value
