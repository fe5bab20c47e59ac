"""Vendor candidates: the store side of open-vocabulary vendors.

When the claim extractor finds a supplier no registry knows, the claim keeps the name as written
(``claims.vendor_name_in_source``, ``vendor_id`` NULL) and the name becomes a candidate here,
once per casefolded name, for reviewers to confirm as a new vendor, merge into a known one, or
reject (survindex.review.vendor_candidates). Once decided, later claims naming it follow the
decision (:func:`follow_candidate`): confirmed and merged names link to their vendor at once,
rejected ones are kept unlinked and never proposed again.

Only claims read from documents name candidates: Carnegie's and AidData's claims also carry a
``vendor_name_in_source`` (a spreadsheet cell, a contractors field), which is never one.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Select, and_, not_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survindex.store.schema import (
    VENDOR_CANDIDATE_STATUSES,
    ClaimRow,
    EditionRow,
    VendorCandidateRow,
    VendorRow,
)

NEW, CONFIRMED, MERGED, REJECTED = VENDOR_CANDIDATE_STATUSES
#: Decisions after which claims naming the candidate link to ``vendor_id``.
LINKED = (CONFIRMED, MERGED)
#: ``claims.extractor`` prefixes of the importers whose ``vendor_name_in_source`` is never a
#: candidate ("carnegie-importer", "aiddata-importer", "aiddata-review-queue").
IMPORTER_PREFIXES = ("carnegie", "aiddata")
#: The longest name kept as a candidate (the width of ``vendor_candidates.name`` and of a
#: vendor alias); a longer "name" is a misread sentence, and its claim keeps it as written.
MAX_NAME = 300


def candidate_key(name: str) -> str:
    """What makes two written names one candidate: casefolded, whitespace collapsed.

    >>> candidate_key("  ACME  Vision Ltd ")
    'acme vision ltd'
    """
    return " ".join(name.split()).casefold()


def find_candidate(*, session: Session, name: str) -> VendorCandidateRow | None:
    return session.scalar(
        select(VendorCandidateRow).where(VendorCandidateRow.key == candidate_key(name))
    )


def _insert_new(session: Session, name: str, home_country: str | None, seen_at: datetime) -> None:
    """Add the candidate unless another transaction just did (the name's key is unique)."""
    values = {
        "key": candidate_key(name),
        "name": " ".join(name.split()),
        "home_country": home_country,
        "status": NEW,
        "first_seen_at": seen_at,
    }
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(sqlite.insert(VendorCandidateRow).values(values).on_conflict_do_nothing())
    elif dialect == "postgresql":
        session.execute(
            postgresql.insert(VendorCandidateRow).values(values).on_conflict_do_nothing()
        )
    else:
        try:
            with session.begin_nested():
                session.add(VendorCandidateRow(**values))
        except IntegrityError:
            pass


def follow_candidate(
    *, session: Session, name: str, home_country: str | None, seen_at: datetime
) -> VendorRow | None:
    """The vendor a newly stored claim naming ``name`` links to, following reviewers' decision.

    A confirmed or merged name gives its vendor; a new or rejected one gives None (the claim
    keeps the name as written). A name never seen before becomes a new candidate, in the
    caller's transaction; a rejected one is not proposed again. Blank names and names longer
    than :data:`MAX_NAME` are not candidates.

    Example: ``follow_candidate(session=s, name="Acme Vision", home_country="ISR", seen_at=t)``.
    """
    if not name.strip() or len(name.strip()) > MAX_NAME:
        return None
    found = find_candidate(session=session, name=name)
    if found is None:
        _insert_new(session, name, home_country, seen_at)
        return None
    if found.status == NEW and found.home_country is None and home_country:
        found.home_country = home_country
    if found.status in LINKED and found.vendor_id is not None:
        return session.get(VendorRow, found.vendor_id)
    return None


def naming_claims() -> Select[ClaimRow]:
    """Claims that may name a candidate: no vendor, a name as written, not from an importer,
    and in no fixed edition; oldest first. Which candidate each names is its name's key."""
    importers = [ClaimRow.extractor.startswith(prefix) for prefix in IMPORTER_PREFIXES]
    live = select(EditionRow.id).where(EditionRow.kind == "live")
    return (
        select(ClaimRow)
        .where(
            ClaimRow.vendor_id.is_(None),
            ClaimRow.vendor_name_in_source.is_not(None),
            or_(ClaimRow.extractor.is_(None), and_(*(not_(p) for p in importers))),
            or_(ClaimRow.edition_id.is_(None), ClaimRow.edition_id.in_(live)),
        )
        .order_by(ClaimRow.id)
    )


def claims_by_key(
    *, session: Session, claim_ids: list[int] | None = None
) -> dict[str, list[ClaimRow]]:
    """Claims naming a candidate (of ``claim_ids`` when given), by the key of the name."""
    query = naming_claims()
    if claim_ids is not None:
        query = query.where(ClaimRow.id.in_(claim_ids))
    found: dict[str, list[ClaimRow]] = defaultdict(list)
    for claim in session.scalars(query):
        found[candidate_key(claim.vendor_name_in_source or "")].append(claim)
    return dict(found)


def claims_naming(*, session: Session, candidate: VendorCandidateRow) -> list[ClaimRow]:
    """The claims naming one candidate, oldest first."""
    return claims_by_key(session=session).get(candidate.key, [])
