"""Near-duplicates: three outlets' slightly edited copies of one story are one source with two
mirrors and one set of candidate claims, shown once with every outlet in the review surfaces."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from fetching.local_site import Page, Site, html
from pg_cluster import BACKEND_PARAMS, Databases
from survindex.analysis.queries import claim_views
from survindex.ingest.neardup import THRESHOLD, load_index, similarity, text_signature
from survindex.ingest.pipeline import ingest_paths
from survindex.ingest.readers import read_document
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, FetchRow, MirrorRow, SourceRow

runner = CliRunner()
STORY = [
    "NAIROBI - Huawei installed a safe city system for the police in Nairobi, Kenya, the "
    "interior ministry said on Monday, adding that 1,800 cameras now watch the capital's main "
    "roads and the airport.",
    "The contract, signed in 2019, also covers a command centre where officers follow the "
    "cameras around the clock. Officials said the system had helped to cut crime in the city "
    "centre, but did not publish figures to support the claim.",
    "Civil liberties groups asked parliament to examine how the footage is stored, who may see "
    "it and how long it is kept. They said no data protection impact assessment had been "
    "published before the cameras went up.",
    "The ministry said it would answer the questions in writing. The company said it followed "
    "the laws of every country where it works and that the police decide how the system is "
    "used.",
]


def copies() -> list[bytes]:
    """The story as three outlets ran it: a wire dateline and day, a reworded phrase, a byline."""
    wire = list(STORY)
    wire[0] = wire[0].replace("NAIROBI - ", "NAIROBI (Wire) - ").replace("Monday", "Tuesday")
    local = list(STORY)
    local[1] = local[1].replace("around the clock", "day and night")
    local[3] += " Reporting by a staff writer."
    return [
        html("Cameras for Nairobi", *STORY),
        html("Kenya: cameras for Nairobi", *wire),
        html("Nairobi gets 1,800 cameras", *local),
    ]


@pytest.fixture()
def outlets() -> Iterator[list[Site]]:
    """Three outlets on three loopback addresses, so each is its own host and publisher."""
    sites = [Site(f"127.0.0.{n}") for n in (1, 2, 3)]
    for site, page in zip(sites, copies(), strict=True):
        site.routes["/story"] = Page(page)
    for site in sites:
        site.__enter__()
    yield sites
    for site in sites:
        site.__exit__()


def test_three_copies_are_one_source_two_mirrors_one_set_of_claims(
    db: str, outlets: list[Site]
) -> None:
    from survindex.interfaces.cli import app

    urls = [site.url("/story") for site in outlets]
    result = runner.invoke(
        app, ["--db", db, "ingest", *urls, "--no-progress", "--min-interval", "0"]
    )
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "3 items: 1 new document with 1 candidate claim, 2 mirrors of stored sources" in text
    with Store(db).read() as session:
        (source,) = session.scalars(select(SourceRow).where(SourceRow.kind == "document")).all()
        assert source.url == urls[0] and source.producer == "127.0.0.1"
        mirrors = session.scalars(select(MirrorRow).order_by(MirrorRow.id)).all()
        assert [m.url for m in mirrors] == urls[1:]
        assert [m.publisher for m in mirrors] == ["127.0.0.2", "127.0.0.3"]
        assert all(m.source_id == source.id and 0.8 <= m.similarity < 1 for m in mirrors)
        assert all(m.fetched_at is not None and m.minhash for m in mirrors)
        claims = session.scalars(select(ClaimRow).where(ClaimRow.source_id == source.id)).all()
        assert [(c.country, c.technology) for c in claims] == [("KEN", "safe_city")]
        assert session.scalar(select(func.count()).select_from(ClaimRow)) == 1
        outcomes = session.execute(select(FetchRow.url, FetchRow.outcome, FetchRow.source_id))
        assert sorted(outcomes) == sorted(
            [(urls[0], "stored", source.id)] + [(u, "mirror", source.id) for u in urls[1:]]
        )
    claim_id = claims[0].id

    shown = json.loads(
        runner.invoke(app, ["--db", db, "claims", "show", str(claim_id), "--format", "json"]).stdout
    )
    assert [(o["publisher"], o["url"], o["mirror"]) for o in shown["outlets"]] == [
        ("127.0.0.1", urls[0], False),
        ("127.0.0.2", urls[1], True),
        ("127.0.0.3", urls[2], True),
    ]
    table = runner.invoke(app, ["--db", db, "claims", "show", str(claim_id)])
    assert "outlets" in table.stdout and "127.0.0.3" in table.stdout
    listed = runner.invoke(
        app, ["--db", db, "claims", "list", "--status", "candidate", "--format", "json"]
    )
    assert [c["id"] for c in json.loads(listed.stdout)] == [claim_id]  # once, not three times
    assert review_page(db, claim_id).count("127.0.0.") >= 3


def review_page(db: str, claim_id: int) -> str:
    """The web review page looking up the claim, as a signed-in reviewer sees it."""
    from survindex.interfaces.api.app import create_app
    from survindex.interfaces.web.auth import Settings

    app = create_app(db, settings=Settings(reviewers={"ana": "secret-token"}))
    with TestClient(app) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/review").text)
        assert csrf
        signed = client.post(
            "/review/login",
            data={"reviewer": "ana", "token": "secret-token", "csrf": csrf.group(1)},
            follow_redirects=True,
        )
        assert "Signed in as" in signed.text
        page = client.get(f"/review?claim={claim_id}").text
    block = page[page.index(f'id="claim-{claim_id}"') :]
    carried = re.search(r'<div class="muted outlets">(.*?)</div>', block, re.S)
    assert carried and "Carried by 3 outlets" in carried.group(1)
    return carried.group(1)


def test_the_index_survives_restarts_and_resumes(db: str, tmp_path: Path) -> None:
    """A copy ingested in a later run is matched against signatures read from the database,
    and documents stored before signatures existed get theirs computed."""
    first, second = tmp_path / "first.html", tmp_path / "second.html"
    first.write_bytes(copies()[0])
    second.write_bytes(copies()[2])
    report = ingest_paths(store=Store(db), paths=[first], workers=1)
    assert report.stored == 1
    with Store(db).transaction() as session:  # as if stored before migration 0008
        session.execute(DocumentRow.__table__.update().values(minhash=None))
    later = ingest_paths(store=Store(db), paths=[second], workers=1)
    assert (later.stored, later.mirrors, later.claims) == (0, 1, 0)
    with Store(db).read() as session:
        (document,) = session.scalars(select(DocumentRow)).all()
        assert document.minhash == text_signature(document.text)
        assert len(load_index(session=session)) == 2  # the document and its mirror
    again = ingest_paths(store=Store(db), paths=[first, second], workers=1)
    assert (again.stored, again.mirrors, again.already_stored) == (0, 0, 2)
    off = tmp_path / "off.db"
    Store(str(off)).migrate()
    both = ingest_paths(
        store=Store(str(off)), paths=[first, second], workers=1, near_duplicates=None
    )
    assert (both.stored, both.mirrors) == (2, 0)


def test_the_same_wording_about_another_deal_is_not_a_mirror(db: str, tmp_path: Path) -> None:
    """A story reworded for another vendor and country (a press-release template) is as similar
    as a syndicated copy, but says something its original does not: it is a source of its own,
    with its own claim to review."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, (vendor, city) in enumerate([("Huawei", "Nairobi, Kenya"), ("ZTE", "Quito, Ecuador")]):
        story = [STORY[0].replace("Huawei", vendor).replace("Nairobi, Kenya", city), *STORY[1:]]
        (corpus / f"{n}.html").write_bytes(html(f"Story {n}", *story))
    texts = [read_document(path).text for path in sorted(corpus.iterdir())]
    signatures = [text_signature(text) for text in texts]
    assert similarity(*signatures) >= THRESHOLD  # near-identical wording...
    report = ingest_paths(store=Store(db), paths=[corpus], workers=1)
    assert (report.stored, report.mirrors, report.claims) == (2, 0, 2)  # ...another deal


@pytest.mark.parametrize("backend", BACKEND_PARAMS)
def test_mirrors_on_each_backend(databases: Databases, backend: str, tmp_path: Path) -> None:
    """Signatures (bytes), mirrors and outlets round-trip on SQLite and PostgreSQL alike."""
    db = databases.new(backend)
    Store(db).migrate()
    for n, page in enumerate(copies()):
        (tmp_path / f"{n}.html").write_bytes(page)
    report = ingest_paths(store=Store(db), paths=[tmp_path], workers=1)
    assert (report.stored, report.mirrors, report.claims) == (1, 2, 1)
    again = ingest_paths(store=Store(db), paths=[tmp_path], workers=1)
    assert (again.stored, again.mirrors, again.already_stored) == (0, 0, 3)
    with Store(db).read() as session:
        assert len(load_index(session=session)) == 3
        (claim,) = claim_views(session=session, where=ClaimRow.edition_id.is_(None))
        assert [o.mirror for o in claim.outlets] == [False, True, True]
