"""Assemble an edition's data from the store: Carnegie editions, the figures-only 2019 paper,
and the `live` index built from every accepted claim, today or as the evidence stood on a day.

In `live`, when two Carnegie editions disagree about a vendor-country link (the older lists a
vendor, or a supplier country, for a country that the newer edition also covers but no longer
lists it for), the newer edition wins: the older edition's claims for that link leave `live`
(they stay in their own edition). Claims from articles and datasets are never dropped this way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from survindex.analysis.findings import EditionData, compute_findings
from survindex.domain import Claim, CountryContext, Finding
from survindex.domain.vocab import EDITION_2022, EDITION_DATES, EDITION_LIVE
from survindex.store import repository as repo


class UnknownEdition(LookupError):
    pass


def edition_data(*, session: Session, slug: str, as_of: date | None = None) -> EditionData:
    """An edition's universe and accepted claims; with ``as_of``, as they stood that day."""
    edition = repo.get_edition(session=session, slug=slug)
    if edition is None:
        known = ", ".join(e.slug for e in repo.list_editions(session=session)) or "none"
        raise UnknownEdition(f"unknown edition {slug!r} (known: {known})")
    published = repo.published_figures(session=session, edition_id=edition.id)
    if edition.kind == "figures":
        return EditionData(slug, "figures", False, {}, (), published)
    if edition.kind == "live":
        return _live_data(session=session, published=published, as_of=as_of)
    contexts = repo.edition_contexts(session=session, edition_id=edition.id)
    claims = repo.load_claims(session=session, edition_id=edition.id, as_of=as_of)
    return EditionData(
        slug,
        edition.kind,
        edition.universe_defined,
        contexts,
        tuple(claims),
        published,
        as_of=as_of,
        newest_evidence=newest_evidence(claims),
    )


def newest_evidence(claims: Iterable[Claim]) -> date | None:
    """The date of the newest dated evidence: what an edition is "as of" when no day is asked."""
    return max((c.evidence_date for c in claims if c.evidence_date), default=None)


def _live_data(*, session: Session, published: dict[str, float], as_of: date | None) -> EditionData:
    """The live universe is the newest Carnegie universe plus any country an accepted claim adds."""
    base = repo.get_edition(session=session, slug=EDITION_2022)
    contexts: dict[str, CountryContext] = (
        repo.edition_contexts(session=session, edition_id=base.id) if base else {}
    )
    claims = repo.load_claims(session=session, edition_id=None, as_of=as_of)
    claims = newer_edition_wins(claims, _carnegie_coverage(session))
    for claim in claims:
        if claim.country not in contexts:
            contexts[claim.country] = CountryContext(claim.country, claim.country)
    contexts = {iso: replace(c, in_universe=True) for iso, c in contexts.items()}
    return EditionData(
        EDITION_LIVE,
        "live",
        bool(contexts),
        contexts,
        tuple(claims),
        published,
        as_of=as_of,
        newest_evidence=newest_evidence(claims),
    )


def _carnegie_coverage(session: Session) -> list[tuple[str, frozenset[str]]]:
    """The Carnegie editions, oldest first, each with the countries it covers."""
    found = []
    for edition in repo.list_editions(session=session):
        if edition.kind == "carnegie":
            countries = frozenset(repo.edition_contexts(session=session, edition_id=edition.id))
            found.append((edition.slug, countries))
    return sorted(found, key=lambda e: edition_recency(e[0]))


def edition_recency(slug: str) -> tuple[date, str]:
    """Sort key, oldest first: an edition's date (undated editions first), then its slug."""
    return (EDITION_DATES.get(slug, date.min), slug)


def link_of(claim: Claim) -> tuple[str, str] | None:
    """The vendor-country link a claim states: (country, vendor slug or supplier country)."""
    if claim.vendor_slug:
        return claim.country, claim.vendor_slug
    if claim.vendor_country:
        return claim.country, "@" + claim.vendor_country
    return None


def newer_edition_wins(
    claims: Iterable[Claim], coverage: list[tuple[str, frozenset[str]]]
) -> list[Claim]:
    """Claims without the older Carnegie editions' links that a newer one covering the same
    country no longer lists; ``coverage`` is oldest first."""
    claims = list(claims)
    listed: dict[str, set[tuple[str, str]]] = {slug: set() for slug, _ in coverage}
    for claim in claims:
        link = link_of(claim)
        if link and claim.edition in listed:
            listed[claim.edition].add(link)
    newest_covering: dict[str, str] = {}
    for slug, countries in coverage:  # oldest first: the last one written wins
        for iso in countries:
            newest_covering[iso] = slug

    def kept(claim: Claim) -> bool:
        link = link_of(claim)
        if link is None or claim.edition not in listed:
            return True
        newest = newest_covering.get(claim.country, claim.edition)
        return newest == claim.edition or link in listed[newest]

    return [claim for claim in claims if kept(claim)]


def findings_for(*, session: Session, slug: str, as_of: date | None = None) -> list[Finding]:
    data = edition_data(session=session, slug=slug, as_of=as_of)
    return compute_findings(data, repo.load_vendors(session=session))
