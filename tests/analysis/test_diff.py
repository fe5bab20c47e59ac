"""Edition diffs: checked against sets computed directly from the claims tables."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from survindex.analysis.diff import diff_for, diff_json, diff_markdown
from survindex.build import build_index
from survindex.store.database import Store


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("diff") / "index.db")
    build_index(Store(path))
    return path


def _users(db: str, slug: str) -> dict[str, tuple[set[str], set[str]]]:
    """Independently: user countries with their technologies and vendor slugs, by SQL."""
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "select c.country, c.technology, v.slug from claims c join editions e "
        "on e.id = c.edition_id left join vendors v on v.id = c.vendor_id "
        "where e.slug = ? and c.claim_status = 'accepted'",
        (slug,),
    ).fetchall()
    connection.close()
    users = {country for country, tech, _ in rows if tech}
    out: dict[str, tuple[set[str], set[str]]] = {u: (set(), set()) for u in users}
    for country, tech, vendor in rows:
        if country in out:
            if tech:
                out[country][0].add(tech)
            if vendor:
                out[country][1].add(vendor)
    return out


def test_diff_v1_to_2022(db_path):
    with Store(db_path).read() as session:
        payload = diff_json(diff_for(session=session, source="aigs-v1", target="aigs-2022"))
    for key in ("from", "to", "countries_added", "countries_removed", "changes", "findings"):
        assert key in payload
    old, new = _users(db_path, "aigs-v1"), _users(db_path, "aigs-2022")
    assert payload["countries_added"] == sorted(set(new) - set(old))
    assert payload["countries_removed"] == sorted(set(old) - set(new))
    changes = {c["country"]: c for c in payload["changes"]}
    for iso in set(old) & set(new):
        gained = sorted(new[iso][0] - old[iso][0])
        removed = sorted(old[iso][1] - new[iso][1])
        if iso in changes:
            assert changes[iso]["technologies_gained"] == gained
            assert changes[iso]["vendors_removed"] == removed
        else:
            assert not gained and not removed and new[iso] == old[iso]
    using = next(f for f in payload["findings"] if f["id"] == "countries.using_any")
    assert (using["from"], using["to"], using["difference"]) == (len(old), len(new), 20)


def test_diff_with_figures_only_edition_compares_figures(db_path):
    with Store(db_path).read() as session:
        result = diff_for(session=session, source="aigs-2019", target="aigs-2022")
    assert result.countries_added == () and result.changes == ()
    assert any("figures only" in note for note in result.notes)
    safe = next(f for f in result.findings if f.id == "technology.safe_city")
    assert (safe.before, safe.after) == (56, 64)
    assert "| technology.safe_city | 56 | 64 | 8 |" in diff_markdown(result)


def test_cli_diff_json(db_path):
    from survindex.interfaces.cli import app

    result = CliRunner().invoke(
        app, ["--db", db_path, "diff", "aigs-v1", "aigs-2022", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["to"] == "aigs-2022"
