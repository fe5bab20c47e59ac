"""How headline findings moved across editions: the 2019 paper's published figures, Carnegie's
earlier edition, its 2022 update, and today's `live` index.

Each point is the finding of that id in that edition, read from
:func:`survindex.analysis.views.findings_view`, so the chart shows the same number as the
findings page, the API and the exports of that edition. A figures-only edition (the 2019 paper)
has no country-level data: its point is the published figure and says so (``figures_only``).

>>> with store.read() as session:                                     # doctest: +SKIP
...     findings_trend(session=session).series[0].points[-1].value
103.0
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from survindex.analysis.queries import editions
from survindex.analysis.readmodels import EditionView, FindingsView, ReadModel
from survindex.analysis.views import findings_view
from survindex.domain.vocab import (
    EDITION_2019,
    EDITION_2022,
    EDITION_DATES,
    EDITION_LIVE,
    EDITION_V1,
)

#: Oldest first: the 2019 paper (September 2019), Carnegie's earlier data edition (Mendeley
#: version 1, which states no date), the 2022 workbook, today's index.
TREND_EDITIONS = (EDITION_2019, EDITION_V1, EDITION_2022, EDITION_LIVE)
TREND_FINDINGS = ("countries.using_any", "supplier_country.CHN", "supplier_country.USA")
#: How each edition is dated on the chart (the 2019 paper's month; `live` is today).
EDITION_WHEN = {EDITION_2019: "Sept. 2019", EDITION_V1: "undated", EDITION_LIVE: "today"}


class TrendEdition(ReadModel):
    slug: str
    title: str
    kind: str
    #: A short date for the axis: the edition's fixed date, the paper's month, "undated", "today".
    when: str


class TrendPoint(ReadModel):
    edition: str
    value: float | None
    numerator: int | None
    denominator: int | None
    published: float | None
    #: The edition publishes figures only: the value is the authors' figure, no countries behind.
    figures_only: bool


class TrendSeries(ReadModel):
    id: str
    label: str
    points: list[TrendPoint]


class FindingsTrend(ReadModel):
    """Findings of the same ids across editions, oldest edition first."""

    editions: list[TrendEdition]
    series: list[TrendSeries]
    #: The largest value on the chart (its scale).
    top: float


def _when(slug: str) -> str:
    fixed = EDITION_DATES.get(slug)
    return fixed.isoformat() if fixed else EDITION_WHEN.get(slug, "undated")


def trend_of(
    views: Sequence[FindingsView],
    known: Sequence[EditionView],
    finding_ids: Sequence[str] = TREND_FINDINGS,
) -> FindingsTrend:
    """The findings ``finding_ids`` of each edition's view, in the order of ``views`` (pure)."""
    titles = {e.slug: e for e in known}
    series = []
    for finding_id in finding_ids:
        label = finding_id
        points = []
        for view in views:
            found = next((f for f in view.findings if f.id == finding_id), None)
            if found is None:
                continue
            label = found.label or label
            points.append(
                TrendPoint(
                    edition=view.edition,
                    value=found.value,
                    numerator=found.numerator,
                    denominator=found.denominator,
                    published=found.published,
                    figures_only=view.kind == "figures",
                )
            )
        series.append(TrendSeries(id=finding_id, label=label, points=points))
    values = [p.value for s in series for p in s.points if p.value is not None]
    return FindingsTrend(
        editions=[
            TrendEdition(
                slug=v.edition,
                title=titles[v.edition].title if v.edition in titles else v.edition,
                kind=v.kind,
                when=_when(v.edition),
            )
            for v in views
        ],
        series=series,
        top=max(values, default=0.0),
    )


def findings_trend(
    *,
    session: Session,
    edition_slugs: Sequence[str] = TREND_EDITIONS,
    finding_ids: Sequence[str] = TREND_FINDINGS,
) -> FindingsTrend:
    """The findings ``finding_ids`` in each of ``edition_slugs`` the database holds."""
    known = editions(session=session)
    present = {e.slug for e in known}
    views = [
        findings_view(session=session, edition=slug) for slug in edition_slugs if slug in present
    ]
    return trend_of(views, known, finding_ids)
