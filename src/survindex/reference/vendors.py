"""The reviewed vendor registry (data/vendors.csv) and a forgiving name resolver."""

from __future__ import annotations

import difflib
from functools import lru_cache

from survindex.domain import Vendor
from survindex.reference._tables import read_table
from survindex.reference.countries import UnknownName
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


@lru_cache(maxsize=1)
def _vendor_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for vendor in vendor_registry().values():
        for name in (vendor.name, vendor.slug, *vendor.aliases, *vendor.misspellings):
            index.setdefault(normalise(name), vendor.slug)
            index.setdefault(normalise_company(name), vendor.slug)
    return index


def resolve_vendor(name: str) -> Vendor:
    """The registry entry for a vendor name or alias.

    >>> resolve_vendor("Huawei Technologies Co. Ltd").slug
    'huawei'

    Raises :class:`UnknownName` with close matches when nothing fits.
    """
    index = _vendor_index()
    for key in (normalise(name), normalise_company(name)):
        if key in index:
            return vendor_registry()[index[key]]
    close = difflib.get_close_matches(normalise_company(name), list(index), n=3, cutoff=0.75)
    suggestions = list(dict.fromkeys(vendor_registry()[index[c]].name for c in close))
    raise UnknownName("vendor", name, suggestions)
