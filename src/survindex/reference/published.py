"""Published figures bundled as data (analysis/data/published_figures.csv), per edition."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _all_published() -> dict[str, dict[str, tuple[float, str]]]:
    text = (
        resources.files("survindex.reference")
        .joinpath("data")
        .joinpath("published_figures.csv")
        .read_text("utf-8")
    )
    figures: dict[str, dict[str, tuple[float, str]]] = {}
    for row in csv.DictReader(text.splitlines()):
        figures.setdefault(row["edition"], {})[row["finding_id"]] = (
            float(row["value"]),
            row["citation"],
        )
    return figures


def published_for(edition: str) -> dict[str, tuple[float, str]]:
    """Finding id -> (published value, citation) for an edition; empty when it published none."""
    return dict(_all_published().get(edition, {}))
