"""The read API under /api: thin routes over survindex.analysis.queries, cached per DB change."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis import graphs
from survindex.analysis import queries as q
from survindex.interfaces.api.common import (
    MAX_LIMIT,
    cache_key,
    dumps,
    page,
    paginate,
    session,
)

router = APIRouter(prefix="/api", tags=["read"])
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Edition = Annotated[str, Query(description="edition slug: live, aigs-2022, aigs-v1")]
DB = Annotated[Session, Depends(session)]
JSON = "application/json"


def _cached(request: Request, render) -> Response:  # type: ignore[no-untyped-def]
    return request.app.state.cache.get(cache_key(request), render)


def country_filters(
    edition: Edition = "live",
    technology: str | None = None,
    vendor: Annotated[str | None, Query(description="vendor slug, e.g. huawei")] = None,
    supplier_country: Annotated[str | None, Query(description="ISO3 of the supplier")] = None,
    regime: Annotated[str | None, Query(description="CA, EA, ED or LD")] = None,
    bri: Annotated[bool | None, Query(description="Belt and Road member")] = None,
) -> q.CountryFilters:
    return q.CountryFilters(
        edition=edition,
        technology=technology or None,
        vendor=vendor or None,
        supplier_country=supplier_country.upper() if supplier_country else None,
        regime=regime.upper() if regime else None,
        bri=bri,
    )


@router.get("/countries", summary="Countries with their technology categories, sorted by ISO3")
def countries(
    request: Request,
    s: DB,
    filters: Annotated[q.CountryFilters, Depends(country_filters)],
    limit: Limit = 500,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        rows = q.country_rows(session=s, filters=filters)
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get("/countries/{iso3}", summary="One country: context, technologies, vendors, claims")
def country(request: Request, iso3: str, s: DB) -> Response:
    return _cached(request, lambda: (dumps(q.country_detail(session=s, iso3=iso3)), JSON))


@router.get("/vendors", summary="Vendors with the countries they supply, sorted by slug")
def vendors(
    request: Request,
    s: DB,
    edition: Edition = "live",
    limit: Limit = 500,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        rows = q.vendor_rows(session=s, edition=edition)
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get("/vendors/{slug}", summary="One vendor: home country, countries, technologies")
def vendor(request: Request, slug: str, s: DB) -> Response:
    return _cached(request, lambda: (dumps(q.vendor_detail(session=s, slug=slug)), JSON))


@router.get("/deployments", summary="Deployments of the live index, by id")
def deployments(
    request: Request,
    s: DB,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        rows = q.deployment_rows(session=s, country=country, vendor=vendor, technology=technology)
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get("/claims", summary="Claims with evidence and source, by id")
def claims(
    request: Request,
    s: DB,
    status: Annotated[str | None, Query(description="candidate, accepted, rejected")] = None,
    country: str | None = None,
    vendor: str | None = None,
    technology: str | None = None,
    edition: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        total, rows = q.claim_rows(
            session=s,
            status=status,
            country=country,
            vendor=vendor,
            technology=technology,
            edition=edition,
            limit=limit,
            offset=offset,
        )
        return page(rows, total=total, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get("/sources/{source_id}", summary="A source, each quote in the text around it")
def source(request: Request, source_id: int, s: DB) -> Response:
    def render() -> tuple[bytes, str]:
        try:
            return dumps(q.source_detail(session=s, source_id=source_id)), JSON
        except q.NotFound as exc:
            raise HTTPException(404, str(exc)) from None

    return _cached(request, render)


@router.get("/findings", summary="Headline findings of an edition (see CONTRACTS.md)")
def findings(
    request: Request, s: DB, edition: Edition = "live", format: Format = "json"
) -> Response:
    def render() -> tuple[bytes, str]:
        payload = q.findings(session=s, edition=edition)
        if format == "csv":
            return paginate(payload["findings"], limit=MAX_LIMIT, offset=0, fmt="csv")
        return dumps(payload), JSON

    return _cached(request, render)


@router.get("/findings/charts", summary="Findings grouped for charts, with supplier countries")
def finding_charts(request: Request, s: DB, edition: Edition = "live") -> Response:
    return _cached(
        request, lambda: (dumps(graphs.finding_charts(session=s, edition=edition)), JSON)
    )


@router.get("/editions", summary="Editions in the database")
def editions(request: Request, s: DB, format: Format = "json") -> Response:
    def render() -> tuple[bytes, str]:
        rows = q.editions(session=s)
        return paginate(rows, limit=MAX_LIMIT, offset=0, fmt=format)

    return _cached(request, render)


@router.get("/network", summary="The vendor -> country supply graph")
def network(
    request: Request,
    s: DB,
    edition: Edition = "live",
    technology: str | None = None,
    supplier_country: str | None = None,
    vendor: str | None = None,
    min_countries: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    def render() -> tuple[bytes, str]:
        graph = graphs.network(
            session=s,
            edition=edition,
            technology=technology or None,
            supplier_country=supplier_country.upper() if supplier_country else None,
            vendor=vendor or None,
            min_countries=min_countries,
        )
        return dumps(graph), JSON

    return _cached(request, render)
