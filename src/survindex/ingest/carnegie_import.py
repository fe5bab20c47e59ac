"""Write a parsed Carnegie file into the store as one edition, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from survindex.domain import DataQualityNote
from survindex.domain.vocab import EDITION_V1
from survindex.ingest.carnegie import parse_carnegie
from survindex.ingest.carnegie_claims import trace_misplaced_overflow
from survindex.ingest.carnegie_rows import CarnegieImport
from survindex.reference.published import published_for
from survindex.store import repository as repo
from survindex.store.database import Store


class EditionConflict(ValueError):
    """The edition exists already, imported from a different file."""


@dataclass(frozen=True)
class ImportResult:
    edition: str
    created: bool  # False when the same file was imported before: nothing changed
    countries: int
    claims: int
    notes: tuple[DataQualityNote, ...]


def import_carnegie(*, store: Store, path: Path) -> ImportResult:
    """Import a Carnegie AIGS file; re-importing the same bytes changes nothing.

    >>> import_carnegie(store=Store("survindex.db"), path=Path("aigs-2022.xlsx"))  # doctest: +SKIP
    """
    parsed = parse_carnegie(path)
    # The writer lock: two imports of one file at once would both find the edition missing.
    with store.exclusive(), store.transaction() as session:
        existing = repo.get_edition(session=session, slug=parsed.edition)
        if existing is not None:
            if existing.file_sha256 != parsed.origin.sha256:
                raise EditionConflict(
                    f"{path}: edition {parsed.edition} was imported from another file "
                    f"(sha256 {existing.file_sha256}); remove the database to rebuild it"
                )
            notes = repo.edition_notes(session=session, edition_id=existing.id)
            return ImportResult(parsed.edition, False, 0, 0, tuple(notes))
        if parsed.misplaced_overflow:
            earlier = _overflow_vendors(session=session, edition=EDITION_V1)
            parsed.notes.extend(trace_misplaced_overflow(parsed, earlier, EDITION_V1))
        _write(session=session, parsed=parsed)
    return ImportResult(
        parsed.edition, True, len(parsed.contexts), len(parsed.claims), tuple(parsed.notes)
    )


def _overflow_vendors(*, session: Session, edition: str) -> dict[str, tuple[set[str], set[str]]]:
    """Country -> (vendors from its aligned overflow columns, all its vendors) in an edition."""
    row = repo.get_edition(session=session, slug=edition)
    if row is None:
        return {}
    found: dict[str, tuple[set[str], set[str]]] = {}
    for claim in repo.load_claims(session=session, edition_id=row.id):
        if claim.vendor_slug:
            overflow, everything = found.setdefault(claim.country, (set(), set()))
            everything.add(claim.vendor_slug)
            if "overflow column" in (claim.evidence.locator or ""):
                overflow.add(claim.vendor_slug)
    return {iso: sets for iso, sets in found.items() if sets[0]}


def _write(*, session: Session, parsed: CarnegieImport) -> None:
    source = repo.add_source(
        session=session,
        key=f"carnegie:{parsed.origin.sha256}",
        kind="dataset",
        origin=parsed.origin,
    )
    edition = repo.create_edition(
        session=session,
        slug=parsed.edition,
        title=parsed.title,
        kind="carnegie",
        source_id=source.id,
        file_sha256=parsed.origin.sha256,
        universe_defined=parsed.universe_defined,
    )
    repo.add_contexts(
        session=session, edition_id=edition.id, contexts=parsed.contexts, locators=parsed.locators
    )
    repo.add_notes(session=session, edition_id=edition.id, notes=parsed.notes)
    repo.set_published(
        session=session, edition_id=edition.id, figures=published_for(parsed.edition)
    )
    ids = repo.vendor_ids(session=session)
    for claim in parsed.claims:
        repo.add_claim(
            session=session,
            claim=claim,
            source_id=source.id,
            edition_id=edition.id,
            vendor_id=ids.get(claim.vendor_slug) if claim.vendor_slug else None,
            extractor="carnegie-importer",
        )
