"""Vendor candidates: suppliers named by ingested texts that no registry knows, and the three
decisions reviewers take on them.

* :func:`confirm_candidate`: a new vendor (a ``vendors`` row, with the written name as alias);
  every claim naming it links to it.
* :func:`merge_candidate`: the name is another spelling of a known vendor: it becomes an alias of
  that vendor, and the claims link to it.
* :func:`reject_candidate`: not a supplier (a misread, a ministry, a person): its pending claims
  are rejected with the same reason; claims keep the name as written, unlinked.

Each claim changed gets a Review row through survindex.review.workflow, so its history stays
complete; the candidate keeps who decided, when and why. Later ingests follow the decision
(survindex.store.vendor_candidates.follow_candidate). A confirmed vendor is in the ``vendors``
table like any registry vendor, so its accepted claims count in the findings at once.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from survindex.domain import ClaimStatus
from survindex.reference.countries import AmbiguousName, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.review.workflow import ReviewError, check_decider, link_vendor, reject_claim
from survindex.store import repository as repo
from survindex.store.schema import (
    VENDOR_CANDIDATE_STATUSES,
    ClaimRow,
    VendorAliasRow,
    VendorCandidateRow,
    VendorRow,
)
from survindex.store.vendor_candidates import (
    CONFIRMED,
    MERGED,
    NEW,
    REJECTED,
    candidate_key,
    claims_by_key,
    claims_naming,
)

#: Quotes shown per candidate in listings.
QUOTES_SHOWN = 3
#: A slug: lowercase ASCII words joined by hyphens, as the registry's (vendors.csv).
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_LENGTH = 100


@dataclass(frozen=True)
class CandidateQuote:
    claim_id: int
    claim_status: str
    country: str
    quote: str | None


@dataclass(frozen=True)
class VendorCandidate:
    """A candidate as reviewers see it: its decision, and the claims naming it."""

    name: str
    home_country: str | None
    status: str
    vendor_slug: str | None
    decided_by: str | None
    decided_at: str | None
    reason: str | None
    first_seen_at: str
    claims: int
    pending: int
    quotes: tuple[CandidateQuote, ...]


@dataclass(frozen=True)
class CandidateDecision:
    """What a decision did: the candidate, the vendor it names now, the claims changed."""

    name: str
    status: str
    vendor_slug: str | None
    claim_ids: tuple[int, ...]


def _view(
    row: VendorCandidateRow, claims: list[ClaimRow], slugs: dict[int, str]
) -> VendorCandidate:
    pending = [c for c in claims if c.claim_status == ClaimStatus.CANDIDATE.value]
    shown = (pending + [c for c in claims if c not in pending])[:QUOTES_SHOWN]
    return VendorCandidate(
        name=row.name,
        home_country=row.home_country,
        status=row.status,
        vendor_slug=slugs.get(row.vendor_id) if row.vendor_id is not None else None,
        decided_by=row.decided_by,
        decided_at=row.decided_at.isoformat(timespec="seconds") if row.decided_at else None,
        reason=row.reason,
        first_seen_at=row.first_seen_at.isoformat(timespec="seconds"),
        claims=len(claims),
        pending=len(pending),
        quotes=tuple(CandidateQuote(c.id, c.claim_status, c.country, c.quote) for c in shown),
    )


def list_candidates(*, session: Session, status: str | None = NEW) -> list[VendorCandidate]:
    """Candidates with ``status`` (every one when None), most pending claims first.

    A decided candidate's claims are the ones still naming it unlinked: for a rejected name,
    those kept as written. Example: ``list_candidates(session=s)``: the undecided ones.
    """
    if status is not None and status not in VENDOR_CANDIDATE_STATUSES:
        known = ", ".join(VENDOR_CANDIDATE_STATUSES)
        raise ReviewError(f"unknown candidate status {status!r} (use {known})")
    query = select(VendorCandidateRow)
    if status is not None:
        query = query.where(VendorCandidateRow.status == status)
    rows = list(session.scalars(query))
    by_key = claims_by_key(session=session)
    slugs = {i: slug for i, slug in session.execute(select(VendorRow.id, VendorRow.slug))}
    views = [_view(row, by_key.get(row.key, []), slugs) for row in rows]
    return sorted(views, key=lambda v: (-v.pending, -v.claims, v.name.casefold()))


def new_vendor_names(*, session: Session, claim_ids: list[int]) -> dict[int, tuple[str, str]]:
    """For the claims of ``claim_ids`` that name a candidate: claim id -> (its name, status)."""
    by_key = claims_by_key(session=session, claim_ids=claim_ids)
    if not by_key:
        return {}
    rows = session.scalars(select(VendorCandidateRow).where(VendorCandidateRow.key.in_(by_key)))
    return {claim.id: (row.name, row.status) for row in rows for claim in by_key[row.key]}


def _candidate(session: Session, name: str) -> VendorCandidateRow:
    """The undecided candidate ``name`` means; refusals list close names or the decision."""
    row = session.scalar(
        select(VendorCandidateRow).where(VendorCandidateRow.key == candidate_key(name))
    )
    if row is None:
        names = list(session.scalars(select(VendorCandidateRow.name)))
        by_key = {candidate_key(n): n for n in names}
        close = difflib.get_close_matches(candidate_key(name), list(by_key), n=3, cutoff=0.6)
        hint = f"; close: {', '.join(repr(by_key[k]) for k in close)}" if close else ""
        raise ReviewError(f"no vendor candidate {name!r}{hint}", "no-candidate")
    if row.status != NEW:
        when = row.decided_at.date().isoformat() if row.decided_at else "earlier"
        raise ReviewError(
            f"vendor candidate {row.name!r} was already {row.status} by {row.decided_by} on "
            f"{when}: {row.reason}",
            "already-decided",
        )
    return row


def _decide(
    session: Session,
    row: VendorCandidateRow,
    status: str,
    vendor_id: int | None,
    reviewer: str,
    reason: str,
) -> None:
    """Record the decision, only if the candidate is still undecided: of two reviewers deciding
    one candidate at once, the second is refused (and its whole decision rolled back by the
    caller's transaction) instead of overwriting the first."""
    decided = session.execute(
        update(VendorCandidateRow)
        .where(VendorCandidateRow.id == row.id, VendorCandidateRow.status == NEW)
        .values(
            status=status,
            vendor_id=vendor_id,
            decided_by=reviewer.strip(),
            decided_at=repo.now(),
            reason=reason.strip(),
        )
    )
    if cast(CursorResult[Any], decided).rowcount != 1:
        raise ReviewError(
            f"vendor candidate {row.name!r} was decided by someone else meanwhile; "
            "nothing was recorded",
            "already-decided",
        )
    session.refresh(row)


def _add_aliases(session: Session, vendor: VendorRow, names: list[str]) -> None:
    """The written names as aliases of ``vendor``, each once, none that is its name."""
    known = set(
        session.scalars(select(VendorAliasRow.alias).where(VendorAliasRow.vendor_id == vendor.id))
    )
    for name in dict.fromkeys(" ".join(n.split()) for n in names):
        if name not in known:
            session.add(VendorAliasRow(vendor_id=vendor.id, alias=name))
    session.flush()


def _link(
    session: Session, row: VendorCandidateRow, vendor: VendorRow, reviewer: str, reason: str
) -> tuple[int, ...]:
    claims = claims_naming(session=session, candidate=row)
    for claim in claims:
        link_vendor(
            session=session,
            claim_id=claim.id,
            vendor_id=vendor.id,
            reviewer=reviewer,
            reason=reason,
        )
    names = [row.name, *(c.vendor_name_in_source or row.name for c in claims)]
    _add_aliases(session, vendor, names)
    return tuple(c.id for c in claims)


def make_slug(name: str) -> str:
    """A registry-style slug from a written name.

    >>> make_slug("Société Générale de Vidéo S.A.")
    'societe-generale-de-video-s-a'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))[:SLUG_LENGTH].strip("-")


def _new_slug(session: Session, name: str, slug: str | None) -> str:
    chosen = slug.strip().lower() if slug else make_slug(name)
    if not chosen:
        raise ReviewError(f"cannot make a slug from {name!r}: give one (--slug)", "bad-value")
    if not SLUG.fullmatch(chosen) or len(chosen) > SLUG_LENGTH:
        raise ReviewError(
            f"bad slug {chosen!r}: use lowercase letters, digits and hyphens "
            f"(at most {SLUG_LENGTH} characters)",
            "bad-value",
        )
    taken = session.scalar(select(VendorRow).where(VendorRow.slug == chosen))
    if taken is not None:
        raise ReviewError(
            f"a vendor {chosen!r} already exists ({taken.name}): merge into it "
            f"(survindex vendors merge NAME --into {chosen}) or give another slug",
            "vendor-exists",
        )
    return chosen


def _refuse_known_name(session: Session, name: str) -> None:
    """A name the registry resolves is no new vendor: point the reviewer to merge."""
    try:
        known = resolve_vendor(name)
    except AmbiguousName as exc:
        raise ReviewError(f"{exc}: merge it into one of them", "vendor-exists") from None
    except LookupError:
        known = None
    if known is None:
        known_row = session.scalar(
            select(VendorRow).where(func.lower(VendorRow.name) == name.strip().lower())
        )
        slug = known_row.slug if known_row else None
    else:
        slug = known.slug
    if slug is not None:
        raise ReviewError(
            f"{name!r} is a known vendor ({slug}): merge it instead "
            f"(survindex vendors merge NAME --into {slug})",
            "vendor-exists",
        )


def _home_country(value: str | None, default: str | None) -> str | None:
    if value is None or not value.strip():
        return default
    try:
        return resolve_country_code(value)
    except LookupError as exc:
        raise ReviewError(f"bad value for home country: {exc}", "bad-value") from None


def confirm_candidate(
    *,
    session: Session,
    name: str,
    reviewer: str,
    reason: str,
    slug: str | None = None,
    home_country: str | None = None,
) -> CandidateDecision:
    """Make a candidate a new vendor and link every claim naming it.

    The vendor is named as written; its slug is made from the name unless given, and its home
    country is the one the texts gave unless given (a name or ISO3 code).

    Example: ``confirm_candidate(session=s, name="Acme Vision", reviewer="alice",
    reason="Israeli integrator, see its site", home_country="ISR")``.
    """
    check_decider(reviewer, reason)
    row = _candidate(session, name)
    _refuse_known_name(session, row.name)
    chosen = _new_slug(session, row.name, slug)
    vendor = VendorRow(
        slug=chosen, name=row.name, home_country=_home_country(home_country, row.home_country)
    )
    session.add(vendor)
    session.flush()
    claim_ids = _link(session, row, vendor, reviewer, reason)
    _decide(session, row, CONFIRMED, vendor.id, reviewer, reason)
    return CandidateDecision(row.name, CONFIRMED, vendor.slug, claim_ids)


def _existing_vendor(session: Session, into: str) -> VendorRow:
    """A vendor in the database by slug, else by a registry name or alias, else by its name."""
    text = into.strip()
    found = session.scalar(select(VendorRow).where(VendorRow.slug == text.lower()))
    if found is None:
        try:
            slug = resolve_vendor(text).slug
        except LookupError:
            found = session.scalar(
                select(VendorRow).where(func.lower(VendorRow.name) == text.lower())
            )
        else:
            found = session.scalar(select(VendorRow).where(VendorRow.slug == slug))
    if found is None:
        slugs = list(session.scalars(select(VendorRow.slug)))
        close = difflib.get_close_matches(text.lower(), slugs, n=3, cutoff=0.6)
        hint = f"; close: {', '.join(close)}" if close else ""
        raise ReviewError(f"no vendor {into!r}{hint}", "unknown-vendor")
    return found


def merge_candidate(
    *, session: Session, name: str, into: str, reviewer: str, reason: str
) -> CandidateDecision:
    """Take a candidate as another spelling of a known vendor (``into``: its slug, or a name
    the registry knows): the written name becomes its alias, and the claims link to it.

    Example: ``merge_candidate(session=s, name="Hik Vision Co", into="hikvision",
    reviewer="alice", reason="same company, spelt apart")``.
    """
    check_decider(reviewer, reason)
    row = _candidate(session, name)
    vendor = _existing_vendor(session, into)
    claim_ids = _link(session, row, vendor, reviewer, reason)
    _decide(session, row, MERGED, vendor.id, reviewer, reason)
    return CandidateDecision(row.name, MERGED, vendor.slug, claim_ids)


def reject_candidate(
    *, session: Session, name: str, reviewer: str, reason: str
) -> CandidateDecision:
    """Refuse a candidate: its pending (candidate) claims are rejected with ``reason``, each
    with its Review row; accepted or rejected claims naming it are left as they are. Later
    claims naming it keep the name as written, unlinked, and do not propose it again.

    Example: ``reject_candidate(session=s, name="Ministry of Interior", reviewer="alice",
    reason="the buyer, not a supplier")``.
    """
    check_decider(reviewer, reason)
    row = _candidate(session, name)
    pending = [
        c
        for c in claims_naming(session=session, candidate=row)
        if c.claim_status == ClaimStatus.CANDIDATE.value
    ]
    for claim in pending:
        reject_claim(session=session, claim_id=claim.id, reviewer=reviewer, reason=reason)
    _decide(session, row, REJECTED, None, reviewer, reason)
    return CandidateDecision(row.name, REJECTED, None, tuple(c.id for c in pending))
