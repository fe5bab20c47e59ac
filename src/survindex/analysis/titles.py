"""One-line titles of claims, shared by search results, feeds and the command line.

A claim has no title of its own; readers scanning a list of them (a feed reader, a page of
search results) need who supplied what, where, and how far it got, in a few words.
"""

from __future__ import annotations

from survindex.analysis.readmodels import ClaimView
from survindex.reference.countries import country_name


def claim_title(claim: ClaimView) -> str:
    """Who, what, where and how far, e.g. "Huawei: safe city in Belgrade, Serbia (deployed)".

    The supplier is the registry vendor, else the name the source gives, else the supplier's
    country; the technology reads "AI surveillance" when the source names none.
    """
    if claim.vendor:
        supplier = claim.vendor
    elif claim.vendor_name_in_source:
        supplier = claim.vendor_name_in_source
    elif claim.vendor_country:
        supplier = f"a supplier from {country_name(claim.vendor_country)}"
    else:
        supplier = "Unnamed supplier"
    technology = claim.technology.replace("_", " ") if claim.technology else "AI surveillance"
    place = country_name(claim.country)
    if claim.city:
        place = f"{claim.city}, {place}"
    return f"{supplier[:1].upper()}{supplier[1:]}: {technology} in {place} ({claim.status})"
