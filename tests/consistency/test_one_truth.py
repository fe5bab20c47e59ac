"""One truth per figure: every surface shows the same number for the same id.

Walks every country of every edition and every finding id of every edition, and checks that the
map rows, the country page's data, `/api/countries/{iso3}`, `survindex country --format json`,
`/findings`, `/api/findings`, `/api/findings/charts`, the filtered `/api/countries` totals, the
network and the CLI's findings agree. Seeded with a proposed claim and an accepted ingested claim,
so that `live` differs from the Carnegie editions.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from survindex.interfaces.api.app import create_app
from survindex.interfaces.cli import app as cli_app

EDITIONS = ("aigs-2022", "aigs-v1", "live")


@pytest.fixture(scope="module")
def client(seeded_truth_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_truth_db)) as c:
        yield c


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return response.json()


def rows(client: TestClient, query: str) -> list[dict[str, Any]]:
    return get(client, f"/api/countries?limit=1000&{query}")["items"]  # type: ignore[no-any-return]


def findings(client: TestClient, edition: str) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in get(client, f"/api/findings?edition={edition}")["findings"]}


def cli_json(db: str, *args: str) -> Any:
    result = CliRunner().invoke(cli_app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_country_row_is_the_same_on_map_page_api_and_cli(
    client: TestClient, seeded_truth_db: str, edition: str
) -> None:
    map_rows = {r["iso3"]: r for r in rows(client, f"edition={edition}")}
    assert map_rows, edition
    for iso3, row in map_rows.items():
        detail = get(client, f"/api/countries/{iso3}")
        assert detail["editions"][edition] == row, (edition, iso3)
        if edition == "live":
            assert detail["live"] == row
        page = client.get(f"/countries/{iso3}")
        assert page.status_code == 200
        body = html.unescape(page.text)
        suppliers = ", ".join(row["supplier_countries"])
        assert f'<th scope="row">{edition}</th><td>' in body
        if edition == "live":
            assert f"Supplier countries (stated by the sources): {suppliers or '-'}" in body
    # the CLI prints the same rows (one call per country covers every edition)
    if edition == "live":
        for iso3, row in map_rows.items():
            profile = cli_json(seeded_truth_db, "country", iso3, "--format", "json")
            assert profile["editions"]["live"] == row, iso3


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_finding_is_the_same_number_everywhere(
    client: TestClient, seeded_truth_db: str, edition: str
) -> None:
    by_id = findings(client, edition)
    cli = cli_json(seeded_truth_db, "findings", "--edition", edition, "--format", "json")
    assert {f["id"]: f for f in cli["findings"]} == by_id
    charts = get(client, f"/api/findings/charts?edition={edition}")
    for group in ("headline", "technologies", "supplier_countries", "regimes"):
        for bar in charts[group]:
            assert bar["value"] == by_id[bar["id"]]["value"], (group, bar["id"])
            assert bar["countries"] == by_id[bar["id"]]["countries"], (group, bar["id"])
    for bar in charts["registry_supplier_countries"]:
        assert bar["value"] == by_id[bar["id"]]["value"], bar["id"]
    page = html.unescape(client.get(f"/findings?edition={edition}").text)
    all_rows = dict(re.findall(r"#drill\">([^<]+)</a></th><td>[^<]*</td><td>([^<]*)</td>", page))
    for fid, finding in by_id.items():
        shown = all_rows[fid]
        value = finding["value"]
        if value is None:
            assert shown == "-"
        elif fid.startswith("regime."):
            assert float(shown) == pytest.approx(value, abs=0.005)
        else:
            assert float(shown.replace(",", "")) == pytest.approx(value, abs=0.5), fid
    country_rows = {r["iso3"]: r for r in rows(client, f"edition={edition}")}
    for fid, finding in by_id.items():
        family, _, rest = fid.partition(".")
        members = finding["countries"]
        if family == "technology":
            filtered = rows(client, f"edition={edition}&technology={rest}")
            assert [r["iso3"] for r in filtered] == members, fid
        elif family == "vendor" and rest in {v["slug"] for r in country_rows.values()
                                             for v in r["vendors"]}:  # fmt: skip
            filtered = rows(client, f"edition={edition}&vendor={rest}")
            assert [r["iso3"] for r in filtered] == members, fid
            network = get(client, f"/api/network?edition={edition}&vendor={rest}")
            assert sorted(c["iso3"] for c in network["countries"]) == members, fid
        elif family == "supplier_country" and "." not in rest:
            filtered = rows(client, f"edition={edition}&supplier_country={rest.lower()}")
            assert [r["iso3"] for r in filtered] == members, fid
        elif family == "supplier_country" and rest.endswith(".registry"):
            code = rest.split(".")[0]
            network = get(client, f"/api/network?edition={edition}&supplier_country={code}")
            assert sorted(c["iso3"] for c in network["countries"]) == members, fid
        elif family == "regime" and finding["numerator"] is not None:
            of_type = rows(client, f"edition={edition}&regime={rest.lower()}")
            assert finding["denominator"] == len(of_type)
            assert finding["numerator"] == sum(1 for r in of_type if r["technology_count"])
    users = [iso for iso, r in country_rows.items() if r["technology_count"]]
    assert by_id["countries.using_any"]["countries"] == users


def test_figures_only_edition_shows_its_published_figures(client: TestClient) -> None:
    by_id = findings(client, "aigs-2019")
    assert by_id["countries.using_any"]["value"] == 75
    assert by_id["vendor.huawei"]["label"] == "Countries where Huawei is named as a supplier"
    page = client.get("/findings?edition=aigs-2019").text
    assert "None/None" not in page and "(None" not in page
    home = client.get("/?edition=aigs-2019").text
    assert "Countries using AI surveillance" in home
    assert ">countries.using_any<" not in home


def test_proposed_claims_are_shown_apart_and_never_counted(
    client: TestClient, proposed_country: str
) -> None:
    live = findings(client, "live")
    assert proposed_country not in live["countries.using_any"]["countries"]
    assert proposed_country in live["countries.using_any"]["proposed"]
    assert proposed_country in live["technology.safe_city"]["proposed"]
    counted = {  # Carnegie's safe-city countries and those of AidData-financed platforms
        iso
        for edition in ("aigs-2022", "aiddata-gcdf3")
        for iso in findings(client, edition)["technology.safe_city"]["countries"]
    }
    assert set(live["technology.safe_city"]["countries"]) == counted
    row = get(client, f"/api/countries/{proposed_country}")["live"]
    assert row["technologies"] == [] and row["proposed_technologies"] == ["safe_city"]


def test_unknown_belt_and_road_status_is_not_no(client: TestClient) -> None:
    by_id = findings(client, "aigs-2022")
    bri = by_id["supplier_country.CHN.bri"]
    supplied = by_id["supplier_country.CHN"]["countries"]
    known = [r for r in rows(client, "edition=aigs-2022") if r["iso3"] in supplied]
    assert bri["denominator"] == sum(1 for r in known if r["bri_member"] is not None)
    assert bri["unknown"] == sum(1 for r in known if r["bri_member"] is None)
    no = rows(client, "edition=aigs-2022&bri=false")
    assert all(r["bri_member"] is False for r in no)


def test_foreign_variant_leaves_the_home_country_out(client: TestClient) -> None:
    by_id = findings(client, "aigs-2022")
    for code in ("CHN", "USA"):
        stated = set(by_id[f"supplier_country.{code}"]["countries"])
        foreign = set(by_id[f"supplier_country.{code}.foreign"]["countries"])
        assert foreign == stated - {code}


@pytest.mark.parametrize("edition", EDITIONS)
def test_exports_count_what_the_findings_count(client: TestClient, edition: str) -> None:
    home = client.get(f"/?edition={edition}").text
    for fmt in ("csv", "xlsx", "json", "geojson", "datapackage", "sqlite"):
        assert f"format={fmt}" in home, fmt
    response = client.get(f"/export?edition={edition}&format=csv")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = {Path(n).name: n for n in archive.namelist()}
        countries = list(csv.DictReader(io.TextIOWrapper(archive.open(names["countries.csv"]))))
        exported = list(csv.DictReader(io.TextIOWrapper(archive.open(names["findings.csv"]))))
    by_id = findings(client, edition)

    def members(column: str) -> list[str]:
        return [r["iso3"] for r in countries if r[column] == "true"]

    assert members("uses_ai_surveillance") == by_id["countries.using_any"]["countries"]
    assert members("china_tech") == by_id["supplier_country.CHN"]["countries"]
    assert members("us_tech") == by_id["supplier_country.USA"]["countries"]
    for technology in ("safe_city", "facial_recognition", "smart_policing"):
        assert members(technology) == by_id[f"technology.{technology}"]["countries"]
    for row in exported:
        value = by_id[row["id"]]["value"]
        assert (
            (row["value"] == "") if value is None else float(row["value"]) == pytest.approx(value)
        )
    map_rows = {r["iso3"]: r for r in rows(client, f"edition={edition}")}
    assert [r["iso3"] for r in countries] == list(map_rows)


def test_financing_figures_are_the_records_listed(client: TestClient, seeded_truth_db: str) -> None:
    live = findings(client, "live")
    listed = get(client, "/api/financing")
    counted = sorted({r["recipient"] for r in listed["records"] if r["counted"]})
    assert counted == live["financing.CHN_state.countries"]["countries"]
    summed = sum(r["amount_usd"] for r in listed["records"] if r["in_amount"])
    assert live["financing.CHN_state.amount_usd"]["value"] == pytest.approx(summed)
    for iso3 in counted:
        page = get(client, f"/api/countries/{iso3}")["money"]
        assert any(r["counted"] for r in page["records"]), iso3
    ecuador = cli_json(
        seeded_truth_db, "financing", "list", "--country", "Ecuador", "--format", "json"
    )
    assert {r["id"] for r in ecuador["records"]} == {
        r["id"] for r in get(client, "/api/financing?country=ECU")["records"]
    }


def test_as_of_a_day_every_surface_shows_the_same_index(
    client: TestClient, seeded_truth_db: str
) -> None:
    day = "2022-12-31"
    by_id = {f["id"]: f for f in get(client, f"/api/findings?as_of={day}")["findings"]}
    cli = cli_json(seeded_truth_db, "findings", "--as-of", day, "--format", "json")
    assert {f["id"]: f for f in cli["findings"]} == by_id
    map_rows = {r["iso3"]: r for r in rows(client, f"as_of={day}")}
    users = [iso for iso, r in map_rows.items() if r["technology_count"]]
    assert users == by_id["countries.using_any"]["countries"]
    chn = [r["iso3"] for r in rows(client, f"as_of={day}&supplier_country=CHN")]
    assert chn == by_id["supplier_country.CHN"]["countries"]
    for iso3 in ("KEN", "ECU", "ISL", "SRB"):
        page = get(client, f"/api/countries/{iso3}?as_of={day}")
        assert page["live"] == map_rows.get(iso3, page["live"]), iso3
    charts = get(client, f"/api/findings/charts?as_of={day}")
    for bar in charts["technologies"]:
        assert bar["value"] == by_id[bar["id"]]["value"]
