"""The PostgreSQL branch of search and the feeds' queries, on a throwaway server (pg_cluster.py).

Skipped where PostgreSQL is not installed; ``-m "not postgresql"`` leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterator

import feedparser
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pg_cluster import Databases
from search.seed import HOSTILE_QUOTE, HUAWEI_BELGRADE, add_document_claim
from survindex.build import build_index
from survindex.domain import Technology
from survindex.interfaces.api.app import create_app
from survindex.review.workflow import accept_claim, edit_claim
from survindex.store.database import Store
from survindex.store.search import MATCH_END, MATCH_START, search

pytestmark = pytest.mark.postgresql


@pytest.fixture(scope="module")
def pg(databases: Databases) -> Iterator[tuple[Store, dict[str, int]]]:
    url = databases.new("postgresql")
    store = Store(url)
    build_index(store)
    belgrade, _source = add_document_claim(
        store,
        quote=HUAWEI_BELGRADE,
        country="SRB",
        technology=Technology.FACIAL_RECOGNITION,
        vendor="huawei",
        city="Belgrade",
    )
    hostile, _source = add_document_claim(
        store, quote=HOSTILE_QUOTE, country="ALB", technology=Technology.SAFE_CITY, vendor="dahua"
    )
    yield store, {"belgrade": belgrade, "hostile": hostile}
    store.engine.dispose()


def test_huawei_belgrade_on_postgresql(pg: tuple[Store, dict[str, int]]) -> None:
    store, ids = pg
    with store.read() as session:
        found = search(session=session, query="Huawei Belgrade")
    assert (found.hits[0].kind, found.hits[0].ref) == ("claim", str(ids["belgrade"]))
    assert f"{MATCH_START}Huawei{MATCH_END}" in found.hits[0].text
    assert f"{MATCH_START}Belgrade{MATCH_END}" in found.hits[0].text
    with store.read() as session:
        vendor = search(session=session, query="Huawei Technologies", kinds=["vendor"])
        context = search(session=session, query="huawei serbia facial", kinds=["claim"])
        marker = search(session=session, query="tirana", kinds=["claim"])
    assert [h.ref for h in vendor.hits] == ["huawei"]  # through its aliases
    assert str(ids["belgrade"]) in {h.ref for h in context.hits}  # vendor and country names
    (hostile,) = [h for h in marker.hits if h.ref == str(ids["hostile"])]
    assert hostile.text.count(MATCH_START) == 1  # only the search's own marker


@pytest.mark.parametrize(
    "typed",
    ['"unbalanced', "AND OR", "NOT", "(", "*", "a:b & c | !d", "<->", "\x00", "a\x00b", "-x", ""],
)
def test_no_text_is_a_syntax_error_on_postgresql(
    pg: tuple[Store, dict[str, int]], typed: str
) -> None:
    with pg[0].read() as session:
        search(session=session, query=typed, limit=3)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_no_generated_text_fails_on_postgresql(
    pg: tuple[Store, dict[str, int]], typed: str
) -> None:
    with pg[0].read() as session:
        found = search(session=session, query=typed, limit=3)
    assert found.total >= len(found.hits)


def test_edits_are_found_at_once_and_feeds_work_on_postgresql(
    pg: tuple[Store, dict[str, int]],
) -> None:
    store, ids = pg
    with store.transaction() as session:
        edit_claim(
            session=session,
            claim_id=ids["belgrade"],
            reviewer="rita",
            reason="the article names Novi Sad",
            changes={"city": "Novi Sad"},
        )
        accept_claim(session=session, claim_id=ids["belgrade"], reviewer="rita", reason="ok")
    with store.read() as session:
        found = search(session=session, query='"novi sad"', kinds=["claim"])
    assert [h.ref for h in found.hits] == [str(ids["belgrade"])]
    with TestClient(create_app(store.engine.url.render_as_string(hide_password=False))) as client:
        api = client.get("/api/search", params={"q": "novi sad huawei"}).json()
        assert api["items"][0]["id"] == str(ids["belgrade"])
        feed = feedparser.parse(client.get("/feeds/countries/SRB.atom").content)
    assert feed.bozo == 0
    assert [e.title for e in feed.entries] == [
        "Huawei: facial recognition in Novi Sad, Serbia (deployed)"
    ]
