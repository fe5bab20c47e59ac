"""The 179-country universe of the 2022 index with its context (V-Dem, FotN, military, BRI)."""

from __future__ import annotations

from functools import lru_cache

from survindex.domain import CountryContext, Origin, RegimeType
from survindex.reference._tables import read_table

CARNEGIE_2022_ORIGIN = Origin(
    producer="Steven Feldstein, Carnegie Endowment for International Peace",
    title="AI & Big Data Global Surveillance Index (2022 updated)",
    url="https://data.mendeley.com/datasets/gjhf5y4xjp/4",
    doi="10.17632/gjhf5y4xjp.4",
    licence="CC BY 4.0",
    sha256="d36990124a364c49a3425a3aad8d93d667f3440286b0420d181f7d073600cdc2",
    citation=(
        "Feldstein, Steven (2022), AI & Big Data Global Surveillance Index (2022 updated), "
        "Mendeley Data, V4, doi:10.17632/gjhf5y4xjp.4"
    ),
)


def _float(value: str) -> float | None:
    return float(value) if value else None


@lru_cache(maxsize=1)
def universe_2022() -> dict[str, CountryContext]:
    """Context for every country of the 2022 universe, keyed by ISO3.

    Origin: CARNEGIE_2022_ORIGIN.
    """
    contexts = {}
    for row in read_table("universe_2022.csv"):
        contexts[row["iso3"]] = CountryContext(
            iso3=row["iso3"],
            name_in_source=row["name_in_source"],
            region=row["region"] or None,
            regime=RegimeType(row["regime"]) if row["regime"] else None,
            electoral_democracy_index=_float(row["electoral_democracy_index"]),
            liberal_democracy_index=_float(row["liberal_democracy_index"]),
            digital_repression_index=_float(row["digital_repression_index"]),
            fotn_status=row["fotn_status"] or None,
            fotn_score=_float(row["fotn_score"]),
            military_usd_millions=_float(row["military_usd_millions"]),
            military_rank=int(float(row["military_rank"])) if row["military_rank"] else None,
            bri_member=(row["bri_member"] == "x") if row["aigs"] else None,
        )
    return contexts
