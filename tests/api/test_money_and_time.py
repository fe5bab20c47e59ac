"""Money and time through the app: the country timeline and the findings trend as JSON and as
pages (one read model each), and the home page's financing layer said in words and in the table."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

FINANCE = "financing.CHN_state.countries"


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_timeline_json_is_the_country_page_by_year(client: TestClient) -> None:
    country = get(client, "/api/countries/ECU")
    timeline = get(client, "/api/countries/Ecuador/timeline")  # any alias, as for the page
    assert timeline["iso3"] == "ECU"
    by_year = {y["year"]: y for y in timeline["years"]}
    years = [r["commitment_year"] for r in country["money"]["records"]]
    for year in {y for y in years if y is not None}:
        y = by_year[year]
        assert y["records"] + y["other_records"] == years.count(year)
    assert "aigs-2022" in by_year[2022]["editions"] and "aigs-v1" in timeline["undated"]["editions"]
    total = sum(c["amount_usd"] for c in [*timeline["years"], timeline["undated"]])
    assert abs(total - country["money"]["amount_usd"]) < 0.05
    claims = sum(c["claims"] + c["other_claims"] for c in [*timeline["years"], timeline["undated"]])
    assert claims == len(country["claims"])
    assert client.get("/api/countries/Nowhere-land/timeline").status_code == 404


def test_the_trend_json_matches_each_editions_findings(client: TestClient) -> None:
    trend = get(client, "/api/findings/trend")
    assert [e["slug"] for e in trend["editions"]] == ["aigs-2019", "aigs-v1", "aigs-2022", "live"]
    for edition in trend["editions"]:
        found = get(client, f"/api/findings?edition={edition['slug']}")["findings"]
        values = {f["id"]: f["value"] for f in found}
        for series in trend["series"]:
            (point,) = [p for p in series["points"] if p["edition"] == edition["slug"]]
            assert point["value"] == values[series["id"]]
    assert client.get("/api/findings/trend?edition=live").status_code == 422


def test_the_country_page_draws_its_timeline(client: TestClient) -> None:
    html = client.get("/countries/ECU").text
    svg = re.search(r'<svg class="timeline[^"]*"[^>]*>.*?</svg>', html, re.S)
    assert svg and "viewBox" not in svg.group(0)
    assert svg.group(0).count('class="records"') >= 3  # Ecuador: 2012, 2015, 2016, 2019
    assert 'class="year undated"' in svg.group(0)
    assert "The timeline as a table" in html and 'href="/api/countries/ECU/timeline"' in html


def test_the_findings_page_draws_the_trend(client: TestClient) -> None:
    html = client.get("/findings").text
    trend = get(client, "/api/findings/trend")
    assert '<svg class="trend"' in html and 'href="/api/findings/trend"' in html
    for series in trend["series"]:
        assert series["label"] in html and f"<code>{series['id']}</code>" in html
    assert html.count('<svg class="barchart"') >= 3 and "viewBox" not in html.split("<h2>All")[0]


def test_the_home_page_names_the_finance_layers_countries(client: TestClient) -> None:
    finding = next(
        f for f in get(client, "/api/findings?edition=live")["findings"] if f["id"] == FINANCE
    )
    html = client.get("/").text
    assert f'data-finance-finding="{FINANCE}"' in html
    assert 'data-finance-api="/api/findings?edition=live"' in html
    note = html.split('id="finance-note"')[1].split("</p>")[0]
    assert set(re.findall(r'href="/countries/([A-Z]{3})"', note)) == set(finding["countries"])
    table = re.search(r'data-finance="([A-Z ]*)"', html)
    assert table and set(table.group(1).split()) == set(finding["countries"])
    rows = re.findall(r'<tr data-iso3="([A-Z]{3})">(.*?)</tr>', html, re.S)
    marked = {iso for iso, cells in rows if cells.rstrip().endswith("<td>yes</td>")}
    assert marked == set(finding["countries"]) & {iso for iso, _ in rows}
    assert 'id="layers" hidden' in html  # shown by map.js: without scripts there is no map
