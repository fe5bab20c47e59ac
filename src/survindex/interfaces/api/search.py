"""GET /api/search: the search page's results as JSON (the same read model, the same function).

Under /api, so answers are cached per URL while the database's change counter holds, like every
other read; a claim added or edited through review changes the counter.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from survindex.analysis.search import DEFAULT_LIMIT, MAX_QUERY_CHARS, SearchPage, search_view
from survindex.interfaces.api.common import cache_key, model_body, session
from survindex.interfaces.api.parameters import reject_unknown_parameters
from survindex.interfaces.api.routes import Limit, Offset

router = APIRouter(prefix="/api", tags=["read"], dependencies=[Depends(reject_unknown_parameters)])
DB = Annotated[Session, Depends(session)]
SearchText = Annotated[
    str,
    Query(
        max_length=MAX_QUERY_CHARS,
        description='words to find: `huawei belgrade`, `"safe city"`, `huawei OR zte`, `-zte`',
    ),
]
Kinds = Annotated[
    str | None,
    Query(description="only these kinds, comma-separated: claim, source, vendor, country"),
]


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Full-text search of claims' quotes and cities, sources, vendors and countries",
)
def search(
    request: Request,
    s: DB,
    q: SearchText = "",
    kind: Kinds = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> Response:
    def render() -> tuple[bytes, str]:
        return model_body(search_view(session=s, query=q, kinds=kind, limit=limit, offset=offset))

    response: Response = request.app.state.cache.get(cache_key(request), render)
    return response
