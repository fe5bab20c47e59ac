"""Assemble an edition's data from the store: Carnegie editions, the figures-only 2019 paper,
and the `live` index built from every accepted claim."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from survindex.analysis.findings import EditionData, compute_findings
from survindex.domain import CountryContext, Finding
from survindex.domain.vocab import EDITION_2022, EDITION_LIVE
from survindex.store import repository as repo


class UnknownEdition(LookupError):
    pass


def edition_data(*, session: Session, slug: str) -> EditionData:
    edition = repo.get_edition(session=session, slug=slug)
    if edition is None:
        known = ", ".join(e.slug for e in repo.list_editions(session=session)) or "none"
        raise UnknownEdition(f"unknown edition {slug!r} (known: {known})")
    published = repo.published_figures(session=session, edition_id=edition.id)
    if edition.kind == "figures":
        return EditionData(slug, "figures", False, {}, (), published)
    if edition.kind == "live":
        return _live_data(session=session, published=published)
    contexts = repo.edition_contexts(session=session, edition_id=edition.id)
    claims = repo.load_claims(session=session, edition_id=edition.id)
    return EditionData(
        slug, edition.kind, edition.universe_defined, contexts, tuple(claims), published
    )


def _live_data(*, session: Session, published: dict[str, float]) -> EditionData:
    """The live universe is the newest Carnegie universe plus any country an accepted claim adds."""
    base = repo.get_edition(session=session, slug=EDITION_2022)
    contexts: dict[str, CountryContext] = (
        repo.edition_contexts(session=session, edition_id=base.id) if base else {}
    )
    claims = tuple(repo.load_claims(session=session, edition_id=None))
    for claim in claims:
        if claim.country not in contexts:
            contexts[claim.country] = CountryContext(claim.country, claim.country)
    contexts = {iso: replace(c, in_universe=True) for iso, c in contexts.items()}
    return EditionData(EDITION_LIVE, "live", bool(contexts), contexts, claims, published)


def findings_for(*, session: Session, slug: str) -> list[Finding]:
    data = edition_data(session=session, slug=slug)
    return compute_findings(data, repo.load_vendors(session=session))
