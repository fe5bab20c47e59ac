"""The read API under /api: thin routes that parse filters, call one view, render its model.

Every route declares its read model, so /openapi.json documents every payload; answers are
cached per database change (see :mod:`survindex.interfaces.api.common`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis import filters as f
from survindex.analysis import queries as q
from survindex.analysis import views
from survindex.analysis.readmodels import (
    ChartsView,
    ClaimView,
    CountryPage,
    CountryRow,
    DeploymentView,
    EditionView,
    FindingsView,
    NetworkView,
    Page,
    SourceView,
    VendorPage,
    VendorRow,
)
from survindex.interfaces.api.common import (
    MAX_LIMIT,
    cache_key,
    model_body,
    page,
    paginate,
    session,
)
from survindex.interfaces.api.parameters import reject_unknown_parameters

router = APIRouter(prefix="/api", tags=["read"], dependencies=[Depends(reject_unknown_parameters)])
Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=10**12, description="rows to skip")]
#: Largest id SQLite and PostgreSQL bigint hold; larger ones are refused with 422, never a 500.
MAX_ID = 2**63 - 1
Edition = Annotated[
    str | None, Query(description="edition slug: live (default), aigs-2022, aigs-v1, aigs-2019")
]
Technology = Annotated[str | None, Query(description="technology id, e.g. safe_city")]
Vendor = Annotated[str | None, Query(description="vendor slug or name, e.g. huawei")]
CountryName = Annotated[str | None, Query(description="ISO3 code or country name")]
Supplier = Annotated[str | None, Query(description="supplier country: ISO3 code or name")]
DB = Annotated[Session, Depends(session)]
AsOfQuery = Annotated[
    str | None,
    Query(description="YYYY-MM-DD: the index as the evidence stood at the end of that day"),
]


def _cached(request: Request, render: Callable[[], tuple[bytes, str]]) -> Response:
    response: Response = request.app.state.cache.get(cache_key(request), render)
    return response


def parse_country_filters(
    s: DB,
    edition: Edition = None,
    technology: Technology = None,
    vendor: Vendor = None,
    supplier_country: Supplier = None,
    regime: Annotated[str | None, Query(description="CA, EA, ED or LD")] = None,
    bri: Annotated[str | None, Query(description="Belt and Road member: true or false")] = None,
    as_of: AsOfQuery = None,
) -> f.CountryFilters:
    """The map's and country list's filters, shared with the home page."""
    return f.country_filters(
        as_of=as_of,
        editions=q.edition_slugs(session=s),
        edition=edition,
        technology=technology,
        vendor=vendor,
        supplier_country=supplier_country,
        regime=regime,
        bri=bri,
    )


def parse_network_filters(
    s: DB,
    edition: Edition = None,
    technology: Technology = None,
    supplier_country: Supplier = None,
    vendor: Vendor = None,
    min_countries: Annotated[int, Query(ge=1, le=10_000)] = 1,
    as_of: AsOfQuery = None,
) -> f.NetworkFilters:
    return f.network_filters(
        as_of=as_of,
        editions=q.edition_slugs(session=s),
        edition=edition,
        technology=technology,
        supplier_country=supplier_country,
        vendor=vendor,
        min_countries=min_countries,
    )


def parse_edition(s: DB, edition: Edition = None) -> str:
    return f.parse_edition(edition, q.edition_slugs(session=s)) if edition else "live"


def parse_as_of(as_of: AsOfQuery = None) -> date | None:
    return f.parse_day(as_of) if as_of else None


AsOfDep = Annotated[date | None, Depends(parse_as_of)]


CountryFilterDep = Annotated[f.CountryFilters, Depends(parse_country_filters)]
NetworkFilterDep = Annotated[f.NetworkFilters, Depends(parse_network_filters)]
EditionDep = Annotated[str, Depends(parse_edition)]


@router.get(
    "/countries",
    response_model=Page[CountryRow],
    summary="Countries of an edition with what counts for each, sorted by ISO3",
)
def countries(
    request: Request,
    s: DB,
    filters: CountryFilterDep,
    limit: Limit = 500,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        rows = views.country_rows(session=s, filters=filters)
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get(
    "/countries/{iso3}",
    response_model=CountryPage,
    summary="One country: context, its row in each edition, claims",
)
def country(request: Request, iso3: str, s: DB, as_of: AsOfDep) -> Response:
    return _cached(
        request, lambda: model_body(views.country_page(session=s, name=iso3, as_of=as_of))
    )


@router.get(
    "/vendors",
    response_model=Page[VendorRow],
    summary="Vendors with the countries they supply, sorted by slug",
)
def vendors(
    request: Request,
    s: DB,
    edition: EditionDep,
    as_of: AsOfDep,
    limit: Limit = 500,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        rows = views.vendor_rows(session=s, edition=edition, as_of=as_of)
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get(
    "/vendors/{slug}",
    response_model=VendorPage,
    summary="One vendor: home country, countries, technologies",
)
def vendor(request: Request, slug: str, s: DB, as_of: AsOfDep) -> Response:
    return _cached(
        request, lambda: model_body(views.vendor_page(session=s, name=slug, as_of=as_of))
    )


@router.get(
    "/deployments",
    response_model=Page[DeploymentView],
    summary="Deployments of the live index, by id",
)
def deployments(
    request: Request,
    s: DB,
    country: CountryName = None,
    vendor: Vendor = None,
    technology: Technology = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    filters = f.claim_filters(editions=(), country=country, vendor=vendor, technology=technology)

    def render() -> tuple[bytes, str]:
        rows = q.deployment_views(
            session=s,
            country=filters.country,
            vendor=filters.vendor,
            technology=filters.technology,
        )
        return paginate(rows, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get("/claims", response_model=Page[ClaimView], summary="Claims with evidence and source")
def claims(
    request: Request,
    s: DB,
    status: Annotated[str | None, Query(description="candidate, accepted, rejected")] = None,
    country: CountryName = None,
    vendor: Vendor = None,
    technology: Technology = None,
    edition: Edition = None,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Format = "json",
) -> Response:
    filters = f.claim_filters(
        editions=q.edition_slugs(session=s),
        status=status,
        country=country,
        vendor=vendor,
        technology=technology,
        edition=edition,
    )

    def render() -> tuple[bytes, str]:
        total, rows = q.claim_page(session=s, filters=filters, limit=limit, offset=offset)
        return page(rows, total=total, limit=limit, offset=offset, fmt=format)

    return _cached(request, render)


@router.get(
    "/sources/{source_id}",
    response_model=SourceView,
    summary="A source, each quote in the text around it",
)
def source(request: Request, source_id: Annotated[int, Path(ge=1, le=MAX_ID)], s: DB) -> Response:
    return _cached(request, lambda: model_body(q.source_view(session=s, source_id=source_id)))


@router.get(
    "/findings",
    response_model=FindingsView,
    summary="Findings of an edition (docs/contracts.md)",
)
def findings(
    request: Request, s: DB, edition: EditionDep, as_of: AsOfDep, format: Format = "json"
) -> Response:
    def render() -> tuple[bytes, str]:
        view = views.findings_view(session=s, edition=edition, as_of=as_of)
        if format == "csv":
            return paginate(view.findings, limit=10**6, offset=0, fmt="csv")
        return model_body(view)

    return _cached(request, render)


@router.get(
    "/findings/charts",
    response_model=ChartsView,
    summary="Findings grouped for charts; every bar is the finding of its id",
)
def finding_charts(request: Request, s: DB, edition: EditionDep, as_of: AsOfDep) -> Response:
    return _cached(
        request,
        lambda: model_body(views.charts_view(session=s, edition=edition, as_of=as_of)),
    )


@router.get("/editions", response_model=Page[EditionView], summary="Editions in the database")
def editions(request: Request, s: DB, format: Format = "json") -> Response:
    def render() -> tuple[bytes, str]:
        rows = q.editions(session=s)
        return paginate(rows, limit=MAX_LIMIT, offset=0, fmt=format)

    return _cached(request, render)


@router.get("/network", response_model=NetworkView, summary="The vendor -> country supply graph")
def network(request: Request, s: DB, filters: NetworkFilterDep) -> Response:
    return _cached(request, lambda: model_body(views.network_view(session=s, filters=filters)))
