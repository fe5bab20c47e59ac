"""Financing findings: who receives Chinese state finance for surveillance, from whom, when, and
how much. Pure functions over :class:`survindex.domain.FinancingRecord` and country contexts.

What counts (docs/methodology.md, "Financing"): a record counts when its claim is accepted and
in `live`, its lender is a Chinese state institution (or it comes from AidData, which records
only official Chinese finance), and its money was committed: pledges and cancelled or suspended
commitments are never counted, and the countries that only they would add are reported as
``proposed``. Every record kept by review counts, core and borderline alike
(``financing.CHN_state.countries.core`` leaves borderline records out).

>>> findings = financing_findings(records, contexts)                  # doctest: +SKIP
>>> [f.id for f in findings][:3]                                      # doctest: +SKIP
['financing.CHN_state.countries', 'financing.CHN_state.countries.core', ...]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from survindex.domain import CountryContext, FinancingRecord, Finding, Relevance
from survindex.domain.financing import AIDDATA_DOLLAR_YEAR

PREFIX = "financing.CHN_state"
#: The dollars every amount is summed in (AidData's constant 2021 USD); an amount in other
#: dollars is left out of the sum and counted as unknown rather than mixed in.
DOLLAR_YEAR = AIDDATA_DOLLAR_YEAR
COUNTED = (
    "accepted financing records (claim accepted and in live) of Chinese state lenders for "
    "surveillance or public-security technology, money committed (pledges, cancelled and "
    "suspended commitments never count)"
)
AMOUNT_RULE = (
    "each AidData record is summed once however many claims, files or deployments it is linked "
    "to; records AidData marks as umbrella agreements or not recommended for aggregates, and "
    "umbrella or facility records that a counted record draws on, are left out (their money is "
    "in the drawdowns); records AidData links as phases or companions are separate commitments "
    "and each counts"
)

Predicate = Callable[[FinancingRecord], bool]


def is_chinese_state(record: FinancingRecord) -> bool:
    return record.accepted and record.chinese_state


def counts(record: FinancingRecord) -> bool:
    """An accepted, committed record of Chinese state finance."""
    return is_chinese_state(record) and record.committed


def summed_records(records: Iterable[FinancingRecord]) -> list[FinancingRecord]:
    """The records whose amounts enter a sum, each once (see AMOUNT_RULE)."""
    seen: dict[tuple[str, int], FinancingRecord] = {}
    for record in records:
        if not counts(record):
            continue
        key = (
            ("aiddata", record.aiddata_record_id)
            if record.aiddata_record_id is not None
            else ("financing", record.id)
        )
        seen.setdefault(key, record)
    kept = list(seen.values())
    parents = {parent for r in kept for parent in r.parent_record_ids}
    return [
        r
        for r in kept
        if r.umbrella is not True
        and r.recommended_for_aggregates is not False
        and r.aiddata_record_id not in parents
    ]


def total_usd(records: Iterable[FinancingRecord]) -> tuple[float, int, int]:
    """(sum in constant USD, records summed, records with no usable amount)."""
    chosen = summed_records(records)
    usable = [r for r in chosen if r.amount_usd is not None and r.amount_usd_year == DOLLAR_YEAR]
    return sum(r.amount_usd or 0.0 for r in usable), len(usable), len(chosen) - len(usable)


def _countries(records: Iterable[FinancingRecord], keep: Predicate) -> tuple[str, ...]:
    return tuple(sorted({r.recipient for r in records if keep(r)}))


class _Builder:
    def __init__(
        self, records: list[FinancingRecord], contexts: Mapping[str, CountryContext]
    ) -> None:
        self.records = records
        self.contexts = contexts
        self.findings: list[Finding] = []

    def count(self, finding_id: str, label: str, keep: Predicate, method: str) -> tuple[str, ...]:
        """Countries with a counted record that ``keep`` accepts; ``proposed``: countries that
        only uncommitted records (pledges, cancellations) of that kind would add."""
        members = _countries(self.records, lambda r: counts(r) and keep(r))
        offered = tuple(
            c
            for c in _countries(self.records, lambda r: is_chinese_state(r) and keep(r))
            if c not in members
        )
        self.findings.append(
            Finding(
                id=finding_id,
                label=label,
                value=len(members),
                numerator=len(members),
                denominator=self.universe(members),
                published=None,
                countries=members,
                method=method,
                proposed=offered,
            )
        )
        return members

    def universe(self, members: tuple[str, ...]) -> int | None:
        """The edition's universe (plus any recipient outside it), or None without one."""
        universe = {iso for iso, c in self.contexts.items() if c.in_universe}
        return len(universe | set(members)) if universe else None

    def amount(self, finding_id: str, label: str, keep: Predicate, scope: str) -> None:
        chosen = [r for r in self.records if keep(r)]
        total, summed, unknown = total_usd(chosen)
        self.findings.append(
            Finding(
                id=finding_id,
                label=label,
                value=round(total, 2),
                numerator=summed,
                denominator=None,
                published=None,
                countries=_countries(summed_records(chosen), lambda r: r.amount_usd is not None),
                method=f"sum of amount_usd, constant {DOLLAR_YEAR} USD, over {scope}; "
                f"{AMOUNT_RULE}; numerator: records summed; unknown: records counted with no "
                "amount in those dollars",
                unknown=unknown,
            )
        )


def financing_findings(
    records: Iterable[FinancingRecord], contexts: Mapping[str, CountryContext]
) -> list[Finding]:
    """Every financing finding, in a stable order: countries, core, BRI, amount, then per
    lender and per commitment year (each a count of countries, then an amount).

    ``contexts`` are the country contexts of the edition the findings belong to (for `live`,
    those of the newest Carnegie edition): they give Belt and Road membership and the universe.
    """
    b = _Builder(list(records), contexts)
    countries = b.count(
        f"{PREFIX}.countries",
        "Countries with Chinese state finance for surveillance or public security",
        lambda r: True,
        f"countries with {COUNTED}; core and borderline records both count",
    )
    b.count(
        f"{PREFIX}.countries.core",
        "Of those, countries with a core record (borderline records left out)",
        lambda r: r.relevance is not Relevance.BORDERLINE,
        f"as {PREFIX}.countries, counting only records not kept as borderline",
    )
    _bri(b, countries)
    b.amount(
        f"{PREFIX}.amount_usd",
        "Chinese state finance for surveillance or public security (constant USD)",
        lambda r: True,
        COUNTED,
    )
    _breakdowns(b)
    return b.findings


def _bri(b: _Builder, countries: tuple[str, ...]) -> None:
    def member(iso: str) -> bool | None:
        context = b.contexts.get(iso)
        return context.bri_member if context else None

    known = [iso for iso in countries if member(iso) is not None]
    members = tuple(iso for iso in known if member(iso))
    b.findings.append(
        Finding(
            id=f"{PREFIX}.bri",
            label="Of those, Belt and Road members",
            value=len(members),
            numerator=len(members),
            denominator=len(known),
            published=None,
            countries=members,
            method=f"countries of {PREFIX}.countries that the edition marks as Belt and Road "
            "members, out of those whose membership it gives; the others are unknown, not "
            "non-members, and are left out of the denominator",
            unknown=len(countries) - len(known),
        )
    )


def _breakdowns(b: _Builder) -> None:
    counted = [r for r in b.records if is_chinese_state(r)]
    lenders = {r.lender_slug: r.lender_name or r.lender_slug for r in counted if r.lender_slug}
    for slug, name in sorted(lenders.items()):
        same = _same_lender(slug)
        b.count(
            f"{PREFIX}.lender.{slug}",
            f"Countries financed by {name} for surveillance or public security",
            same,
            f"countries with {COUNTED}, lent or given by {name}",
        )
        b.amount(
            f"{PREFIX}.lender.{slug}.amount_usd",
            f"Finance from {name} for surveillance or public security (constant USD)",
            same,
            f"the records of {name}",
        )
    for year in sorted({r.commitment_year for r in counted if r.commitment_year is not None}):
        same_year = _same_year(year)
        b.count(
            f"{PREFIX}.year.{year}",
            f"Countries with Chinese state finance for surveillance committed in {year}",
            same_year,
            f"countries with {COUNTED}, committed in {year} (AidData's commitment year)",
        )
        b.amount(
            f"{PREFIX}.year.{year}.amount_usd",
            f"Chinese state finance for surveillance committed in {year} (constant USD)",
            same_year,
            f"the records committed in {year}",
        )


def _same_lender(slug: str) -> Predicate:
    return lambda r: r.lender_slug == slug


def _same_year(year: int) -> Predicate:
    return lambda r: r.commitment_year == year
