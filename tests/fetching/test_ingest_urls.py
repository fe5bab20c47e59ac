"""`survindex ingest URL...` against a local site: pages stored like files, every fetch recorded,
an unchanged page answering 304 the second time and storing nothing new."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from typer.testing import CliRunner

from fetching.local_site import Page, Site, html
from survindex.store.database import Store
from survindex.store.fetches import fetches_of
from survindex.store.schema import ClaimRow, DocumentRow, FetchRow, SourceRow

runner = CliRunner()
TANZANIA = "In March, ZTE installed a lawful interception system for the police in Tanzania."
KAMPALA = (
    "Hikvision installed facial recognition cameras for the police in Kampala, Uganda, the "
    "ministry said on Monday."
)


def run(db: str, *args: str) -> Any:
    from survindex.interfaces.cli import app

    return runner.invoke(app, ["--db", db, *args])


def counts(db: str) -> list[int]:
    with Store(db).read() as session:
        return [
            session.scalar(select(func.count()).select_from(row)) or 0
            for row in (SourceRow, DocumentRow, ClaimRow)
        ]


def summary(result: Any) -> str:
    return " ".join(result.stdout.split())


def test_urls_beside_files_then_304_stores_nothing_new(db: str, site: Site, tmp_path: Any) -> None:
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    page = Page(html("Cameras for Kampala", KAMPALA), headers={"ETag": '"v1"'})
    site.routes["/news/kampala"] = page
    site.routes["/private/memo"] = Page(html("Memo", TANZANIA))
    article = tmp_path / "tz.txt"
    article.write_text(TANZANIA, encoding="utf-8")
    url, private = site.url("/news/kampala"), site.url("/private/memo")
    command = ["ingest", str(article), url, private, "--no-progress", "--min-interval", "0"]
    first = run(db, *command)
    assert first.exit_code == 1, first.output  # the forbidden page fails, alone
    assert "3 items: 2 new documents with 2 candidate claims" in summary(first)
    failed = [line for line in first.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "disallowed by" in failed[0] and "/private/memo" in failed[0]
    assert "/private/memo" not in site.paths()
    with Store(db).read() as session:
        document = session.scalars(select(DocumentRow).where(DocumentRow.path == url)).one()
        source = session.get(SourceRow, document.source_id)
        assert source is not None and source.url == url and source.producer == "127.0.0.1"
        assert source.title == "Cameras for Kampala"
        assert source.accessed == datetime.now(UTC).date()
        (fetch,) = fetches_of(session=session, url=url)
        assert (fetch.status, fetch.final_url, fetch.etag, fetch.outcome) == (
            200,
            url,
            '"v1"',
            "stored",
        )
        assert fetch.source_id == source.id and fetch.content_type == "text/html; charset=utf-8"
        assert fetch.size and fetch.fetched_at.date() == datetime.now(UTC).date()
        assert not fetches_of(session=session, url=private)  # never asked, so never fetched
    before = counts(db)
    second = run(db, *command)
    assert "1 not modified since the last fetch" in summary(second)
    assert "0 new documents" in summary(second) and "1 already stored" in summary(second)
    assert counts(db) == before
    assert site.requests[-1].headers["if-none-match"] == '"v1"'
    with Store(db).read() as session:
        outcomes = [(f.status, f.outcome) for f in fetches_of(session=session, url=url)]
    assert outcomes == [(200, "stored"), (304, "not modified")]


def test_redirects_and_failures_are_recorded(db: str, site: Site) -> None:
    site.routes["/short"] = Page(status=301, headers={"Location": "/2021/05/kampala-cameras"})
    site.routes["/2021/05/kampala-cameras"] = Page(html("Cameras", KAMPALA))
    site.routes["/logo.png"] = Page(b"\x89PNG\r\n", "image/png")
    short, gone, logo = site.url("/short"), site.url("/gone"), site.url("/logo.png")
    result = run(db, "ingest", short, gone, logo, "--no-progress", "--min-interval", "0")
    assert result.exit_code == 1
    assert "3 items: 1 new document with 1 candidate claim" in summary(result)
    errors = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert any(f"{gone}: HTTP 404 Not Found; not stored" in line for line in errors)
    assert any("image/png is not a page SurvIndex reads" in line for line in errors)
    with Store(db).read() as session:
        source = session.scalars(select(SourceRow).where(SourceRow.kind == "document")).one()
        assert source.url == site.url("/2021/05/kampala-cameras")
        (moved,) = fetches_of(session=session, url=short)
        assert moved.final_url == source.url and moved.source_id == source.id
        (missing,) = fetches_of(session=session, url=gone)
        assert (missing.status, missing.outcome, missing.etag) == (404, "failed", None)
        assert session.scalar(select(func.count()).select_from(FetchRow)) == 3
