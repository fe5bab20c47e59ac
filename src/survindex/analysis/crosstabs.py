"""Shares with Wilson 95% intervals, and the cross-tabs built from them.

Kept apart from the regressions in :mod:`survindex.analysis.stats`: these need only counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

Z95 = 1.959963984540054
USES = "uses_ai_surveillance"


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion; None when n is 0. Example: (64, 179)."""
    if n == 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Share:
    group: str
    successes: int
    n: int
    share: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class CrossTab:
    id: str
    title: str
    population: str
    rows: tuple[Share, ...]
    note: str | None = None


def share(group: str, successes: int, n: int) -> Share:
    interval = wilson_interval(successes, n)
    return Share(
        group,
        successes,
        n,
        successes / n if n else None,
        interval[0] if interval else None,
        interval[1] if interval else None,
    )


def crosstab(frame: pd.DataFrame, by: str, outcome: str, title: str, population: str) -> CrossTab:
    data = frame[[by, outcome]].dropna()
    rows = tuple(
        share(str(group), int(part[outcome].sum()), len(part))
        for group, part in sorted(data.groupby(by), key=lambda item: str(item[0]))
    )
    return CrossTab(f"{outcome}_by_{by}", title, population, rows)


def users_only_tabs(frame: pd.DataFrame) -> list[CrossTab]:
    """Shares that stay valid when a variable exists only for users."""
    users = frame[frame[USES] == 1]
    tabs = []
    bri = users["bri_member"].dropna()
    if len(bri):
        tabs.append(
            CrossTab(
                "bri_among_users",
                "Belt and Road members among countries that use AI surveillance",
                "users",
                (share("bri member", int((bri == "yes").sum()), len(bri)),),
                "the share of Belt and Road members that use AI surveillance cannot be computed: "
                "membership is recorded only for users",
            )
        )
    top = users["military_top50"].dropna()
    if len(top):
        tabs.append(
            CrossTab(
                "military_top50",
                "Top-50 military spenders that use AI surveillance",
                "the 50 largest military spenders (SIPRI 2018 rank)",
                (share("top 50", int((top == "yes").sum()), 50),),
                "ranks are recorded only for users; the denominator is the fixed set of ranks "
                "1-50, and no model of use on military spending can be fitted",
            )
        )
    return tabs
