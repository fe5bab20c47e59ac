"""WARC and WARC.gz files as input: archived HTML and text responses become documents with their
target URI and capture date; other records are passed over; a second run adds nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from fetching.archives import TANZANIA, write_warc
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, FetchRow, SourceRow

runner = CliRunner()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_responses_become_documents(db: str, tmp_path: Path, name: str) -> None:
    from survindex.interfaces.cli import app

    warc = tmp_path / name
    write_warc(warc, gzip=name.endswith(".gz"))
    result = runner.invoke(app, ["--db", db, "ingest", str(warc), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 items: 2 new documents with 2 candidate claims" in " ".join(result.stdout.split())
    with Store(db).read() as session:
        rows = session.execute(
            select(DocumentRow, SourceRow)
            .join(SourceRow, SourceRow.id == DocumentRow.source_id)
            .order_by(DocumentRow.id)
        ).all()
        assert [source.url for _d, source in rows] == [
            "https://news.example.org/kampala",
            "https://wire.example.com/tz.txt",
        ]
        (page, page_source), (text, text_source) = rows
        assert page.reader == "html" and str(page.path).startswith(f"{warc}#")
        assert page_source.accessed == date(2024, 3, 5) and text_source.accessed == date(2024, 3, 6)
        assert text.reader == "text" and text.text == TANZANIA
        assert page_source.producer == "news.example.org"
        fetches = {f.url: f for f in session.scalars(select(FetchRow))}
        kept = fetches["https://news.example.org/kampala"]
        assert kept.archive_url == page.path and kept.status == 200 and kept.etag == '"w1"'
        assert kept.outcome == "stored" and kept.source_id == page_source.id
        assert len(fetches) == 2  # the image, the redirect and the request are not pages
        claims = session.scalars(select(ClaimRow).where(ClaimRow.edition_id.is_(None))).all()
        assert {c.country for c in claims} == {"UGA", "TZA"}
    again = runner.invoke(app, ["--db", db, "ingest", str(warc), "--no-progress"])
    assert "0 new documents" in again.stdout and "2 already stored" in again.stdout


def test_a_broken_warc_is_one_failure(db: str, tmp_path: Path) -> None:
    from survindex.interfaces.cli import app

    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"this is not an archive\n" * 10)
    result = runner.invoke(app, ["--db", db, "ingest", str(broken), "--no-progress"])
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1 and "broken.warc.gz" in failed[0] and "WARC" in failed[0]
