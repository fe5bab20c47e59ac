"""Everything one edition's exports and report need, read from the store in one go.

Exports, the report and the data-package round trip all start from an :class:`EditionBundle`,
so every format shows the same rows, the same sources and the same findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.analysis.edition_findings import edition_findings
from survindex.analysis.editions import UnknownEdition, edition_data
from survindex.analysis.facts import EditionFacts, edition_facts
from survindex.analysis.findings import EditionData
from survindex.domain import (
    Country,
    DataQualityNote,
    FinancingRecord,
    Finding,
    Lender,
    Origin,
    Source,
    Vendor,
)
from survindex.domain.vocab import EDITION_2022
from survindex.publish.identities import ClaimIds, claim_ids
from survindex.store import financing as fin
from survindex.store import repository as repo
from survindex.store.schema import CountryRow, EditionRow, PublishedFigureRow, SourceRow

#: Licence of the Carnegie data and of SurvIndex's own compilation (registries, notes). Rows
#: drawn from other sources carry their own licence (publish/licences.py).
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
class FinancingEntry:
    """One financing record behind an exported claim, with the stored fields that the domain
    record leaves out (the export carries every field, so that a package re-imports whole)."""

    record: FinancingRecord
    lender_name_in_source: str | None
    flow_type_in_source: str | None
    description: str | None
    implementing_agencies: str | None
    contractors_in_source: str | None
    provenance: str | None


@dataclass(frozen=True)
class EditionBundle:
    """One edition's data with its provenance: sources, vendors, notes, published figures.

    ``claim_ids`` runs beside ``data.claims`` (one entry per claim) and ``source_ids`` maps each
    source key to its database id: exports name records by their database ids. ``financing``
    holds the financing records of those claims; ``context_source`` is the source of the
    country context columns (for `live`, the newest Carnegie edition's file) and
    ``context_countries`` the countries that source gives context for.
    """

    edition: EditionInfo
    data: EditionData
    #: What counts for each country (decided once; tables and selections read it).
    facts: EditionFacts
    vendors: dict[str, Vendor]
    countries: dict[str, Country]
    sources: dict[str, Source]
    notes: tuple[DataQualityNote, ...]
    published: dict[str, tuple[float, str | None]]
    findings: tuple[Finding, ...]
    claim_ids: tuple[ClaimIds, ...]
    source_ids: dict[str, int]
    financing: tuple[FinancingEntry, ...] = ()
    lenders: dict[str, Lender] = field(default_factory=dict)
    context_source: str | None = None
    context_countries: frozenset[str] = frozenset()


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


def load_bundle(*, session: Session, slug: str, as_of: date | None = None) -> EditionBundle:
    """Read one edition (as the evidence stood at the end of ``as_of``, when given) and its
    provenance; raises UnknownEdition for an unknown slug.

    Example: ``with store.read() as s: bundle = load_bundle(session=s, slug="aigs-2022")``
    """
    row = repo.get_edition(session=session, slug=slug)
    if row is None:
        known = ", ".join(e.slug for e in repo.list_editions(session=session)) or "none"
        raise UnknownEdition(f"unknown edition {slug!r} (known: {known})")
    data = edition_data(session=session, slug=slug, as_of=as_of)
    vendors = repo.load_vendors(session=session)
    source_rows = {r.key: r for r in session.scalars(select(SourceRow))}
    keys_by_id = {r.id: r.key for r in source_rows.values()}
    edition_source = keys_by_id.get(row.source_id) if row.source_id is not None else None
    context_source, context_countries = _context_source(session, row, data, keys_by_id)
    used = {c.evidence.source_key for c in data.claims} | (
        {edition_source} if edition_source else set()
    )
    if context_source and context_countries:
        used.add(context_source)
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
    ids = claim_ids(session=session, edition=row, claims=data.claims)
    facts = edition_facts(data, vendors)
    findings = edition_findings(session=session, facts=facts)
    return EditionBundle(
        edition=info,
        data=data,
        facts=facts,
        vendors=vendors,
        countries=countries,
        sources=sources,
        notes=tuple(repo.edition_notes(session=session, edition_id=row.id)),
        published=published,
        findings=tuple(findings),
        claim_ids=ids,
        source_ids={key: source_rows[key].id for key in sources},
        financing=_financing(session, {i.claim_id for i in ids}),
        lenders=fin.load_lenders(session=session),
        context_source=context_source,
        context_countries=context_countries,
    )


def _context_source(
    session: Session, row: EditionRow, data: EditionData, keys_by_id: dict[int, str]
) -> tuple[str | None, frozenset[str]]:
    """Where the country context columns come from: the edition's own file, or for `live` the
    newest Carnegie edition's, whose universe it starts from."""
    if row.kind != "live":
        key = keys_by_id.get(row.source_id) if row.source_id is not None else None
        return key, frozenset(data.contexts)
    base = repo.get_edition(session=session, slug=EDITION_2022)
    if base is None or base.source_id is None:
        return None, frozenset()
    countries = repo.edition_contexts(session=session, edition_id=base.id)
    return keys_by_id.get(base.source_id), frozenset(countries)


def _financing(session: Session, claims: set[int]) -> tuple[FinancingEntry, ...]:
    """The financing records of the exported claims, by id."""
    records = sorted(
        (r for r in fin.financing_records(session=session) if r.claim_id in claims),
        key=lambda r: r.id,
    )
    stored = fin.financing_rows(session=session, ids=[r.id for r in records])
    return tuple(
        FinancingEntry(
            record=r,
            lender_name_in_source=stored[r.id].lender_name_in_source,
            flow_type_in_source=stored[r.id].flow_type_in_source,
            description=stored[r.id].description,
            implementing_agencies=stored[r.id].implementing_agencies,
            contractors_in_source=stored[r.id].contractors_in_source,
            provenance=stored[r.id].provenance,
        )
        for r in records
    )
