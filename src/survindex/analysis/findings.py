"""Recompute the index's headline figures: each finding id defined once, over the edition's facts.

Every finding carries its numerator, denominator, the countries behind it, the countries that
only proposed claims would add, how many countries an unknown value left out, and a one-line
method, so that each published number can be traced to the countries (and from them to the
sources). Every surface (CLI, API, pages, exports) shows these objects; none recounts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from survindex.analysis.facts import CountryFacts, EditionData, EditionFacts, edition_facts
from survindex.domain import Finding, RegimeType, Technology, Vendor
from survindex.domain.vocab import ORIGINAL_THREE, TECHNOLOGY_LABELS

__all__ = [
    "CORE_VENDORS",
    "EditionData",
    "compute_findings",
    "finding_label",
    "findings_from_facts",
    "findings_of",
    "is_headline",
]

#: Vendors whose findings are always reported, even at zero (the contract's minimum list).
CORE_VENDORS = ("huawei", "hikvision", "dahua", "zte", "nec", "ibm", "palantir", "cisco")
#: Supplier countries always reported, even at zero (the 2019 paper's two).
CORE_SUPPLIERS = ("CHN", "USA")
TOP_MILITARY = 50
#: Financing findings shown in the headline table; per-lender and per-year ones need --all.
FINANCING_HEADLINES = (
    "CHN_state.countries",
    "CHN_state.countries.core",
    "CHN_state.bri",
    "CHN_state.amount_usd",
)
REGIME_PLURALS = {
    RegimeType.CA: "closed autocracies",
    RegimeType.EA: "electoral autocracies",
    RegimeType.ED: "electoral democracies",
    RegimeType.LD: "liberal democracies",
}
COUNTED = "accepted claims with status deployed or contracted (proposed ones never count)"

Predicate = Callable[[CountryFacts], bool]


def finding_label(finding_id: str, vendors: dict[str, Vendor] | None = None) -> str:
    """The human label of a finding id: one wording for every edition and surface."""
    fixed = {
        "countries.total": "Countries covered",
        "countries.using_any": "Countries using AI surveillance",
        "countries.using_any_original3": (
            "Countries using safe city, facial recognition or smart policing"
        ),
        "supplier_country.CHN.bri": "Of those supplied by China, Belt and Road members",
        "military.top50": "Top-50 military spenders using AI surveillance",
    }
    if finding_id in fixed:
        return fixed[finding_id]
    family, _, rest = finding_id.partition(".")
    if family == "technology" and rest in Technology.__members__.values():
        return TECHNOLOGY_LABELS[Technology(rest)]
    if family == "regime" and rest in RegimeType.__members__.values():
        return f"Share of {REGIME_PLURALS[RegimeType(rest)]} using AI surveillance"
    if family == "vendor":
        vendor = (vendors or {}).get(rest)
        return f"Countries where {vendor.name if vendor else rest} is named as a supplier"
    if family == "supplier_country":
        code, *variant = rest.split(".")
        basis = " (vendor registry)" if "registry" in variant else ""
        home = ", not counting itself" if "foreign" in variant else ""
        return f"Countries supplied by {code} companies{basis}{home}"
    return finding_id


def is_headline(finding_id: str, published: float | None = None) -> bool:
    """Headline findings: all but the per-vendor counts of vendors outside the core list, and
    the per-supplier counts of countries other than China and the USA."""
    family, _, rest = finding_id.partition(".")
    if published is not None:
        return True
    if family == "financing":
        return rest in FINANCING_HEADLINES
    if family == "vendor":
        return rest in CORE_VENDORS
    if family == "supplier_country":
        return rest.split(".")[0] in CORE_SUPPLIERS
    return True


class _Builder:
    def __init__(self, facts: EditionFacts) -> None:
        self.facts = facts
        self.data = facts.data
        self.findings: list[Finding] = []

    @property
    def denominator(self) -> int | None:
        return len(self.facts.universe) if self.data.universe_defined else None

    def count(
        self,
        finding_id: str,
        counted: Predicate,
        proposed: Predicate | None,
        method: str,
        denominator: int | None = None,
        unknown: int = 0,
    ) -> None:
        members = self.facts.members(counted)
        offered = self.facts.members(lambda f: not counted(f) and proposed(f)) if proposed else ()
        self.findings.append(
            Finding(
                id=finding_id,
                label=finding_label(finding_id, self.facts.vendors),
                value=len(members),
                numerator=len(members),
                denominator=denominator if denominator is not None else self.denominator,
                published=self.data.published.get(finding_id),
                countries=members,
                method=method,
                proposed=offered,
                unknown=unknown,
            )
        )


def compute_findings(data: EditionData, vendors: dict[str, Vendor]) -> list[Finding]:
    """Every finding id of the contract for one edition, computed from its facts."""
    if data.kind == "figures":
        return _published_only(data, vendors)
    return findings_from_facts(edition_facts(data, vendors))


def findings_from_facts(facts: EditionFacts) -> list[Finding]:
    b = _Builder(facts)
    data = facts.data
    scope = (
        "its 179-country universe" if data.universe_defined else "its rows (no universe defined)"
    )
    b.findings.append(
        Finding(
            "countries.total",
            finding_label("countries.total"),
            len(facts.universe) if data.universe_defined else None,
            None,
            None,
            data.published.get("countries.total"),
            facts.universe if data.universe_defined else (),
            "number of countries in the edition's universe"
            if data.universe_defined
            else "the edition lists only countries that use AI surveillance, so its universe "
            "is undefined",
        )
    )
    b.count(
        "countries.using_any",
        lambda f: f.uses_any,
        lambda f: bool(f.proposed_technologies),
        f"countries with at least one technology named by {COUNTED}, out of {scope}",
    )
    b.count(
        "countries.using_any_original3",
        lambda f: any(t in ORIGINAL_THREE for t in f.technologies),
        lambda f: any(t in ORIGINAL_THREE for t in f.proposed_technologies),
        "countries with safe city, facial recognition or smart policing (the 2019 index's "
        f"three categories) named by {COUNTED}",
    )
    for technology in Technology:
        b.count(
            f"technology.{technology.value}",
            _holds("technologies", technology),
            _holds("proposed_technologies", technology),
            f"countries with {technology.value} named by {COUNTED}",
        )
    _supplier_findings(b)
    _vendor_findings(b)
    _regime_findings(b)
    _military_finding(b)
    return b.findings


def _suppliers(facts: EditionFacts, registry: bool) -> list[str]:
    found: set[str] = set(CORE_SUPPLIERS)
    for f in facts.countries.values():
        found.update(f.registry_supplier_countries if registry else f.supplier_countries)
    return sorted(found)


def _supplied_by(code: str, *, registry: bool) -> Predicate:
    def supplied(f: CountryFacts) -> bool:
        return code in (f.registry_supplier_countries if registry else f.supplier_countries)

    return supplied


def _holds(field_name: str, item: object) -> Predicate:
    """A predicate: ``item`` is in the country's ``field_name`` tuple (bound now, not later)."""
    return lambda f: item in getattr(f, field_name)


def _leaving_out(code: str, predicate: Predicate) -> Predicate:
    return lambda f: predicate(f) and f.iso3 != code


def _supplier_findings(b: _Builder) -> None:
    stated_basis = (
        "the edition's own China Tech / US Tech columns"
        if b.data.kind == "carnegie"
        else "counted claims that state the supplier's country"
    )
    for code in _suppliers(b.facts, registry=False):
        stated = _supplied_by(code, registry=False)
        b.count(
            f"supplier_country.{code}",
            stated,
            None,
            f"countries with a supplier from {code} according to {stated_basis}; {code} itself "
            f"is counted when the edition marks its domestic use",
        )
        b.count(
            f"supplier_country.{code}.foreign",
            _leaving_out(code, stated),
            None,
            f"as supplier_country.{code}, leaving {code} itself out",
        )
        if code == "CHN":
            _bri_finding(b, b.facts.members(stated))
    for code in _suppliers(b.facts, registry=True):
        registry = _supplied_by(code, registry=True)
        b.count(
            f"supplier_country.{code}.registry",
            registry,
            None,
            f"countries with {COUNTED} naming a vendor whose registry home country is {code}; "
            f"{code} itself is counted when its own vendors supply it",
        )
        b.count(
            f"supplier_country.{code}.registry.foreign",
            _leaving_out(code, registry),
            None,
            f"as supplier_country.{code}.registry, leaving {code} itself out",
        )


def _bri_finding(b: _Builder, supplied: Iterable[str]) -> None:
    supplied = set(supplied)
    known = {iso for iso in supplied if _context_value(b.facts, iso, "bri_member") is not None}
    b.count(
        "supplier_country.CHN.bri",
        lambda f: f.iso3 in known and bool(f.context and f.context.bri_member),
        None,
        "countries supplied by Chinese companies (supplier_country.CHN) that the edition marks "
        "as Belt and Road members, out of those whose membership the edition gives; the "
        "others are unknown, not non-members",
        denominator=len(known),
        unknown=len(supplied - known),
    )


def _context_value(facts: EditionFacts, iso3: str, name: str) -> object:
    country = facts.countries.get(iso3)
    if country is None or country.context is None:
        return None
    value: object = getattr(country.context, name)
    return value


def _vendor_findings(b: _Builder) -> None:
    named: set[str] = set(CORE_VENDORS)
    for f in b.facts.countries.values():
        named.update(f.vendors, f.proposed_vendors)
    for slug in sorted(named):
        vendor = b.facts.vendors.get(slug)
        name = vendor.name if vendor else slug
        b.count(
            f"vendor.{slug}",
            _holds("vendors", slug),
            _holds("proposed_vendors", slug),
            f"countries with {COUNTED} naming {name}",
        )


def _regime_findings(b: _Builder) -> None:
    universe = b.facts.universe
    unknown = sum(1 for iso in universe if _context_value(b.facts, iso, "regime") is None)
    for regime in RegimeType:
        fid = f"regime.{regime.value}"
        if not b.data.universe_defined:
            b.findings.append(
                Finding(
                    fid,
                    finding_label(fid),
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
        of_type = [iso for iso in universe if _context_value(b.facts, iso, "regime") is regime]
        users = [iso for iso in of_type if b.facts.countries[iso].uses_any]
        offered = tuple(
            iso
            for iso in of_type
            if not b.facts.countries[iso].uses_any and b.facts.countries[iso].proposed_technologies
        )
        b.findings.append(
            Finding(
                fid,
                finding_label(fid),
                round(len(users) / len(of_type), 4) if of_type else None,
                len(users),
                len(of_type),
                b.data.published.get(fid),
                tuple(users),
                f"users of regime type {regime.value} (V-Dem Regimes of the World) divided by all "
                f"{regime.value} countries of the universe; countries whose regime is unknown "
                "are in no regime's denominator",
                offered,
                unknown,
            )
        )


def _military_finding(b: _Builder) -> None:
    def rank(f: CountryFacts) -> int | None:
        return f.context.military_rank if f.context else None

    users_unranked = sum(1 for f in b.facts.countries.values() if f.uses_any and rank(f) is None)
    b.count(
        "military.top50",
        lambda f: f.uses_any and (r := rank(f)) is not None and r <= TOP_MILITARY,
        lambda f: bool(f.proposed_technologies) and (r := rank(f)) is not None and r <= 50,
        "users whose 2018 military expenditure rank is 1-50, out of the 50 top spenders; users "
        "whose rank is unknown (or flagged as implausible on import) are counted in `unknown`",
        denominator=TOP_MILITARY,
        unknown=users_unranked,
    )


def _published_only(data: EditionData, vendors: dict[str, Vendor]) -> list[Finding]:
    """A figures-only edition shows its published figures as its values."""
    return [
        Finding(
            fid,
            finding_label(fid, vendors),
            value,
            None,
            None,
            value,
            (),
            "figures-only edition: the published figure, with no country-level data to "
            "recompute it from",
        )
        for fid, value in sorted(data.published.items())
    ]


def findings_of(facts: EditionFacts) -> list[Finding]:
    """The findings of an edition whose facts are at hand (figures-only editions included)."""
    if facts.data.kind == "figures":
        return _published_only(facts.data, facts.vendors)
    return findings_from_facts(facts)
