"""Views that aggregate across countries: findings charts, the supply network, filter choices.

Split from :mod:`survindex.analysis.queries`, whose memoised edition data they share, so that
both the API and the pages call the same function for each view.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from survindex.analysis.queries import (
    cached_edition,
    editions,
    findings,
    supplier_of,
    vendor_name,
)
from survindex.domain.vocab import REGIME_LABELS, TECHNOLOGY_LABELS, RegimeType, Technology
from survindex.reference.countries import country_name


def finding_charts(*, session: Session, edition: str = "live") -> dict[str, Any]:
    """Findings grouped for charts: technologies, supplier countries, regime shares."""
    results = findings(session=session, edition=edition)["findings"]
    by_id = {f["id"]: f for f in results}
    technologies = [
        {**by_id[f"technology.{t.value}"], "key": t.value, "name": TECHNOLOGY_LABELS[t]}
        for t in Technology
        if f"technology.{t.value}" in by_id
    ]
    suppliers = _supplier_counts(session=session, edition=edition)
    regimes = [
        {**by_id[f"regime.{r.value}"], "key": r.value, "name": REGIME_LABELS[r]}
        for r in RegimeType
        if f"regime.{r.value}" in by_id
    ]
    headline_ids = (
        "countries.total",
        "countries.using_any",
        "countries.using_any_original3",
        "supplier_country.CHN",
        "supplier_country.CHN.bri",
        "supplier_country.USA",
        "vendor.huawei",
        "military.top50",
    )
    headline = [by_id[i] for i in headline_ids if i in by_id]
    return {
        "edition": edition,
        "headline": headline,
        "technologies": technologies,
        "supplier_countries": suppliers,
        "regimes": regimes,
        "findings": results,
    }


def _supplier_counts(*, session: Session, edition: str) -> list[dict[str, Any]]:
    """Recipient countries per supplier country, most first (ties by code)."""
    data, vendors = cached_edition(session=session, slug=edition)
    recipients: dict[str, set[str]] = {}
    for claim in data.claims:
        supplier = supplier_of(claim, vendors)
        if supplier:
            recipients.setdefault(supplier, set()).add(claim.country)
    return [
        {
            "id": f"supplier_country.{iso}",
            "key": iso,
            "name": country_name(iso),
            "value": len(isos),
            "countries": sorted(isos),
        }
        for iso, isos in sorted(recipients.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def network(
    *,
    session: Session,
    edition: str = "live",
    technology: str | None = None,
    supplier_country: str | None = None,
    vendor: str | None = None,
    min_countries: int = 1,
) -> dict[str, Any]:
    """The vendor -> recipient country supply graph: nodes, and links with their technologies."""
    data, vendors = cached_edition(session=session, slug=edition)
    links: dict[tuple[str, str], set[str]] = {}
    for claim in data.claims:
        slug = claim.vendor_slug
        if not slug:
            continue
        if technology and (claim.technology is None or claim.technology.value != technology):
            continue
        if vendor and slug != vendor:
            continue
        home = vendors[slug].home_country if slug in vendors else None
        if supplier_country and home != supplier_country:
            continue
        techs = links.setdefault((slug, claim.country), set())
        if claim.technology:
            techs.add(claim.technology.value)
    degree: dict[str, int] = {}
    for slug, _iso in links:
        degree[slug] = degree.get(slug, 0) + 1
    kept = {k: v for k, v in links.items() if degree[k[0]] >= min_countries}
    vendor_nodes = sorted({s for s, _ in kept}, key=lambda s: (-degree[s], s))
    country_degree: dict[str, int] = {}
    for _slug, iso in kept:
        country_degree[iso] = country_degree.get(iso, 0) + 1
    country_nodes = sorted(country_degree, key=lambda i: (-country_degree[i], i))
    return {
        "edition": edition,
        "vendors": [
            {
                "slug": s,
                "name": vendor_name(vendors, s),
                "home_country": vendors[s].home_country if s in vendors else None,
                "degree": degree[s],
            }
            for s in vendor_nodes
        ],
        "countries": [
            {"iso3": i, "name": country_name(i), "degree": country_degree[i]} for i in country_nodes
        ],
        "links": [
            {"vendor": s, "country": i, "technologies": sorted(t)}
            for (s, i), t in sorted(kept.items())
        ],
    }


def filter_options(*, session: Session) -> dict[str, Any]:
    """Choices for the filter forms: technologies, vendors, suppliers, regimes, editions."""
    data, vendors = cached_edition(session=session, slug="live")
    suppliers = sorted({s for c in data.claims if (s := supplier_of(c, vendors))})
    used = sorted({c.vendor_slug for c in data.claims if c.vendor_slug})
    return {
        "technologies": [{"id": t.value, "label": TECHNOLOGY_LABELS[t]} for t in Technology],
        "vendors": [{"slug": s, "name": vendor_name(vendors, s)} for s in used],
        "supplier_countries": [{"iso3": s, "name": country_name(s)} for s in suppliers],
        "regimes": [{"id": r.value, "label": REGIME_LABELS[r]} for r in RegimeType],
        "editions": [e for e in editions(session=session) if e["kind"] != "figures"],
    }
