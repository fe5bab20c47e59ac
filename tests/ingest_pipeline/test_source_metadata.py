"""`survindex ingest --url/--publisher/--published/--title` and NAME.meta.json sidecars: where a
file came from lands in its source row and its citation, never "unknown. file.txt."."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from survindex.ingest.metadata import MetadataError, SourceMetadata
from survindex.ingest.pipeline import ingest_paths
from survindex.store.database import Store
from survindex.store.schema import DocumentRow, SourceRow

runner = CliRunner()
TANZANIA = "In March, ZTE installed a lawful interception system for the police in Tanzania."
UGANDA = "Hikvision installed facial recognition cameras for the police in Kampala, Uganda."
KENYA = "Huawei installed 1,800 surveillance cameras in Nairobi, Kenya, the ministry said."


def run(db: str, *args: str) -> Any:
    from survindex.interfaces.cli import app

    return runner.invoke(app, ["--db", db, *args])


def sources(db: str) -> dict[str, SourceRow]:
    """Source rows by the file name of their document."""
    with Store(db).read() as session:
        rows = session.execute(
            select(DocumentRow.path, SourceRow).join(
                SourceRow, SourceRow.id == DocumentRow.source_id
            )
        )
        return {Path(path or "").name: source for path, source in rows}


def test_options_land_in_the_source_and_its_citation(index_db: str, tmp_path: Path) -> None:
    article = tmp_path / "tz.txt"
    article.write_text(TANZANIA, encoding="utf-8")
    result = run(
        index_db,
        "ingest",
        str(article),
        "--no-progress",
        "--url",
        "https://www.thecitizen.co.tz/news/zte-interception",
        "--publisher",
        "The Citizen",
        "--published",
        "2021-03-04",
        "--title",
        "Police buy interception system",
    )
    assert result.exit_code == 0, result.output
    source = sources(index_db)["tz.txt"]
    assert source.url == "https://www.thecitizen.co.tz/news/zte-interception"
    assert source.producer == "The Citizen" and source.title == "Police buy interception system"
    assert source.published == date(2021, 3, 4)
    today = datetime.now(UTC).date().isoformat()
    assert source.citation == (
        "The Citizen (2021-03-04). Police buy interception system. "
        f"https://www.thecitizen.co.tz/news/zte-interception (accessed {today})."
    )
    assert "unknown" not in (source.citation or "")


def test_sidecars_describe_their_files_and_are_not_documents(index_db: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "tz.txt").write_text(TANZANIA, encoding="utf-8")
    (news / "ug.txt").write_text(UGANDA, encoding="utf-8")
    sidecar = {"url": "https://monitor.co.ug/kampala-cameras", "published": "2020-11-02"}
    (news / "ug.txt.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")
    result = run(index_db, "ingest", str(news), "--no-progress")
    assert result.exit_code == 0, result.output
    assert "2 files: 2 new documents" in " ".join(result.stdout.split())
    stored = sources(index_db)
    assert set(stored) == {"tz.txt", "ug.txt"}
    assert stored["ug.txt"].url == "https://monitor.co.ug/kampala-cameras"
    assert stored["ug.txt"].producer == "monitor.co.ug"  # no publisher given: the web host
    assert stored["ug.txt"].published == date(2020, 11, 2)
    assert stored["ug.txt"].title == "ug.txt"
    assert (stored["ug.txt"].citation or "").startswith("monitor.co.ug (2020-11-02). ug.txt. ")
    # A file nobody described still gets a citation that says what is missing.
    assert (stored["tz.txt"].citation or "").startswith("Unknown publisher (n.d.). tz.txt.")


def test_options_win_over_the_sidecar_and_the_page(index_db: str, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Page title</title>"
        '<link rel="canonical" href="https://news.example.org/a"></head>'
        f"<body><article><p>{KENYA}</p><p>The ministry gave no cost.</p></article></body></html>",
        encoding="utf-8",
    )
    Path(str(page) + ".meta.json").write_text(
        json.dumps({"publisher": "Sidecar Press", "title": "Sidecar title"}), encoding="utf-8"
    )
    result = run(index_db, "ingest", str(page), "--no-progress", "--title", "Given title")
    assert result.exit_code == 0, result.output
    source = sources(index_db)["page.html"]
    assert source.title == "Given title" and source.producer == "Sidecar Press"
    assert source.url == "https://news.example.org/a"  # found by the reader, not overridden


def two_files(tmp_path: Path) -> Path:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_text(TANZANIA, encoding="utf-8")
    (folder / "b.txt").write_text(UGANDA, encoding="utf-8")
    return folder


def test_options_with_several_files_are_refused(index_db: str, tmp_path: Path) -> None:
    result = run(
        index_db, "ingest", str(two_files(tmp_path)), "--no-progress", "--publisher", "Reuters"
    )
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "\n" not in message and "describes one document, but 2 files" in message
    assert "Traceback" not in result.output
    assert sources(index_db) == {}


@pytest.mark.parametrize(
    ("option", "value", "complaint"),
    [
        ("--published", "04/03/2021", "published must be a date as YYYY-MM-DD"),
        ("--url", "javascript:alert(1)", "url must be an http(s) address"),
    ],
)
def test_bad_option_values_are_one_line_errors(
    index_db: str, tmp_path: Path, option: str, value: str, complaint: str
) -> None:
    (tmp_path / "a.txt").write_text(TANZANIA, encoding="utf-8")
    result = run(index_db, "ingest", str(tmp_path / "a.txt"), "--no-progress", option, value)
    assert result.exit_code == 1 and complaint in result.stderr
    assert "\n" not in result.stderr.strip()


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        ("{not json", "not a readable JSON object"),
        ('["a list"]', "must hold a JSON object"),
        ('{"publshed": "2021-01-01"}', "unknown key 'publshed'"),
        ('{"published": "yesterday"}', "published must be a date as YYYY-MM-DD"),
        ('{"title": 42}', "title must be a string"),
    ],
)
def test_a_malformed_sidecar_fails_its_file_only(
    index_db: str, tmp_path: Path, content: str, complaint: str
) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "tz.txt").write_text(TANZANIA, encoding="utf-8")
    (news / "ug.txt").write_text(UGANDA, encoding="utf-8")
    sidecar = news / "ug.txt.meta.json"
    sidecar.write_text(content, encoding="utf-8")
    report = ingest_paths(store=Store(index_db), paths=[news], workers=1)
    assert report.stored == 1 and len(report.errors) == 1
    assert report.errors[0].startswith(f"{sidecar}: ") and complaint in report.errors[0]
    assert "\n" not in report.errors[0]
    assert set(sources(index_db)) == {"tz.txt"}


def test_sidecars_are_read_by_pool_workers_too(index_db: str, tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for i, text in enumerate((TANZANIA, UGANDA, KENYA)):
        (news / f"{i}.txt").write_text(text, encoding="utf-8")
        meta = {"publisher": f"Wire {i}", "published": f"202{i}-01-0{i + 1}"}
        (news / f"{i}.txt.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    report = ingest_paths(store=Store(index_db), paths=[news], workers=2)
    assert report.stored == 3 and not report.errors and report.workers == 2
    stored = sources(index_db)
    assert {name: s.producer for name, s in stored.items()} == {
        "0.txt": "Wire 0",
        "1.txt": "Wire 1",
        "2.txt": "Wire 2",
    }
    assert stored["2.txt"].published == date(2022, 1, 3)


def test_library_refuses_metadata_for_several_files(index_db: str, tmp_path: Path) -> None:
    folder = two_files(tmp_path)
    with pytest.raises(MetadataError, match="2 files were given"):
        ingest_paths(
            store=Store(index_db), paths=[folder], metadata=SourceMetadata(publisher="Reuters")
        )
