"""`survindex watch` against a local site: an OPML list of an RSS and an Atom feed, a sitemap,
robots.txt; new entries only, each once; an unchanged feed answers 304."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from fetching.local_site import FakeTime, Page, Request, Site, html
from survindex.ingest.feeds import parse_listing
from survindex.ingest.fetch import Fetcher, FetchPolicy
from survindex.ingest.watch import watch_once
from survindex.store.database import Store
from survindex.store.schema import DocumentRow, SeenEntryRow, SourceRow

runner = CliRunner()
STORIES = {
    "/news/kampala": "Hikvision installed facial recognition cameras for the police in Kampala, "
    "Uganda.",
    "/news/dar": "In March, ZTE installed a lawful interception system for the police in Tanzania.",
    "/news/quito": "Huawei installed a safe city system for the police in Quito, Ecuador.",
    "/news/lusaka": "Hytera installed a smart policing platform for the police in Lusaka, Zambia.",
    "/private/draft": "Dahua installed facial recognition cameras in Belgrade, Serbia.",
}


def rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><guid isPermaLink='false'>rss-{path}</guid><link>{site.url(path)}</link>"
        f"<title>Story {path}</title><pubDate>Tue, 04 May 2021 10:00:00 GMT</pubDate></item>"
        for path in paths
    )
    channel = f"<channel><title>T</title>{items}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


def atom(site: Site, path: str) -> bytes:
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>A</title><id>urn:feed</id><updated>2021-05-05T00:00:00Z</updated><entry>"
        f"<id>urn:entry:1</id><title>Dar</title><link href='{site.url(path)}'/>"
        "<updated>2021-05-05T00:00:00Z</updated></entry></feed>"
    ).encode()


def build(site: Site) -> dict[str, list[str]]:
    """The site's listings; returns the RSS feed's paths, which a test may extend."""
    feed_paths = ["/news/kampala", "/news/quito"]
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for path, story in STORIES.items():
        site.routes[path] = Page(html(f"Story {path}", story))

    def feed(request: Request) -> Page:
        body = rss(site, feed_paths)
        return Page(body, "application/rss+xml", headers={"ETag": f'"{len(feed_paths)}"'})

    site.routes["/rss.xml"] = feed
    site.routes["/atom.xml"] = Page(atom(site, "/news/dar"), "application/atom+xml")
    outlines = "".join(
        f"<outline text='{n}' type='rss' xmlUrl='{site.url(p)}'/>"
        for n, p in (("rss", "/rss.xml"), ("atom", "/atom.xml"))
    )
    site.routes["/feeds.opml"] = Page(
        f"<?xml version='1.0'?><opml version='2.0'><body><outline text='news'>{outlines}"
        "</outline></body></opml>".encode(),
        "text/x-opml",
    )
    urls = "".join(
        f"<url><loc>{site.url(p)}</loc><lastmod>2021-05-06</lastmod></url>"
        for p in ("/news/lusaka", "/news/kampala", "/private/draft")
    )
    site.routes["/sitemap.xml"] = Page(
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"{urls}</urlset>".encode(),
        "application/xml",
    )
    return {"rss": feed_paths}


def watch(db: str, *args: str) -> Any:
    from survindex.interfaces.cli import app

    return runner.invoke(app, ["--db", db, "watch", *args, "--min-interval", "0", "--workers", "1"])


def documents(db: str) -> dict[str, Any]:
    with Store(db).read() as session:
        rows = session.execute(
            select(DocumentRow.path, SourceRow).join(
                SourceRow, SourceRow.id == DocumentRow.source_id
            )
        )
        return {path: source for path, source in rows}


def test_feeds_opml_and_sitemaps_each_entry_once(db: str, site: Site) -> None:
    listings = build(site)
    opml, sitemap = site.url("/feeds.opml"), site.url("/sitemap.xml")
    first = watch(db, opml, sitemap)
    out = " ".join(first.stdout.split())
    assert first.exit_code == 1, first.output  # the disallowed sitemap entry
    assert "pass 1: 4 listings read, 6 entries, 6 new" in out
    assert "5 items: 4 new documents" in out  # kampala is in a feed and the sitemap: fetched once
    assert "disallowed by" in first.stderr and "/private/draft" not in site.paths()
    stored = documents(db)
    assert set(stored) == {
        site.url(p) for p in ("/news/kampala", "/news/quito", "/news/dar", "/news/lusaka")
    }
    kampala = stored[site.url("/news/kampala")]
    assert kampala.title == "Story /news/kampala" and kampala.published is not None
    assert site.paths().count("/news/kampala") == 1

    before = len(site.requests)
    second = watch(db, opml, sitemap)
    assert second.exit_code == 0, second.output
    assert "pass 1: 4 listings read (1 unchanged), 4 entries, 0 new" in " ".join(
        second.stdout.split()
    )
    assert not [p for p in site.paths()[before:] if p.startswith("/news/")]  # no page again
    rss_requests = [r for r in site.requests if r.path == "/rss.xml"]
    assert rss_requests[-1].headers.get("if-none-match") == '"2"'  # the feed was asked: changed?

    listings["rss"].append(
        "/news/lusaka"
    )  # a new entry in the feed, already stored from the sitemap
    listings["rss"].insert(0, "/news/new")
    site.routes["/news/new"] = Page(
        html("New", STORIES["/news/quito"].replace("Quito", "Guayaquil"))
    )
    third = watch(db, opml, sitemap)
    assert "2 new" in third.stdout and "1 new document" in " ".join(third.stdout.split())
    with Store(db).read() as session:
        seen = session.scalar(select(func.count()).select_from(SeenEntryRow))
    assert seen == 8  # rss 4 + atom 1 + sitemap 3 (the forbidden one too: it will not change)


def test_transient_failures_are_tried_again_next_pass(db: str, site: Site) -> None:
    calls = {"n": 0}

    def flaky(request: Request) -> Page:
        calls["n"] += 1
        if calls["n"] <= 4:  # every attempt of the first pass fails
            return Page(b"", "text/plain", status=503)
        return Page(html("Kampala", STORIES["/news/kampala"]))

    site.routes["/news/kampala"] = flaky
    feed = rss(site, ["/news/kampala"])
    site.routes["/feed.xml"] = Page(feed, "application/rss+xml", headers={"ETag": '"1"'})
    time = FakeTime()
    polite = Fetcher(FetchPolicy(min_interval=0.0), clock=time.clock, sleep=time.sleep)
    with polite:
        first = watch_once(store=Store(db), sources=[site.url("/feed.xml")], fetcher=polite)
        second = watch_once(store=Store(db), sources=[site.url("/feed.xml")], fetcher=polite)
    assert first.ingest is not None and first.ingest.retry_later == (site.url("/news/kampala"),)
    assert "HTTP 503 (after 4 attempts)" in first.ingest.errors[0]
    assert time.sleeps[:3] == [2.0, 4.0, 8.0]  # backed off, on the fake clock
    assert second.new == 1 and second.ingest is not None and second.ingest.stored == 1
    feed_requests = [r for r in site.requests if r.path == "/feed.xml"]
    assert "if-none-match" not in feed_requests[-1].headers  # its entry was left to retry


def test_local_listings_and_every_needs_no_once(db: str, site: Site, tmp_path: Path) -> None:
    build(site)
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# my feeds\n{site.url('/atom.xml')}\n", encoding="utf-8")
    result = watch(db, str(listing))
    assert result.exit_code == 0, result.output
    assert "1 new document" in " ".join(result.stdout.split())
    both = watch(db, str(listing), "--once", "--every", "5")
    assert both.exit_code == 1 and "exclude each other" in both.stderr


def test_parse_listing_kinds() -> None:
    site = "https://example.org/"
    index = parse_listing(
        b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<sitemap><loc>/news.xml</loc></sitemap></sitemapindex>",
        site,
    )
    assert index.kind == "sitemap index" and index.sources == ("https://example.org/news.xml",)
    import gzip

    zipped = gzip.compress(b"<urlset><url><loc>https://example.org/a</loc></url></urlset>")
    assert [e.url for e in parse_listing(zipped, site).entries] == ["https://example.org/a"]
    assert json.dumps(parse_listing(b"https://example.org/rss\n", site).sources)
