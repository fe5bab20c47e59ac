"""The reviewed vendor registry (data/vendors.csv) and a forgiving name resolver."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache

from survindex.domain import Vendor
from survindex.reference._tables import read_table
from survindex.reference.countries import AmbiguousName, UnknownName
from survindex.reference.names import normalise, normalise_company


@lru_cache(maxsize=1)
def vendor_registry() -> dict[str, Vendor]:
    """Every vendor named in either Carnegie file, keyed by slug."""
    return {
        row["slug"]: Vendor(
            slug=row["slug"],
            name=row["name"],
            home_country=row["home_country"] or None,
            aliases=tuple(a for a in row["aliases"].split("|") if a),
            misspellings=tuple(a for a in row["misspellings"].split("|") if a),
            note=row["note"] or None,
        )
        for row in read_table("vendors.csv")
    }


Index = dict[str, set[str]]


def vendor_index(vendors: Iterable[Vendor]) -> tuple[Index, Index]:
    """Two lookups, normalised name -> slugs: as written, and without legal-form words.

    Kept apart so that a name as written ("X Systems") wins over another vendor whose name only
    matches once "Systems" is dropped ("X"); a key with several slugs is an ambiguous name.
    """
    exact: Index = {}
    stripped: Index = {}
    for vendor in vendors:
        for name in (vendor.name, vendor.slug, *vendor.aliases, *vendor.misspellings):
            exact.setdefault(normalise(name), set()).add(vendor.slug)
            stripped.setdefault(normalise_company(name), set()).add(vendor.slug)
    return exact, stripped


@lru_cache(maxsize=1)
def _vendor_index() -> tuple[Index, Index]:
    return vendor_index(vendor_registry().values())


def _pick(name: str, vendors: dict[str, Vendor], exact: Index, stripped: Index) -> Vendor:
    for key, index in ((normalise(name), exact), (normalise_company(name), stripped)):
        slugs = index.get(key)
        if slugs and len(slugs) > 1:
            candidates = [(slug, vendors[slug].name) for slug in sorted(slugs)]
            raise AmbiguousName("vendor", name, candidates)
        if slugs:
            return vendors[next(iter(slugs))]
    every = {**stripped, **exact}
    close = difflib.get_close_matches(normalise_company(name), list(every), n=3, cutoff=0.75)
    names = (vendors[slug].name for c in close for slug in sorted(every[c]))
    raise UnknownName("vendor", name, list(dict.fromkeys(names)))


def find_vendor(name: str, vendors: dict[str, Vendor]) -> Vendor:
    """The one vendor of ``vendors`` (slug -> Vendor) that ``name`` means, as resolve_vendor."""
    return _pick(name, vendors, *vendor_index(vendors.values()))


def resolve_vendor(name: str) -> Vendor:
    """The registry entry for a vendor name or alias.

    >>> resolve_vendor("Huawei Technologies Co. Ltd").slug
    'huawei'

    Raises :class:`AmbiguousName` listing the vendors when the name fits several, and
    :class:`UnknownName` with close matches when it fits none.
    """
    return _pick(name, vendor_registry(), *_vendor_index())
