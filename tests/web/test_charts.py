"""Chart geometry (interfaces/web/charts.py) and the chart macros: no viewBox, labels kept apart,
untrusted text escaped."""

from __future__ import annotations

from datetime import date

from analysis.country_pages import claim, dated, page, record
from survindex.analysis.readmodels import FindingsView, FindingView
from survindex.analysis.timeline import country_timeline
from survindex.analysis.trend import trend_of
from survindex.interfaces.web.charts import (
    CLEARANCE,
    MIN_YEARS,
    UNDATED_LEFT,
    nice_ceiling,
    short_usd,
    timeline_chart,
    trend_chart,
)
from survindex.interfaces.web.pages import templates

HOSTILE = '<script>window.__pwned = 1</script> "Bank" & <b>Co</b>'


def test_nice_ceiling_and_short_amounts() -> None:
    assert nice_ceiling(103) == (125, 25)
    assert nice_ceiling(4) == (4, 1)
    assert nice_ceiling(0) == (1, 1)
    top, step = nice_ceiling(2_897_146_138)
    assert top >= 2_897_146_138 and top / step <= 6
    assert [short_usd(v) for v in (0, 950, 14_200, 17_319_732, 120_043_193, 2.9e9)] == [
        "",
        "$950",
        "$14.2k",
        "$17.3m",
        "$120m",
        "$2.9bn",
    ]


def test_a_short_span_is_widened_and_undated_evidence_sits_apart() -> None:
    t = country_timeline(
        page([claim(1, None), claim(2, "aigs-v1")], [], ["aigs-v1"]),
        {1: dated(1, date(2022, 3, 9))},
    )
    chart = timeline_chart(t)
    labels = [c.label for c in chart.columns]
    assert len(labels) == MIN_YEARS + 1 and labels[-1] == "undated" and "2022" in labels
    assert [int(x) for x in labels[:-1]] == list(range(int(labels[0]), int(labels[0]) + MIN_YEARS))
    dated_columns = chart.columns[:-1]
    assert all(c.band_left + c.band_width <= UNDATED_LEFT for c in dated_columns)
    assert chart.columns[-1].width == dated_columns[0].width  # the same bar width everywhere
    assert chart.columns[-1].claims.label == "1"
    (mark,) = chart.editions
    assert mark.slug == "aigs-v1" and mark.centre == chart.columns[-1].centre


def test_bars_scale_to_the_largest_column() -> None:
    records = [record(1, 2010, 5e6), record(2, 2010, 1e6), record(3, 2012, 2e6)]
    chart = timeline_chart(country_timeline(page([], records, []), {}))
    by_label = {c.label: c for c in chart.columns}
    assert by_label["2010"].records.height == 2 * by_label["2012"].records.height
    assert by_label["2010"].amount == "$6.0m" and by_label["2011"].amount == ""
    assert chart.undated_left is None  # nothing undated: the years take the whole width


def test_trend_labels_keep_clear_of_other_points() -> None:
    views_ = [
        FindingsView(edition=slug, kind="carnegie", findings=[f("a", a), f("b", b), f("c", c)])
        for slug, a, b, c in (("x", 75, 63, 32), ("y", 77, 57, 29), ("z", 70, 69, 68))
    ]
    chart = trend_chart(trend_of(views_, [], ["a", "b", "c"]))
    assert all(0 <= m.x <= 100 for line in chart.lines for m in line.marks)
    for x in {m.x for line in chart.lines for m in line.marks}:
        here = [m for line in chart.lines for m in line.marks if m.x == x]
        points = [m.y for m in here]
        centred = [m for m in here if m.label.anchor == "middle"]
        middles = [m.label.y - 4 for m in centred]
        for m, middle in zip(centred, middles, strict=True):
            others = [y for y in points if y != m.y]
            assert all(abs(middle - y) >= CLEARANCE - 0.5 for y in others), (x, m)
        assert len(set(middles)) == len(middles)
    assert [t.label for t in chart.ticks] == ["0", "20", "40", "60", "80"]  # top value 77


def f(finding_id: str, value: float) -> FindingView:
    return FindingView(
        id=finding_id,
        label=finding_id,
        value=value,
        numerator=None,
        denominator=None,
        published=None,
        countries=[],
        method="",
        proposed=[],
        unknown=0,
    )


def test_the_timeline_macro_escapes_untrusted_text_and_has_no_viewbox() -> None:
    records = [record(1, 2015, 1e6, lender=HOSTILE)]
    t = country_timeline(page([claim(1, None)], records, []), {1: dated(1, date(2016, 1, 1))})
    macro = templates.env.from_string(
        '{% from "_charts.html" import timeline %}{{ timeline(t, timeline_chart(t)) }}'
    )
    html = macro.render(t=t)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Co</b>" not in html
    assert "<svg" in html and "viewBox" not in html
