"""Statistics checked against values computed independently here (SQL counts, numpy IRLS)."""

from __future__ import annotations

import json
import math
import sqlite3

import numpy as np
import pytest
from typer.testing import CliRunner

from survindex.analysis.findings import EditionData
from survindex.analysis.stats import edition_stats, stats_for, wilson_interval
from survindex.build import build_index
from survindex.domain import Claim, CountryContext, Evidence, RegimeType, Technology
from survindex.store.database import Store


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("stats") / "index.db")
    build_index(Store(path))
    return path


@pytest.fixture(scope="module")
def stats_2022(db_path):
    with Store(db_path).read() as session:
        return stats_for(session=session, slug="aigs-2022")


def _universe(db: str) -> list[tuple[str, str, float, int]]:
    """(iso3, regime, electoral democracy index, uses) for aigs-2022, straight from SQL."""
    connection = sqlite3.connect(db)
    rows = connection.execute(
        "select ec.iso3, ec.regime, ec.electoral_democracy_index, exists(select 1 from claims c "
        "where c.edition_id = e.id and c.country = ec.iso3 and c.technology is not null "
        "and c.claim_status = 'accepted') from edition_countries ec join editions e "
        "on e.id = ec.edition_id where e.slug = 'aigs-2022' and ec.in_universe order by ec.iso3"
    ).fetchall()
    connection.close()
    return rows


def _irls(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression by iteratively reweighted least squares: coefficients and SEs."""
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-x @ beta))
        w = p * (1 - p)
        step = np.linalg.solve(x.T @ (x * w[:, None]), x.T @ (y - p))
        beta += step
        if np.max(np.abs(step)) < 1e-12:
            break
    p = 1 / (1 + np.exp(-x @ beta))
    cov = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    return beta, np.sqrt(np.diag(cov))


def test_wilson_matches_the_formula_and_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    low, high = wilson_interval(64, 179)
    z = 1.959963984540054
    p, n = 64 / 179, 179
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert (low, high) == pytest.approx(proportion_confint(64, 179, method="wilson"), abs=1e-12)
    assert wilson_interval(0, 0) is None
    assert wilson_interval(0, 10)[0] == 0.0


def test_regime_crosstab_counts(db_path, stats_2022):
    rows = _universe(db_path)
    tab = next(t for t in stats_2022.crosstabs if t.id == "uses_ai_surveillance_by_regime")
    for share in tab.rows:
        members = [r for r in rows if r[1] == share.group]
        assert share.n == len(members)
        assert share.successes == sum(r[3] for r in members)
    assert sum(s.successes for s in tab.rows) == 97 and sum(s.n for s in tab.rows) == 179


def test_logit_on_electoral_democracy_matches_irls(db_path, stats_2022):
    rows = _universe(db_path)
    x = np.column_stack([np.ones(len(rows)), [r[2] for r in rows]])
    y = np.array([r[3] for r in rows], dtype=float)
    beta, se = _irls(x, y)
    model = next(
        m
        for m in stats_2022.models
        if m.outcome == "uses_ai_surveillance" and m.predictors == ("electoral_democracy_index",)
    )
    assert model.status == "fitted" and model.n == 179 and model.events == 97
    got = {c.term: c for c in model.coefficients}
    assert got["const"].estimate == pytest.approx(beta[0], abs=1e-6)
    assert got["electoral_democracy_index"].estimate == pytest.approx(beta[1], abs=1e-6)
    assert got["electoral_democracy_index"].std_error == pytest.approx(se[1], abs=1e-6)
    low = beta[1] - 1.959963984540054 * se[1]
    assert got["electoral_democracy_index"].low == pytest.approx(low, abs=1e-6)
    assert "use AI surveillance" in model.reading


def test_logit_on_regime_matches_irls(db_path, stats_2022):
    rows = _universe(db_path)
    levels = ("CA", "EA", "ED")  # liberal democracy is the baseline
    x = np.column_stack([np.ones(len(rows))] + [[r[1] == lv for r in rows] for lv in levels])
    beta, _ = _irls(x.astype(float), np.array([r[3] for r in rows], dtype=float))
    model = next(
        m
        for m in stats_2022.models
        if m.outcome == "uses_ai_surveillance" and m.predictors == ("regime",)
    )
    got = {c.term: c.estimate for c in model.coefficients}
    for index, level in enumerate(levels, start=1):
        assert got[f"regime[{level}]"] == pytest.approx(beta[index], abs=1e-6)


def test_user_only_variables_are_not_fitted(stats_2022):
    unavailable = {u.variable: u for u in stats_2022.unavailable}
    assert set(unavailable) == {"bri_member", "military_top50", "fotn_score"}
    assert unavailable["bri_member"].non_users_with_value == 0
    for model in stats_2022.models:
        assert not set(model.predictors) & set(unavailable)
    bri = next(t for t in stats_2022.crosstabs if t.id == "bri_among_users")
    assert "cannot be computed" in (bri.note or "")


def test_empty_technologies_are_reported_not_fitted(stats_2022):
    empty = [m for m in stats_2022.models if m.outcome == "communications_interception"]
    assert [m.status for m in empty] == ["not_fitted"]


def _context(iso: str, region: str, regime: RegimeType, edi: float) -> CountryContext:
    return CountryContext(iso, iso, region=region, regime=regime, electoral_democracy_index=edi)


def test_perfect_separation_is_reported_not_crashed():
    contexts, claims = {}, []
    for i in range(40):
        iso = f"C{i:02d}"
        region = "EAP" if i < 10 else "EUR" if i < 25 else "AF"
        contexts[iso] = _context(iso, region, RegimeType.ED, i / 40)
        if region == "EAP" or (region == "EUR" and i % 2):  # every EAP country uses it
            claims.append(Claim(iso, Technology.SAFE_CITY, Evidence("test")))
    data = EditionData("synthetic", "carnegie", True, contexts, tuple(claims))
    result = edition_stats(data)
    region = next(
        m for m in result.models if m.outcome == "safe_city" and m.predictors == ("region",)
    )
    assert region.status == "separation"
    assert "every country with region=EAP" in "; ".join(region.problems)
    assert region.reading.startswith("Not reliable")


def test_edition_without_universe_is_users_only(db_path):
    with Store(db_path).read() as session:
        result = stats_for(session=session, slug="aigs-v1")
    assert result.models == () and result.universe is None
    assert any("only countries that use" in n for n in result.notes)


def test_cli_stats_json(db_path):
    from survindex.interfaces.cli import app

    result = CliRunner().invoke(
        app, ["--db", db_path, "stats", "--edition", "aigs-2022", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["universe"] == 179 and payload["models"]
