"""Atom feeds of newly accepted claims: valid Atom, current at once, safe with hostile text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from search.seed import (
    HOSTILE_QUOTE,
    HOSTILE_TITLE,
    HUAWEI_BELGRADE,
    add_document_claim,
    copy_index,
)
from survindex.domain import Technology
from survindex.interfaces.api.app import create_app
from survindex.publish.atom import tag_uri
from survindex.review.workflow import accept_claim, edit_claim, reject_claim
from survindex.store.database import Store
from survindex.store.schema import ReviewRow

HTML = {"Accept": "text/html"}
SERBIA = "/feeds/countries/SRB.atom"


class Index:
    """A private copy of the index served by a client, with two candidate article claims."""

    def __init__(self, path: str, client: TestClient) -> None:
        self.store = Store(path)  # as another process would: the reviewer's command line
        self.client = client
        self.belgrade, self.belgrade_source = add_document_claim(
            self.store,
            quote=HUAWEI_BELGRADE,
            country="SRB",
            technology=Technology.FACIAL_RECOGNITION,
            vendor="huawei",
            city="Belgrade",
        )
        self.hostile, _source = add_document_claim(
            self.store,
            quote=HOSTILE_QUOTE,
            country="ALB",
            technology=Technology.SAFE_CITY,
            vendor="dahua",
            title=HOSTILE_TITLE,
            url="javascript:alert(1)",
        )

    def accept(self, claim_id: int) -> None:
        with self.store.transaction() as session:
            accept_claim(session=session, claim_id=claim_id, reviewer="rita", reason="checked")

    def feed(self, path: str) -> Any:
        response = self.client.get(path)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/atom+xml")
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert parsed.version == "atom10"
        return parsed


@pytest.fixture()
def index(built_db: str, tmp_path: Path) -> Iterator[Index]:
    path = copy_index(built_db, tmp_path / "feeds.db")
    with TestClient(create_app(path)) as client:
        yield Index(path, client)


def test_a_country_feed_shows_a_claim_as_soon_as_it_is_accepted(index: Index) -> None:
    assert index.feed(SERBIA).entries == []  # Carnegie's claims are not news
    index.accept(index.belgrade)
    feed = index.feed(SERBIA)
    (entry,) = feed.entries
    assert entry.title == "Huawei: facial recognition in Belgrade, Serbia (deployed)"
    assert HUAWEI_BELGRADE in entry.summary
    assert entry.id == tag_uri(f"claim/{index.belgrade}")
    links = {link.rel: link.href for link in entry.links}
    assert links["alternate"] == (
        f"http://testserver/sources/{index.belgrade_source}#claim-{index.belgrade}"
    )
    assert links["related"] == "https://news.example.org/story"
    with index.store.read() as session:
        accepted_at = session.scalar(
            select(ReviewRow.at).where(ReviewRow.claim_id == index.belgrade)
        )
    assert accepted_at is not None
    assert entry.updated == accepted_at.replace(microsecond=0).isoformat() + "Z"
    assert feed.feed.title == "SurvIndex: newly accepted claims, Serbia"
    assert feed.feed.id == tag_uri("feeds/countries/SRB")


def test_every_kind_of_feed_is_valid_atom(index: Index) -> None:
    index.accept(index.belgrade)
    index.accept(index.hostile)
    for path, expected in (
        ("/feeds/index.atom", {index.belgrade, index.hostile}),
        (SERBIA, {index.belgrade}),
        ("/feeds/countries/serbia.atom", {index.belgrade}),  # any name, as the pages take
        ("/feeds/vendors/huawei.atom", {index.belgrade}),
        ("/feeds/vendors/dahua.atom", {index.hostile}),
        ("/feeds/technologies/facial_recognition.atom", {index.belgrade}),
        ("/feeds/technologies/safe_city.atom", {index.hostile}),
        ("/feeds/technologies/smart_policing.atom", set()),
    ):
        entries = index.feed(path).entries
        assert {int(e.id.rsplit("/", 1)[1]) for e in entries} == expected, path


def test_newest_first_and_only_while_accepted(index: Index) -> None:
    index.accept(index.belgrade)
    index.accept(index.hostile)
    ids = [e.id for e in index.feed("/feeds/index.atom").entries]
    assert ids[:2] == [tag_uri(f"claim/{index.hostile}"), tag_uri(f"claim/{index.belgrade}")]
    with index.store.transaction() as session:
        edit_claim(
            session=session,
            claim_id=index.belgrade,
            reviewer="rita",
            reason="city spelled as the article does",
            changes={"city": "Beograd"},
        )
    first = index.feed("/feeds/index.atom").entries[0]
    assert first.id == tag_uri(f"claim/{index.belgrade}") and "Beograd" in first.title
    assert first.updated >= first.published
    with index.store.transaction() as session:
        reject_claim(session=session, claim_id=index.belgrade, reviewer="rita", reason="wrong")
    assert index.feed(SERBIA).entries == []


def test_hostile_text_stays_text(index: Index) -> None:
    index.accept(index.hostile)
    raw = index.client.get("/feeds/countries/ALB.atom").text
    assert "<script>" not in raw and "<img" not in raw and "javascript:" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "\x0b" not in raw and "\x01" not in raw  # not allowed in XML: dropped
    (entry,) = index.feed("/feeds/countries/ALB.atom").entries
    assert "related" not in {link.rel for link in entry.links}


def test_a_poll_with_the_current_etag_gets_304(index: Index) -> None:
    first = index.client.get(SERBIA)
    again = index.client.get(SERBIA, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    index.accept(index.belgrade)
    changed = index.client.get(SERBIA, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/feeds/countries/Atlantis.atom", 404),
        ("/feeds/vendors/no-such-vendor.atom", 404),
        ("/feeds/technologies/mind_reading.atom", 404),
        ("/feeds/index.atom?since=yesterday", 422),
        ("/feeds/countries/KEN.rss", 404),
    ],
)
def test_unknown_feeds_are_refused(index: Index, path: str, status: int) -> None:
    assert index.client.get(path).status_code == status


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/countries/SRB", SERBIA),
        ("/countries/Serbia", SERBIA),
        ("/vendors/huawei", "/feeds/vendors/huawei.atom"),
        ("/", "/feeds/index.atom"),
        ("/?technology=safe_city", "/feeds/technologies/safe_city.atom"),
    ],
)
def test_pages_link_their_feed_in_the_head_and_visibly(index: Index, page: str, feed: str) -> None:
    html = index.client.get(page, headers=HTML).text
    head, body = html.split("</head>")
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        f'title="SurvIndex: newly accepted claims" href="{feed}">'
    ) in head
    assert f'<a href="{feed}" type="application/atom+xml">' in body
    index.feed(feed)


def test_other_pages_offer_the_index_feed(index: Index) -> None:
    html = index.client.get("/findings", headers=HTML).text
    assert 'href="/feeds/index.atom"' in html.split("</head>")[0]
