"""Award notices: the supplier a procurement notice names in a field ("Successful Bidder:
Adansi Systems Limited, Kumasi"), paired with the places the notice names elsewhere.

Why apart from the parse: a notice is not prose. Its supplier stands in a labelled line, its
buyer in a heading ("REPUBLIC OF GHANA / MINISTRY OF THE INTERIOR") and its object in another
field; no sentence ties them. The field names are data (``notice_supplier_fields`` in
``lexicon/syntax.json``); which place is the buyer is left to the scorer, which sees where in
the notice each place stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from survindex.domain.vocab import Technology
from survindex.ingest.extract.sentences import Sentence
from survindex.ingest.extract.syntax import Candidate, Party, common_name, lexicon, parse_sentences
from survindex.ingest.extract.techsyntax import may_name_technology, technologies_in
from survindex.ingest.gazetteer import CITY, COUNTRY, TECH, VENDOR, Mention
from survindex.ingest.gazetteer import vendors as registry

#: "Field name: value" on a line of its own, the field perhaps numbered ("5. Name of ...",
#: "VI.3)") and its value perhaps on the next line.
_FIELD = re.compile(
    r"^[ \t]*(?:[0-9IVX]{1,4}(?:\.[0-9]{1,3})*[.)][ \t]*)?"
    r"([A-Z][A-Za-z /()'&-]{2,80}):[ \t]*\n?[ \t]*(\S[^\n]*)$",
    re.MULTILINE,
)
#: A parenthesised gloss in a field's name.
_GLOSS = re.compile(r"\s*\([^)]*\)")
#: Where a supplier's name ends in its field: its address, its country, a joint venture.
_NAME_END = re.compile(
    r",|\(|;| – | - |\band\b|\bin joint venture\b|\bP\.?\s?O\.? Box\b", re.IGNORECASE
)
#: A joint bid named by its members: "Consortium of Tengeri Telecom LLC and ...".
_GROUPING = re.compile(
    r"(?:a\s+)?(?:consortium|joint\s+venture|partnership)\s+(?:of|between|led\s+by)\s+",
    re.IGNORECASE,
)
#: How far into the notice its heading runs (the buyer is usually named there).
_HEADING = 300
#: At most this many supplier fields and places per document are paired, so that a long list
#: of fields and names (a tender register flattened to text) costs linear time, not quadratic.
_MOST_FIELDS = 12
_MOST_PLACES = 40


def notice_candidates(text: str, mentions: Sequence[Mention]) -> list[Candidate]:
    """One candidate per (supplier field, place named outside that field) of a notice."""
    if ":" not in text:
        return []
    fields = lexicon().notice_supplier_fields
    matches = list(_FIELD.finditer(text))
    # "Principal Equipment Manufacturer (as declared in the bid)": the field, not its gloss
    supplier_fields = [
        m for m in matches if _GLOSS.sub("", m.group(1)).strip().casefold() in fields
    ]
    if not supplier_fields:
        return []
    techs = sorted({Technology(m.value) for m in mentions if m.kind == TECH}, key=str)
    source = "tech_strong"
    if not techs:
        techs, source = _told_in_fields(matches), "tech_pattern"
    if not techs:
        return []
    places = [m for m in mentions if m.kind in (COUNTRY, CITY)][:_MOST_PLACES]
    vendors = [m for m in mentions if m.kind == VENDOR]
    found: list[Candidate] = []
    for match in supplier_fields:
        value_start, value_end = match.span(2)
        cut = _NAME_END.search(text, value_start, value_end)
        name_end = cut.start() if cut else value_end
        grouping = _GROUPING.match(text, value_start, value_end)
        if grouping is not None:
            value_start = grouping.end()
            cut = _NAME_END.search(text, value_start, value_end)
            name_end = cut.start() if cut else value_end
        raw = text[value_start:name_end].strip()
        name = common_name(raw.split())
        known = next((m for m in vendors if m.start < name_end and value_start < m.end), None)
        if not name and known is None:
            continue
        home = next(
            (m.value for m in places if value_start <= m.start < value_end and m.kind == COUNTRY),
            None,
        )
        if known is not None:  # "Original Equipment Manufacturer: Dahua Technology Co., Ltd"
            info = registry().get(known.value)
            home = info.home_country if info is not None else home
            supplier = Party("vendor", home, known.start, known.end, slug=known.value)
        else:
            supplier = Party("open", home, value_start, value_start + len(name), name=name)
        if len({c.supplier.start for c in found}) >= _MOST_FIELDS:
            break
        line = Sentence(match.start(), match.end(), 0)
        for place in places:
            if value_start <= place.start < value_end:
                continue  # the supplier's own address
            features = {
                "bias": 1.0,
                "notice": 1.0,
                source: 1.0,
                f"r_kind:{place.form}": 1.0,
                "notice_heading" if place.start < _HEADING else "notice_body": 1.0,
            }
            if home is not None and home == place.value:
                features["same_country"] = 1.0
            party = Party(place.form, place.value, place.start, place.end)
            found.append(Candidate(supplier, party, line, tuple(techs), "contract", features))
    return found


def _told_in_fields(matches: Sequence[re.Match[str]]) -> list[Technology]:
    """The technologies a notice tells in plain words in its fields ("Description: A software
    system that ... predict the areas and times in which crimes are likely to occur"), for a
    notice that names none by keyword."""
    told = [m.group(2) for m in matches if may_name_technology(m.group(2))]
    found = {tech for doc in parse_sentences(told[:_MOST_FIELDS]) for tech in technologies_in(doc)}
    return sorted(found, key=str)
