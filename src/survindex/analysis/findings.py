"""Recompute the index's headline figures from claims: pure functions over domain objects.

Every finding carries its numerator, denominator, the countries behind it and a one-line method,
so that each published number can be traced to the countries (and from them to the sources).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from survindex.domain import Claim, CountryContext, Finding, RegimeType, Technology, Vendor
from survindex.domain.vocab import ORIGINAL_THREE, REGIME_LABELS, TECHNOLOGY_LABELS

#: Vendors whose findings are always reported, even at zero (the contract's minimum list).
CORE_VENDORS = ("huawei", "hikvision", "dahua", "zte", "nec", "ibm", "palantir", "cisco")
TOP_MILITARY = 50


@dataclass(frozen=True)
class EditionData:
    """What findings need from one edition: its universe with context, and its accepted claims."""

    slug: str
    kind: str  # "carnegie", "live" or "figures"
    universe_defined: bool
    contexts: dict[str, CountryContext]
    claims: tuple[Claim, ...]
    published: dict[str, float] = field(default_factory=dict)


def _sorted(countries: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(countries)))


class _Builder:
    def __init__(self, data: EditionData) -> None:
        self.data = data
        self.findings: list[Finding] = []
        self.universe = _sorted(c.iso3 for c in data.contexts.values() if c.in_universe)
        self.users = _sorted(c.country for c in data.claims if c.technology is not None)

    @property
    def denominator(self) -> int | None:
        return len(self.universe) if self.data.universe_defined else None

    def count(
        self,
        finding_id: str,
        label: str,
        countries: Iterable[str],
        method: str,
        denominator: int | None = None,
    ) -> None:
        members = _sorted(countries)
        self.findings.append(
            Finding(
                id=finding_id,
                label=label,
                value=len(members),
                numerator=len(members),
                denominator=denominator if denominator is not None else self.denominator,
                published=self.data.published.get(finding_id),
                countries=members,
                method=method,
            )
        )

    def users_where(self, predicate: Callable[[Claim], bool]) -> tuple[str, ...]:
        return _sorted(c.country for c in self.data.claims if predicate(c))

    def with_technology(self, technology: Technology) -> tuple[str, ...]:
        return _sorted(c.country for c in self.data.claims if c.technology is technology)

    def with_vendor(self, slug: str) -> tuple[str, ...]:
        return _sorted(c.country for c in self.data.claims if c.vendor_slug == slug)

    def with_supplier_country(self, code: str) -> tuple[str, ...]:
        return _sorted(c.country for c in self.data.claims if c.vendor_country == code)

    def with_vendor_from(self, code: str, vendors: dict[str, Vendor]) -> tuple[str, ...]:
        homes = {slug for slug, v in vendors.items() if v.home_country == code}
        return _sorted(c.country for c in self.data.claims if c.vendor_slug in homes)


def is_headline(finding: Finding) -> bool:
    """Headline findings: all but the per-vendor counts of vendors outside the core list."""
    if not finding.id.startswith("vendor."):
        return True
    return finding.id.removeprefix("vendor.") in CORE_VENDORS or finding.published is not None


def compute_findings(data: EditionData, vendors: dict[str, Vendor]) -> list[Finding]:
    """Every finding id of the contract for one edition, computed from its claims."""
    if data.kind == "figures":
        return _published_only(data)
    b = _Builder(data)
    scope = (
        "its 179-country universe" if data.universe_defined else "its rows (no universe defined)"
    )
    b.findings.append(
        Finding(
            "countries.total",
            "Countries covered",
            len(b.universe) if data.universe_defined else None,
            None,
            None,
            data.published.get("countries.total"),
            b.universe if data.universe_defined else (),
            "number of countries in the edition's universe"
            if data.universe_defined
            else "the edition lists only countries that use AI surveillance, so its universe "
            "is undefined",
        )
    )
    b.count(
        "countries.using_any",
        "Countries using AI surveillance",
        b.users,
        f"countries with at least one accepted technology claim, out of {scope}",
    )
    b.count(
        "countries.using_any_original3",
        "Countries using safe city, facial recognition or smart policing",
        b.users_where(lambda c: c.technology in ORIGINAL_THREE),
        "countries with a claim in one of the 2019 index's three categories",
    )
    for technology in Technology:
        b.count(
            f"technology.{technology.value}",
            TECHNOLOGY_LABELS[technology],
            b.with_technology(technology),
            f"countries with an accepted {technology.value} claim",
        )
    _supplier_findings(b, vendors)
    _vendor_findings(b, vendors)
    _regime_findings(b)
    ranked = {
        iso
        for iso, c in data.contexts.items()
        if c.military_rank is not None and c.military_rank <= TOP_MILITARY
    }
    b.count(
        "military.top50",
        "Top-50 military spenders using AI surveillance",
        [c for c in b.users if c in ranked],
        "users whose 2018 military expenditure rank is 1-50 (ranks flagged as implausible "
        "on import are left out)",
        denominator=TOP_MILITARY,
    )
    return b.findings


def _supplier_findings(b: _Builder, vendors: dict[str, Vendor]) -> None:
    source = (
        "the edition's own China Tech / US Tech columns"
        if b.data.kind == "carnegie"
        else "claims that name the supplier's country"
    )
    for code in ("CHN", "USA"):
        stated = b.with_supplier_country(code)
        b.count(
            f"supplier_country.{code}",
            f"Countries supplied by {code} companies",
            stated,
            f"countries with a supplier from {code} according to {source}",
        )
        if code == "CHN":
            bri = [iso for iso in stated if (ctx := b.data.contexts.get(iso)) and ctx.bri_member]
            b.count(
                "supplier_country.CHN.bri",
                "Of those, Belt and Road members",
                bri,
                "countries supplied by Chinese companies that the edition marks as Belt and "
                "Road members",
                denominator=len(stated),
            )
        registry = b.with_vendor_from(code, vendors)
        b.count(
            f"supplier_country.{code}.registry",
            f"Countries with a named vendor from {code} (vendor registry)",
            registry,
            f"countries with a claim naming a vendor whose registry home country is {code}",
        )


def _vendor_findings(b: _Builder, vendors: dict[str, Vendor]) -> None:
    named = {c.vendor_slug for c in b.data.claims if c.vendor_slug}
    for slug in sorted(named | set(CORE_VENDORS)):
        vendor = vendors.get(slug)
        name = vendor.name if vendor else slug
        b.count(
            f"vendor.{slug}",
            f"Countries where {name} is named as a supplier",
            b.with_vendor(slug),
            f"countries with an accepted claim naming {name}",
        )


def _regime_findings(b: _Builder) -> None:
    for regime in RegimeType:
        label = f"Share of {REGIME_LABELS[regime].lower()}s using AI surveillance"
        fid = f"regime.{regime.value}"
        if not b.data.universe_defined:
            b.findings.append(
                Finding(
                    fid,
                    label,
                    None,
                    None,
                    None,
                    b.data.published.get(fid),
                    (),
                    "not computable: the edition has no universe, so non-users "
                    "of this regime type are unknown",
                )
            )
            continue
        of_type = {iso for iso in b.universe if b.data.contexts[iso].regime is regime}
        users = [iso for iso in b.users if iso in of_type]
        share = round(len(users) / len(of_type), 4) if of_type else None
        b.findings.append(
            Finding(
                fid,
                label,
                share,
                len(users),
                len(of_type),
                b.data.published.get(fid),
                _sorted(users),
                f"users of regime type {regime.value} (V-Dem Regimes of the World) divided by all "
                f"{regime.value} countries of the universe",
            )
        )


def _published_only(data: EditionData) -> list[Finding]:
    return [
        Finding(
            fid,
            fid,
            None,
            None,
            None,
            value,
            (),
            "figures-only edition: the published figure, with no country-level data to "
            "recompute it from",
        )
        for fid, value in sorted(data.published.items())
    ]
