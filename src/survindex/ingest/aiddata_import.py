"""Write AidData GCDF 3.0 records that reviewers decided on into the store, in one transaction.

The edition ``aiddata-gcdf3`` (kind "dataset") holds the accepted claims: kept core records,
and kept borderline ones (their financing record says "borderline"). Records reviewed as
"excluded (uncertain)" become candidate claims in the review queue, outside any edition, so a
reviewer can accept or reject them; excluded records become nothing. Each record is stored once
(keyed by its AidData record id) and each file once (keyed by its sha256), so importing the same
file again changes nothing. Records of the reviewed table that the file lacks are added only
when asked (`survindex init` does: 6 reviewed records are not in the geolocated table).

A second, richer file (the release workbook after the geolocated table) adds no second copy of
a record: it fills only what a stored record lacks (description, implementing agencies, AidData's
flow type and umbrella and aggregate flags), and says how many it filled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from survindex.domain import DataQualityNote, Origin, Relevance
from survindex.domain.vocab import EDITION_AIDDATA
from survindex.ingest.aiddata_drafts import ACCEPTED, Draft, draft
from survindex.ingest.aiddata_files import GcdfRecord, GcdfTable, read_gcdf
from survindex.ingest.aiddata_review import ReviewTable, bundled_review
from survindex.reference import aiddata as ref
from survindex.store import financing as fin
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import SourceRow

EDITION_TITLE = (
    "AidData GCDF 3.0: Chinese state finance for surveillance and public-security technology "
    "(reviewed records)"
)


@dataclass(frozen=True)
class AidDataImport:
    edition: str
    created: bool  # False when this file (and review) was imported before: nothing changed
    countries: int  # recipient countries of the claims added
    accepted: int
    borderline: int  # of the accepted, those kept as borderline
    candidates: int
    excluded: int  # reviewed as excluded: no claim
    already_present: int
    enriched: int
    notes: tuple[DataQualityNote, ...]

    @property
    def claims(self) -> int:
        return self.accepted + self.candidates


def file_origin(table: GcdfTable) -> Origin:
    shape = (
        "release workbook, sheet GCDF_3.0"
        if table.shape == "workbook"
        else "geolocated project table"
    )
    citation = ref.CITATION + (" " + ref.GEOLOCATED_CITATION if table.shape == "table" else "")
    return Origin(
        producer=ref.PRODUCER,
        title=f"{ref.DATASET_TITLE} ({shape}, file {table.path.name})",
        url=ref.DATASET_URL,
        published=ref.RELEASED,
        accessed=date.today(),
        licence=ref.LICENCE,
        sha256=table.sha256,
        citation=citation,
    )


def review_origin(review: ReviewTable) -> Origin:
    return Origin(
        producer=f"{ref.PRODUCER} (records); SurvIndex maintainers (decisions)",
        title="Surveillance-finance candidates in AidData GCDF 3.0, each reviewed by hand "
        f"({len(review.records)} decisions)",
        url=ref.DATASET_URL,
        published=ref.RELEASED,
        accessed=date.today(),
        licence=ref.LICENCE,
        sha256=review.sha256,
        citation=ref.CITATION,
    )


def file_key(table: GcdfTable) -> str:
    return f"aiddata:{table.sha256}"


def _source(session: Session, key: str, origin: Origin) -> SourceRow:
    return repo.add_source(session=session, key=key, kind="dataset", origin=origin)


def import_aiddata(
    *,
    store: Store,
    path: Path,
    review: ReviewTable | None = None,
    include_review_only: bool = False,
    reviewed_rows_only: bool = False,
) -> AidDataImport:
    """Import the reviewed records of a GCDF 3.0 file (workbook or geolocated table).

    ``reviewed_rows_only`` reads only the rows of reviewed records (init's shortcut: the
    bundled table is known to be sound, and reading all 9,404 rows costs more than the rest of
    the import). Anything wrong with the input raises before the database is touched.

    >>> import_aiddata(store=Store("survindex.db"), path=Path("GCDF_3.0.xlsx"))  # doctest: +SKIP
    """
    review = review or bundled_review()
    table = read_gcdf(path, only=set(review.records) if reviewed_rows_only else None)
    with store.exclusive(), store.transaction() as session:
        return _import(session, table, review, include_review_only)


def _already(session: Session, table: GcdfTable, review: ReviewTable, with_review: bool) -> bool:
    keys = [file_key(table)] + ([f"aiddata-review:{review.sha256}"] if with_review else [])
    return all(repo.get_source(session=session, key=key) is not None for key in keys)


def _import(
    session: Session, table: GcdfTable, review: ReviewTable, include_review_only: bool
) -> AidDataImport:
    edition = repo.get_edition(session=session, slug=EDITION_AIDDATA)
    if edition is not None and _already(session, table, review, include_review_only):
        notes = tuple(repo.edition_notes(session=session, edition_id=edition.id))
        return AidDataImport(EDITION_AIDDATA, False, 0, 0, 0, 0, 0, 0, 0, notes)
    source = _source(session, file_key(table), file_origin(table))
    review_source = (
        _source(session, f"aiddata-review:{review.sha256}", review_origin(review))
        if include_review_only
        else None
    )
    if edition is None:
        edition = repo.create_edition(
            session=session,
            slug=EDITION_AIDDATA,
            title=EDITION_TITLE,
            kind="dataset",
            source_id=source.id,
            file_sha256=table.sha256,
        )
    known = fin.known_record_ids(session=session)
    vendor_ids = repo.vendor_ids(session=session)
    counts = dict.fromkeys(("accepted", "borderline", "candidates", "excluded", "already"), 0)
    enriched = 0
    countries: set[str] = set()
    added: list[DataQualityNote] = []
    for record_id, reviewed in sorted(review.records.items()):
        record = table.records.get(record_id)
        if record is None and (review_source is None or reviewed.relevance is Relevance.EXCLUDED):
            continue
        if reviewed.relevance is Relevance.EXCLUDED:
            counts["excluded"] += 1
            continue
        if record_id in known:
            counts["already"] += 1
            enriched += bool(record and _fill(session, record))
            continue
        key = source.key if record is not None else (review_source or source).key
        result = draft(record, reviewed, key)
        if isinstance(result, DataQualityNote):
            added.append(result)
            continue
        source_id = source.id if record is not None else (review_source or source).id
        write_draft(session, result, source_id, edition.id, vendor_ids)
        added.extend(result.notes)
        countries.add(result.claim.country)
        kept = reviewed.relevance in ACCEPTED
        counts["accepted" if kept else "candidates"] += 1
        counts["borderline"] += reviewed.relevance is Relevance.BORDERLINE
    repo.add_notes(session=session, edition_id=edition.id, notes=added)
    return AidDataImport(
        EDITION_AIDDATA,
        True,
        len(countries),
        counts["accepted"],
        counts["borderline"],
        counts["candidates"],
        counts["excluded"],
        counts["already"],
        enriched,
        tuple(added),
    )


def _fill(session: Session, record: GcdfRecord) -> bool:
    values = {
        "description": record.description,
        "implementing_agencies": record.implementing_agencies,
        "flow_type_in_source": record.flow_type,
        "umbrella": record.umbrella,
        "recommended_for_aggregates": record.recommended_for_aggregates,
    }
    return bool(
        fin.fill_missing(session=session, aiddata_record_id=record.record_id, values=values)
    )


def write_draft(
    session: Session,
    result: Draft,
    source_id: int,
    edition_id: int | None,
    vendor_ids: dict[str, int],
) -> None:
    """Store one draft: accepted claims belong to the edition, candidates to none (so that the
    review workflow, which never changes a fixed edition, can accept or reject them)."""
    claim = result.claim
    row = repo.add_claim(
        session=session,
        claim=claim,
        source_id=source_id,
        edition_id=edition_id if claim.edition else None,
        vendor_id=vendor_ids.get(claim.vendor_slug) if claim.vendor_slug else None,
        extractor="aiddata-importer" if claim.edition else "aiddata-review-queue",
    )
    fin.add_financing(session=session, entry=result.entry, claim_id=row.id)


def import_bundled_aiddata(store: Store) -> AidDataImport:
    """`survindex init`'s step: the bundled reviewed subset, joined with the geolocated table."""
    return import_aiddata(
        store=store,
        path=ref.bundled_aiddata(ref.GEOLOCATED_TABLE),
        include_review_only=True,
        reviewed_rows_only=True,
    )
