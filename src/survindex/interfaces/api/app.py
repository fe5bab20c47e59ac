"""The FastAPI application: the read API under /api, the dashboard pages, offline /docs.

``create_app`` migrates the database once, then serves; nothing per request touches the schema.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from survindex.analysis.editions import UnknownEdition
from survindex.analysis.queries import NotFound
from survindex.interfaces.api.common import ResponseCache, ServeFromCache
from survindex.interfaces.api.routes import router as api_router
from survindex.interfaces.api.security import SecurityHeaders
from survindex.reference.countries import UnknownName
from survindex.store.database import Store

log = logging.getLogger("survindex.web")
CREDIT = "Carnegie AIGS data: CC BY 4.0, doi:10.17632/gjhf5y4xjp.4."


def create_app(db: str | None = None, *, settings: Any = None) -> FastAPI:
    """An app bound to one database (path or URL; None reads SURVINDEX_DB).

    ``settings`` (a :class:`survindex.interfaces.web.auth.Settings`) defaults to the environment:
    SURVINDEX_REVIEWERS="alice:token1,bob:token2" or SURVINDEX_CONFIG=reviewers.toml.
    """
    from survindex.interfaces.web.auth import Settings
    from survindex.interfaces.web.pages import router as pages_router
    from survindex.interfaces.web.review import router as review_router

    store = Store(db)
    store.migrate()
    app = FastAPI(
        title="SurvIndex API",
        version="0.1.0",
        description="Read API of the SurvIndex AI Global Surveillance Index. " + CREDIT,
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.cache = ResponseCache(store)
    app.state.settings = settings if settings is not None else Settings.from_environment()
    app.add_middleware(ServeFromCache)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: cached answers get it too
    static = resources.files("survindex.interfaces.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(api_router)
    app.include_router(pages_router)
    app.include_router(review_router)
    _error_handlers(app)
    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_html(request):
        from survindex.interfaces.web.pages import render_error

        return render_error(request, status, message)
    return JSONResponse({"detail": message}, status_code=status)


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UnknownName)
    async def unknown_name(request: Request, exc: UnknownName) -> Response:
        if _wants_html(request):
            return _error_page(request, 404, str(exc))
        return JSONResponse({"detail": str(exc), "suggestions": exc.suggestions}, status_code=404)

    @app.exception_handler(UnknownEdition)
    async def unknown_edition(request: Request, exc: UnknownEdition) -> Response:
        return _error_page(request, 404, str(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_page(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request):
            return _error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # Log the trace for the operator; users see only a plain message.
        log.exception("unhandled error on %s", request.url.path, exc_info=exc)
        return _error_page(request, 500, "Internal server error")
