"""Financing under /api: the records list, the lender registry and one lender, each rendering
the read model of :mod:`survindex.analysis.financing_views` (as the CLI and the pages do)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis import financing_views as money
from survindex.analysis.filters import InvalidParameter
from survindex.analysis.financing_views import FinancingList, LenderPage, LenderView
from survindex.interfaces.api.common import cache_key, model_body, session, to_csv
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.reference.countries import UnknownName

router = APIRouter(
    prefix="/api", tags=["financing"], dependencies=[Depends(reject_unknown_parameters)]
)
DB = Annotated[Session, Depends(session)]


def _filters(
    country: Annotated[str | None, Query(description="recipient: ISO3 code or name")] = None,
    lender: Annotated[str | None, Query(description="lender: slug, name or alias")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="commitment year")] = None,
    flow_type: Annotated[str | None, Query(description="loan, soft_loan, grant, ...")] = None,
    status: Annotated[str, Query(description="accepted (default), candidate or all")] = "accepted",
) -> money.FinancingFilters:
    if status not in money.STATUSES:
        raise InvalidParameter("status", f"{status!r} is not accepted", money.STATUSES)
    return money.FinancingFilters(
        country=country, lender=lender, year=year, flow_type=flow_type, status=status
    )


def _as_parameter_error(parameter: str, exc: Exception) -> InvalidParameter:
    suggestions = exc.suggestions if isinstance(exc, UnknownName) else []
    return InvalidParameter(parameter, str(exc), suggestions)


@router.get(
    "/financing",
    response_model=FinancingList,
    summary="Financing records (AidData and reviewed news) with their total counted once",
)
def financing(
    request: Request,
    s: DB,
    filters: Annotated[money.FinancingFilters, Depends(_filters)],
    format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
) -> Response:
    def render() -> tuple[bytes, str]:
        try:
            found = money.financing_list(session=s, filters=filters)
        except UnknownName as exc:
            raise _as_parameter_error(exc.kind, exc) from None
        except money.FinancingFilterError as exc:
            raise _as_parameter_error("flow_type", exc) from None
        if format == "csv":
            rows = [r.model_dump(mode="json") for r in found.records]
            return to_csv(rows), "text/csv; charset=utf-8"
        return model_body(found)

    response: Response = request.app.state.cache.get(cache_key(request), render)
    return response


@router.get("/lenders", response_model=list[LenderView], summary="The lender registry")
def lenders(request: Request, s: DB) -> Response:
    def render() -> tuple[bytes, str]:
        body = "[" + ",".join(v.model_dump_json() for v in money.lenders(session=s)) + "]"
        return body.encode(), "application/json"

    response: Response = request.app.state.cache.get(cache_key(request), render)
    return response


@router.get("/lenders/{slug}", response_model=LenderPage, summary="One lender and its records")
def lender(request: Request, slug: str, s: DB) -> Response:
    response: Response = request.app.state.cache.get(
        cache_key(request), lambda: model_body(money.lender_page(session=s, name=slug))
    )
    return response
