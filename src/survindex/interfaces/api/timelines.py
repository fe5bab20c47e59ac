"""Money and time under /api: a country's timeline and the headline findings across editions,
the same read models the country page and /findings draw (Datasette's one-path rule)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis import views
from survindex.analysis.timeline import CountryTimeline, timeline_of
from survindex.analysis.trend import FindingsTrend, findings_trend
from survindex.interfaces.api.common import cache_key, model_body, session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.interfaces.api.routes import AsOfDep

router = APIRouter(prefix="/api", tags=["read"], dependencies=[Depends(reject_unknown_parameters)])
DB = Annotated[Session, Depends(session)]


@router.get(
    "/countries/{iso3}/timeline",
    response_model=CountryTimeline,
    summary="One country by year: claims by evidence date, editions, financing by commitment",
)
def country_timeline(request: Request, iso3: str, s: DB, as_of: AsOfDep) -> Response:
    def render() -> tuple[bytes, str]:
        page = views.country_page(session=s, name=iso3, as_of=as_of)
        return model_body(timeline_of(session=s, page=page))

    response: Response = request.app.state.cache.get(cache_key(request), render)
    return response


@router.get(
    "/findings/trend",
    response_model=FindingsTrend,
    summary="Headline findings across editions (aigs-2019, aigs-v1, aigs-2022, live)",
)
def trend(request: Request, s: DB) -> Response:
    response: Response = request.app.state.cache.get(
        cache_key(request), lambda: model_body(findings_trend(session=s))
    )
    return response
