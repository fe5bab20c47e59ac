"""Feeds of newly accepted claims: for the whole index, a country, a vendor or a technology.

"Newly accepted" means accepted by a reviewer: the review history holds the time of that
decision, which dates the entry. Claims that arrived accepted with an edition (Carnegie's) have
no such decision and are not news; they are in the index's pages and exports instead. A claim
rejected or retracted after its acceptance leaves the feed.

The read model here is rendered as Atom by :mod:`survindex.publish.atom`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from survindex.analysis.queries import NotFound, claim_views
from survindex.analysis.readmodels import ClaimView, ReadModel
from survindex.analysis.titles import claim_title
from survindex.domain.vocab import ClaimStatus, Decision, Technology
from survindex.reference.countries import country_name, resolve_country_code
from survindex.reference.vendors import resolve_vendor
from survindex.store.schema import ClaimRow, EditionRow, ReviewRow, VendorRow

#: Entries per feed: feed readers poll often and only need what is new.
FEED_LIMIT = 100
#: The date of a feed with no entry, in a database with no edition either (Atom needs one).
NO_ENTRY_YET = datetime(1970, 1, 1)


class FeedEntry(ReadModel):
    claim: ClaimView
    title: str
    #: When a reviewer accepted the claim (its latest acceptance).
    accepted_at: datetime
    #: The acceptance, or a later edit of the claim when there is one (edits before the
    #: acceptance are older than it).
    updated_at: datetime


class ClaimFeed(ReadModel):
    """A feed's metadata and entries, newest first; times are UTC."""

    #: "index", "country", "vendor" or "technology", and which one (ISO3, slug, technology id).
    scope: str
    key: str | None
    title: str
    #: The feed's own path and the page it accompanies.
    path: str
    page: str
    updated: datetime
    entries: list[FeedEntry]


def _latest(decisions: tuple[str, ...]) -> Any:
    """Per claim, the time of its latest decision among ``decisions`` (a subquery)."""
    return (
        select(ReviewRow.claim_id, func.max(ReviewRow.at).label("at"))
        .where(ReviewRow.decision.in_(decisions))
        .group_by(ReviewRow.claim_id)
        .subquery()
    )


def _scope(
    session: Session, country: str | None, vendor: str | None, technology: str | None
) -> tuple[str, str | None, str, str, Any]:
    """(scope, key, what it is called, its page, the claims' condition) of a feed."""
    if country is not None:
        iso3 = resolve_country_code(country)
        return "country", iso3, country_name(iso3), f"/countries/{iso3}", ClaimRow.country == iso3
    if vendor is not None:
        found = resolve_vendor(vendor)
        vendor_id = session.scalar(select(VendorRow.id).where(VendorRow.slug == found.slug))
        return (
            "vendor",
            found.slug,
            found.name,
            f"/vendors/{quote(found.slug, safe='')}",
            ClaimRow.vendor_id == vendor_id,
        )
    if technology is not None:
        known = {t.value for t in Technology}
        if technology not in known:
            raise NotFound(f"no technology {technology!r}; known: {', '.join(sorted(known))}")
        return (
            "technology",
            technology,
            technology.replace("_", " "),
            f"/?technology={technology}",
            ClaimRow.technology == technology,
        )
    return "index", None, "the whole index", "/", true()


def claim_feed(
    *,
    session: Session,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
    limit: int = FEED_LIMIT,
) -> ClaimFeed:
    """The feed of claims reviewers accepted, newest first, for one scope (at most one given).

    >>> claim_feed(session=session, country="Kenya").path  # doctest: +SKIP
    '/feeds/countries/KEN.atom'

    ``country`` takes any name or code (unknown ones raise UnknownName), ``vendor`` a slug,
    name or alias, ``technology`` an id such as ``safe_city`` (unknown ones raise NotFound).
    """
    if sum(v is not None for v in (country, vendor, technology)) > 1:
        raise ValueError("a feed is for one country, vendor or technology, not several")
    scope, key, called, page, condition = _scope(session, country, vendor, technology)
    accepted = _latest((Decision.ACCEPT.value,))
    changed = _latest((Decision.ACCEPT.value, Decision.EDIT.value))
    rows = session.execute(
        select(ClaimRow.id, accepted.c.at, changed.c.at)
        .join(accepted, accepted.c.claim_id == ClaimRow.id)
        .join(changed, changed.c.claim_id == ClaimRow.id)
        .where(
            ClaimRow.claim_status == ClaimStatus.ACCEPTED.value,
            ClaimRow.in_live.is_(True),
            condition,
        )
        .order_by(changed.c.at.desc(), ClaimRow.id.desc())
        .limit(limit)
    ).all()
    views = {
        c.id: c for c in claim_views(session=session, where=ClaimRow.id.in_([r[0] for r in rows]))
    }
    entries = [
        FeedEntry(
            claim=views[claim_id],
            title=claim_title(views[claim_id]),
            accepted_at=accepted_at,
            updated_at=updated_at,
        )
        for claim_id, accepted_at, updated_at in rows
        if claim_id in views
    ]
    folder = {
        "index": "",
        "country": "countries/",
        "vendor": "vendors/",
        "technology": "technologies/",
    }
    path = f"/feeds/{folder[scope]}{quote(key, safe='') if key else 'index'}.atom"
    return ClaimFeed(
        scope=scope,
        key=key,
        title=f"SurvIndex: newly accepted claims, {called}",
        path=path,
        page=page,
        updated=entries[0].updated_at if entries else _index_date(session),
        entries=entries,
    )


def _index_date(session: Session) -> datetime:
    """When the index was last built or imported: the date of a feed with no entry yet."""
    built = session.scalar(select(func.max(EditionRow.created_at)))
    return built if isinstance(built, datetime) else NO_ENTRY_YET
