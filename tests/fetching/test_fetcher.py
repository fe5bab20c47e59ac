"""survindex.ingest.fetch against a local site: robots.txt, pacing, retries, size cap, redirects,
conditional GET. The clock is fake: every wait is checked, none is waited."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from fetching.local_site import FakeTime, Page, Request, Site, html
from survindex.ingest.fetch import MEGABYTE, Fetcher, FetchPolicy, user_agent

ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def fetcher(time: FakeTime, **policy: Any) -> Fetcher:
    return Fetcher(FetchPolicy(**policy), clock=time.clock, sleep=time.sleep)


@pytest.fixture()
def time() -> FakeTime:
    return FakeTime()


def test_robots_txt_is_read_once_per_host_and_obeyed(site: Site, time: FakeTime) -> None:
    site.routes["/robots.txt"] = Page(ROBOTS, "text/plain")
    site.routes["/news/a"] = Page(html("A", "Text."))
    site.routes["/private/b"] = Page(html("B", "Secret."))
    with fetcher(time) as polite:
        refused = polite.fetch(site.url("/private/b"))
        page = polite.fetch(site.url("/news/a"))
    assert refused.error is not None and not refused.ok and not refused.transient
    assert "disallowed by" in refused.error and "robots.txt" in refused.error
    assert "\n" not in refused.error
    assert page.ok and page.status == 200 and b"Text." in (page.body or b"")
    assert site.paths() == ["/robots.txt", "/news/a"]  # the forbidden page was never asked for
    agents = {r.headers["user-agent"] for r in site.requests}
    assert agents == {user_agent()} and agents.pop().startswith("SurvIndex/")


def test_robots_crawl_delay_and_server_errors(site: Site, time: FakeTime) -> None:
    site.routes["/robots.txt"] = Page(b"User-agent: SurvIndex\nCrawl-delay: 5\n", "text/plain")
    site.routes["/a"] = Page(html("A", "Text."))
    with fetcher(time, min_interval=1.0) as polite:
        polite.fetch(site.url("/a"))
        polite.fetch(site.url("/a"))
    assert time.sleeps == [1.0, 5.0]  # after robots.txt the default, then its Crawl-delay
    site.routes["/robots.txt"] = Page(b"down", "text/plain", status=503)
    with fetcher(time) as polite:
        refused = polite.fetch(site.url("/a"))
    assert refused.error is not None and "disallowed" in refused.error  # rules unknown: wait


def test_requests_to_one_host_are_spaced(site: Site, time: FakeTime) -> None:
    for name in "abc":
        site.routes[f"/{name}"] = Page(html(name, "Text."))
    with fetcher(time, min_interval=2.5) as polite:
        for name in "abc":
            assert polite.fetch(site.url(f"/{name}")).ok
    # robots.txt (404: no rules), then three pages, each 2.5 s after the previous request
    assert site.paths() == ["/robots.txt", "/a", "/b", "/c"]
    assert time.sleeps == [2.5, 2.5, 2.5]


def test_429_with_retry_after_then_200(site: Site, time: FakeTime) -> None:
    calls = {"n": 0}

    def busy_then_fine(request: Request) -> Page:
        calls["n"] += 1
        if calls["n"] == 1:
            return Page(b"slow down", "text/plain", status=429, headers={"Retry-After": "7"})
        return Page(html("Fine", "Text."))

    site.routes["/busy"] = busy_then_fine
    with fetcher(time, min_interval=1.0, backoff=2.0) as polite:
        page = polite.fetch(site.url("/busy"))
    assert page.ok and page.status == 200 and calls["n"] == 2
    assert time.sleeps == [1.0, 7.0]  # robots.txt -> page; then the server's Retry-After


def test_transient_errors_back_off_then_give_up(site: Site, time: FakeTime) -> None:
    site.routes["/down"] = Page(b"", "text/plain", status=503)
    with fetcher(time, min_interval=0.0, backoff=1.0, attempts=3) as polite:
        failed = polite.fetch(site.url("/down"))
    assert failed.transient and failed.status == 503 and not failed.ok
    assert failed.error == f"{site.url('/down')}: HTTP 503 (after 3 attempts)"
    assert site.paths().count("/down") == 3 and time.sleeps == [1.0, 2.0]
    site.routes["/later"] = Page(b"", "text/plain", status=429, headers={"Retry-After": "3600"})
    with fetcher(time, min_interval=0.0) as polite:
        later = polite.fetch(site.url("/later"))
    assert later.transient and later.error is not None and "retry after 3600 s" in later.error
    assert site.paths().count("/later") == 1  # not worth waiting an hour for in this run


def test_connection_refused_is_transient(time: FakeTime) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with fetcher(time, attempts=2, respect_robots=False, timeout=2.0) as polite:
        failed = polite.fetch(f"http://127.0.0.1:{port}/a")
    assert (
        failed.transient and failed.status is None and "(after 2 attempts)" in (failed.error or "")
    )


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b"x" * piece
        sent += piece


def test_bodies_over_10_mb_are_refused(site: Site, time: FakeTime) -> None:
    declared = Page(b"", "text/html", headers={"Content-Length": str(12 * MEGABYTE)})
    site.routes["/declared"] = declared
    site.routes["/streamed"] = Page(stream=_chunks(10 * MEGABYTE + 1))
    with fetcher(time) as polite:
        big = polite.fetch(site.url("/declared"))
        streamed = polite.fetch(site.url("/streamed"))
    assert big.error == (
        f"{site.url('/declared')}: 12,582,912 bytes declared, over the 10 MB limit; not stored"
    )
    assert streamed.error == (
        f"{site.url('/streamed')}: over the 10 MB limit (stopped reading); not stored"
    )
    assert big.body is None and streamed.body is None and not streamed.transient


def test_redirects_are_followed_and_checked_against_robots(site: Site, time: FakeTime) -> None:
    site.routes["/robots.txt"] = Page(ROBOTS, "text/plain")
    site.routes["/old"] = Page(status=301, headers={"Location": "/new"})
    site.routes["/new"] = Page(
        html("New", "Moved here."),
        headers={"Link": '<https://web.archive.org/web/2021/x>; rel="memento"'},
    )
    site.routes["/leak"] = Page(status=302, headers={"Location": "/private/x"})
    with fetcher(time) as polite:
        moved = polite.fetch(site.url("/old"))
        leak = polite.fetch(site.url("/leak"))
    assert moved.ok and moved.url == site.url("/old") and moved.final_url == site.url("/new")
    assert moved.archive_url == "https://web.archive.org/web/2021/x"
    assert leak.error is not None and "disallowed" in leak.error
    assert "/private/x" not in site.paths()


def test_conditional_get_answers_304(site: Site, time: FakeTime) -> None:
    site.routes["/a"] = Page(html("A", "Text."), headers={"ETag": '"v1"'})
    with fetcher(time) as polite:
        first = polite.fetch(site.url("/a"))
        again = polite.fetch(site.url("/a"), etag=first.etag)
    assert first.ok and first.etag == '"v1"'
    assert again.not_modified and again.body is None and again.error is None
    assert site.requests[-1].headers["if-none-match"] == '"v1"'


def test_robots_txt_is_read_again_after_a_day(site: Site, time: FakeTime) -> None:
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow:\n", "text/plain")
    site.routes["/a"] = Page(html("A", "Text."))
    with fetcher(time, min_interval=0.0) as polite:
        polite.fetch(site.url("/a"))
        time.now += 3600
        polite.fetch(site.url("/a"))
        assert site.paths().count("/robots.txt") == 1
        site.routes["/robots.txt"] = Page(b"User-agent: SurvIndex\nDisallow: /\n", "text/plain")
        time.now += 24 * 3600
        refused = polite.fetch(site.url("/a"))
    assert site.paths().count("/robots.txt") == 2 and refused.error is not None
    assert "disallowed" in refused.error
