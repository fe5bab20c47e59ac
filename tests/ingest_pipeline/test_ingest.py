"""`survindex ingest`: what each document stores, idempotence, bad input, review, findings."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from survindex.analysis.editions import findings_for
from survindex.domain.vocab import DeploymentStatus
from survindex.ingest import pipeline
from survindex.ingest.extract import EXTRACTOR_VERSION, ExtractedClaim
from survindex.ingest.pipeline import ingest_paths
from survindex.interfaces.cli import app
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, SourceRow, VendorRow

runner = CliRunner()
TANZANIA = "In March, ZTE installed a lawful interception system for the police in Tanzania."
HTML = """<!doctype html><html><head><title>Cameras for the capital</title>
<link rel="canonical" href="https://news.example.org/2021/cameras">
<meta property="article:published_time" content="2021-05-04T10:00:00Z"></head>
<body><nav>Home | World</nav><article><h1>Cameras for the capital</h1>
<p>Hikvision installed facial recognition cameras for the police in Kampala, Uganda, the
ministry said on Monday.</p><p>The ministry did not say what the system cost.</p>
</article><footer>(c) Example News</footer></body></html>"""


def run(db: str, *args: str) -> Any:
    return runner.invoke(app, ["--db", db, *args])


def counts(db: str) -> dict[str, int]:
    with Store(db).read() as session:
        return {
            row.__tablename__: session.scalar(select(func.count()).select_from(row)) or 0
            for row in (SourceRow, DocumentRow, ClaimRow, VendorRow)
        }


def test_document_and_claims_stored_with_provenance(index_db: str, tmp_path: Path) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "tz.txt").write_text(TANZANIA + "\n", encoding="utf-8")
    (tmp_path / "news" / "ug.html").write_text(HTML, encoding="utf-8")
    result = run(index_db, "ingest", str(tmp_path / "news"), "--no-progress")
    assert result.exit_code == 0, result.output
    assert "2 new documents with 2 candidate claims" in " ".join(result.stdout.split())
    with Store(index_db).read() as session:
        docs = {Path(d.path or "").name: d for d in session.scalars(select(DocumentRow))}
        text = docs["tz.txt"]
        assert text.text == TANZANIA + "\n" and text.reader == "text"
        assert text.text_sha256 == hashlib.sha256(text.text.encode()).hexdigest()
        assert text.reader_version and text.normalisation == "decoded-verbatim"
        source = session.get(SourceRow, text.source_id)
        assert source is not None and source.kind == "document"
        assert source.key == f"doc:{text.text_sha256}" and source.sha256 == text.text_sha256
        assert source.title == "tz.txt" and source.accessed == datetime.now(UTC).date()
        page = session.get(SourceRow, docs["ug.html"].source_id)
        assert page is not None and page.title == "Cameras for the capital"
        assert page.url == "https://news.example.org/2021/cameras"
        assert page.published == date(2021, 5, 4) and page.producer == "news.example.org"
        assert docs["ug.html"].reader == "html" and "trafilatura" in docs["ug.html"].reader_version
        documents = select(SourceRow.id).where(SourceRow.kind == "document")  # not AidData's
        ingested = select(ClaimRow).where(
            ClaimRow.edition_id.is_(None), ClaimRow.source_id.in_(documents)
        )
        claims = list(session.scalars(ingested.order_by(ClaimRow.id)))
        assert {c.country for c in claims} == {"TZA", "UGA"}
        zte = repo.vendor_ids(session=session)["zte"]
        for claim in claims:
            document = next(d for d in docs.values() if d.source_id == claim.source_id)
            assert claim.claim_status == "candidate" and claim.edition_id is None
            assert document.text[claim.quote_start : claim.quote_end] == claim.quote
            assert claim.extractor == f"survindex {EXTRACTOR_VERSION}"
            assert 0 < claim.confidence <= 1 and claim.deployment_id is None
        tz = next(c for c in claims if c.country == "TZA")
        assert tz.vendor_id == zte and tz.vendor_country == "CHN"
        assert tz.technology == "communications_interception"


def test_same_document_twice_adds_nothing(index_db: str, corpus: Path, tmp_path: Path) -> None:
    first = ingest_paths(store=Store(index_db), paths=[corpus], workers=1)
    assert first.stored == 40 and first.claims == 40 and not first.errors
    before = counts(index_db)
    copy = tmp_path / "copy.txt"  # the same text under another name is the same document
    copy.write_text((corpus / "doc0003.txt").read_text(encoding="utf-8"), encoding="utf-8")
    again = ingest_paths(store=Store(index_db), paths=[corpus, copy], workers=2)
    assert again.stored == 0 and again.already_stored == 41 and again.claims == 0
    assert counts(index_db) == before
    cli = run(index_db, "ingest", str(corpus), "--no-progress")
    assert cli.exit_code == 0 and "40 already stored" in cli.stdout


def test_pool_and_inline_store_the_same(index_db: str, corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    Store(str(other)).migrate()
    inline = ingest_paths(store=Store(index_db), paths=[corpus], workers=1)
    pooled = ingest_paths(store=Store(str(other)), paths=[corpus], workers=2)
    assert pooled.workers == 2 and (inline.stored, inline.claims) == (pooled.stored, pooled.claims)

    def rows(db: str) -> list[tuple[Any, ...]]:
        with Store(db).read() as session:
            query = (
                select(DocumentRow.path, ClaimRow.country, ClaimRow.technology, ClaimRow.quote)
                .join(ClaimRow, ClaimRow.source_id == DocumentRow.source_id)
                .order_by(DocumentRow.path)
            )
            return [tuple(r) for r in session.execute(query)]

    assert rows(index_db) == rows(str(other))


def test_bad_files_reported_one_line_each(index_db: str, corpus: Path) -> None:
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    result = run(index_db, "ingest", str(corpus), "--no-progress", "--workers", "2")
    assert result.exit_code == 1
    assert "40 new documents" in " ".join(result.stdout.split())
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 2
    assert any("empty.txt" in line for line in failed)
    assert any("binary.txt" in line for line in failed)


def test_claim_not_fitting_its_text_leaves_db_as_it_was(
    index_db: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def wrong_offsets(text: str, doc: str) -> list[ExtractedClaim]:
        return [
            ExtractedClaim(
                doc,
                "hytera",
                "CHN",
                "KEN",
                None,
                DeploymentStatus.DEPLOYED,
                "not in the text",
                0,
                5,
            )
        ]

    monkeypatch.setattr(pipeline, "extract_claims", wrong_offsets)
    before = counts(index_db)
    report = ingest_paths(store=Store(index_db), paths=[corpus / "doc0001.txt"], workers=1)
    assert report.stored == 0 and len(report.errors) == 1
    assert "doc0001.txt" in report.errors[0] and "does not match" in report.errors[0]
    assert counts(index_db) == before


def test_failure_halfway_through_a_document_rolls_it_back(
    index_db: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = {"n": 0}
    real_add_claim = repo.add_claim

    def failing_add_claim(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return real_add_claim(**kwargs)

    monkeypatch.setattr(repo, "add_claim", failing_add_claim)
    (corpus / "two.txt").write_text(TANZANIA + " Hikvision cameras watch Kampala, Uganda.")
    before = counts(index_db)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ingest_paths(store=Store(index_db), paths=[corpus / "two.txt"], workers=1)
    assert counts(index_db) == before


def test_extractor_only_vendor_is_added(index_db: str, tmp_path: Path) -> None:
    doc = tmp_path / "hytera.txt"
    doc.write_text("Hytera installed a safe city system for the police in Lusaka, Zambia.")
    report = ingest_paths(store=Store(index_db), paths=[doc], workers=1)
    assert report.claims == 1, report
    with Store(index_db).read() as session:
        claim = session.scalars(select(ClaimRow).where(ClaimRow.edition_id.is_(None))).one()
        vendor = session.get(VendorRow, claim.vendor_id)
        assert vendor is not None and vendor.slug == "hytera" and vendor.home_country == "CHN"


def test_accepting_an_ingested_claim_changes_live_findings(index_db: str, tmp_path: Path) -> None:
    finding = "technology.communications_interception"

    def live() -> dict[str, Any]:
        result = run(index_db, "findings", "--edition", "live", "--format", "json")
        return next(f for f in json.loads(result.stdout)["findings"] if f["id"] == finding)

    assert live()["value"] == 0
    doc = tmp_path / "tz.txt"
    doc.write_text(TANZANIA, encoding="utf-8")
    assert run(index_db, "ingest", str(doc), "--no-progress").exit_code == 0
    listed = json.loads(
        run(index_db, "claims", "list", "--status", "candidate", "--format", "json").stdout
    )
    assert [c["country"] for c in listed] == ["TZA"]
    assert live()["value"] == 0  # a candidate does not count
    accepted = run(
        index_db,
        "claims",
        "accept",
        str(listed[0]["id"]),
        "--reason",
        "explicit",
        "--reviewer",
        "ana",
    )
    assert accepted.exit_code == 0, accepted.output
    after = live()
    assert after["value"] == 1 and after["countries"] == ["TZA"]
    with Store(index_db).read() as session:
        values = {f.id: f.value for f in findings_for(session=session, slug="aigs-2022")}
    assert values[finding] == 0  # the Carnegie edition is untouched


def test_progress_bar_shows_rate_and_claims(index_db: str, corpus: Path) -> None:
    result = run(index_db, "ingest", str(corpus), "--workers", "2")
    assert result.exit_code == 0, result.output
    bar = " ".join(result.stderr.split())
    assert "40/40" in bar and "docs/s" in bar and "40 claims" in bar and "0 failed" in bar


def test_a_file_that_kills_its_worker_fails_alone(
    index_db: str, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_prepare = pipeline.prepare

    def crashing_prepare(path: str, known: frozenset[str] = frozenset(), **options: Any) -> Any:
        if path.endswith("doc0017.txt"):
            os._exit(1)  # as a segfault or the kernel's out-of-memory killer would
        return real_prepare(path, known, **options)

    monkeypatch.setattr(pipeline, "prepare", crashing_prepare)  # forked workers inherit it
    report = ingest_paths(store=Store(index_db), paths=[corpus], workers=2)
    assert report.stored == 39 and report.claims == 39
    assert len(report.errors) == 1 and "doc0017.txt" in report.errors[0]
    assert "died" in report.errors[0]
