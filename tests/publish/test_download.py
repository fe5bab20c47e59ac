"""The dashboard's download: `export_bytes` and GET /export give what `survindex export` writes."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from survindex.interfaces.api.app import create_app
from survindex.interfaces.web.exports import router
from survindex.publish.download import export_bytes
from survindex.publish.export import FORMATS, ExportError, export_edition
from survindex.publish.selection import CountrySelection

EDITION = "aigs-2022"


@pytest.fixture(scope="module")
def client(built_store):
    # The lead includes the router in create_app; until then the test app adds it itself.
    app = create_app(str(built_store.engine.url.database))
    if not any(getattr(r, "path", None) == "/export" for r in app.routes):
        app.include_router(router)
    with TestClient(app) as test_client:
        yield test_client


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_json_download_equals_the_cli_file(built_store, tmp_path):
    out = tmp_path / "index.json"
    with built_store.read() as session:
        export_edition(session=session, slug=EDITION, fmt="json", out=out)
        download = export_bytes(session=session, slug=EDITION, fmt="json")
    assert download.content == out.read_bytes()
    assert (download.filename, download.media_type) == (
        "survindex-aigs-2022.json",
        "application/json",
    )


def test_folder_formats_download_as_zip(built_store, tmp_path):
    with built_store.read() as session:
        export_edition(session=session, slug=EDITION, fmt="datapackage", out=tmp_path / "pkg")
        package = export_bytes(session=session, slug=EDITION, fmt="datapackage")
        database = export_bytes(session=session, slug=EDITION, fmt="sqlite")
    assert package.filename == "survindex-aigs-2022-datapackage.zip"
    assert package.media_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(package.content)) as archive:
        names = set(archive.namelist())
        assert "datapackage.json" in names and "claims.csv" in names
        for name in names:
            assert archive.read(name) == (tmp_path / "pkg" / name).read_bytes(), name
    with zipfile.ZipFile(io.BytesIO(database.content)) as archive:
        assert set(archive.namelist()) == {"survindex-aigs-2022.db", "metadata.json"}


def test_the_same_export_gives_the_same_bytes(built_store):
    with built_store.read() as session:
        first = export_bytes(session=session, slug=EDITION, fmt="csv")
        second = export_bytes(session=session, slug=EDITION, fmt="csv")
    assert first.content == second.content


def test_selection_keeps_matching_countries_and_their_claims(built_store):
    selection = CountrySelection(technology="facial_recognition", regime="EA")
    with built_store.read() as session:
        whole = export_bytes(session=session, slug=EDITION, fmt="json")
        part = export_bytes(session=session, slug=EDITION, fmt="json", selection=selection)
    assert part.filename == "survindex-aigs-2022-selection.json"
    everything = json.loads(whole.content)
    document = json.loads(part.content)
    expected = {
        c["iso3"]
        for c in everything["countries"]
        if c["facial_recognition"] is True and c["regime"] == "EA"
    }
    assert expected and {c["iso3"] for c in document["countries"]} == expected
    assert document["edition"]["selection"] == {"technology": "facial_recognition", "regime": "EA"}
    assert document["findings"] == everything["findings"]  # the edition's figures, unfiltered


def test_bad_selection_is_refused(built_store):
    with built_store.read() as session, pytest.raises(ExportError, match="regime"):
        export_bytes(
            session=session, slug=EDITION, fmt="csv", selection=CountrySelection(regime="XX")
        )


def test_route_sends_the_file_as_a_download(client):
    response = client.get("/export", params={"edition": EDITION, "format": "xlsx"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="survindex-aigs-2022.xlsx"'
    assert response.content[:2] == b"PK"  # an xlsx is a zip


def test_route_filters_as_the_dashboard(client):
    response = client.get(
        "/export",
        params={"edition": EDITION, "format": "csv", "supplier_country": "chn", "bri": "true"},
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        countries = _csv(archive.read("countries.csv"))
        claims = _csv(archive.read("claims.csv"))
    assert countries and all(c["bri_member"] == "true" for c in countries)
    kept = {c["iso3"] for c in countries}
    assert {c["country"] for c in claims} <= kept


@pytest.mark.parametrize(
    ("params", "status"),
    [
        # the map's filters are parsed by the API's code: 422 naming the parameter
        ({"edition": EDITION, "format": "parquet"}, 422),
        ({"edition": EDITION, "format": "csv", "technology": "telepathy"}, 422),
        ({"edition": "no-such-edition", "format": "csv"}, 422),
        ({"edition": EDITION, "format": "csv", "junk": "1"}, 422),
        ({"edition": "aigs-2019", "format": "geojson"}, 400),
    ],
)
def test_route_refuses_bad_requests(client, params, status):
    response = client.get("/export", params=params)
    assert response.status_code == status, response.text


def test_every_format_downloads(client, world_map):
    for fmt in FORMATS:
        response = client.get("/export", params={"edition": "aigs-v1", "format": fmt})
        assert response.status_code == 200, (fmt, response.text)
        assert "attachment" in response.headers["content-disposition"]


def test_a_partial_package_is_not_imported_as_the_edition(built_store, tmp_path):
    from survindex.publish.datapackage_import import PackageError, import_datapackage
    from survindex.store.database import Store

    with built_store.read() as session:
        export_edition(
            session=session,
            slug=EDITION,
            fmt="datapackage",
            out=tmp_path / "pkg",
            selection=CountrySelection(countries=("KEN", "SRB")),
        )
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text("utf-8"))
    assert descriptor["survindex"]["selection"] == {"countries": ["KEN", "SRB"]}
    with pytest.raises(PackageError, match="only the countries"):
        import_datapackage(store=Store(str(tmp_path / "copy.db")), path=tmp_path / "pkg")
