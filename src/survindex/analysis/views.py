"""One function per view, each returning its read model, all counted from the edition's facts.

The map rows, the country and vendor pages, the findings and their charts, and the network all
read :mod:`survindex.analysis.facts` through here, so the same id shows the same number on
every page, in the JSON twin, in the CLI and in the exports (Datasette's one-path rule).

>>> with store.read() as session:                                     # doctest: +SKIP
...     rows = country_rows(session=session, filters=CountryFilters(technology="safe_city"))
"""

from __future__ import annotations

import threading
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from survindex.analysis.edition_findings import edition_findings
from survindex.analysis.editions import edition_recency
from survindex.analysis.facts import CountryFacts, EditionFacts, counts_toward_use
from survindex.analysis.filters import CountryFilters, NetworkFilters
from survindex.analysis.financing_views import country_financing
from survindex.analysis.queries import cached_facts, claim_views, editions
from survindex.analysis.readmodels import (
    ChartBar,
    ChartsView,
    ClaimView,
    CountryPage,
    CountryRef,
    CountryRow,
    FindingsView,
    FindingView,
    NetworkCountry,
    NetworkLink,
    NetworkVendor,
    NetworkView,
    VendorHistory,
    VendorPage,
    VendorRef,
    VendorRow,
)
from survindex.domain import Country, Finding, Vendor
from survindex.domain.vocab import EDITION_LIVE, REGIME_LABELS, TECHNOLOGY_LABELS, RegimeType
from survindex.domain.vocab import Technology as Tech
from survindex.reference.countries import all_countries, country_name, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store import repository as repo
from survindex.store.schema import ClaimRow
from survindex.store.schema import VendorRow as VendorTable

HEADLINE_IDS = (
    "countries.total",
    "countries.using_any",
    "countries.using_any_original3",
    "supplier_country.CHN",
    "supplier_country.CHN.bri",
    "supplier_country.USA",
    "vendor.huawei",
    "military.top50",
)


def _vendor_ref(vendors: dict[str, Vendor], slug: str) -> VendorRef:
    vendor = vendors.get(slug)
    return VendorRef(
        slug=slug,
        name=vendor.name if vendor else slug,
        home_country=vendor.home_country if vendor else None,
    )


def country_row(facts: EditionFacts, country: CountryFacts) -> CountryRow:
    context = country.context
    known = all_countries().get(country.iso3)
    return CountryRow(
        iso3=country.iso3,
        name=country_name(country.iso3),
        numeric=known.numeric if known else None,
        in_universe=country.in_universe,
        regime=context.regime.value if context and context.regime else None,
        bri_member=context.bri_member if context else None,
        military_rank=context.military_rank if context else None,
        fotn_status=context.fotn_status if context else None,
        technology_count=len(country.technologies),
        technologies=[t.value for t in country.technologies],
        proposed_technologies=[t.value for t in country.proposed_technologies],
        vendors=[_vendor_ref(facts.vendors, s) for s in country.vendors],
        supplier_countries=list(country.supplier_countries),
        registry_supplier_countries=list(country.registry_supplier_countries),
        claims=country.claims,
        proposed_claims=country.proposed_claims,
    )


def matches_filters(row: CountryRow, filters: CountryFilters) -> bool:
    """Whether a country row passes the map's filters (the one rule for pages, API, exports)."""
    return (
        (filters.technology is None or filters.technology in row.technologies)
        and (filters.vendor is None or any(v.slug == filters.vendor for v in row.vendors))
        and (filters.supplier_country is None or filters.supplier_country in row.supplier_countries)
        and (filters.regime is None or filters.regime == row.regime)
        and (filters.bri is None or row.bri_member is filters.bri)
    )


def country_rows(*, session: Session, filters: CountryFilters) -> list[CountryRow]:
    """One row per country of the edition (its universe plus any country a claim names), by ISO3.

    The supplier-country filter follows ``supplier_country.<ISO3>``: the countries it keeps are
    exactly that finding's countries. An unknown Belt and Road status matches neither yes nor no.
    """
    facts = cached_facts(session=session, slug=filters.edition, as_of=filters.as_of)
    rows = (country_row(facts, c) for c in facts.countries.values())
    return [row for row in rows if matches_filters(row, filters)]


def _empty_row(facts: EditionFacts, iso3: str) -> CountryRow:
    """The row of a country the edition says nothing about."""
    nothing = CountryFacts(iso3, False, None, (), (), (), (), (), (), 0, 0)
    return country_row(facts, nothing)


def _numeric(table: dict[str, Country], iso3: str) -> str | None:
    known = table.get(iso3)
    return known.numeric if known else None


def _data_editions(session: Session) -> list[str]:
    return [e.slug for e in editions(session=session) if e.kind != "figures"]


def country_page(*, session: Session, name: str, as_of: date | None = None) -> CountryPage:
    """Everything SurvIndex holds on one country; ``name`` may be any alias or ISO3 code."""
    iso3 = resolve_country_code(name)
    rows: dict[str, CountryRow] = {}
    for slug in _data_editions(session):
        facts = cached_facts(session=session, slug=slug, as_of=as_of)
        if iso3 in facts.countries:
            rows[slug] = country_row(facts, facts.countries[iso3])
    live = cached_facts(session=session, slug=EDITION_LIVE, as_of=as_of)
    live_row = rows.get(EDITION_LIVE) or _empty_row(live, iso3)
    technologies: dict[str, list[str]] = {t: [] for t in live_row.technologies}
    for claim in live.data.claims:
        if claim.country == iso3 and counts_toward_use(claim) and claim.technology:
            named = technologies.setdefault(claim.technology.value, [])
            vendor = _vendor_ref(live.vendors, claim.vendor_slug) if claim.vendor_slug else None
            if vendor and vendor.name not in named:
                named.append(vendor.name)
    shown = ClaimRow.country == iso3
    if as_of is not None:  # the evidence as it stood that day
        shown = and_(shown, ClaimRow.evidence_date <= as_of)
    claims = claim_views(session=session, where=shown)
    contexts = {
        slug: {k: (v.value if hasattr(v, "value") else v) for k, v in asdict(context).items()}
        for slug, context in repo.country_contexts(session=session, iso3=iso3).items()
    }
    known = all_countries().get(iso3)
    return CountryPage(
        as_of=live.data.as_of,
        newest_evidence=live.data.newest_evidence,
        vendor_history=vendor_history(rows),
        iso3=iso3,
        name=country_name(iso3),
        numeric=known.numeric if known else None,
        context=contexts,
        live=live_row,
        editions=rows,
        technologies=technologies,
        financing=[c for c in claims if _in_live(c) and c.financing is not None],
        money=country_financing(session=session, name=iso3, as_of=as_of),
        claims=claims,
    )


def _in_live(claim: ClaimView) -> bool:
    return claim.claim_status == "accepted" and claim.in_live


def _vendor_technologies(facts: EditionFacts) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for claim in facts.data.claims:
        if claim.vendor_slug and claim.technology and counts_toward_use(claim):
            found.setdefault(claim.vendor_slug, set()).add(claim.technology.value)
    return found


def vendor_rows(
    *, session: Session, edition: str = EDITION_LIVE, as_of: date | None = None
) -> list[VendorRow]:
    """Every vendor in the registry with the countries it supplies in the edition, by slug;
    ``country_count`` is the finding ``vendor.<slug>``."""
    facts = cached_facts(session=session, slug=edition, as_of=as_of)
    technologies = _vendor_technologies(facts)
    supplied: dict[str, list[str]] = {}
    offered: dict[str, list[str]] = {}
    for country in facts.countries.values():
        for slug in country.vendors:
            supplied.setdefault(slug, []).append(country.iso3)
        for slug in country.proposed_vendors:
            offered.setdefault(slug, []).append(country.iso3)
    return [
        VendorRow(
            slug=v.slug,
            name=v.name,
            home_country=v.home_country,
            country_count=len(supplied.get(v.slug, [])),
            countries=supplied.get(v.slug, []),
            proposed_countries=offered.get(v.slug, []),
            technologies=sorted(technologies.get(v.slug, ())),
        )
        for v in sorted(facts.vendors.values(), key=lambda v: v.slug)
    ]


def vendor_page(*, session: Session, name: str, as_of: date | None = None) -> VendorPage:
    vendor = resolve_vendor(name)
    live = cached_facts(session=session, slug=EDITION_LIVE, as_of=as_of)
    table = all_countries()

    def refs(codes: tuple[str, ...]) -> list[CountryRef]:
        return [
            CountryRef(
                iso3=iso,
                name=country_name(iso),
                numeric=c.numeric if (c := table.get(iso)) else None,
            )
            for iso in codes
        ]

    by_edition = {}
    for slug in _data_editions(session):
        facts = cached_facts(session=session, slug=slug, as_of=as_of)
        countries = facts.members(lambda f: vendor.slug in f.vendors)
        if countries:
            by_edition[slug] = list(countries)
    row = session.scalar(select(VendorTable.id).where(VendorTable.slug == vendor.slug))
    claims = claim_views(session=session, where=ClaimRow.vendor_id == row) if row else []
    return VendorPage(
        slug=vendor.slug,
        name=vendor.name,
        home_country=vendor.home_country,
        aliases=list(vendor.aliases),
        note=vendor.note,
        countries=refs(live.members(lambda f: vendor.slug in f.vendors)),
        proposed_countries=refs(live.members(lambda f: vendor.slug in f.proposed_vendors)),
        technologies=sorted(_vendor_technologies(live).get(vendor.slug, ())),
        editions=by_edition,
        claims=claims,
    )


def finding_view(finding: Finding) -> FindingView:
    return FindingView(
        id=finding.id,
        label=finding.label,
        value=finding.value,
        numerator=finding.numerator,
        denominator=finding.denominator,
        published=finding.published,
        countries=list(finding.countries),
        method=finding.method,
        proposed=list(finding.proposed),
        unknown=finding.unknown,
    )


_findings_memo: dict[int, tuple[EditionFacts, list[FindingView]]] = {}
_findings_lock = threading.Lock()


def vendor_history(rows: dict[str, CountryRow]) -> list[VendorHistory]:
    """Each vendor any edition names for the country: the editions that list it, the newest of
    them, and whether `live` keeps it (the newer Carnegie edition wins a disagreement)."""
    named: dict[str, VendorRef] = {}
    listed: dict[str, list[str]] = {}
    editions = sorted((s for s in rows if s != EDITION_LIVE), key=edition_recency)
    for slug in editions:
        for vendor in rows[slug].vendors:
            named.setdefault(vendor.slug, vendor)
            listed.setdefault(vendor.slug, []).append(slug)
    in_live = {v.slug for v in rows[EDITION_LIVE].vendors} if EDITION_LIVE in rows else set()
    return [
        VendorHistory(
            vendor=named[slug],
            editions=listed[slug],
            last_listed=listed[slug][-1],
            in_live=slug in in_live,
        )
        for slug in sorted(named, key=lambda s: named[s].name.lower())
    ]


def _finding_views(session: Session, facts: EditionFacts) -> list[FindingView]:
    """Findings of these facts, computed once per facts object (they change with the data: a
    review decision, financing links included, changes the counter and so the facts)."""
    with _findings_lock:
        hit = _findings_memo.get(id(facts))
    if hit is not None and hit[0] is facts:
        return hit[1]
    found = edition_findings(session=session, facts=facts)
    views = [finding_view(f) for f in found]
    with _findings_lock:
        if len(_findings_memo) > 64:
            _findings_memo.clear()
        _findings_memo[id(facts)] = (facts, views)
    return views


def findings_view(
    *, session: Session, edition: str = EDITION_LIVE, as_of: date | None = None
) -> FindingsView:
    """The contract's findings of an edition (docs/contracts.md)."""
    facts = cached_facts(session=session, slug=edition, as_of=as_of)
    findings = _finding_views(session, facts)
    return FindingsView(
        edition=edition,
        kind=facts.data.kind,
        as_of=facts.data.as_of,
        newest_evidence=facts.data.newest_evidence,
        findings=findings,
    )


def _bar(finding: FindingView, key: str, name: str) -> ChartBar:
    return ChartBar(**finding.model_dump(), key=key, name=name)


def charts_view(
    *, session: Session, edition: str = EDITION_LIVE, as_of: date | None = None
) -> ChartsView:
    """Findings grouped for charts; each bar is the finding of its id, unchanged."""
    view = findings_view(session=session, edition=edition, as_of=as_of)
    by_id = {f.id: f for f in view.findings}

    def suppliers(suffix: str) -> list[ChartBar]:
        bars = []
        for f in view.findings:
            family, _, rest = f.id.partition(".")
            code, _, variant = rest.partition(".")
            if family == "supplier_country" and variant == suffix and f.value:
                bars.append(_bar(f, code, country_name(code)))
        return sorted(bars, key=lambda b: (-(b.value or 0), b.key))

    return ChartsView(
        edition=edition,
        kind=view.kind,
        as_of=view.as_of,
        newest_evidence=view.newest_evidence,
        headline=[by_id[i] for i in HEADLINE_IDS if i in by_id],
        technologies=[
            _bar(by_id[f"technology.{t.value}"], t.value, TECHNOLOGY_LABELS[t])
            for t in Tech
            if f"technology.{t.value}" in by_id
        ],
        supplier_countries=suppliers(""),
        registry_supplier_countries=suppliers("registry"),
        regimes=[
            _bar(by_id[f"regime.{r.value}"], r.value, REGIME_LABELS[r])
            for r in RegimeType
            if f"regime.{r.value}" in by_id
        ],
        findings=view.findings,
    )


def network_view(*, session: Session, filters: NetworkFilters) -> NetworkView:
    """The vendor -> recipient country supply graph from counted claims naming a vendor.

    With ``supplier_country`` set, its countries are those of ``supplier_country.<ISO3>.registry``
    (the network knows suppliers only through the vendors it draws).
    """
    facts = cached_facts(session=session, slug=filters.edition, as_of=filters.as_of)
    vendors = facts.vendors
    links: dict[tuple[str, str], set[str]] = {}
    for claim in facts.data.claims:
        slug = claim.vendor_slug
        if not slug or not counts_toward_use(claim):
            continue
        if filters.technology and (
            claim.technology is None or claim.technology.value != filters.technology
        ):
            continue
        if filters.vendor and slug != filters.vendor:
            continue
        home = vendors[slug].home_country if slug in vendors else None
        if filters.supplier_country and home != filters.supplier_country:
            continue
        techs = links.setdefault((slug, claim.country), set())
        if claim.technology:
            techs.add(claim.technology.value)
    degree: dict[str, int] = {}
    for slug, _iso in links:
        degree[slug] = degree.get(slug, 0) + 1
    kept = {k: v for k, v in links.items() if degree[k[0]] >= filters.min_countries}
    country_degree: dict[str, int] = {}
    for _slug, iso in kept:
        country_degree[iso] = country_degree.get(iso, 0) + 1
    vendor_nodes = sorted({s for s, _ in kept}, key=lambda s: (-degree[s], s))
    return NetworkView(
        edition=filters.edition,
        vendors=[
            NetworkVendor(**_vendor_ref(vendors, s).model_dump(), degree=degree[s])
            for s in vendor_nodes
        ],
        countries=[
            NetworkCountry(iso3=i, name=country_name(i), degree=n)
            for i, n in sorted(country_degree.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        links=[
            NetworkLink(vendor=s, country=i, technologies=sorted(t))
            for (s, i), t in sorted(kept.items())
        ],
    )


def filter_options(*, session: Session) -> dict[str, Any]:
    """Choices for the filter forms: technologies, vendors, suppliers, regimes, editions."""
    facts = cached_facts(session=session, slug=EDITION_LIVE)
    used = sorted({s for f in facts.countries.values() for s in f.vendors})
    suppliers = sorted(
        {s for f in facts.countries.values() for s in f.supplier_countries}
        | {s for f in facts.countries.values() for s in f.registry_supplier_countries}
    )
    return {
        "technologies": [{"id": t.value, "label": TECHNOLOGY_LABELS[t]} for t in Tech],
        "vendors": [{"slug": s, "name": _vendor_ref(facts.vendors, s).name} for s in used],
        "supplier_countries": [{"iso3": s, "name": country_name(s)} for s in suppliers],
        "regimes": [{"id": r.value, "label": REGIME_LABELS[r]} for r in RegimeType],
        "editions": [e.model_dump() for e in editions(session=session) if e.kind != "figures"],
    }


def warm_up(*, session: Session) -> None:
    """Build every edition's facts and findings now, so the first requests find them ready."""
    slugs = [edition.slug for edition in editions(session=session)]
    for slug in slugs:
        findings_view(session=session, edition=slug)
    if EDITION_LIVE in slugs:
        filter_options(session=session)
