"""The FastAPI application: read-only JSON under /api (routers in this package)."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from survindex.analysis.editions import UnknownEdition, findings_for
from survindex.analysis.findings_format import findings_json
from survindex.analysis.profiles import country_profile, vendor_profile
from survindex.reference.countries import UnknownName
from survindex.store import repository as repo
from survindex.store.database import Store
from survindex.store.schema import VendorRow


def create_app(db: str | None = None) -> FastAPI:
    """An app bound to one database (path or URL; None reads SURVINDEX_DB)."""
    store = Store(db)
    store.migrate()
    app = FastAPI(
        title="SurvIndex API",
        version="0.1.0",
        description="Read API of the SurvIndex AI Global Surveillance Index. "
        "Carnegie AIGS data: CC BY 4.0, doi:10.17632/gjhf5y4xjp.4.",
    )
    app.state.store = store

    def session() -> Iterator[Session]:
        with store.read() as s:
            yield s

    @app.exception_handler(UnknownName)
    async def unknown_name(_request: Request, exc: UnknownName) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "suggestions": exc.suggestions}, status_code=404)

    @app.exception_handler(UnknownEdition)
    async def unknown_edition(_request: Request, exc: UnknownEdition) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=404)

    @app.get("/api/editions")
    def editions(s: Session = Depends(session)) -> list[dict[str, object]]:
        return [
            {
                "slug": e.slug,
                "title": e.title,
                "kind": e.kind,
                "universe_defined": e.universe_defined,
            }
            for e in repo.list_editions(session=s)
        ]

    @app.get("/api/findings")
    def findings(edition: str = "live", s: Session = Depends(session)) -> dict[str, object]:
        return findings_json(edition, findings_for(session=s, slug=edition))

    @app.get("/api/countries/{name}")
    def country(name: str, s: Session = Depends(session)) -> dict[str, object]:
        return country_profile(session=s, name=name)

    @app.get("/api/vendors")
    def vendors(s: Session = Depends(session)) -> list[dict[str, object]]:
        return [
            {"slug": v.slug, "name": v.name, "home_country": v.home_country}
            for v in s.scalars(select(VendorRow).order_by(VendorRow.slug))
        ]

    @app.get("/api/vendors/{name}")
    def vendor(name: str, s: Session = Depends(session)) -> dict[str, object]:
        profile = vendor_profile(session=s, name=name)
        if profile is None:
            raise HTTPException(404)
        return profile

    return app
