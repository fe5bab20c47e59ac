"""Server-rendered pages. Each page calls the same query function as its /api twin."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from survindex.analysis import graphs
from survindex.analysis import queries as q
from survindex.analysis.findings_format import format_value
from survindex.domain.vocab import REGIME_LABELS, TECHNOLOGY_LABELS, RegimeType, Technology
from survindex.interfaces.api.common import session
from survindex.interfaces.api.routes import country_filters
from survindex.reference.countries import country_name

router = APIRouter(include_in_schema=False)
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
)
env.filters.update(safe_url=safe_url, fmt=format_value, percent=percent)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, message: str) -> Response:
    return render(request, "error.html", status=status, status_code=status, message=message)


def _query(filters: q.CountryFilters) -> str:
    params = {k: v for k, v in vars(filters).items() if v not in (None, "")}
    if "bri" in params:
        params["bri"] = "true" if params["bri"] else "false"
    return urlencode(params)


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request, s: DB, filters: Annotated[q.CountryFilters, Depends(country_filters)]
) -> HTMLResponse:
    rows = q.country_rows(session=s, filters=filters)
    charts = graphs.finding_charts(session=s, edition=filters.edition)
    headline = charts["headline"] + charts["technologies"]
    # `live` has no published figures of its own: set the Carnegie 2022 ones beside it.
    published_from = filters.edition
    if all(f["published"] is None for f in headline) and filters.edition != "aigs-2022":
        published_from = "aigs-2022"
        theirs = {
            f["id"]: f["published"] for f in q.findings(session=s, edition="aigs-2022")["findings"]
        }
        headline = [{**f, "published": theirs.get(f["id"])} for f in headline]
    return render(
        request,
        "home.html",
        rows=rows,
        filters=filters,
        query=_query(filters),
        options=graphs.filter_options(session=s),
        headline=headline,
        published_from=published_from,
    )


@router.get("/countries/{iso3}", response_class=HTMLResponse)
def country_page(request: Request, iso3: str, s: DB) -> HTMLResponse:
    return render(request, "country.html", c=q.country_detail(session=s, iso3=iso3))


@router.get("/vendors", response_class=HTMLResponse)
def vendors_page(request: Request, s: DB, edition: str = "live") -> HTMLResponse:
    return render(
        request, "vendors.html", vendors=q.vendor_rows(session=s, edition=edition), edition=edition
    )


@router.get("/vendors/{slug}", response_class=HTMLResponse)
def vendor_page(request: Request, slug: str, s: DB) -> HTMLResponse:
    v = q.vendor_detail(session=s, slug=slug)
    return render(
        request, "vendor.html", v=v, highlight=" ".join(c["iso3"] for c in v["countries"])
    )


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(request: Request, source_id: int, s: DB) -> HTMLResponse:
    return render(request, "source.html", src=q.source_detail(session=s, source_id=source_id))


@router.get("/findings", response_class=HTMLResponse)
def findings_page(
    request: Request, s: DB, edition: str = "live", show: str | None = None
) -> HTMLResponse:
    charts = graphs.finding_charts(session=s, edition=edition)
    pool = charts["findings"] + charts["supplier_countries"]
    shown = next((f for f in pool if f["id"] == show), None)
    return render(
        request,
        "findings.html",
        charts=charts,
        edition=edition,
        shown=shown,
        editions=q.editions(session=s),
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    s: DB,
    edition: str = "live",
    technology: str | None = None,
    supplier_country: str | None = None,
    vendor: str | None = None,
    min_countries: int = 1,
) -> HTMLResponse:
    graph = graphs.network(
        session=s,
        edition=edition,
        technology=technology or None,
        supplier_country=supplier_country or None,
        vendor=vendor or None,
        min_countries=max(1, min_countries),
    )
    return render(
        request,
        "network.html",
        graph=graph,
        layout=network_layout(graph),
        options=graphs.filter_options(session=s),
        form={
            "edition": edition,
            "technology": technology or "",
            "supplier_country": supplier_country or "",
            "vendor": vendor or "",
            "min_countries": min_countries,
        },
    )


ROW = 18
TOP = 24


def network_layout(graph: dict[str, Any]) -> dict[str, Any]:
    """Two columns, vendors left and countries right, most connected first; links as curves."""
    vy = {v["slug"]: TOP + i * ROW for i, v in enumerate(graph["vendors"])}
    cy = {c["iso3"]: TOP + i * ROW for i, c in enumerate(graph["countries"])}
    left, right = 250, 650
    links = [
        {
            **link,
            "d": f"M{left},{vy[link['vendor']]} C{(left + right) // 2},{vy[link['vendor']]} "
            f"{(left + right) // 2},{cy[link['country']]} {right},{cy[link['country']]}",
        }
        for link in graph["links"]
    ]
    height = TOP + max(len(vy), len(cy), 1) * ROW
    return {"vy": vy, "cy": cy, "left": left, "right": right, "links": links, "height": height}


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    return render(request, "docs.html")


@router.get("/about", response_class=HTMLResponse)
def about(request: Request) -> HTMLResponse:
    return render(request, "about.html")
