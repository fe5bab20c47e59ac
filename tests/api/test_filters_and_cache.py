"""Filters are parsed in one place: names resolve, codes ignore case, nothing is silently ignored;
the response cache is bounded in bytes and junk parameters cannot grow it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from survindex.interfaces.api.common import ResponseCache
from survindex.store.database import Store


def test_names_resolve_as_the_cli_resolves_them(client: TestClient) -> None:
    by_name = client.get("/api/claims?country=Kenya&limit=1000").json()
    by_code = client.get("/api/claims?country=ken&limit=1000").json()
    assert by_name["total"] > 0 and by_name == by_code
    vendor = client.get("/api/countries?vendor=Huawei Technologies&limit=1000").json()
    assert vendor["total"] == client.get("/api/countries?vendor=huawei&limit=1000").json()["total"]
    assert vendor["total"] > 0


def test_codes_are_case_insensitive_on_pages_and_json(client: TestClient) -> None:
    upper = client.get("/api/network?supplier_country=CHN").json()
    lower = client.get("/api/network?supplier_country=chn").json()
    assert upper == lower and upper["countries"]
    page = client.get("/network?supplier_country=chn").text
    assert f"{len(upper['vendors'])} vendors, {len(upper['countries'])} countries" in page
    regime = client.get("/api/countries?regime=ea&limit=1000").json()
    assert regime["total"] > 0 and all(r["regime"] == "EA" for r in regime["items"])


def test_unknown_parameters_and_values_get_422_naming_them(client: TestClient) -> None:
    response = client.get("/api/claims?financing_type=loan")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", "financing_type"] and "country" in detail["accepted"]
    response = client.get("/api/countries?technology=bogus")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", "technology"] and "safe_city" in detail["accepted"]
    response = client.get("/api/countries?bri=maybe")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][1] == "bri"
    response = client.get("/api/claims?country=Narnia")
    assert response.status_code == 422 and "Narnia" in response.json()["detail"][0]["msg"]


def test_html_routes_answer_errors_with_html(client: TestClient) -> None:
    browser = {"Accept": "text/html"}
    missing = client.get("/countries/Narnia", headers=browser)
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "unknown country" in missing.text
    near = client.get("/countries/Keyna", headers=browser)
    assert near.status_code == 404 and "did you mean" in near.text and "Kenya" in near.text
    bad = client.get("/?technology=bogus", headers=browser)
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "technology" in bad.text and "safe_city" in bad.text
    api = client.get("/api/countries/Narnia")
    assert api.status_code == 404 and api.headers["content-type"] == "application/json"


def test_ids_out_of_range_are_refused_not_500(client: TestClient) -> None:
    for url in (f"/api/sources/{2**63}", f"/api/claims?offset={2**63}", f"/sources/{2**64}"):
        response = client.get(url)
        assert response.status_code in (404, 422), url
    decision = client.post(f"/review/claims/{2**63}/accept", data={"reason": "x"})
    assert decision.status_code == 422


def test_every_api_route_declares_its_response_model(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        answer = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        model = answer.get("$ref") or answer.get("items", {}).get("$ref", "")
        assert model.startswith("#/components/schemas/"), path


def test_junk_parameters_do_not_grow_the_cache(client: TestClient) -> None:
    cache: ResponseCache = client.app.state.cache  # type: ignore[attr-defined]
    client.get("/api/countries?limit=5")
    before = len(cache)
    for n in range(50):
        assert client.get(f"/api/countries?limit=5&junk={n}").status_code == 422
    assert len(cache) == before


def test_cache_is_bounded_in_bytes(built_db: str) -> None:
    cache = ResponseCache(Store(built_db), max_bytes=10_000)
    for n in range(100):
        cache.store_body(f"/api/x?{n}", b"x" * 1000, "application/json")
    assert cache.size_bytes <= 10_000
    assert cache.lookup("/api/x?99") is not None and cache.lookup("/api/x?0") is None
    cache.store_body("/api/huge", b"x" * 20_000, "application/json")
    assert cache.lookup("/api/huge") is None
