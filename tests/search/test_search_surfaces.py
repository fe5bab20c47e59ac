"""Search on the page, in the API and on the command line: the same results, safely shown."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from search.conftest import BEARER
from survindex.interfaces.cli import app as cli_app

HTML = {"Accept": "text/html"}
Ids = dict[str, int]


def _matches(parts: list[dict[str, Any]]) -> list[str]:
    return [p["text"] for p in parts if p["match"]]


def test_the_api_finds_the_quote(search_client: TestClient, search_db: tuple[str, Ids]) -> None:
    ids = search_db[1]
    body = search_client.get("/api/search", params={"q": "Huawei Belgrade"}).json()
    first = body["items"][0]
    assert (first["kind"], first["id"]) == ("claim", str(ids["belgrade"]))
    assert first["title"] == "Huawei: facial recognition in Belgrade, Serbia (deployed)"
    assert _matches(first["snippet"]) == ["Huawei", "Belgrade"]
    assert first["claim"]["source"]["id"] == ids["belgrade_source"]
    assert first["path"] == f"/sources/{ids['belgrade_source']}#claim-{ids['belgrade']}"
    assert body["query"] == "Huawei Belgrade" and body["total"] >= 1


def test_the_page_marks_the_words_found(
    search_client: TestClient, search_db: tuple[str, Ids]
) -> None:
    ids = search_db[1]
    page = search_client.get("/search", params={"q": "Huawei Belgrade"}, headers=HTML)
    assert page.status_code == 200
    assert f'href="/sources/{ids["belgrade_source"]}#claim-{ids["belgrade"]}"' in page.text
    assert "<mark>Huawei</mark> has installed 1,000" in page.text
    assert "<mark>Belgrade</mark>" in page.text
    assert 'value="Huawei Belgrade"' in page.text  # the header's box keeps the query


def test_the_command_line_finds_the_quote(search_db: tuple[str, Ids]) -> None:
    path, ids = search_db
    runner = CliRunner()
    as_json = runner.invoke(
        cli_app, ["--db", path, "search", "Huawei Belgrade", "--format", "json"]
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["items"][0]["id"] == str(ids["belgrade"])
    table = runner.invoke(cli_app, ["--db", path, "search", "Huawei Belgrade", "--limit", "3"])
    assert table.exit_code == 0, table.output
    assert "Belgrade, Serbia" in table.stdout and str(ids["belgrade"]) in table.stdout
    wrong = runner.invoke(cli_app, ["--db", path, "search", "x", "--format", "xml"])
    assert wrong.exit_code == 1


@pytest.mark.parametrize(
    "typed", ['"unbalanced', "AND OR", "NOT", "(", ")", "*", "a:b", "NEAR(x", "\x00", "-", ""]
)
def test_query_syntax_from_users_never_fails(search_client: TestClient, typed: str) -> None:
    api = search_client.get("/api/search", params={"q": typed})
    assert api.status_code == 200, api.text
    page = search_client.get("/search", params={"q": typed}, headers=HTML)
    assert page.status_code == 200


def test_quotes_and_titles_never_become_html(
    search_client: TestClient, search_db: tuple[str, Ids]
) -> None:
    page = search_client.get("/search", params={"q": "Tirana"}, headers=HTML).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<mark>Tirana</mark>" in page
    assert "<mark>watch</mark>" not in page  # a marker typed into a quote marks nothing
    assert "javascript:" not in page
    api = search_client.get("/api/search", params={"q": "Tirana", "kind": "claim"}).json()
    (hit,) = [i for i in api["items"] if i["id"] == str(search_db[1]["hostile"])]
    assert _matches(hit["snippet"]) == ["Tirana"]
    shown = "".join(p["text"] for p in hit["snippet"] + hit["title_parts"])
    assert "\ue000" not in shown and "\ue001" not in shown


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"q": "x", "kind": "people"}, "kind"),
        ({"q": "x" * 301}, "q"),
        ({"q": "x", "sort": "date"}, "sort"),
        ({"q": "x", "limit": "0"}, "limit"),
    ],
)
def test_bad_parameters_are_a_clear_422(
    search_client: TestClient, params: dict[str, str], parameter: str
) -> None:
    response = search_client.get("/api/search", params=params)
    assert response.status_code == 422
    assert parameter in json.dumps(response.json()["detail"])
    assert search_client.get("/search", params=params, headers=HTML).status_code == 422


def test_kinds_and_pages(search_client: TestClient) -> None:
    first = search_client.get("/api/search", params={"q": "republic", "limit": 5}).json()
    assert first["total"] > 5 and first["next_offset"] == 5 and len(first["items"]) == 5
    second = search_client.get(
        "/api/search", params={"q": "republic", "limit": 5, "offset": 5}
    ).json()
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    countries = search_client.get(
        "/api/search", params={"q": "republic", "kind": "country", "limit": 1000}
    ).json()
    assert {i["kind"] for i in countries["items"]} == {"country"}
    assert countries["kinds"] == ["country"]
    page = search_client.get(
        "/search", params={"q": "republic", "kind": "country", "limit": 5}, headers=HTML
    ).text
    assert 'rel="next"' in page and "kind=country" in page


def test_every_page_has_the_search_box(search_client: TestClient) -> None:
    for path in ("/", "/countries/KEN", "/vendors/huawei", "/findings", "/about"):
        page = search_client.get(path, headers=HTML).text
        assert '<form class="site-search" role="search" action="/search" method="get">' in page


def test_the_route_is_documented_in_openapi(search_client: TestClient) -> None:
    schema = search_client.get("/openapi.json").json()
    answer = schema["paths"]["/api/search"]["get"]["responses"]["200"]
    assert answer["content"]["application/json"]["schema"]["$ref"].endswith("/SearchPage")


def test_an_edit_through_review_is_found_at_once(
    writable: tuple[str, Ids, TestClient],
) -> None:
    _path, ids, client = writable
    url = "/api/search?q=%22novi+sad%22&kind=claim"
    assert client.get(url).json()["total"] == 0  # and now this answer is in the cache
    edited = client.post(
        f"/review/claims/{ids['belgrade']}/edit",
        data={"city": "Novi Sad", "reason": "the article names Novi Sad"},
        headers=BEARER,
    )
    assert edited.status_code == 200, edited.text
    items = client.get(url).json()["items"]
    assert [i["id"] for i in items] == [str(ids["belgrade"])]
    assert items[0]["title"] == "Huawei: facial recognition in Novi Sad, Serbia (deployed)"
