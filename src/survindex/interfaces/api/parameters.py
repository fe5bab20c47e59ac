"""Unknown query parameters are refused, not ignored: a typo must not return everything.

The parameters a route accepts are the ones FastAPI knows for it (its own and its dependencies'),
so the check cannot drift from the route's declaration.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from survindex.analysis.filters import check_known

_known: dict[int, frozenset[str]] = {}


def route_parameters(route: APIRoute) -> frozenset[str]:
    """Query parameter names the route declares, its dependencies' included (memoised)."""
    names = _known.get(id(route))
    if names is None:
        names = frozenset(_query_names(route.dependant))
        _known[id(route)] = names
    return names


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_parameters(request: Request) -> None:
    route = request.scope.get("route")
    if isinstance(route, APIRoute):
        check_known(request.query_params.keys(), route_parameters(route))
