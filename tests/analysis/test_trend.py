"""Headline findings across editions: every point is the finding of that edition, unchanged."""

from __future__ import annotations

from survindex.analysis import views
from survindex.analysis.readmodels import EditionView, FindingsView, FindingView
from survindex.analysis.trend import TREND_FINDINGS, findings_trend, trend_of
from survindex.store.database import Store


def finding(finding_id: str, value: float | None, published: float | None = None) -> FindingView:
    return FindingView(
        id=finding_id,
        label=finding_id.upper(),
        value=value,
        numerator=None,
        denominator=None,
        published=published,
        countries=[],
        method="",
        proposed=[],
        unknown=0,
    )


def test_points_follow_the_editions_and_skip_missing_findings() -> None:
    views_ = [
        FindingsView(edition="paper", kind="figures", findings=[finding("a", 75, 75)]),
        FindingsView(edition="data", kind="carnegie", findings=[finding("a", 77), finding("b", 5)]),
    ]
    known = [EditionView(slug="paper", title="The paper", kind="figures", universe_defined=False)]
    trend = trend_of(views_, known, ["a", "b"])
    assert [e.slug for e in trend.editions] == ["paper", "data"]
    assert trend.editions[0].title == "The paper" and trend.editions[1].title == "data"
    a, b = trend.series
    assert [(p.edition, p.value, p.figures_only) for p in a.points] == [
        ("paper", 75, True),
        ("data", 77, False),
    ]
    assert [p.edition for p in b.points] == ["data"] and b.label == "B"
    assert trend.top == 77


def test_the_trend_is_each_editions_findings(built_db: str) -> None:
    store = Store(built_db)
    with store.read() as session:
        trend = findings_trend(session=session)
        assert [e.slug for e in trend.editions] == ["aigs-2019", "aigs-v1", "aigs-2022", "live"]
        assert [s.id for s in trend.series] == list(TREND_FINDINGS)
        for series in trend.series:
            assert len(series.points) == 4
            for point in series.points:
                view = views.findings_view(session=session, edition=point.edition)
                same = next(f for f in view.findings if f.id == series.id)
                assert point.value == same.value and point.published == same.published
    first = trend.series[0].points[0]
    assert first.figures_only and first.value == first.published
