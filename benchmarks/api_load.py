"""Load test of the SurvIndex API beside Datasette on the same SQLite file, plus home-page weight.

Prints requests/s and p50/p95 latency at 50 concurrent keep-alive clients on loopback for the
country list and one country's detail, first from SurvIndex (`survindex serve`), then from
Datasette running an equivalent SQL query on the same file; then the home page's weight and its
render times in headless Chromium (skipped when Chromium is missing).

    .venv/bin/python benchmarks/api_load.py [--db survindex.db] [--seconds 3] [--clients 50]

Targets: SurvIndex throughput at least Datasette's, p95 under 50 ms, page under 1.5 MB, first
render under 1 s.

Then a mixed workload (API lists and details, every HTML page, static files), 50 concurrent
clients, on a freshly started server (cold cache) and again (warm cache), with p95 per kind of
request; with ``--baseline REV`` the same workload runs against the code of git revision REV in
the same run, for a ratio (target: 0 errors, p95 under 100 ms for HTML and API alike).

    .venv/bin/python benchmarks/api_load.py --mixed-only --baseline HEAD~1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
COUNTRY_LIST_SQL = """
select ec.iso3, c.name, c.numeric, ec.regime, ec.bri_member,
       count(distinct cl.technology) as technology_count,
       group_concat(distinct cl.technology) as technologies,
       group_concat(distinct v.slug) as vendors
from edition_countries ec
join countries c on c.iso3 = ec.iso3
left join claims cl on cl.country = ec.iso3 and cl.claim_status = 'accepted'
left join vendors v on v.id = cl.vendor_id
where ec.edition_id = (select id from editions where slug = 'aigs-2022')
group by ec.iso3 order by ec.iso3
"""
COUNTRY_DETAIL_SQL = """
select cl.*, s.title as source_title, s.url as source_url, s.doi as source_doi,
       v.name as vendor, e.slug as edition
from claims cl join sources s on s.id = cl.source_id
left join vendors v on v.id = cl.vendor_id
left join editions e on e.id = cl.edition_id
where cl.country = 'KEN' order by cl.id
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up")


async def _client(host: str, port: int, path: str, stop: float, latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n".encode()
    try:
        while time.perf_counter() < stop:
            started = time.perf_counter()
            writer.write(request)
            head = await _read_response(reader)
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError(f"{path}: {head[:60]!r}")
            latencies.append(time.perf_counter() - started)
    finally:
        writer.close()


async def _load(host: str, port: int, path: str, clients: int, seconds: float) -> list[float]:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds
    await asyncio.gather(*(_client(host, port, path, stop, latencies) for _ in range(clients)))
    return latencies


def load(base: str, path: str, clients: int, seconds: float) -> dict[str, float]:
    parsed = urllib.parse.urlsplit(base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    asyncio.run(_load(host, port, path, clients, 0.5))  # warm up (caches, connections)
    started = time.perf_counter()
    latencies = asyncio.run(_load(host, port, path, clients, seconds))
    elapsed = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    return {
        "requests": len(ms),
        "rps": len(ms) / elapsed,
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
    }


def start(command: list[str], url: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_up(url)
    except RuntimeError:
        process.kill()
        raise
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


COUNTRIES = ("KEN", "CHN", "USA", "SRB", "ECU", "PAK", "MYS", "ZWE", "UGA", "IND", "BRA", "SGP")
MIXED_PATHS = (
    [
        ("api", "/api/countries?edition=live"),
        ("api", "/api/countries?edition=aigs-2022&technology=safe_city"),
        ("api", "/api/countries?edition=aigs-v1&supplier_country=CHN"),
        ("api", "/api/vendors"),
        ("api", "/api/vendors/huawei"),
        ("api", "/api/vendors/hikvision"),
        ("api", "/api/findings?edition=aigs-2022"),
        ("api", "/api/findings?edition=live"),
        ("api", "/api/findings/charts?edition=live"),
        ("api", "/api/network"),
        ("api", "/api/claims?limit=100"),
        ("api", "/api/claims?country=KEN"),
        ("api", "/api/sources/1"),
        ("api", "/api/editions"),
        ("html", "/"),
        ("html", "/?edition=aigs-2022"),
        ("html", "/vendors"),
        ("html", "/vendors/huawei"),
        ("html", "/findings"),
        ("html", "/findings?edition=aigs-2022"),
        ("html", "/network"),
        ("html", "/sources/1"),
        ("static", "/static/site.css"),
        ("static", "/static/map.js"),
        ("static", "/static/vendor/d3-geo.min.js"),
        ("static", "/static/vendor/countries-110m.json"),
        ("static", "/static/country-points.json"),
    ]
    + [("api", f"/api/countries/{iso}") for iso in COUNTRIES]
    + [("html", f"/countries/{iso}") for iso in COUNTRIES]
)


async def _read_response(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    chunked = False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        elif name.lower() == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    else:
        await reader.readexactly(length)
    return head


async def _mixed_client(
    host: str, port: int, offset: int, stop: float, results: list[tuple[str, float, bool]]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    n = offset
    try:
        while time.perf_counter() < stop:
            kind, path = MIXED_PATHS[n % len(MIXED_PATHS)]
            n += 1
            request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n"
            started = time.perf_counter()
            writer.write(request.encode())
            head = await _read_response(reader)
            ok = head.startswith(b"HTTP/1.1 200")
            results.append((kind, time.perf_counter() - started, ok))
    finally:
        writer.close()


def mixed(base: str, clients: int, seconds: float) -> dict[str, dict[str, float]]:
    """p50/p95 per kind of request (api, html, static) and errors, for one mixed run."""
    parsed = urllib.parse.urlsplit(base)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 80
    results: list[tuple[str, float, bool]] = []

    async def run() -> None:
        stop_at = time.perf_counter() + seconds
        await asyncio.gather(
            *(_mixed_client(host, port, 7 * i, stop_at, results) for i in range(clients))
        )

    started = time.perf_counter()
    asyncio.run(run())
    elapsed = time.perf_counter() - started
    summary: dict[str, dict[str, float]] = {}
    for kind in ("api", "html", "static", "all"):
        chosen = [r for r in results if kind in ("all", r[0])]
        ms = sorted(r[1] * 1000 for r in chosen)
        if not ms:
            continue
        summary[kind] = {
            "requests": len(ms),
            "errors": sum(1 for r in chosen if not r[2]),
            "rps": len(ms) / elapsed,
            "p50_ms": statistics.median(ms),
            "p95_ms": ms[int(0.95 * (len(ms) - 1))],
        }
    return summary


def mixed_cold_and_warm(
    command: list[str], base: str, clients: int, seconds: float, env: dict[str, str] | None = None
) -> dict[str, dict[str, dict[str, float]]]:
    """The mixed workload on a fresh server (cold cache), then again on the same (warm)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        wait_up(base + "/api/editions")
        return {
            "cold": mixed(base, clients, seconds),
            "warm": mixed(base, clients, seconds),
        }
    finally:
        stop(process)


def baseline_checkout(revision: str, workdir: Path) -> Path:
    """The package sources of a git revision, for a baseline server run beside this one."""
    target = workdir / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", str(target), revision], check=True,
                   capture_output=True)  # fmt: skip
    frontend = Path("src/survindex/interfaces/web/static/vendor")
    if frontend.exists():  # built by `make install`, not committed
        shutil.copytree(frontend, target / frontend, dirs_exist_ok=True)
    return target


def print_mixed(label: str, runs: dict[str, dict[str, dict[str, float]]]) -> None:
    for phase, summary in runs.items():
        for kind, r in summary.items():
            print(
                f"{label:10} {phase:5} {kind:7} {r['requests']:8.0f} {r['errors']:7.0f} "
                f"{r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f}"
            )


def run_mixed(db: str, clients: int, seconds: float, baseline: str | None, workdir: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(BIN / "survindex"), "--db", db, "serve", "--port", str(port)]
    print(f"mixed workload: {len(MIXED_PATHS)} paths, {clients} clients, {seconds:g} s per phase")
    print(f"{'code':10} {'phase':5} {'kind':7} {'requests':>8} {'errors':>7} {'req/s':>8} "
          f"{'p50 ms':>8} {'p95 ms':>8}")  # fmt: skip
    ours = mixed_cold_and_warm(command, base, clients, seconds)
    print_mixed("current", ours)
    if baseline is None:
        return
    source = baseline_checkout(baseline, workdir)
    try:
        old_db = str(workdir / "baseline.db")
        env = {**os.environ, "PYTHONPATH": str(source / "src")}
        module = [sys.executable, "-m", "survindex", "--db", old_db]
        subprocess.run([*module, "init"], check=True, stdout=subprocess.DEVNULL, env=env)
        old_command = [*module, "serve", "--port", str(port)]
        theirs = mixed_cold_and_warm(old_command, base, clients, seconds, env=env)
        print_mixed(baseline[:10], theirs)
        for phase in ("cold", "warm"):
            for kind in ("api", "html"):
                a, b = ours[phase][kind], theirs[phase][kind]
                print(f"{phase} {kind}: p95 {a['p95_ms']:.1f} ms vs {b['p95_ms']:.1f} ms "
                      f"({b['p95_ms'] / a['p95_ms']:.1f}x faster), errors {a['errors']:.0f} "
                      f"vs {b['errors']:.0f}")  # fmt: skip
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(source)], check=False,
                       capture_output=True)  # fmt: skip


def datasette_url(base: str, name: str, sql: str) -> str:
    return f"{base}/{name}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"})


def page_weight(base: str) -> dict[str, float] | None:
    """Bytes of everything the home page loads, and its render times, in headless Chromium."""
    if not (os.path.exists("/usr/bin/chromium") and os.path.exists("/usr/bin/chromedriver")):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    profile = tempfile.mkdtemp(prefix="survindex-bench-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", f"--user-data-dir={profile}",
                 "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(base + "/")
        WebDriverWait(driver, 20).until(
            lambda d: d.execute_script(
                "return performance.getEntriesByName('survindex-map-drawn').length > 0"
            )
        )
        figures = driver.execute_script(
            """
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource');
            const size = e => e.encodedBodySize || e.transferSize || 0;
            const sum = list => list.reduce((a, e) => a + size(e), 0);
            const by = kind => sum(resources.filter(e => e.name.match(kind)));
            const fcp = performance.getEntriesByName('first-contentful-paint')[0];
            return {
              html: size(nav),
              js: by(/\\.js(\\?|$)/),
              geometry: by(/countries-110m\\.json/),
              data: by(/\\/api\\//),
              css: by(/\\.css(\\?|$)/),
              total: size(nav) + resources.reduce((a, e) => a + size(e), 0),
              first_contentful_paint_ms: fcp ? fcp.startTime : null,
              map_drawn_ms: performance.getEntriesByName('survindex-map-drawn')[0].startTime,
            };
            """
        )
        return dict(figures)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="SQLite file (default: build a fresh index in a temp dir)")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--mixed-only", action="store_true", help="only the mixed workload")
    parser.add_argument("--baseline", help="git revision to run the mixed workload against too")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="survindex-load-"))
    db = args.db
    if db is None:
        db = str(workdir / "bench.db")
        subprocess.run([str(BIN / "survindex"), "--db", db, "init"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    if args.mixed_only:
        run_mixed(db, args.clients, args.seconds, args.baseline, workdir)
        shutil.rmtree(workdir, ignore_errors=True)
        return
    name = Path(db).stem
    ours_port, theirs_port = free_port(), free_port()
    ours = f"http://127.0.0.1:{ours_port}"
    theirs = f"http://127.0.0.1:{theirs_port}"
    results: dict[str, dict[str, float]] = {}
    server = start(
        [str(BIN / "survindex"), "--db", db, "serve", "--port", str(ours_port)],
        ours + "/api/editions",
    )
    try:
        results["survindex country list"] = load(
            ours, "/api/countries?edition=aigs-2022", args.clients, args.seconds
        )
        results["survindex country detail"] = load(
            ours, "/api/countries/KEN", args.clients, args.seconds
        )
        weight = page_weight(ours)
    finally:
        stop(server)
    datasette = start(
        [str(BIN / "datasette"), "serve", db, "--port", str(theirs_port), "--host", "127.0.0.1"],
        theirs + "/-/versions.json",
    )
    try:
        for label, sql in (
            ("country list", COUNTRY_LIST_SQL),
            ("country detail", COUNTRY_DETAIL_SQL),
        ):
            url = datasette_url(theirs, name, " ".join(sql.split()))
            path = url[len(theirs) :]
            results[f"datasette {label}"] = load(theirs, path, args.clients, args.seconds)
    finally:
        stop(datasette)
    print(f"{args.clients} concurrent clients, {args.seconds:g} s per target, loopback")
    print(f"{'target':28} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for label, r in results.items():
        print(
            f"{label:28} {r['requests']:8.0f} {r['rps']:8.0f} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f}"
        )
    for what in ("country list", "country detail"):
        a, b = results[f"survindex {what}"], results[f"datasette {what}"]
        verdict = "ok" if a["rps"] >= b["rps"] and a["p95_ms"] < 50 else "MISSED"
        print(f"{what}: {a['rps'] / b['rps']:.2f}x Datasette's throughput, "
              f"p95 {a['p95_ms']:.1f} ms: {verdict}")  # fmt: skip
    if weight is None:
        print("home page: Chromium not installed, weight not measured")
    else:
        print("home page bytes: " + json.dumps({k: v for k, v in weight.items() if "ms" not in k}))
        total_mb = weight["total"] / 1e6
        print(
            f"home page: {total_mb:.2f} MB (target < 1.5), first contentful paint "
            f"{weight['first_contentful_paint_ms']:.0f} ms, "
            f"map drawn {weight['map_drawn_ms']:.0f} ms (target < 1000)"
        )
    run_mixed(db, args.clients, args.seconds, args.baseline, workdir)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
