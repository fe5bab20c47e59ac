"""Reads behind the read models: memoised edition facts, and claims, sources, deployments.

Edition facts are memoised per database change counter, so that repeated requests do not reload a
thousand claims; any review decision or new claim changes the counter and the next call sees the
new data.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.orm import Session

from survindex.analysis.editions import edition_data
from survindex.analysis.facts import EditionFacts, edition_facts
from survindex.analysis.filters import ClaimFilters
from survindex.analysis.readmodels import (
    ClaimView,
    DeploymentView,
    DocumentInfo,
    EditionView,
    EvidenceView,
    Financing,
    Outlet,
    QuoteInContext,
    SourceRef,
    SourceView,
)
from survindex.reference.countries import country_name
from survindex.store import repository as repo
from survindex.store.fetches import OutletRecord, outlets_of
from survindex.store.schema import (
    ClaimRow,
    DeploymentRow,
    DocumentRow,
    EditionRow,
    ReviewRow,
    SourceRow,
    VendorRow,
)

#: Characters of document text shown on each side of a quote on a source's page.
CONTEXT_CHARS = 240
Counter = tuple[int, int, int]


class NotFound(LookupError):
    """The thing asked for does not exist (unknown source id, vendor slug...)."""


def change_counter(*, session: Session) -> Counter:
    """Changes whenever a claim is added or a review decision taken: (reviews, claims, max id)."""
    reviews = session.scalar(select(func.coalesce(func.max(ReviewRow.id), 0))) or 0
    count, top = session.execute(
        select(func.count(ClaimRow.id), func.coalesce(func.max(ClaimRow.id), 0))
    ).one()
    return int(reviews), int(count), int(top)


MemoKey = tuple[str, str, date | None]
_memo: OrderedDict[MemoKey, tuple[Counter, EditionFacts]] = OrderedDict()
_memo_lock = threading.Lock()
_building: dict[MemoKey, threading.Lock] = {}
#: Editions' facts kept at once (each edition today, plus recently asked "as of" days).
MEMO_ENTRIES = 48


def cached_facts(*, session: Session, slug: str, as_of: date | None = None) -> EditionFacts:
    """An edition's facts (as of a day, or today), memoised per database and change counter.

    One thread builds an edition's facts while the others asking for it wait for the result,
    so that a burst of requests on a cold server does not build the same facts fifty times.
    """
    key = (str(session.get_bind().engine.url), slug, as_of)
    counter = change_counter(session=session)
    with _memo_lock:
        hit = _memo.get(key)
        building = _building.setdefault(key, threading.Lock())
    if hit is not None and hit[0] == counter:
        return hit[1]
    with building:
        with _memo_lock:
            hit = _memo.get(key)
        if hit is not None and hit[0] == counter:
            return hit[1]
        data = edition_data(session=session, slug=slug, as_of=as_of)
        facts = edition_facts(data, repo.load_vendors(session=session))
        with _memo_lock:
            _memo[key] = (counter, facts)
            _memo.move_to_end(key)
            while len(_memo) > MEMO_ENTRIES:
                old, _value = _memo.popitem(last=False)
                _building.pop(old, None)
    return facts


def edition_slugs(*, session: Session) -> list[str]:
    return [e.slug for e in repo.list_editions(session=session)]


def editions(*, session: Session) -> list[EditionView]:
    return [
        EditionView(slug=e.slug, title=e.title, kind=e.kind, universe_defined=e.universe_defined)
        for e in repo.list_editions(session=session)
    ]


def _claim_view(
    row: ClaimRow, source: SourceRow, edition: str | None, vendor: VendorRow | None
) -> ClaimView:
    financing = None
    if row.financing_type:
        financing = Financing(
            type=row.financing_type,
            lender=row.financing_lender,
            amount_usd=row.financing_amount_usd,
            year=row.financing_year,
        )
    return ClaimView(
        id=row.id,
        country=row.country,
        technology=row.technology,
        vendor=vendor.name if vendor else None,
        vendor_slug=vendor.slug if vendor else None,
        vendor_country=row.vendor_country,
        vendor_name_in_source=row.vendor_name_in_source,
        city=row.city,
        status=row.status,
        financing=financing,
        confidence=row.confidence,
        claim_status=row.claim_status,
        in_live=bool(row.in_live),
        edition=edition,
        evidence=EvidenceView(
            quote=row.quote, start=row.quote_start, end=row.quote_end, locator=row.locator
        ),
        source=SourceRef(
            id=source.id,
            title=source.title,
            producer=source.producer,
            url=source.url,
            doi=source.doi,
            licence=source.licence,
            published=source.published.isoformat() if source.published else None,
        ),
    )


def claim_views(
    *, session: Session, where: Any, offset: int = 0, limit: int | None = None
) -> list[ClaimView]:
    """Claims matching a SQLAlchemy condition, by id, each with its source and evidence."""
    query = (
        select(ClaimRow, SourceRow, EditionRow.slug, VendorRow)
        .join(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(EditionRow, EditionRow.id == ClaimRow.edition_id)
        .outerjoin(VendorRow, VendorRow.id == ClaimRow.vendor_id)
        .where(where)
        .order_by(ClaimRow.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    views = [_claim_view(c, s, e, v) for c, s, e, v in session.execute(query)]
    outlets = outlets_of(session=session, source_ids={view.source.id for view in views})
    if not outlets:
        return views
    return [
        view.model_copy(update={"outlets": _outlets(outlets[view.source.id])})
        if view.source.id in outlets
        else view
        for view in views
    ]


def _outlets(records: list[OutletRecord]) -> list[Outlet]:
    return [
        Outlet(
            publisher=r.publisher,
            url=r.url,
            published=r.published.isoformat() if r.published else None,
            mirror=r.mirror,
        )
        for r in records
    ]


def claims_as_dicts(
    *, session: Session, where: Any, offset: int = 0, limit: int | None = None
) -> list[dict[str, Any]]:
    """:func:`claim_views` as plain dicts, for templates that predate the read models."""
    views = claim_views(session=session, where=where, offset=offset, limit=limit)
    return [v.model_dump() for v in views]


def claim_page(
    *, session: Session, filters: ClaimFilters, limit: int | None = None, offset: int = 0
) -> tuple[int, list[ClaimView]]:
    """Claims with their evidence and source, by id; returns (total matching, the page)."""
    conditions: list[Any] = [true()]
    if filters.status:
        conditions.append(ClaimRow.claim_status == filters.status)
    if filters.country:
        conditions.append(ClaimRow.country == filters.country)
    if filters.technology:
        conditions.append(ClaimRow.technology == filters.technology)
    if filters.vendor:
        conditions.append(
            ClaimRow.vendor_id.in_(select(VendorRow.id).where(VendorRow.slug == filters.vendor))
        )
    if filters.edition:
        conditions.append(
            ClaimRow.edition_id.in_(select(EditionRow.id).where(EditionRow.slug == filters.edition))
        )
    where = and_(*conditions)
    total = session.scalar(select(func.count(ClaimRow.id)).where(where)) or 0
    return total, claim_views(session=session, where=where, offset=offset, limit=limit)


def deployment_views(
    *,
    session: Session,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
) -> list[DeploymentView]:
    """Deployments of the live index (accepted claims merged by country, technology, supplier)."""
    claim_counts = (
        select(ClaimRow.deployment_id, func.count(ClaimRow.id).label("n"))
        .group_by(ClaimRow.deployment_id)
        .subquery()
    )
    query = (
        select(DeploymentRow, VendorRow, claim_counts.c.n)
        .outerjoin(VendorRow, VendorRow.id == DeploymentRow.vendor_id)
        .outerjoin(claim_counts, claim_counts.c.deployment_id == DeploymentRow.id)
        .order_by(DeploymentRow.id)
    )
    if country:
        query = query.where(DeploymentRow.country == country)
    if vendor:
        query = query.where(VendorRow.slug == vendor)
    if technology:
        query = query.where(DeploymentRow.technology == technology)
    return [
        DeploymentView(
            id=d.id,
            country=d.country,
            country_name=country_name(d.country),
            technology=d.technology,
            vendor=v.name if v else None,
            vendor_slug=v.slug if v else None,
            vendor_country=d.vendor_country or (v.home_country if v else None),
            city=d.city,
            status=d.status,
            claims=n or 0,
        )
        for d, v, n in session.execute(query)
    ]


def source_view(*, session: Session, source_id: int) -> SourceView:
    """A source with its Origin and every claim's quote shown in the text around it."""
    source = session.get(SourceRow, source_id)
    if source is None:
        raise NotFound(f"no source {source_id}")
    document = session.scalar(select(DocumentRow).where(DocumentRow.source_id == source_id))
    text = document.text if document else None
    quotes = []
    for claim in session.scalars(
        select(ClaimRow).where(ClaimRow.source_id == source_id).order_by(ClaimRow.id)
    ):
        before = after = None
        start, end = claim.quote_start, claim.quote_end
        if text is not None and start is not None and end is not None:
            before = text[max(0, start - CONTEXT_CHARS) : start]
            after = text[end : end + CONTEXT_CHARS]
        quotes.append(
            QuoteInContext(
                claim_id=claim.id,
                country=claim.country,
                technology=claim.technology,
                claim_status=claim.claim_status,
                quote=claim.quote,
                start=start,
                end=end,
                locator=claim.locator,
                before=before,
                after=after,
            )
        )
    return SourceView(
        id=source.id,
        key=source.key,
        kind=source.kind,
        producer=source.producer,
        title=source.title,
        url=source.url,
        doi=source.doi,
        published=source.published.isoformat() if source.published else None,
        accessed=source.accessed.isoformat() if source.accessed else None,
        licence=source.licence,
        citation=source.citation,
        sha256=source.sha256,
        document=(
            DocumentInfo(reader=document.reader, normalisation=document.normalisation)
            if document
            else None
        ),
        quotes=quotes,
    )
