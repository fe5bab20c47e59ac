"""What an edition says about each country, decided once: the facts every figure and view reads.

Findings, the map rows, country and vendor pages, the network and the exports all count from
these facts, so one rule (which claims count toward use, which supplier countries a country
has) cannot drift between surfaces. The rules (docs/methodology.md, "What counts"):

- *use*: an accepted claim counts toward use when its status is ``deployed`` or
  ``contracted``; ``proposed`` claims (offers, bids, plans) never do and are kept apart;
- *stated supplier countries*: the supplier countries that counted claims state themselves
  (Carnegie's China/US Tech columns, an article's "Chinese firm"); this is what
  ``supplier_country.<ISO3>`` counts;
- *registry supplier countries*: the home countries, in the vendor registry, of the vendors that
  counted claims name; this is what ``supplier_country.<ISO3>.registry`` counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from survindex.domain import Claim, CountryContext, Technology, Vendor
from survindex.domain.vocab import DeploymentStatus

#: Statuses that make a claim count toward use; ``proposed`` is reported separately.
COUNTED_STATUSES = frozenset({DeploymentStatus.DEPLOYED, DeploymentStatus.CONTRACTED})


def counts_toward_use(claim: Claim) -> bool:
    return claim.status in COUNTED_STATUSES


@dataclass(frozen=True)
class EditionData:
    """What findings need from one edition: its universe with context, and its accepted claims."""

    slug: str
    kind: str  # "carnegie", "live" or "figures"
    universe_defined: bool
    contexts: dict[str, CountryContext]
    claims: tuple[Claim, ...]
    published: dict[str, float] = field(default_factory=dict)
    #: The day asked for ("the index as of"), or None for today's index.
    as_of: date | None = None
    #: The date of the newest dated evidence counted: what the data are "as of" in fact.
    newest_evidence: date | None = None


@dataclass(frozen=True)
class CountryFacts:
    """One country in one edition, as every surface shows it."""

    iso3: str
    in_universe: bool
    context: CountryContext | None
    technologies: tuple[Technology, ...]
    proposed_technologies: tuple[Technology, ...]  # proposed only: not (yet) in use
    vendors: tuple[str, ...]  # slugs named by counted claims
    proposed_vendors: tuple[str, ...]  # named by proposed claims only
    supplier_countries: tuple[str, ...]  # stated by counted claims
    registry_supplier_countries: tuple[str, ...]  # home countries of ``vendors``
    claims: int  # accepted claims of the edition about the country
    proposed_claims: int

    @property
    def uses_any(self) -> bool:
        return bool(self.technologies)


@dataclass(frozen=True)
class EditionFacts:
    """Every country of an edition (its universe plus any country a claim names), by ISO3."""

    data: EditionData
    vendors: dict[str, Vendor]
    countries: dict[str, CountryFacts]

    @property
    def universe(self) -> tuple[str, ...]:
        return tuple(iso for iso, facts in self.countries.items() if facts.in_universe)

    def members(self, predicate: Callable[[CountryFacts], bool]) -> tuple[str, ...]:
        """ISO3 codes of the countries for which ``predicate`` holds, sorted."""
        return tuple(iso for iso, facts in self.countries.items() if predicate(facts))


def _ordered(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))


def _country_facts(
    iso3: str,
    context: CountryContext | None,
    claims: list[Claim],
    vendors: dict[str, Vendor],
) -> CountryFacts:
    counted = [c for c in claims if counts_toward_use(c)]
    proposed = [c for c in claims if not counts_toward_use(c)]
    technologies = _ordered(c.technology for c in counted if c.technology is not None)
    vendor_slugs = _ordered(c.vendor_slug for c in counted if c.vendor_slug)
    homes = (vendors[s].home_country for s in vendor_slugs if s in vendors)
    return CountryFacts(
        iso3=iso3,
        in_universe=bool(context and context.in_universe),
        context=context,
        technologies=tuple(Technology(t) for t in technologies),
        proposed_technologies=tuple(
            Technology(t)
            for t in _ordered(c.technology for c in proposed if c.technology is not None)
            if t not in technologies
        ),
        vendors=vendor_slugs,
        proposed_vendors=tuple(
            s
            for s in _ordered(c.vendor_slug for c in proposed if c.vendor_slug)
            if s not in vendor_slugs
        ),
        supplier_countries=_ordered(c.vendor_country for c in counted if c.vendor_country),
        registry_supplier_countries=_ordered(h for h in homes if h),
        claims=len(claims),
        proposed_claims=len(proposed),
    )


def edition_facts(data: EditionData, vendors: dict[str, Vendor]) -> EditionFacts:
    """Decide, for every country of the edition, what counts; sorted by ISO3."""
    by_country: dict[str, list[Claim]] = {}
    for claim in data.claims:
        by_country.setdefault(claim.country, []).append(claim)
    codes = sorted(set(data.contexts) | set(by_country))
    countries = {
        iso: _country_facts(iso, data.contexts.get(iso), by_country.get(iso, []), vendors)
        for iso in codes
    }
    return EditionFacts(data, vendors, countries)
