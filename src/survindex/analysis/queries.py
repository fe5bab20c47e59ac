"""Read queries behind both the JSON API and the HTML pages: one function per view, returning dicts.

Datasette's habit: the page and its JSON come from the same function, so they cannot drift apart.
Edition data (contexts and accepted claims) is memoised per database change counter, so that
repeated requests do not reload a thousand claims; any review decision or new claim changes the
counter and the next call sees the new data.

>>> with store.read() as session:                                     # doctest: +SKIP
...     rows = country_rows(session=session, filters=CountryFilters(technology="safe_city"))
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from survindex.analysis.editions import edition_data, findings_for
from survindex.analysis.findings import EditionData
from survindex.analysis.findings_format import findings_json
from survindex.analysis.profiles import (
    claims_as_dicts,
    country_profile,
    vendor_profile,
)
from survindex.domain import Claim, Vendor
from survindex.domain.vocab import RegimeType, Technology
from survindex.reference.countries import all_countries, country_name
from survindex.store import repository as repo
from survindex.store.schema import (
    ClaimRow,
    DeploymentRow,
    DocumentRow,
    EditionRow,
    ReviewRow,
    SourceRow,
    VendorRow,
)

#: Characters of document text shown on each side of a quote on a source's page.
CONTEXT_CHARS = 240
TECHNOLOGIES = [t.value for t in Technology]
REGIMES = [r.value for r in RegimeType]


class NotFound(LookupError):
    """The thing asked for does not exist (unknown source id, vendor slug...)."""


@dataclass(frozen=True)
class CountryFilters:
    """Filters of the country list and the map; ``None`` means no filter."""

    edition: str = "live"
    technology: str | None = None
    vendor: str | None = None
    supplier_country: str | None = None
    regime: str | None = None
    bri: bool | None = None


def change_counter(*, session: Session) -> tuple[int, int, int]:
    """Changes whenever a claim is added or a review decision taken: (reviews, claims, max id)."""
    reviews = session.scalar(select(func.coalesce(func.max(ReviewRow.id), 0))) or 0
    count, top = session.execute(
        select(func.count(ClaimRow.id), func.coalesce(func.max(ClaimRow.id), 0))
    ).one()
    return int(reviews), int(count), int(top)


_memo: dict[tuple[str, str, tuple[int, int, int]], tuple[EditionData, dict[str, Vendor]]] = {}
_memo_lock = threading.Lock()


def cached_edition(*, session: Session, slug: str) -> tuple[EditionData, dict[str, Vendor]]:
    """An edition's data and the vendor registry, memoised per database and change counter."""
    key = (str(session.get_bind().engine.url), slug, change_counter(session=session))
    with _memo_lock:
        hit = _memo.get(key)
    if hit is not None:
        return hit
    value = (edition_data(session=session, slug=slug), repo.load_vendors(session=session))
    with _memo_lock:
        for old in [k for k in _memo if k[:2] == key[:2]]:
            del _memo[old]
        _memo[key] = value
    return value


def supplier_of(claim: Claim, vendors: dict[str, Vendor]) -> str | None:
    if claim.vendor_country:
        return claim.vendor_country
    vendor = vendors.get(claim.vendor_slug or "")
    return vendor.home_country if vendor else None


def country_rows(*, session: Session, filters: CountryFilters) -> list[dict[str, Any]]:
    """One row per country of the edition (its universe plus any country a claim names),
    with the technology categories, vendors and supplier countries its claims show; sorted by ISO3.
    """
    data, vendors = cached_edition(session=session, slug=filters.edition)
    by_country: dict[str, list[Claim]] = {}
    for claim in data.claims:
        by_country.setdefault(claim.country, []).append(claim)
    table = all_countries()
    rows = []
    for iso3 in sorted(set(data.contexts) | set(by_country)):
        context = data.contexts.get(iso3)
        claims = by_country.get(iso3, [])
        technologies = sorted({c.technology.value for c in claims if c.technology})
        vendor_slugs = sorted({c.vendor_slug for c in claims if c.vendor_slug})
        suppliers = sorted({s for c in claims if (s := supplier_of(c, vendors))})
        regime = context.regime.value if context and context.regime else None
        bri = context.bri_member if context else None
        if filters.technology and filters.technology not in technologies:
            continue
        if filters.vendor and filters.vendor not in vendor_slugs:
            continue
        if filters.supplier_country and filters.supplier_country not in suppliers:
            continue
        if filters.regime and filters.regime != regime:
            continue
        if filters.bri is not None and bool(bri) != filters.bri:
            continue
        country = table.get(iso3)
        rows.append(
            {
                "iso3": iso3,
                "name": country_name(iso3),
                "numeric": country.numeric if country else None,
                "in_universe": bool(context and context.in_universe),
                "regime": regime,
                "bri_member": bri,
                "military_rank": context.military_rank if context else None,
                "fotn_status": context.fotn_status if context else None,
                "technology_count": len(technologies),
                "technologies": technologies,
                "vendors": [{"slug": s, "name": vendor_name(vendors, s)} for s in vendor_slugs],
                "supplier_countries": suppliers,
                "claims": len(claims),
            }
        )
    return rows


def vendor_name(vendors: dict[str, Vendor], slug: str) -> str:
    vendor = vendors.get(slug)
    return vendor.name if vendor else slug


def country_detail(*, session: Session, iso3: str) -> dict[str, Any]:
    """The country profile plus its ISO numeric code (for the map) and its edition rows."""
    profile = country_profile(session=session, name=iso3)
    country = all_countries().get(profile["iso3"])
    profile["numeric"] = country.numeric if country else None
    return profile


def vendor_rows(*, session: Session, edition: str = "live") -> list[dict[str, Any]]:
    """Every vendor in the registry, with the countries it supplies in the edition; by slug."""
    data, vendors = cached_edition(session=session, slug=edition)
    supplied: dict[str, set[str]] = {}
    technologies: dict[str, set[str]] = {}
    for claim in data.claims:
        if claim.vendor_slug:
            supplied.setdefault(claim.vendor_slug, set()).add(claim.country)
            if claim.technology:
                technologies.setdefault(claim.vendor_slug, set()).add(claim.technology.value)
    return [
        {
            "slug": v.slug,
            "name": v.name,
            "home_country": v.home_country,
            "country_count": len(supplied.get(v.slug, ())),
            "countries": sorted(supplied.get(v.slug, ())),
            "technologies": sorted(technologies.get(v.slug, ())),
        }
        for v in sorted(vendors.values(), key=lambda v: v.slug)
    ]


def vendor_detail(*, session: Session, slug: str) -> dict[str, Any]:
    profile = vendor_profile(session=session, name=slug)
    table = all_countries()
    for row in profile["countries"]:
        country = table.get(row["iso3"])
        row["numeric"] = country.numeric if country else None
    return profile


def deployment_rows(
    *,
    session: Session,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
) -> list[dict[str, Any]]:
    """Deployments of the live index (accepted claims merged by country, technology, supplier)."""
    claim_counts = (
        select(ClaimRow.deployment_id, func.count(ClaimRow.id).label("n"))
        .group_by(ClaimRow.deployment_id)
        .subquery()
    )
    query = (
        select(DeploymentRow, VendorRow, claim_counts.c.n)
        .outerjoin(VendorRow, VendorRow.id == DeploymentRow.vendor_id)
        .outerjoin(claim_counts, claim_counts.c.deployment_id == DeploymentRow.id)
        .order_by(DeploymentRow.id)
    )
    if country:
        query = query.where(DeploymentRow.country == country.upper())
    if vendor:
        query = query.where(VendorRow.slug == vendor)
    if technology:
        query = query.where(DeploymentRow.technology == technology)
    return [
        {
            "id": d.id,
            "country": d.country,
            "country_name": country_name(d.country),
            "technology": d.technology,
            "vendor": v.name if v else None,
            "vendor_slug": v.slug if v else None,
            "vendor_country": d.vendor_country or (v.home_country if v else None),
            "city": d.city,
            "status": d.status,
            "claims": n or 0,
        }
        for d, v, n in session.execute(query)
    ]


def claim_rows(
    *,
    session: Session,
    status: str | None = None,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
    edition: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Claims with their evidence and source, by id; returns (total matching, the page)."""
    conditions: list[Any] = [true()]
    if status:
        conditions.append(ClaimRow.claim_status == status)
    if country:
        conditions.append(ClaimRow.country == country.upper())
    if technology:
        conditions.append(ClaimRow.technology == technology)
    if vendor:
        conditions.append(
            ClaimRow.vendor_id.in_(select(VendorRow.id).where(VendorRow.slug == vendor))
        )
    if edition:
        conditions.append(
            ClaimRow.edition_id.in_(select(EditionRow.id).where(EditionRow.slug == edition))
        )
    where = and_(*conditions)
    total = session.scalar(select(func.count(ClaimRow.id)).where(where)) or 0
    return total, claims_as_dicts(session=session, where=where, offset=offset, limit=limit)


def source_detail(*, session: Session, source_id: int) -> dict[str, Any]:
    """A source with its Origin and every claim's quote shown in the text around it."""
    source = session.get(SourceRow, source_id)
    if source is None:
        raise NotFound(f"no source {source_id}")
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_id == source_id))
    text = document.text if document else None
    quotes = []
    for claim in session.scalars(
        select(ClaimRow).where(ClaimRow.source_id == source_id).order_by(ClaimRow.id)
    ):
        before = after = None
        start, end = claim.quote_start, claim.quote_end
        if text is not None and start is not None and end is not None:
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
        quotes.append(
            {
                "claim_id": claim.id,
                "country": claim.country,
                "technology": claim.technology,
                "claim_status": claim.claim_status,
                "quote": claim.quote,
                "start": start,
                "end": end,
                "locator": claim.locator,
                "before": before,
                "after": after,
            }
        )
    return {
        "id": source.id,
        "key": source.key,
        "kind": source.kind,
        "producer": source.producer,
        "title": source.title,
        "url": source.url,
        "doi": source.doi,
        "published": source.published.isoformat() if source.published else None,
        "accessed": source.accessed.isoformat() if source.accessed else None,
        "licence": source.licence,
        "citation": source.citation,
        "sha256": source.sha256,
        "document": (
            {"reader": document.reader, "normalisation": document.normalisation}
            if document
            else None
        ),
        "quotes": quotes,
    }


_findings_memo: dict[tuple[str, str, tuple[int, int, int]], dict[str, Any]] = {}


def findings(*, session: Session, edition: str = "live") -> dict[str, Any]:
    """The contract's findings JSON for an edition, memoised per change counter."""
    key = (str(session.get_bind().engine.url), edition, change_counter(session=session))
    hit = _findings_memo.get(key)
    if hit is None:
        hit = findings_json(edition, findings_for(session=session, slug=edition))
        for old in [k for k in _findings_memo if k[:2] == key[:2]]:
            _findings_memo.pop(old, None)
        _findings_memo[key] = hit
    return hit


def editions(*, session: Session) -> list[dict[str, Any]]:
    return [
        {"slug": e.slug, "title": e.title, "kind": e.kind, "universe_defined": e.universe_defined}
        for e in repo.list_editions(session=session)
    ]
