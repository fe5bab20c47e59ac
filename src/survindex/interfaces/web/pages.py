"""Server-rendered pages. Each page calls the same query function as its /api twin."""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from survindex.analysis import financing_views as money
from survindex.analysis import queries as q
from survindex.analysis import views
from survindex.analysis.filters import InvalidParameter
from survindex.analysis.findings_format import format_value
from survindex.analysis.map_layers import finance_layer
from survindex.analysis.readmodels import NetworkView
from survindex.analysis.timeline import timeline_of
from survindex.analysis.trend import findings_trend
from survindex.domain.vocab import (
    EDITION_2022,
    REGIME_LABELS,
    TECHNOLOGY_LABELS,
    RegimeType,
    Technology,
)
from survindex.interfaces.api.common import cache_key, session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.interfaces.api.routes import (
    MAX_ID,
    AsOfDep,
    CountryFilterDep,
    EditionDep,
    NetworkFilterDep,
)
from survindex.interfaces.web.charts import timeline_chart, trend_chart
from survindex.publish.export import FORMATS
from survindex.reference.countries import country_name

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_unknown_parameters)])
templates = Jinja2Templates(
    directory=str(resources.files("survindex.interfaces.web").joinpath("templates"))
)
DB = Annotated[Session, Depends(session)]
SHORT_TECH = {
    "safe_city": "Safe city",
    "facial_recognition": "Facial recognition",
    "smart_policing": "Smart policing",
    "social_media_surveillance": "Social media surveillance",
    "communications_interception": "Communications interception",
    "other_ai_surveillance": "Other AI surveillance",
}


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: no javascript:, data: or relative links."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def percent(value: float | int | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


env = templates.env
env.globals.update(
    country_name=country_name,
    tech_label=lambda t: SHORT_TECH.get(t or "", t or "unspecified"),
    regime_label=lambda r: REGIME_LABELS.get(RegimeType(r), r) if r in REGIME_LABELS else r,
    technologies=[t.value for t in Technology],
    tech_labels={t.value: TECHNOLOGY_LABELS[t] for t in Technology},
    timeline_chart=timeline_chart,
    trend_chart=trend_chart,
)
env.globals["export_formats"] = sorted(FORMATS)
env.filters.update(safe_url=safe_url, fmt=format_value, percent=percent)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _query(params: dict[str, str]) -> str:
    return urlencode(params)


def _cached_page(request: Request, render: Callable[[], HTMLResponse]) -> Response:
    """The page from the response cache, or rendered and stored there (public pages only)."""

    def body() -> tuple[bytes, str]:
        return bytes(render().body), "text/html; charset=utf-8"

    response: Response = request.app.state.cache.get(cache_key(request), body)
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request, s: DB, filters: CountryFilterDep) -> Response:
    def page() -> HTMLResponse:
        charts = views.charts_view(session=s, edition=filters.edition, as_of=filters.as_of)
        headline: list[Any] = charts.headline + charts.technologies
        # `live` has no published figures of its own: set the Carnegie 2022 ones beside it.
        published_from = filters.edition
        if all(f.published is None for f in headline) and filters.edition != EDITION_2022:
            published_from = EDITION_2022
            theirs = views.findings_view(session=s, edition=EDITION_2022)
            published = {f.id: f.published for f in theirs.findings}
            headline = [f.model_copy(update={"published": published.get(f.id)}) for f in headline]
        return render(
            request,
            "home.html",
            rows=views.country_rows(session=s, filters=filters),
            filters=filters,
            query=_query(filters.query()),
            options=views.filter_options(session=s),
            headline=headline,
            published_from=published_from,
            finance=finance_layer(session=s),
        )

    return _cached_page(request, page)


@router.get("/countries/{iso3}", response_class=HTMLResponse)
def country_page(request: Request, iso3: str, s: DB, as_of: AsOfDep) -> Response:
    def page() -> HTMLResponse:
        c = views.country_page(session=s, name=iso3, as_of=as_of)
        return render(request, "country.html", c=c, timeline=timeline_of(session=s, page=c))

    return _cached_page(request, page)


@router.get("/vendors", response_class=HTMLResponse)
def vendors_page(request: Request, s: DB, edition: EditionDep, as_of: AsOfDep) -> Response:
    return _cached_page(
        request,
        lambda: render(
            request,
            "vendors.html",
            vendors=views.vendor_rows(session=s, edition=edition, as_of=as_of),
            edition=edition,
        ),
    )


@router.get("/vendors/{slug}", response_class=HTMLResponse)
def vendor_page(request: Request, slug: str, s: DB, as_of: AsOfDep) -> Response:
    def page() -> HTMLResponse:
        v = views.vendor_page(session=s, name=slug, as_of=as_of)
        highlight = " ".join(c.iso3 for c in v.countries)
        return render(request, "vendor.html", v=v, highlight=highlight)

    return _cached_page(request, page)


@router.get("/lenders", response_class=HTMLResponse)
def lenders_page(request: Request, s: DB) -> Response:
    return _cached_page(
        request, lambda: render(request, "lenders.html", lenders=money.lenders(session=s))
    )


@router.get("/lenders/{slug}", response_class=HTMLResponse)
def lender_page(request: Request, slug: str, s: DB) -> Response:
    return _cached_page(
        request, lambda: render(request, "lender.html", p=money.lender_page(session=s, name=slug))
    )


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request, source_id: Annotated[int, Path(ge=1, le=MAX_ID)], s: DB
) -> Response:
    return _cached_page(
        request,
        lambda: render(request, "source.html", src=q.source_view(session=s, source_id=source_id)),
    )


@router.get("/findings", response_class=HTMLResponse)
def findings_page(
    request: Request,
    s: DB,
    edition: EditionDep,
    as_of: AsOfDep,
    show: Annotated[str | None, Query(description="a finding id to drill into")] = None,
) -> Response:
    def page() -> HTMLResponse:
        charts = views.charts_view(session=s, edition=edition, as_of=as_of)
        shown = next((f for f in charts.findings if f.id == show), None)
        if show and shown is None:
            raise InvalidParameter("show", f"no finding {show!r} in edition {edition}")
        return render(
            request,
            "findings.html",
            charts=charts,
            edition=edition,
            kind=charts.kind,
            shown=shown,
            editions=q.editions(session=s),
            trend=findings_trend(session=s),
        )

    return _cached_page(request, page)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, s: DB, filters: NetworkFilterDep) -> Response:
    def page() -> HTMLResponse:
        graph = views.network_view(session=s, filters=filters)
        return render(
            request,
            "network.html",
            graph=graph,
            layout=network_layout(graph),
            options=views.filter_options(session=s),
            form=filters,
        )

    return _cached_page(request, page)


ROW = 18
TOP = 24


def network_layout(graph: NetworkView) -> dict[str, Any]:
    """Two columns, vendors left and countries right, most connected first; links as curves."""
    vy = {v.slug: TOP + i * ROW for i, v in enumerate(graph.vendors)}
    cy = {c.iso3: TOP + i * ROW for i, c in enumerate(graph.countries)}
    left, right = 250, 650
    middle = (left + right) // 2
    links = [
        {
            **link.model_dump(),
            "d": f"M{left},{vy[link.vendor]} C{middle},{vy[link.vendor]} "
            f"{middle},{cy[link.country]} {right},{cy[link.country]}",
        }
        for link in graph.links
    ]
    height = TOP + max(len(vy), len(cy), 1) * ROW
    return {"vy": vy, "cy": cy, "left": left, "right": right, "links": links, "height": height}


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html")


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> HTMLResponse:
    return render(request, "about.html")
