"""The FastAPI application: the read API under /api, the dashboard pages, offline /docs.

``create_app`` migrates the database once, then serves; nothing per request touches the schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from survindex.analysis.editions import UnknownEdition
from survindex.analysis.filters import InvalidParameter
from survindex.analysis.queries import NotFound
from survindex.analysis.views import warm_up
from survindex.interfaces.api.common import ResponseCache, ServeFromCache
from survindex.interfaces.api.financing import router as financing_api_router
from survindex.interfaces.api.routes import router as api_router
from survindex.interfaces.api.search import router as search_api_router
from survindex.interfaces.api.security import SecurityHeaders
from survindex.interfaces.api.static import InMemoryStatic
from survindex.interfaces.api.timelines import router as timelines_router
from survindex.reference.countries import UnknownName
from survindex.settings import load_settings
from survindex.store.database import DatabaseUnavailable, Store

log = logging.getLogger("survindex.web")
CREDIT = "Carnegie AIGS data: CC BY 4.0, doi:10.17632/gjhf5y4xjp.4."


def create_app(
    db: str | None = None, *, settings: Any = None, clock: Callable[[], float] | None = None
) -> FastAPI:
    """An app bound to one database (path or URL; None reads SURVINDEX_DB).

    ``settings`` (a :class:`survindex.interfaces.web.auth.Settings`) defaults to the environment:
    SURVINDEX_REVIEWERS="alice:token1,bob:token2" or SURVINDEX_CONFIG=reviewers.toml. ``clock``
    (seconds, monotonic) times reviewer sessions and failed sign-ins; tests pass one they move.
    """
    from survindex.interfaces.web.auth import Settings
    from survindex.interfaces.web.exports import router as exports_router
    from survindex.interfaces.web.feeds import router as feeds_router
    from survindex.interfaces.web.pages import router as pages_router
    from survindex.interfaces.web.review import router as review_router
    from survindex.interfaces.web.search import router as search_page_router
    from survindex.interfaces.web.sessions import SignInGuard

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
    app.state.cache = ResponseCache(store, max_bytes=load_settings().cache_bytes)
    app.state.settings = settings if settings is not None else Settings.from_environment()
    app.state.sign_in = SignInGuard(clock=clock) if clock else SignInGuard()
    app.add_middleware(ServeFromCache)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: cached answers get it too
    static = resources.files("survindex.interfaces.web").joinpath("static")
    app.mount("/static", InMemoryStatic(Path(str(static))), name="static")
    with store.read() as session:  # the first visitors should not wait for the read models
        warm_up(session=session)
    app.include_router(api_router)
    app.include_router(timelines_router)
    app.include_router(financing_api_router)
    app.include_router(pages_router)
    app.include_router(exports_router)
    app.include_router(review_router)
    app.include_router(search_api_router)
    app.include_router(search_page_router)
    app.include_router(feeds_router)
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

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors()
            )
            return _error_page(request, 422, problems)
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(InvalidParameter)
    async def invalid_parameter(request: Request, exc: InvalidParameter) -> Response:
        if _wants_html(request):
            return _error_page(request, 422, str(exc))
        detail = {
            "loc": ["query", exc.parameter],
            "msg": exc.problem,
            "type": "invalid_parameter",
            "accepted": exc.accepted,
        }
        return JSONResponse({"detail": [detail]}, status_code=422)

    @app.exception_handler(UnknownEdition)
    async def unknown_edition(request: Request, exc: UnknownEdition) -> Response:
        return _error_page(request, 404, str(exc))

    @app.exception_handler(DatabaseUnavailable)
    async def database_unavailable(request: Request, exc: DatabaseUnavailable) -> Response:
        # e.g. a review decision sent to a server whose database is read-only
        return _error_page(request, 503, str(exc))

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
