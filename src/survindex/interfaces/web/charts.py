"""Where things go in the server-rendered SVG charts: the country timeline and the findings
trend (the macros in ``templates/_charts.html`` draw them).

The charts have no ``viewBox``: an SVG with one scales its text with its width (a 720-unit chart
in a 400 px column draws 13 px labels at 7 px). Here the vertical axis is in pixels and the
horizontal one in percentages of the chart's width, so a chart fills any width, from a 375 px
phone to a wide screen, while its labels keep the size the stylesheet gives them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from survindex.analysis.timeline import CountryTimeline, TimelineCounts
from survindex.analysis.trend import FindingsTrend

#: Below this many years the timeline widens its span (earlier years first) so that a single
#: year does not become one wide bar.
MIN_YEARS = 8
#: Share of the width the dated years take when an undated column sits at the right.
DATED_SHARE = 84.0
UNDATED_LEFT = 87.0
#: Share of a year's column its bars take.
BAR_SHARE = 0.56
#: Pixel rows of the timeline: lane titles, bar areas, edition rows, year axis.
LANE_TITLE = 14
BAR_AREA = 50
BAR_LABEL = 14
EDITION_ROW = 18


@dataclass(frozen=True)
class Stack:
    """One stacked bar: the part that counts below, the part that does not above (pixels)."""

    counted: float
    other: float
    label: str

    @property
    def height(self) -> float:
        return self.counted + self.other


@dataclass(frozen=True)
class TimelineColumn:
    label: str
    #: "y5" for years divisible by 5, "y1" for the others (hidden first on narrow screens),
    #: "undated" for the undated column.
    kind: str
    centre: float
    left: float
    width: float
    band_left: float
    band_width: float
    claims: Stack
    records: Stack
    #: The year's amount, short ("$17.3m"), or "" without one.
    amount: str
    editions: list[str]
    title: str


@dataclass(frozen=True)
class EditionMark:
    slug: str
    when: str
    centre: float
    y: float
    #: "start" (label to the right of the mark) or "end" (to its left, near the right edge).
    anchor: str


@dataclass(frozen=True)
class TimelineChart:
    columns: list[TimelineColumn]
    editions: list[EditionMark]
    claims_base: float
    editions_title: float
    records_title: float
    records_base: float
    axis: float
    height: float
    #: The undated column's left edge (percent), None without one.
    undated_left: float | None
    dense: bool


def _span(t: CountryTimeline) -> list[int]:
    if t.first_year is None or t.last_year is None:
        return []
    first, last = t.first_year, t.last_year
    missing = max(0, MIN_YEARS - (last - first + 1))
    after = missing // 3
    return list(range(first - (missing - after), last + after + 1))


def _stack(counted: int, other: int, most: int) -> Stack:
    scale = BAR_AREA / most if most else 0.0
    total = counted + other
    return Stack(
        counted=round(counted * scale, 1),
        other=round(other * scale, 1),
        label=str(total) if total else "",
    )


def short_usd(amount: float) -> str:
    """A short dollar amount for a chart label: $1.2bn, $17.3m, $14k; "" for none."""
    if not amount:
        return ""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if amount >= size:
            value = amount / size
            return f"${value:.0f}{suffix}" if value >= 100 else f"${value:.1f}{suffix}"
    return f"${amount:.0f}"


def _title(label: str, c: TimelineCounts, claims_noun: str) -> str:
    parts = [f"{label}: {c.claims} accepted {claims_noun}"]
    if c.other_claims:
        parts.append(f"{c.other_claims} candidate or rejected")
    if c.editions:
        parts.append("listed by " + ", ".join(c.editions))
    if c.records or c.other_records:
        money = f"{c.records + c.other_records} financing records ({c.records} counted)"
        if c.amount_usd:
            money += f", USD {c.amount_usd:,.0f}"
        parts.append(money)
    return "; ".join(parts)


def timeline_chart(t: CountryTimeline) -> TimelineChart:
    """Positions of the timeline's bars, edition marks and labels."""
    years = _span(t)
    by_year = {y.year: y for y in t.years}
    has_undated = not t.undated.empty
    dated_share = DATED_SHARE if has_undated else 100.0
    step = dated_share / max(len(years), 1)
    # As wide as a bar among MIN_YEARS years at most: undated evidence alone keeps a slim bar.
    bar = dated_share / max(len(years), MIN_YEARS) * BAR_SHARE
    columns = []
    nothing = TimelineCounts()
    for i, year in enumerate(years):
        counts: TimelineCounts = by_year.get(year, nothing)
        kind = "y5" if year % 5 == 0 else "y1"
        columns.append(_column(str(year), kind, i * step, step, counts, t, bar))
    if has_undated:
        width = 100.0 - UNDATED_LEFT
        columns.append(_column("undated", "undated", UNDATED_LEFT, width, t.undated, t, bar))
    centres = {c.label: c.centre for c in columns}
    claims_base = LANE_TITLE + BAR_LABEL + BAR_AREA + 4
    editions_title = claims_base + LANE_TITLE + 12
    marks = []
    for k, edition in enumerate(t.editions):
        label = str(edition.date.year) if edition.date else "undated"
        centre = centres.get(label, 0.0)
        marks.append(
            EditionMark(
                slug=edition.slug,
                when=edition.date.isoformat() if edition.date else "undated",
                centre=centre,
                y=editions_title + 8 + EDITION_ROW * (k + 0.5),
                anchor="end" if centre > 60 else "start",
            )
        )
    records_title = editions_title + 8 + EDITION_ROW * max(len(marks), 1) + LANE_TITLE + 6
    # Without records the lane keeps only its title and a line saying so.
    records_base = records_title + (2 * BAR_LABEL + BAR_AREA + 4 if t.most_records else 22)
    axis = records_base + 16
    return TimelineChart(
        columns=columns,
        editions=marks,
        claims_base=claims_base,
        editions_title=editions_title,
        records_title=records_title,
        records_base=records_base,
        axis=axis,
        height=axis + 8,
        undated_left=UNDATED_LEFT - 1.5 if has_undated else None,
        dense=len(years) > 10,
    )


def _column(
    label: str,
    kind: str,
    left: float,
    step: float,
    c: TimelineCounts,
    t: CountryTimeline,
    bar: float,
) -> TimelineColumn:
    width = min(bar, step * 0.8)
    centre = left + step / 2
    return TimelineColumn(
        label=label,
        kind=kind,
        centre=round(centre, 3),
        left=round(centre - width / 2, 3),
        width=round(width, 3),
        band_left=round(left, 3),
        band_width=round(step, 3),
        claims=_stack(c.claims, c.other_claims, t.most_claims),
        records=_stack(c.records, c.other_records, t.most_records),
        amount=short_usd(c.amount_usd),
        editions=list(c.editions),
        title=_title(label, c, "claims dated then" if kind != "undated" else "undated claims"),
    )


# The trend chart: editions across, values up.
TREND_TOP = 22
TREND_BOTTOM = 200
TREND_LEFT = 12.0
TREND_RIGHT = 94.0


@dataclass(frozen=True)
class TrendMark:
    x: float
    y: float
    label: LabelPlace
    value: str
    hollow: bool
    title: str


@dataclass(frozen=True)
class TrendSegment:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


@dataclass(frozen=True)
class TrendLine:
    id: str
    label: str
    index: int
    marks: list[TrendMark]
    segments: list[TrendSegment]


@dataclass(frozen=True)
class TrendTick:
    y: float
    label: str


@dataclass(frozen=True)
class TrendAxisLabel:
    x: float
    slug: str
    when: str


@dataclass(frozen=True)
class TrendChart:
    lines: list[TrendLine]
    ticks: list[TrendTick]
    editions: list[TrendAxisLabel]
    height: float
    left: float


def nice_ceiling(top: float) -> tuple[float, float]:
    """(the scale's top, its tick step): a round number at or above ``top``, 4-6 ticks."""
    if top <= 0:
        return 1.0, 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for factor in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if top / step <= 5:
            return step * math.ceil(top / step), step
    return 10 * magnitude, 2 * magnitude  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def trend_chart(trend: FindingsTrend) -> TrendChart:
    """Positions of the trend's points, lines, value labels and axes."""
    slugs = [e.slug for e in trend.editions]
    span = TREND_RIGHT - TREND_LEFT
    xs = {slug: TREND_LEFT + span * (i / max(len(slugs) - 1, 1)) for i, slug in enumerate(slugs)}
    top, step = nice_ceiling(trend.top)

    def y_of(value: float) -> float:
        return round(TREND_BOTTOM - (TREND_BOTTOM - TREND_TOP) * value / top, 1)

    labels = _label_positions(trend, y_of)
    lines = []
    for index, series in enumerate(trend.series):
        marks = [
            TrendMark(
                x=round(xs[p.edition], 3),
                y=y_of(p.value),
                label=labels[(series.id, p.edition)],
                value=_number(p.value),
                hollow=p.figures_only,
                title=f"{series.label}, {p.edition}: {_number(p.value)}"
                + (" (published figure)" if p.figures_only else ""),
            )
            for p in series.points
            if p.value is not None
        ]
        hollow = {m.x: m.hollow for m in marks}
        segments = [
            TrendSegment(a.x, a.y, b.x, b.y, dashed=hollow[a.x] or hollow[b.x])
            for a, b in zip(marks, marks[1:], strict=False)
        ]
        lines.append(TrendLine(series.id, series.label, index, marks, segments))
    ticks = [
        TrendTick(y=y_of(step * k), label=_number(step * k))
        for k in range(int(round(top / step)) + 1)
    ]
    editions = [
        TrendAxisLabel(x=round(xs[e.slug], 3), slug=e.slug, when=e.when) for e in trend.editions
    ]
    return TrendChart(
        lines=lines, ticks=ticks, editions=editions, height=TREND_BOTTOM + 40, left=TREND_LEFT
    )


@dataclass(frozen=True)
class LabelPlace:
    y: float
    #: Horizontal offset in pixels and text anchor: centred above or below, or to the right.
    dx: float
    anchor: str


#: Where a value label may go, in order of preference: above its point, below it, to its right.
#: Each is (dy of the baseline, dx, anchor, dy of the label's middle).
PLACES = ((-9.0, 0.0, "middle", -13.0), (17.0, 0.0, "middle", 13.0), (4.0, 8.0, "start", 0.0))
#: A label's middle keeps this far (pixels) from any other point and any other centred label.
CLEARANCE = 11.0


def _label_positions(
    trend: FindingsTrend, y_of: Callable[[float], float]
) -> dict[tuple[str, str], LabelPlace]:
    """Value labels beside their points, clear of the other series' points and labels there."""
    found: dict[tuple[str, str], LabelPlace] = {}
    for edition in trend.editions:
        here = sorted(
            (y_of(p.value), s.id)
            for s in trend.series
            for p in s.points
            if p.edition == edition.slug and p.value is not None
        )
        taken: list[float] = []  # middles of the centred labels placed so far
        for y, series_id in here:
            others = [other for other, sid in here if sid != series_id]
            place = LabelPlace(y + PLACES[-1][0], PLACES[-1][1], PLACES[-1][2])
            for dy, dx, anchor, middle in PLACES[:-1]:
                centre = y + middle
                if all(abs(centre - o) >= CLEARANCE for o in [*others, *taken]):
                    place = LabelPlace(round(y + dy, 1), dx, anchor)
                    taken.append(centre)
                    break
            found[(series_id, edition.slug)] = place
    return found
