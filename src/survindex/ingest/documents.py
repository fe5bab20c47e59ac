"""Store one read document and its candidate claims: a `sources` row, a `documents` row, claims.

The caller gives one transaction per document (see :func:`survindex.ingest.pipeline.ingest_paths`)
so that a document is stored whole or not at all. A document whose text sha256 is already in
`documents` is not stored again, which is what makes ingesting idempotent and resumable.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.domain import Claim, Origin, Vendor
from survindex.ingest.extract import EXTRACTOR_VERSION, ExtractedClaim, to_domain
from survindex.ingest.gazetteer import vendors as known_vendors
from survindex.ingest.readers import Document
from survindex.store import repository as repo
from survindex.store.fetches import add_mirror, mirror_hashes, source_of_text
from survindex.store.schema import DocumentRow, MirrorRow, VendorRow
from survindex.store.vendor_candidates import follow_candidate

#: What each reader did to the file to get the text that evidence offsets index.
NORMALISATION = {
    "text": "decoded-verbatim",
    "markdown": "decoded-verbatim",
    "html": "trafilatura-main-text",
    "pdf": "pypdf-pages-blank-line-joined",
}
SOURCE_PREFIX = "doc:"
#: The producer of a document nobody said anything about (no publisher given, no URL found).
UNKNOWN_PRODUCER = "unknown"


class DataQualityError(ValueError):
    """Extracted data that does not fit its document; the document is not stored."""


#: Name and version of the claim extractor, kept with every claim it proposed.
EXTRACTOR = f"survindex {EXTRACTOR_VERSION}"


def source_key(sha256: str) -> str:
    return f"{SOURCE_PREFIX}{sha256}"


def parse_published(value: str | None) -> date | None:
    """The date a reader found (``2021-03-04`` or a longer ISO timestamp); None otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def document_citation(origin: Origin) -> str:
    """A reference to cite the document by, from what is known of it.

    >>> document_citation(Origin("Reuters", "Cameras for Kampala", url="https://reuters.com/a",
    ...     published=date(2021, 5, 4), accessed=date(2026, 11, 2)))
    'Reuters (2021-05-04). Cameras for Kampala. https://reuters.com/a (accessed 2026-11-02).'
    """
    producer = "Unknown publisher" if origin.producer == UNKNOWN_PRODUCER else origin.producer
    when = origin.published.isoformat() if origin.published else "n.d."
    where = f" {origin.url}" if origin.url else ""
    accessed = f" (accessed {origin.accessed.isoformat()})" if origin.accessed else ""
    return f"{producer} ({when}). {origin.title.rstrip('.')}.{where}{accessed}."


def document_origin(document: Document, accessed: date) -> Origin:
    """Provenance of a document: the producer is the publisher given at ingest, else the web
    host when the page gave its URL, else unknown."""
    host = urlparse(document.url).hostname if document.url else None
    producer = document.publisher or (host.removeprefix("www.") if host else UNKNOWN_PRODUCER)
    origin = Origin(
        producer=producer,
        title=document.title or Path(document.path).name,
        url=document.url,
        published=parse_published(document.published),
        accessed=accessed,
        sha256=document.sha256,
    )
    return replace(origin, citation=document_citation(origin))


def is_stored(*, session: Session, sha256: str) -> bool:
    """Whether this exact text is stored, as a document or as a mirror of one."""
    return source_of_text(session=session, sha256=sha256) is not None


def stored_hashes(*, session: Session) -> set[str]:
    """Text hashes of every document and mirror: the texts an ingest need not read again."""
    return set(session.scalars(select(DocumentRow.text_sha256))) | mirror_hashes(session=session)


def check_claims(document: Document, claims: tuple[ExtractedClaim, ...]) -> None:
    """Every quote must stand at its offsets in the text; raise DataQualityError otherwise."""
    for claim in claims:
        if document.text[claim.start : claim.end] != claim.quote:
            raise DataQualityError(
                f"{document.path}: claim quote does not match the text at "
                f"{claim.start}-{claim.end}; the document was not stored"
            )


def _vendor_id(session: Session, slug: str, cache: dict[str, int]) -> int:
    """The vendor's id, adding vendors the extractor knows but the registry table lacks."""
    if slug in cache:
        return cache[slug]
    found = session.scalar(select(VendorRow.id).where(VendorRow.slug == slug))
    if found is None:
        info = known_vendors().get(slug)
        name, home = (info.name, info.home_country) if info else (slug, None)
        repo.upsert_vendors(session=session, vendors=[Vendor(slug, name, home)])
        found = session.scalars(select(VendorRow.id).where(VendorRow.slug == slug)).one()
    cache[slug] = found
    return found


def _follow_candidate(
    session: Session, name: str, claim: Claim, seen_at: datetime
) -> tuple[int | None, Claim]:
    """A claim naming a supplier no registry knows: register the name as a vendor candidate, or
    follow reviewers' decision on it (survindex.store.vendor_candidates). A name confirmed or
    merged links to its vendor, whose home country fills a supplier country the text left out."""
    if claim.vendor_name_in_source is None:
        claim = replace(claim, vendor_name_in_source=name)
    vendor = follow_candidate(
        session=session, name=name, home_country=claim.vendor_country, seen_at=seen_at
    )
    if vendor is None:
        return None, claim
    if claim.vendor_country is None and vendor.home_country:
        claim = replace(claim, vendor_country=vendor.home_country)
    return vendor.id, claim


def store_document(
    *,
    session: Session,
    document: Document,
    claims: tuple[ExtractedClaim, ...],
    accessed: date,
    vendor_cache: dict[str, int] | None = None,
    minhash: bytes | None = None,
) -> int | None:
    """Add a document and its candidate claims; None when its text is already stored.

    Returns the number of claims stored. ``vendor_cache`` (slug -> id) saves a query per claim;
    new vendors are added to it, so the caller should drop it if the transaction rolls back.
    A claim naming a supplier no registry knows (``vendor_new``) registers it as a vendor
    candidate in the same transaction, or follows the decision reviewers took on it.
    ``minhash`` is the text's signature (survindex.ingest.neardup), kept for the next ingest.
    """
    if is_stored(session=session, sha256=document.sha256):
        return None
    check_claims(document, claims)
    source = repo.add_source(
        session=session,
        key=source_key(document.sha256),
        kind="document",
        origin=document_origin(document, accessed),
    )
    session.add(
        DocumentRow(
            source_id=source.id,
            path=document.path,
            text=document.text,
            text_sha256=document.sha256,
            reader=document.reader,
            reader_version=document.reader_version,
            normalisation=NORMALISATION.get(document.reader, document.reader),
            minhash=minhash,
        )
    )
    cache = vendor_cache if vendor_cache is not None else {}
    seen_at = repo.now()
    for claim in claims:
        domain_claim = to_domain(claim)
        vendor_id = _vendor_id(session, claim.vendor_slug, cache) if claim.vendor_slug else None
        if vendor_id is None and claim.vendor_new:
            vendor_id, domain_claim = _follow_candidate(
                session, claim.vendor_new, domain_claim, seen_at
            )
        repo.add_claim(
            session=session,
            claim=domain_claim,
            source_id=source.id,
            edition_id=None,
            vendor_id=vendor_id,
            extractor=EXTRACTOR,
        )
    session.flush()
    return len(claims)


def store_mirror(
    *,
    session: Session,
    document: Document,
    source_id: int,
    similarity: float,
    fetched_at: datetime | None = None,
    minhash: bytes | None = None,
) -> MirrorRow | None:
    """Add a near-identical copy of a stored document as a mirror of its source (no claims of
    its own: the source's candidate claims stand for both); None when its text is stored.

    The outlet is the publisher given at ingest, else the web host of the copy's URL;
    ``fetched_at`` is when it was fetched (None for a file).
    """
    if is_stored(session=session, sha256=document.sha256):
        return None
    origin = document_origin(document, accessed=date.today())
    return add_mirror(
        session=session,
        source_id=source_id,
        text_sha256=document.sha256,
        similarity=similarity,
        created_at=repo.now(),
        url=document.url,
        publisher=None if origin.producer == UNKNOWN_PRODUCER else origin.producer,
        title=document.title,
        published=origin.published,
        fetched_at=fetched_at.astimezone(UTC).replace(tzinfo=None) if fetched_at else None,
        path=document.path,
        minhash=minhash,
    )
