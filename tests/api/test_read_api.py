"""The read API: lists with filters, paging, stable order and CSV; details; findings contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.request
from typing import Any

from fastapi.testclient import TestClient

from api.live import serve
from api.seed import HOSTILE_QUOTE
from survindex.interfaces.api.app import create_app


def items(client: TestClient, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_country_list_is_sorted_and_filterable(client: TestClient) -> None:
    rows = items(client, "/api/countries")
    codes = [r["iso3"] for r in rows]
    assert codes == sorted(codes) and len(codes) >= 179
    ken = next(r for r in rows if r["iso3"] == "KEN")
    assert ken["numeric"] == "404" and "facial_recognition" in ken["technologies"]
    assert ken["technology_count"] == len(ken["technologies"])
    safe = items(client, "/api/countries?technology=safe_city")
    assert safe and all("safe_city" in r["technologies"] for r in safe)
    huawei = items(client, "/api/countries?vendor=huawei")
    assert huawei and all("huawei" in {v["slug"] for v in r["vendors"]} for r in huawei)
    chinese = items(client, "/api/countries?supplier_country=chn&bri=true")
    assert chinese and all("CHN" in r["supplier_countries"] and r["bri_member"] for r in chinese)
    closed = items(client, "/api/countries?regime=CA&edition=aigs-2022")
    assert closed and all(r["regime"] == "CA" for r in closed)


def test_paging_is_stable_and_complete(client: TestClient) -> None:
    first = client.get("/api/countries?limit=50").json()
    second = client.get("/api/countries?limit=50&offset=50").json()
    assert first["total"] == second["total"] and first["next_offset"] == 50
    every = items(client, "/api/countries?limit=1000")
    assert first["items"] + second["items"] == every[:100]
    assert client.get("/api/countries?limit=0").status_code == 422


def test_every_list_has_csv(client: TestClient) -> None:
    for url in (
        "/api/countries",
        "/api/vendors",
        "/api/deployments",
        "/api/claims",
        "/api/findings",
        "/api/editions",
    ):
        response = client.get(url + ("&" if "?" in url else "?") + "format=csv")
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert rows, url


def test_country_detail_has_context_and_evidence(client: TestClient) -> None:
    ken = client.get("/api/countries/KEN").json()
    assert ken["iso3"] == "KEN" and ken["context"]["aigs-2022"]["regime"]
    assert "facial_recognition" in ken["technologies"]
    quotes = [c["evidence"]["quote"] for c in ken["claims"]]
    assert HOSTILE_QUOTE in quotes
    assert all(c["source"]["title"] for c in ken["claims"])
    assert client.get("/api/countries/Kenya").json()["iso3"] == "KEN"
    missing = client.get("/api/countries/Atlantis")
    assert missing.status_code == 404 and "Traceback" not in missing.text


def test_claims_filters(client: TestClient) -> None:
    candidates = items(client, "/api/claims?status=candidate")
    assert [c["country"] for c in candidates] == ["SRB"]
    ken = items(client, "/api/claims?country=KEN&vendor=huawei&technology=facial_recognition")
    assert ken and all(c["country"] == "KEN" and c["vendor_slug"] == "huawei" for c in ken)
    ids = [c["id"] for c in items(client, "/api/claims?limit=1000")]
    assert ids == sorted(ids)


def test_vendors_deployments_sources(
    client: TestClient, seeded: tuple[str, dict[str, int]]
) -> None:
    vendors = items(client, "/api/vendors")
    assert [v["slug"] for v in vendors] == sorted(v["slug"] for v in vendors)
    huawei = client.get("/api/vendors/huawei").json()
    assert huawei["home_country"] == "CHN" and "KEN" in {c["iso3"] for c in huawei["countries"]}
    deployments = items(client, "/api/deployments?country=KEN")
    assert deployments and all(d["country"] == "KEN" for d in deployments)
    source = client.get(f"/api/sources/{seeded[1]['source']}").json()
    quote = next(q for q in source["quotes"] if q["claim_id"] == seeded[1]["accepted"])
    assert quote["quote"] == HOSTILE_QUOTE and quote["before"].endswith("Intro sentence. ")
    assert client.get("/api/sources/999999").status_code == 404


def test_findings_follow_the_contract(client: TestClient) -> None:
    payload = client.get("/api/findings?edition=aigs-2022").json()
    assert payload["edition"] == "aigs-2022"
    by_id = {f["id"]: f for f in payload["findings"]}
    for key in ("countries.total", "technology.safe_city", "regime.LD", "vendor.huawei"):
        finding = by_id[key]
        assert set(finding) >= {
            "id",
            "label",
            "value",
            "numerator",
            "denominator",
            "published",
            "countries",
            "method",
        }
    assert by_id["countries.total"]["value"] == 179
    refused = client.get("/api/findings?edition=nope")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["query", "edition"]
    assert "aigs-2022" in refused.json()["detail"][0]["accepted"]
    editions = {e["slug"] for e in items(client, "/api/editions")}
    assert {"aigs-v1", "aigs-2022", "live"} <= editions


def test_openapi_and_security_headers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/countries",
        "/api/countries/{iso3}",
        "/api/vendors",
        "/api/deployments",
        "/api/claims",
        "/api/sources/{source_id}",
        "/api/findings",
        "/api/editions",
    ):
        assert path in spec["paths"], path
    page = client.get("/")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    assert "<script>" not in page.text  # no inline script: every <script> has a src
    assert "CC BY 4.0" in page.text and "10.17632/gjhf5y4xjp.4" in page.text


def test_every_page_renders_and_escapes(
    client: TestClient, seeded: tuple[str, dict[str, int]]
) -> None:
    for url in (
        "/",
        "/countries/KEN",
        "/vendors",
        "/vendors/huawei",
        "/findings",
        "/findings?show=technology.safe_city",
        "/network",
        "/review",
        "/docs",
        f"/sources/{seeded[1]['source']}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "CC BY 4.0" in response.text, url
        assert "<script>window.__pwned" not in response.text, url
        assert "<img src=x" not in response.text, url
        assert 'href="javascript:' not in response.text, url
    assert "&lt;script&gt;window.__pwned" in client.get("/countries/KEN").text


def test_the_api_under_uvicorn(seeded: tuple[str, dict[str, int]]) -> None:
    with serve(create_app(seeded[0])) as base:
        with urllib.request.urlopen(base + "/api/countries?limit=5") as response:
            assert response.status == 200
            body = json.load(response)
        assert len(body["items"]) == 5
        with urllib.request.urlopen(base + "/api/countries/KEN") as response:
            assert json.load(response)["name"] == "Kenya"


def test_fifty_concurrent_cold_requests_all_succeed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A burst of keep-alive clients on a cold cache once deadlocked the connection pool.

    The cache middleware read the change counter on the event loop; with the pool taken by
    routes whose sessions close only when the loop runs, that read waited 30 s and gave 500s.
    """
    import asyncio

    from api.live import free_port

    db = str(tmp_path / "burst.db")
    subprocess.run([sys.executable, "-m", "survindex", "--db", db, "init"], check=True,
                   capture_output=True)  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "survindex", "--db", db, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    statuses: list[bytes] = []

    async def client(path: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        request = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        for _ in range(20):
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            statuses.append(head.split(b" ", 2)[1])
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
        writer.close()

    async def burst(path: str) -> None:
        await asyncio.wait_for(asyncio.gather(*(client(path) for _ in range(50))), timeout=25)

    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/editions", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        for path in ("/api/countries?edition=aigs-2022", "/api/countries/KEN", "/api/claims"):
            time.sleep(1.1)  # let the cached change counter expire, so the burst re-reads it
            asyncio.run(burst(path))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert statuses == [b"200"] * 3000
