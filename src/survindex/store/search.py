"""Full-text search over claims, sources, vendors and countries: one function, two databases.

SQLite answers from the FTS5 table ``search_index``, PostgreSQL from the generated
``search_vector`` columns (both made by migration 0006, which keeps them current by itself).
Either way a user's words never reach the database as query syntax: on SQLite they are parsed
here into quoted FTS5 phrases, on PostgreSQL they go to ``websearch_to_tsquery``, which accepts
any text. Both understand the same small language, the one of web search boxes:
``huawei belgrade`` (every word), ``"safe city"`` (a phrase), ``huawei OR zte``, ``-hikvision``.

Matches in the returned text are wrapped in :data:`MATCH_START` and :data:`MATCH_END`, two
private-use characters that the indexed text cannot contain (the migration strips them), so a
caller can turn them into markup after escaping everything else.

Example::

    with store.read() as session:
        hits = search(session=session, query="Huawei Belgrade", limit=10)
    hits.total, [(h.kind, h.ref) for h in hits.hits]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

KINDS = ("claim", "source", "vendor", "country")
MATCH_START, MATCH_END = "\ue000", "\ue001"
#: Words of a query beyond this many are ignored: they would only slow the search down.
MAX_TERMS = 32
#: Tokens of text around the matches in a snippet.
SNIPPET_TOKENS = 24
#: BM25 weights of the FTS5 columns (kind, ref, name, body, context): a match in a name, title
#: or city counts four times one in a quote or an alias, and eight times one in what a claim is
#: about (its vendor's, country's and technology's names), which only helps claims along.
BM25_WEIGHTS = "0.0, 0.0, 4.0, 1.0, 0.5"
#: Scores are multiplied by these: a vendor, country or source whose name matches is a page that
#: gathers many claims, so it comes before the single claims that mention the same name.
KIND_BOOST = {"country": 2.0, "vendor": 2.0, "source": 1.5, "claim": 1.0}
_BOOST = "CASE kind " + " ".join(f"WHEN '{k}' THEN {b}" for k, b in KIND_BOOST.items()) + " END"
#: ts_headline's options on PostgreSQL, for the whole short name and for a snippet of the text.
_PG_MARKS = f'StartSel="{MATCH_START}", StopSel="{MATCH_END}"'
PG_NAME_OPTIONS = f"{_PG_MARKS}, HighlightAll=true"
PG_BODY_OPTIONS = f"{_PG_MARKS}, MaxWords={SNIPPET_TOKENS}, MinWords=8, ShortWord=1"


@dataclass(frozen=True)
class SearchHit:
    """One matching document: ``ref`` is a claim or source id, a vendor slug or an ISO3 code.

    ``name`` (title, vendor name, city...) and ``text`` (a snippet of the quote, producer,
    aliases...) hold the matched words between :data:`MATCH_START` and :data:`MATCH_END`.
    ``score``: higher is better; its scale depends on the database.
    """

    kind: str
    ref: str
    score: float
    name: str
    text: str


@dataclass(frozen=True)
class SearchHits:
    total: int
    hits: list[SearchHit]


@dataclass(frozen=True)
class ParsedQuery:
    """A web-search query: ``groups`` must all match (each one of its alternatives), and none
    of ``excluded``. Each alternative is a phrase: the words to find next to each other."""

    groups: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]


_TOKEN = re.compile(r'(-?)"([^"]*)(?:"|$)|(\S+)')
#: Control characters separate words: FTS5 would read a NUL as the end of the query.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def parse_query(query: str) -> ParsedQuery:
    """Split a search box's text into phrases; never fails, whatever the text.

    >>> parse_query('huawei "safe city" OR cctv -zte')
    ParsedQuery(groups=(('huawei',), ('safe city', 'cctv')), excluded=('zte',))

    A quote left open runs to the end; OR between two words joins them; a word made only of
    punctuation is dropped, as the tokenizer would drop it; control characters separate words.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(_CONTROL.sub(" ", query)):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                join_next = bool(groups)
                continue
            negated, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        if not any(ch.isalnum() for ch in phrase):
            continue
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
        if negated:
            excluded.append(phrase)
        elif join_next:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        join_next = False
    return ParsedQuery(tuple(tuple(g) for g in groups), tuple(excluded))


def _fts5_phrase(phrase: str) -> str:
    return '"' + phrase.replace('"', '""') + '"'


def fts5_query(query: str) -> str | None:
    """The FTS5 MATCH expression for a search box's text; None when it asks for nothing.

    >>> fts5_query('"unbalanced AND OR')
    '"unbalanced AND OR"'
    """
    parsed = parse_query(query)
    if not parsed.groups:
        return None
    parts = []
    for alternatives in parsed.groups:
        quoted = [_fts5_phrase(p) for p in alternatives]
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    expression = " AND ".join(parts)
    for phrase in parsed.excluded:
        expression = f"({expression}) NOT {_fts5_phrase(phrase)}"
    return expression


def _check_kinds(kinds: Collection[str] | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValueError(f"unknown kinds {unknown}; known: {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in kinds)


def search(
    *,
    session: Session,
    query: str,
    kinds: Collection[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchHits:
    """Documents matching ``query``, best first, ``limit`` of them after ``offset``.

    ``kinds`` narrows the search to some of :data:`KINDS`. A query with no word to look for
    (empty, punctuation, only exclusions) matches nothing.
    """
    wanted = _check_kinds(kinds)
    if not wanted or not parse_query(query).groups:
        return SearchHits(0, [])
    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL text cannot hold NUL; any control character only separates words anyway.
        return _search_postgresql(session, _CONTROL.sub(" ", query), wanted, limit, offset)
    return _search_sqlite(session, query, wanted, limit, offset)


def _search_sqlite(
    session: Session, query: str, kinds: Sequence[str], limit: int, offset: int
) -> SearchHits:
    match = fts5_query(query)
    params: dict[str, object] = {"match": match, "start": MATCH_START, "end": MATCH_END}
    params.update({f"kind{i}": kind for i, kind in enumerate(kinds)})
    where = (
        "search_index MATCH :match AND kind IN ("
        + ", ".join(f":kind{i}" for i in range(len(kinds)))
        + ")"
    )
    total = session.execute(text(f"SELECT count(*) FROM search_index WHERE {where}"), params)
    rows = session.execute(
        text(
            f"SELECT kind, ref, -bm25(search_index, {BM25_WEIGHTS}) * {_BOOST} AS score, "
            "highlight(search_index, 2, :start, :end), "
            f"snippet(search_index, 3, :start, :end, '…', {SNIPPET_TOKENS}) "
            f"FROM search_index WHERE {where} "
            "ORDER BY score DESC, rowid LIMIT :limit OFFSET :offset"
        ),
        {**params, "limit": limit, "offset": offset},
    )
    hits = [SearchHit(str(k), str(r), float(s), str(n), str(b)) for k, r, s, n, b in rows]
    return SearchHits(int(total.scalar_one()), hits)


def _clean(column: str) -> str:
    """PostgreSQL text without the marker characters (U+E000, U+E001)."""
    return f"translate(coalesce({column}, ''), chr(57344) || chr(57345), '')"


_CLAIM_NAME = "concat_ws(' ', c.vendor_name_in_source, c.city)"
#: One SELECT per kind: (kind, ref, order key, vector, name, body); ``q`` is the tsquery. The
#: names a claim's document takes from other tables (its vendor's, its country's) and a
#: vendor's aliases are joined here, since a generated column reads its own row only; that
#: search reads every claim rather than the GIN index, which is quick at the index's size.
_PG_DOCUMENTS = {
    "claim": (
        "SELECT 'claim' AS kind, c.id::text AS ref, c.id AS num, c.vec AS vec, "
        f"{_clean(_CLAIM_NAME)} AS name, {_clean('c.quote')} AS body FROM ("
        "SELECT claims.id, claims.vendor_name_in_source, claims.city, claims.quote, "
        "claims.search_vector || setweight(to_tsvector('simple', coalesce(v.name, '') || ' ' || "
        "coalesce(co.name, '')), 'D') AS vec FROM claims "
        "LEFT JOIN vendors v ON v.id = claims.vendor_id "
        "LEFT JOIN countries co ON co.iso3 = claims.country"
        ") c, q WHERE c.vec @@ q.q"
    ),
    "source": (
        "SELECT 'source', s.id::text, s.id, s.search_vector, "
        f"{_clean('s.title')}, {_clean('s.producer')} FROM sources s, q "
        "WHERE s.search_vector @@ q.q"
    ),
    "vendor": (
        "SELECT 'vendor', v.slug, v.id, v.vec, "
        f"{_clean('v.name')}, {_clean('v.aliases')} FROM ("
        "SELECT vendors.id, vendors.slug, vendors.name, a.aliases, vendors.search_vector || "
        "setweight(to_tsvector('simple', coalesce(a.aliases, '')), 'B') AS vec "
        "FROM vendors LEFT JOIN (SELECT vendor_id, string_agg(alias, ' · ' ORDER BY alias) "
        "AS aliases FROM vendor_aliases GROUP BY vendor_id) a ON a.vendor_id = vendors.id"
        ") v, q WHERE v.vec @@ q.q"
    ),
    "country": (
        "SELECT 'country', co.iso3, 0, co.search_vector, "
        f"{_clean('co.name')}, {_clean('co.official_name')} FROM countries co, q "
        "WHERE co.search_vector @@ q.q"
    ),
}


def _search_postgresql(
    session: Session, query: str, kinds: Sequence[str], limit: int, offset: int
) -> SearchHits:
    documents = " UNION ALL ".join(_PG_DOCUMENTS[kind] for kind in kinds)
    common = (
        "WITH q AS (SELECT websearch_to_tsquery('simple', :query) AS q), "
        f"docs (kind, ref, num, vec, name, body) AS ({documents}) "
    )
    total = session.execute(text(common + "SELECT count(*) FROM docs"), {"query": query})
    rows = session.execute(
        text(
            common + f"SELECT docs.kind, docs.ref, ts_rank(docs.vec, q.q) * {_BOOST} AS score, "
            "ts_headline('simple', docs.name, q.q, :name_options), "
            "ts_headline('simple', docs.body, q.q, :body_options) "
            "FROM docs, q ORDER BY score DESC, docs.kind, docs.num, docs.ref "
            "LIMIT :limit OFFSET :offset"
        ),
        {
            "query": query,
            "name_options": PG_NAME_OPTIONS,
            "body_options": PG_BODY_OPTIONS,
            "limit": limit,
            "offset": offset,
        },
    )
    hits = [SearchHit(str(k), str(r), float(s), str(n), str(b)) for k, r, s, n, b in rows]
    return SearchHits(int(total.scalar_one()), hits)
