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


class AmbiguousName(UnknownName):
    """A name that fits several entries ("Korea", "Congo"): the caller must choose, not us.

    A subclass of :class:`UnknownName`, so every handler that turns an unknown name into a 404
    or a one-line CLI error does the same here; the message lists the candidates, and
    ``candidates`` holds them as (code, display name) pairs, in the order the data gives them.
    """

    def __init__(self, kind: str, name: str, candidates: list[tuple[str, str]]) -> None:
        super().__init__(kind, name, [label for _, label in candidates])
        self.candidates = candidates
        listed = ", ".join(f"{label} ({code})" for code, label in candidates)
        self.args = (f"ambiguous {kind} name {name!r}: {listed}; use one of these names or codes",)


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
def ambiguous_country_names() -> dict[str, tuple[tuple[str, str], ...]]:
    """Names that mean more than one country: normalised name -> (ISO3, name to offer) pairs.

    Read from ``data/country_ambiguous.csv`` (``KOR=South Korea|PRK=North Korea``); these win
    over the ISO table and the aliases, because "Congo" is the ISO short name of one Congo but
    is as often written for the other. Each name offered resolves to its country on its own.
    """
    table: dict[str, tuple[tuple[str, str], ...]] = {}
    for row in read_table("country_ambiguous.csv"):
        pairs = (item.partition("=") for item in row["candidates"].split("|"))
        table[normalise(row["name"])] = tuple((code, label) for code, _, label in pairs)
    return table


@lru_cache(maxsize=1)
def _name_index() -> dict[str, frozenset[str]]:
    """Normalised name -> the countries it names; more than one means the name is ambiguous."""
    index: dict[str, set[str]] = {}
    for country in all_countries().values():
        for name in (country.name, country.official_name, country.iso3):
            if name:
                index.setdefault(normalise(name), set()).add(country.iso3)
    for row in read_table("country_aliases.csv"):
        index[normalise(row["alias"])] = {row["iso3"]}  # curated: an alias says what it means
    frozen = {key: frozenset(codes) for key, codes in index.items()}
    for key, candidates in ambiguous_country_names().items():
        frozen[key] = frozenset(code for code, _ in candidates)
    return frozen


def _ambiguous(name: str, codes: frozenset[str]) -> AmbiguousName:
    """The declared candidates in their order, else (two ISO names alike) by code."""
    declared = ambiguous_country_names().get(normalise(name))
    candidates = list(declared) if declared else [(c, country_name(c)) for c in sorted(codes)]
    return AmbiguousName("country", name, candidates)


def resolve_country_code(name: str) -> str:
    """ISO alpha-3 code for a country name, code or common alias.

    >>> resolve_country_code("south korea")
    'KOR'

    Raises :class:`AmbiguousName` listing the candidates when the name fits several countries
    ("Korea", "Congo"), and :class:`UnknownName` with suggestions when nothing matches.
    """
    key = normalise(name)
    index = _name_index()
    if key in index:
        codes = index[key]
        if len(codes) > 1:
            raise _ambiguous(name, codes)
        return next(iter(codes))
    if len(key) == 2:
        for country in all_countries().values():
            if country.iso2 and country.iso2.lower() == key:
                return country.iso3
    close = difflib.get_close_matches(key, list(index), n=3, cutoff=0.75)
    names = (country_name(code) for c in close for code in sorted(index[c]))
    raise UnknownName("country", name, list(dict.fromkeys(names)))


def country_name(iso3: str) -> str:
    """Display name for a code; the code itself when the table does not know it."""
    country = all_countries().get(iso3)
    return country.name if country else iso3
