"""The ISO 3166 country table and a forgiving resolver from names to ISO alpha-3 codes."""

from __future__ import annotations

import difflib
from functools import lru_cache

from survindex.domain import Country
from survindex.reference._tables import read_table
from survindex.reference.names import normalise


class UnknownName(LookupError):
    """A name that resolves to nothing; carries close matches for a "did you mean" message."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {name!r}{hint}")


@lru_cache(maxsize=1)
def all_countries() -> dict[str, Country]:
    """Every ISO 3166-1 country plus the user-assigned codes the Carnegie universe needs."""
    return {
        row["iso3"]: Country(
            iso3=row["iso3"],
            name=row["name"],
            iso2=row["iso2"] or None,
            numeric=row["numeric"] or None,
            official_name=row["official_name"] or None,
        )
        for row in read_table("countries.csv")
    }


@lru_cache(maxsize=1)
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in all_countries().values():
        for name in (country.name, country.official_name, country.iso3):
            if name:
                index.setdefault(normalise(name), country.iso3)
    for row in read_table("country_aliases.csv"):
        index[normalise(row["alias"])] = row["iso3"]
    return index


def resolve_country_code(name: str) -> str:
    """ISO alpha-3 code for a country name, code or common alias.

    >>> resolve_country_code("south korea")
    'KOR'

    Raises :class:`UnknownName` with suggestions when nothing matches.
    """
    key = normalise(name)
    index = _name_index()
    if key in index:
        return index[key]
    if len(key) == 2:
        for country in all_countries().values():
            if country.iso2 and country.iso2.lower() == key:
                return country.iso3
    close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.75)
    suggestions = list(dict.fromkeys(all_countries()[index[c]].name for c in close))
    raise UnknownName("country", name, suggestions)


def country_name(iso3: str) -> str:
    """Display name for a code; the code itself when the table does not know it."""
    country = all_countries().get(iso3)
    return country.name if country else iso3
