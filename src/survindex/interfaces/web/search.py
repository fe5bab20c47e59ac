"""The /search page: the read model of /api/search, rendered.

Not served from the response cache: each query is its own page, and the cache is kept for
the pages many visitors share.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from survindex.analysis.search import DEFAULT_LIMIT, KINDS, MAX_QUERY_CHARS, search_view
from survindex.interfaces.api.common import session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.interfaces.api.routes import Limit, Offset
from survindex.interfaces.web.pages import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_unknown_parameters)])
DB = Annotated[Session, Depends(session)]
KIND_LABELS = {"claim": "Claims", "source": "Sources", "vendor": "Vendors", "country": "Countries"}


def _link(query: str, kind: str | None, limit: int, offset: int) -> str:
    params = {"q": query, "kind": kind or "", "limit": str(limit), "offset": str(offset)}
    if not kind:
        del params["kind"]
    if limit == DEFAULT_LIMIT:
        del params["limit"]
    return "/search?" + urlencode(params)


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    s: DB,
    q: Annotated[str, Query(max_length=MAX_QUERY_CHARS)] = "",
    kind: Annotated[str | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> HTMLResponse:
    results = search_view(session=s, query=q, kinds=kind, limit=limit, offset=offset)
    some = ",".join(results.kinds) if len(results.kinds) < len(KINDS) else None
    api = {"q": results.query, **({"kind": some} if some else {})}
    return render(
        request,
        "search.html",
        results=results,
        search_query=results.query,
        kind=some,
        kind_labels={k: KIND_LABELS[k] for k in KINDS},
        api_link="/api/search?" + urlencode(api),
        previous=(
            _link(results.query, some, limit, max(0, offset - limit)) if offset > 0 else None
        ),
        following=(
            _link(results.query, some, limit, results.next_offset)
            if results.next_offset is not None
            else None
        ),
    )
