"""The lender registry (data/lenders.csv) and a resolver from the names sources use.

Finance datasets spell one lender many ways: AidData writes "Export-Import Bank of China
(China Eximbank)" in its agency columns and "China Eximbank" in its titles; reviewers write
"Chinese Government (agency not named in title)". Each resolves to one registry entry, whose
``kind`` says what sort of state institution it is (docs/methodology.md, "Financing").
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from survindex.domain import Lender, LenderKind
from survindex.reference._tables import read_table
from survindex.reference.countries import AmbiguousName, UnknownName
from survindex.reference.names import normalise

_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")


@lru_cache(maxsize=1)
def lender_registry() -> dict[str, Lender]:
    """Every lender of the registry, keyed by slug."""
    return {
        row["slug"]: Lender(
            slug=row["slug"],
            name=row["name"],
            country=row["country"],
            kind=LenderKind(row["kind"]),
            state_owned=row["state_owned"] == "yes",
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            note=row["note"] or None,
        )
        for row in read_table("lenders.csv")
    }


@lru_cache(maxsize=1)
def _lender_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for lender in lender_registry().values():
        for name in (lender.slug, lender.name, *lender.aliases):
            index.setdefault(normalise(name), set()).add(lender.slug)
    return {key: frozenset(slugs) for key, slugs in index.items()}


def _lookup(name: str) -> Lender | None:
    slugs = _lender_index().get(normalise(name))
    if not slugs:
        return None
    if len(slugs) > 1:
        registry = lender_registry()
        raise AmbiguousName("lender", name, [(s, registry[s].name) for s in sorted(slugs)])
    return lender_registry()[next(iter(slugs))]


def find_lender(name: str) -> Lender | None:
    """The lender ``name`` means, or None; tries the name, then without and inside a final
    parenthesis ("Bank of China (BOC)" -> "Bank of China", "BOC")."""
    if not name.strip():
        return None
    found = _lookup(name)
    if found is not None:
        return found
    match = _PARENTHESIS.search(name)
    if match is None:
        return None
    return _lookup(name[: match.start()]) or _lookup(match.group(1))


def resolve_lender(name: str) -> Lender:
    """The registry entry for a lender name or alias.

    >>> resolve_lender("China Eximbank").name
    'Export-Import Bank of China'

    Raises :class:`UnknownName` with close matches when nothing fits.
    """
    found = find_lender(name)
    if found is not None:
        return found
    close = difflib.get_close_matches(normalise(name), list(_lender_index()), n=3, cutoff=0.75)
    registry = lender_registry()
    names = (registry[slug].name for key in close for slug in sorted(_lender_index()[key]))
    raise UnknownName("lender", name, list(dict.fromkeys(names)))
