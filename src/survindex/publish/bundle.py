"""Everything one edition's exports and report need, read from the store in one go.

Exports, the report and the data-package round trip all start from an :class:`EditionBundle`,
so every format shows the same rows, the same sources and the same findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.analysis.editions import UnknownEdition, edition_data
from survindex.analysis.findings import EditionData, compute_findings
from survindex.domain import Country, DataQualityNote, Finding, Origin, Source, Vendor
from survindex.publish.identities import ClaimIds, claim_ids
from survindex.store import repository as repo
from survindex.store.schema import CountryRow, PublishedFigureRow, SourceRow

#: Licence of the Carnegie data and, as a derived work, of every SurvIndex export.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CARNEGIE_ATTRIBUTION = (
    "Data: Steven Feldstein, AI & Big Data Global Surveillance Index, Carnegie Endowment for "
    "International Peace, Mendeley Data, doi:10.17632/gjhf5y4xjp (CC BY 4.0); compiled and "
    "checked by SurvIndex."
)


@dataclass(frozen=True)
class EditionInfo:
    slug: str
    title: str
    kind: str
    universe_defined: bool
    source_key: str | None


@dataclass(frozen=True)
class EditionBundle:
    """One edition's data with its provenance: sources, vendors, notes, published figures.

    ``claim_ids`` runs beside ``data.claims`` (one entry per claim) and ``source_ids`` maps each
    source key to its database id: exports name records by their database ids.
    """

    edition: EditionInfo
    data: EditionData
    vendors: dict[str, Vendor]
    countries: dict[str, Country]
    sources: dict[str, Source]
    notes: tuple[DataQualityNote, ...]
    published: dict[str, tuple[float, str | None]]
    findings: tuple[Finding, ...]
    claim_ids: tuple[ClaimIds, ...]
    source_ids: dict[str, int]


def _origin(row: SourceRow) -> Origin:
    return Origin(
        producer=row.producer,
        title=row.title,
        url=row.url,
        doi=row.doi,
        published=row.published,
        accessed=row.accessed,
        licence=row.licence,
        sha256=row.sha256,
        citation=row.citation,
    )


def load_bundle(*, session: Session, slug: str) -> EditionBundle:
    """Read one edition and its provenance; raises UnknownEdition for an unknown slug.

    Example: ``with store.read() as s: bundle = load_bundle(session=s, slug="aigs-2022")``
    """
    row = repo.get_edition(session=session, slug=slug)
    if row is None:
        known = ", ".join(e.slug for e in repo.list_editions(session=session)) or "none"
        raise UnknownEdition(f"unknown edition {slug!r} (known: {known})")
    data = edition_data(session=session, slug=slug)
    vendors = repo.load_vendors(session=session)
    source_rows = {r.key: r for r in session.scalars(select(SourceRow))}
    edition_source = next((r.key for r in source_rows.values() if r.id == row.source_id), None)
    used = {c.evidence.source_key for c in data.claims} | (
        {edition_source} if edition_source else set()
    )
    sources = {
        key: Source(key, _origin(source_rows[key]), source_rows[key].kind)
        for key in sorted(used)
        if key in source_rows
    }
    countries = {
        r.iso3: Country(r.iso3, r.name, r.iso2, r.numeric, r.official_name)
        for r in session.scalars(select(CountryRow))
    }
    published = {
        r.finding_id: (r.value, r.citation)
        for r in session.scalars(
            select(PublishedFigureRow)
            .where(PublishedFigureRow.edition_id == row.id)
            .order_by(PublishedFigureRow.finding_id)
        )
    }
    info = EditionInfo(row.slug, row.title, row.kind, row.universe_defined, edition_source)
    return EditionBundle(
        edition=info,
        data=data,
        vendors=vendors,
        countries=countries,
        sources=sources,
        notes=tuple(repo.edition_notes(session=session, edition_id=row.id)),
        published=published,
        findings=tuple(compute_findings(data, vendors)),
        claim_ids=claim_ids(session=session, edition=row, claims=data.claims),
        source_ids={key: source_rows[key].id for key in sources},
    )
