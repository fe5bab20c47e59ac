"""Search results as a read model, for the /search page, /api/search and `survindex search`.

The store finds and ranks (:func:`survindex.store.search.search`); this module checks the
request, looks up what each hit names (a claim with its source, a source, a vendor, a country)
and splits highlighted text into :class:`TextPart` pieces. The pieces carry no markup: each
interface escapes their text and then marks the matches in its own way (``<mark>`` on the page,
bold in the terminal), so a quote or title can never become HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote

from sqlalchemy.orm import Session

from survindex.analysis.filters import InvalidParameter
from survindex.analysis.queries import claim_views
from survindex.analysis.readmodels import ClaimView, ReadModel
from survindex.analysis.titles import claim_title
from survindex.store import search as store_search
from survindex.store.schema import ClaimRow

KINDS = store_search.KINDS
#: Longest query accepted, in characters: longer ones are refused rather than cut.
MAX_QUERY_CHARS = 300
DEFAULT_LIMIT = 20


class TextPart(ReadModel):
    """A piece of text; ``match`` when it is one of the words searched for."""

    text: str
    match: bool = False


class SearchResult(ReadModel):
    kind: str
    #: The claim or source id, vendor slug or ISO3 code.
    id: str
    title: str
    #: ``title`` with the matched words marked (for sources, vendors and countries).
    title_parts: list[TextPart]
    #: Words around the matches: a claim's quote, a source's producer, a vendor's aliases, a
    #: country's official name.
    snippet: list[TextPart]
    #: The page of the thing found, and its JSON.
    path: str
    api_path: str
    score: float
    claim: ClaimView | None = None


class SearchPage(ReadModel):
    """A page of results, in the envelope of every list (``total``, ``limit``, ``offset``...)."""

    query: str
    kinds: list[str]
    total: int
    limit: int
    offset: int
    next_offset: int | None
    items: list[SearchResult]


def parse_kinds(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Kinds from "claim,source" (or a list of such); None or empty means every kind."""
    if value is None:
        return KINDS
    raw = [value] if isinstance(value, str) else list(value)
    wanted = {k.strip().lower() for item in raw for k in item.split(",") if k.strip()}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise InvalidParameter("kind", f"{unknown[0]!r} is not accepted", KINDS)
    return tuple(k for k in KINDS if k in wanted) or KINDS


def marked_parts(text: str) -> list[TextPart]:
    """Split text marked by the store into plain and matching pieces (markers removed).

    >>> [(p.text, p.match) for p in marked_parts("a \\ue000b\\ue001 c")]
    [('a ', False), ('b', True), (' c', False)]
    """
    parts: list[TextPart] = []
    inside = False
    piece: list[str] = []
    for ch in text:
        if ch in (store_search.MATCH_START, store_search.MATCH_END):
            if piece:
                parts.append(TextPart(text="".join(piece), match=inside))
                piece = []
            inside = ch == store_search.MATCH_START
        else:
            piece.append(ch)
    if piece:
        parts.append(TextPart(text="".join(piece), match=inside))
    return parts


def _plain(parts: list[TextPart]) -> str:
    return "".join(p.text for p in parts)


def search_view(
    *,
    session: Session,
    query: str,
    kinds: str | Iterable[str] | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> SearchPage:
    """Search claims' quotes and cities, sources' titles, vendors and countries.

    >>> search_view(session=session, query="Huawei Belgrade").items[0].title  # doctest: +SKIP
    'Huawei: safe city in Belgrade, Serbia (deployed)'

    An empty query answers an empty page; one longer than :data:`MAX_QUERY_CHARS` is refused.
    """
    wanted = parse_kinds(kinds)
    query = query.strip()
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidParameter("q", f"longer than {MAX_QUERY_CHARS} characters")
    if limit < 1 or offset < 0:
        raise InvalidParameter("limit" if limit < 1 else "offset", "must be positive")
    found = store_search.search(
        session=session, query=query, kinds=wanted, limit=limit, offset=offset
    )
    claim_ids = [int(h.ref) for h in found.hits if h.kind == "claim"]
    claims = (
        {c.id: c for c in claim_views(session=session, where=ClaimRow.id.in_(claim_ids))}
        if claim_ids
        else {}
    )
    items = []
    for hit in found.hits:
        name, snippet = marked_parts(hit.name), marked_parts(hit.text)
        claim = claims.get(int(hit.ref)) if hit.kind == "claim" else None
        if hit.kind == "claim" and claim is None:
            continue  # deleted since the index answered: nothing to show
        title = claim_title(claim) if claim else _plain(name)
        items.append(
            SearchResult(
                kind=hit.kind,
                id=hit.ref,
                title=title,
                title_parts=[TextPart(text=title)] if claim else name,
                snippet=snippet,
                path=_page(hit.kind, hit.ref, claim),
                api_path=_api(hit.kind, hit.ref, claim),
                score=hit.score,
                claim=claim,
            )
        )
    following = offset + limit if offset + limit < found.total else None
    return SearchPage(
        query=query,
        kinds=list(wanted),
        total=found.total,
        limit=limit,
        offset=offset,
        next_offset=following,
        items=items,
    )


def _page(kind: str, ref: str, claim: ClaimView | None) -> str:
    if claim is not None:
        return f"/sources/{claim.source.id}#claim-{claim.id}"
    folder = {"source": "/sources/", "vendor": "/vendors/", "country": "/countries/"}[kind]
    return folder + quote(ref, safe="")


def _api(kind: str, ref: str, claim: ClaimView | None) -> str:
    if claim is not None:
        return f"/api/sources/{claim.source.id}"
    return "/api" + _page(kind, ref, None)
