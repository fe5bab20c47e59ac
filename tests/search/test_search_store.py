"""survindex.store.search and migration 0006: safe queries, an index kept current by triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from search.seed import HUAWEI_BELGRADE, add_document_claim, copy_index
from survindex.domain import Technology
from survindex.review.workflow import accept_claim, edit_claim
from survindex.store.database import Store, _alembic_config
from survindex.store.schema import ClaimRow, VendorAliasRow, VendorRow
from survindex.store.search import (
    KINDS,
    MATCH_END,
    MATCH_START,
    MAX_TERMS,
    fts5_query,
    parse_query,
    search,
)

TRIGGERED_TABLES = ("claims", "sources", "vendors", "countries", "vendor_aliases")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Huawei Belgrade", '"Huawei" AND "Belgrade"'),
        ('"safe city" kenya', '"safe city" AND "kenya"'),
        ("huawei OR zte", '("huawei" OR "zte")'),
        ("huawei -hikvision", '("huawei") NOT "hikvision"'),
        ('"unbalanced', '"unbalanced"'),
        ("AND OR", '"AND"'),
        ('say "a""b', '"say" AND "a" AND "b"'),
        ("NEAR(a b) col:x ^start", '"NEAR(a" AND "b)" AND "col:x" AND "^start"'),
        ('quote"inside', '"quote""inside"'),
    ],
)
def test_user_text_becomes_quoted_phrases(typed: str, expected: str) -> None:
    assert fts5_query(typed) == expected


@pytest.mark.parametrize("nothing", ["", "   ", "OR", "-", "- -x", '""', "*", "OR OR"])
def test_text_without_a_word_asks_for_nothing(nothing: str) -> None:
    assert fts5_query(nothing) is None


def test_a_long_query_is_cut_to_the_first_terms() -> None:
    parsed = parse_query(" ".join(f"w{i}" for i in range(100)))
    assert len(parsed.groups) == MAX_TERMS


@pytest.fixture(scope="module")
def store(built_db: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = copy_index(built_db, tmp_path_factory.mktemp("store") / "s.db")
    return Store(path)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_no_text_is_a_syntax_error(store: Store, typed: str) -> None:
    with store.read() as session:
        found = search(session=session, query=typed, limit=5)
    assert found.total >= len(found.hits)


@pytest.mark.parametrize(
    "typed", ['"unbalanced', "AND OR", "NOT", "a AND", "(", ")", "*", "NEAR(", "'", '"', "\\"]
)
def test_fts5_operators_typed_by_users_are_words(store: Store, typed: str) -> None:
    with store.read() as session:
        search(session=session, query=typed)


def test_every_table_is_indexed_and_every_trigger_is_there(store: Store) -> None:
    """Fails when a later migration rebuilt a table on SQLite and dropped its triggers."""
    with sqlite3.connect(str(store.path)) as db:
        triggers = {
            name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        for table in TRIGGERED_TABLES:
            for event in ("insert", "update", "delete"):
                assert f"search_index_{table}_{event}" in triggers
        indexed = dict(
            db.execute("SELECT kind, count(*) FROM search_index GROUP BY kind").fetchall()
        )
        for kind, table in zip(KINDS, ("claims", "sources", "vendors", "countries"), strict=True):
            assert indexed[kind] == db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_matches_are_marked_and_ranked(store: Store) -> None:
    with store.read() as session:
        found = search(session=session, query="huawei", limit=5)
    assert found.total > 5
    assert found.hits[0].kind == "vendor" and found.hits[0].ref == "huawei"
    assert f"{MATCH_START}Huawei{MATCH_END}" in found.hits[0].name
    assert [h.score for h in found.hits] == sorted((h.score for h in found.hits), reverse=True)


def test_kinds_narrow_the_search(store: Store) -> None:
    with store.read() as session:
        countries = search(session=session, query="republic", kinds=["country"], limit=500)
        everything = search(session=session, query="republic", limit=500)
    assert countries.total > 10 and {h.kind for h in countries.hits} == {"country"}
    assert everything.total >= countries.total
    with pytest.raises(ValueError, match="unknown kinds"), store.read() as session:
        search(session=session, query="x", kinds=["people"])


def test_a_claim_is_found_as_soon_as_it_is_added_and_after_each_edit(
    built_db: str, tmp_path: Path
) -> None:
    store = Store(copy_index(built_db, tmp_path / "edit.db"))
    claim_id, _source = add_document_claim(
        store,
        quote=HUAWEI_BELGRADE,
        country="SRB",
        technology=Technology.FACIAL_RECOGNITION,
        vendor="huawei",
        city="Belgrade",
    )

    def refs(query: str) -> set[str]:
        with store.read() as session:
            return {h.ref for h in search(session=session, query=query, kinds=["claim"]).hits}

    assert str(claim_id) in refs("Huawei Belgrade")
    assert str(claim_id) in refs("huawei serbia facial recognition")  # vendor, country, technology
    assert str(claim_id) not in refs("zte")
    with store.transaction() as session:
        edit_claim(
            session=session,
            claim_id=claim_id,
            reviewer="rita",
            reason="the cameras are in Novi Sad",
            changes={"city": "Novi Sad", "vendor": "zte"},
        )
        accept_claim(session=session, claim_id=claim_id, reviewer="rita", reason="checked")
    assert str(claim_id) in refs('"novi sad" zte')
    with store.transaction() as session:
        row = session.get(ClaimRow, claim_id)
        assert row is not None
        row.quote = "A different sentence."
    assert str(claim_id) not in refs("Belgrade")


def test_vendor_names_and_aliases_follow_the_registry(built_db: str, tmp_path: Path) -> None:
    store = Store(copy_index(built_db, tmp_path / "vendors.db"))

    def vendors(query: str) -> set[str]:
        with store.read() as session:
            return {h.ref for h in search(session=session, query=query, kinds=["vendor"]).hits}

    assert vendors("Huawei Technologies") == {"huawei"}
    with store.transaction() as session:
        huawei = session.scalar(select(VendorRow).where(VendorRow.slug == "huawei"))
        assert huawei is not None
        session.add(VendorAliasRow(vendor_id=huawei.id, alias="Kirin Systems"))
    assert vendors("kirin") == {"huawei"}
    with store.transaction() as session:
        alias = session.scalar(
            select(VendorAliasRow).where(VendorAliasRow.alias == "Kirin Systems")
        )
        session.delete(alias)
        huawei = session.scalar(select(VendorRow).where(VendorRow.slug == "huawei"))
        assert huawei is not None
        huawei.name = "Huawei Renamed"
        huawei_id = huawei.id
    assert vendors("kirin") == set()
    assert vendors("renamed") == {"huawei"}
    with store.read() as session:  # claims' documents hold their vendor's name too
        huawei_claims = session.scalar(
            select(func.count(ClaimRow.id)).where(ClaimRow.vendor_id == huawei_id)
        )
        found = search(session=session, query="renamed", kinds=["claim"])
    assert huawei_claims and found.total == huawei_claims


def test_the_migration_goes_down_and_up_again(built_db: str, tmp_path: Path) -> None:
    store = Store(copy_index(built_db, tmp_path / "down.db"))
    config = _alembic_config()
    with store.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        connection.commit()
        names = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
        assert not any(n.startswith("search_index") for n in names)
    store.migrate()
    with store.read() as session:
        assert search(session=session, query="Kenya", kinds=["country"]).hits[0].ref == "KEN"
