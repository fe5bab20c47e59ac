"""A country over time: its claims by the year of their evidence, the editions that list it, and
its financing records by commitment year, one row per year, with undated evidence kept apart.

The timeline is a pure function of the country page (:class:`CountryPage`, the same object the
page and ``/api/countries/{iso3}`` show) and of its claims' evidence dates, which the page does
not carry: :func:`claim_dates` reads them (``claims.evidence_date``, migration 0005, through
:func:`survindex.store.dates.evidence_date`). A missing date stays missing: the claim is counted
in ``undated`` with the reason the store gives (Carnegie's earlier edition states no date), never
moved to a guessed year.

An edition is placed at its own date where one is fixed (:data:`EDITION_DATES`: Carnegie's
workbook of 9 March 2022), else at the newest evidence date of its claims about the country
(AidData's release), else among the undated. `live` is left out: it is today's index, made of
all the rest.

>>> with store.read() as session:                                     # doctest: +SKIP
...     page = views.country_page(session=session, name="ECU")
...     country_timeline(page, claim_dates(session=session, claim_ids=[c.id for c in page.claims]))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.analysis.readmodels import CountryPage, ReadModel
from survindex.domain.vocab import EDITION_DATES, EDITION_LIVE
from survindex.store.dates import evidence_date
from survindex.store.schema import ClaimRow

ACCEPTED = "accepted"
#: Why an edition sits among the undated: neither a fixed date nor dated evidence.
EDITION_NO_DATE = "none: the edition states no date and its claims carry none"


class ClaimDate(ReadModel):
    """The evidence date of one claim, with where it comes from (or why there is none)."""

    claim_id: int
    evidence_date: date | None
    basis: str | None


class TimelineEdition(ReadModel):
    slug: str
    date: date | None
    #: "edition date" (fixed), "newest evidence" (its newest dated claim), or why none.
    basis: str


class TimelineCounts(ReadModel):
    """What one year (or the undated column) holds."""

    #: Accepted claims whose evidence is dated this year.
    claims: int = 0
    #: Candidate and rejected claims dated this year (shown apart: they do not count).
    other_claims: int = 0
    #: Editions listing the country, dated this year.
    editions: list[str] = []
    #: Financing records committed this year that count in the financing findings.
    records: int = 0
    #: Records committed this year that do not count (candidates, excluded, not committed).
    other_records: int = 0
    #: USD (constant 2021) of this year's records that enter the country's total, counted once.
    amount_usd: float = 0.0
    lenders: list[str] = []

    @property
    def empty(self) -> bool:
        """Nothing in this column: no claim, edition or record."""
        return not (
            self.claims or self.other_claims or self.editions or self.records or self.other_records
        )


class TimelineYear(TimelineCounts):
    year: int


class CountryTimeline(ReadModel):
    """One country's timeline: ``years`` runs without gaps from ``first_year`` to ``last_year``."""

    iso3: str
    name: str
    first_year: int | None
    last_year: int | None
    years: list[TimelineYear]
    #: Evidence without a date: claims, editions and records without a commitment year.
    undated: TimelineCounts
    #: Why the undated claims have no date (the store's ``evidence_date_basis``), distinct.
    undated_reasons: list[str]
    editions: list[TimelineEdition]
    #: The largest number of claims, and of records, in one column (dated or not): chart scales.
    most_claims: int
    most_records: int


def claim_dates(*, session: Session, claim_ids: Iterable[int]) -> dict[int, ClaimDate]:
    """Evidence date and basis of each claim, by id (ids without a claim are left out)."""
    ids = sorted(set(claim_ids))
    found: dict[int, ClaimDate] = {}
    for start in range(0, len(ids), 500):  # keep each IN list well under SQLite's limits
        rows = session.scalars(select(ClaimRow).where(ClaimRow.id.in_(ids[start : start + 500])))
        for row in rows:
            found[row.id] = ClaimDate(
                claim_id=row.id, evidence_date=evidence_date(row), basis=row.evidence_date_basis
            )
    return found


def edition_dates(
    page: CountryPage,
    dates: Mapping[int, ClaimDate],
    fixed: Mapping[str, date] = EDITION_DATES,
) -> list[TimelineEdition]:
    """The editions listing the country (`live` aside), each with its date, oldest first."""
    newest: dict[str, date] = {}
    for claim in page.claims:
        known = dates.get(claim.id)
        day = known.evidence_date if known else None
        if claim.edition and day and (claim.edition not in newest or day > newest[claim.edition]):
            newest[claim.edition] = day
    found = []
    for slug in page.editions:
        if slug == EDITION_LIVE:
            continue
        if slug in fixed:
            found.append(TimelineEdition(slug=slug, date=fixed[slug], basis="edition date"))
        elif slug in newest:
            found.append(TimelineEdition(slug=slug, date=newest[slug], basis="newest evidence"))
        else:
            found.append(TimelineEdition(slug=slug, date=None, basis=EDITION_NO_DATE))
    return sorted(found, key=lambda e: (e.date is None, e.date or date.min, e.slug))


@dataclass
class _Column:
    """What one column gathers while the timeline is counted."""

    claims: int = 0
    other_claims: int = 0
    editions: list[str] = field(default_factory=list)
    records: int = 0
    other_records: int = 0
    amount_usd: float = 0.0
    lenders: set[str] = field(default_factory=set)

    def counts(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "other_claims": self.other_claims,
            "editions": self.editions,
            "records": self.records,
            "other_records": self.other_records,
            "amount_usd": round(self.amount_usd, 2),
            "lenders": sorted(self.lenders),
        }


def country_timeline(
    page: CountryPage,
    dates: Mapping[int, ClaimDate],
    fixed: Mapping[str, date] = EDITION_DATES,
) -> CountryTimeline:
    """The page's claims, editions and financing records by year (pure: no database).

    ``dates`` gives each claim's evidence date (:func:`claim_dates`); a claim missing from it
    counts as undated. ``fixed`` holds the editions' own dates. Financing amounts add up, over
    the years, to the page's ``money.amount_usd`` (the same records counted once).
    """
    columns: dict[int | None, _Column] = {}

    def column(year: int | None) -> _Column:
        return columns.setdefault(year, _Column())

    reasons: set[str] = set()
    for claim in page.claims:
        known = dates.get(claim.id)
        day = known.evidence_date if known else None
        if day is None:
            reasons.add((known.basis if known else None) or "none: no date recorded")
        col = column(day.year if day else None)
        if claim.claim_status == ACCEPTED:
            col.claims += 1
        else:
            col.other_claims += 1
    editions = edition_dates(page, dates, fixed)
    for edition in editions:
        column(edition.date.year if edition.date else None).editions.append(edition.slug)
    for record in page.money.records:
        col = column(record.commitment_year)
        if record.counted:
            col.records += 1
        else:
            col.other_records += 1
        if record.in_amount and record.amount_usd:
            col.amount_usd += record.amount_usd
        if record.lender:
            col.lenders.add(record.lender)
    dated = sorted(y for y in columns if y is not None)
    span = range(dated[0], dated[-1] + 1) if dated else range(0)
    years = [TimelineYear(year=y, **columns.get(y, _Column()).counts()) for y in span]
    undated = TimelineCounts(**columns.get(None, _Column()).counts())
    every: list[TimelineCounts] = [*years, undated]
    return CountryTimeline(
        iso3=page.iso3,
        name=page.name,
        first_year=dated[0] if dated else None,
        last_year=dated[-1] if dated else None,
        years=years,
        undated=undated,
        undated_reasons=sorted(reasons),
        editions=editions,
        most_claims=max(c.claims + c.other_claims for c in every),
        most_records=max(c.records + c.other_records for c in every),
    )


def timeline_of(*, session: Session, page: CountryPage) -> CountryTimeline:
    """The country page's timeline, its claims' dates read from the store."""
    return country_timeline(
        page, claim_dates(session=session, claim_ids=[c.id for c in page.claims])
    )
