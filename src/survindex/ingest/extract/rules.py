"""Claim extraction: gazetteer scan of the whole text, rules on the few sentences that matter.

One Aho-Corasick pass finds vendors, countries, cities, technology and financing cues and page
furniture. Only sentences holding a supplier (a vendor, "Chinese companies", or a reference
back to one such as "the company") together with a technology cue and a recipient get rule
work: roles of each place, status, negation, hedging, financing. Claims about the same vendor,
country and technology in one document merge into one, keeping the first sentence as evidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from survindex.domain.vocab import DeploymentStatus, FinancingType, Technology
from survindex.ingest.extract import cues
from survindex.ingest.extract.claims import ExtractedFinancing
from survindex.ingest.extract.roles import (
    OTHER,
    RECIPIENT,
    STRONG_RECIPIENT,
    SUPPLIER,
    mention_role,
    names_region,
)
from survindex.ingest.extract.sentences import Sentence
from survindex.ingest.gazetteer import CITY, COUNTRY, FINANCE, TECH, VENDOR, Mention, vendors

#: How many sentences back "the company" may reach for its vendor.
COREF_REACH = 5
#: How many sentences back "the system" may reach for the claim it continues.
SYSTEM_REACH = 3
STATUS_RANK = {
    DeploymentStatus.PROPOSED: 0,
    DeploymentStatus.CONTRACTED: 1,
    DeploymentStatus.DEPLOYED: 2,
}
_FINANCING_RANK = {
    FinancingType.SOFT_LOAN: 4,
    FinancingType.VENDOR_FINANCING: 3,
    FinancingType.LOAN: 2,
    FinancingType.GRANT: 1,
    FinancingType.COMMERCIAL: 0,
}
_COORDINATION = re.compile(r"^\s*(?:,|and|or|&|/|,\s*and|as\s+well\s+as)\s*$")
#: Where a sentence turns to another clause, which may have its own supplier, place and status:
#: "; ", ", while", ", after", ", which", "and is negotiating", "and plans to".
_CLAUSE_BREAK = re.compile(
    r";|,\s*(?:while|whereas|but|although|though|after|which|and\s+that)\b|\bwhile\b|\bwhereas\b|"
    r"\band\s+(?=(?:is|are|was|were|has|have|had|plans?|will|would|also|later|then|now|since|"
    r"hopes?|wants?|aims?)\b)"
)
#: A relative clause set off by commas ends at the next comma that goes on in lower case:
#: "Uzbekistan, whose capital already has a Huawei-built system, is studying an offer".
_RELATIVE = re.compile(r",\s*(?:which|whose|who)\b")
_RELATIVE_END = re.compile(r",\s+(?!and\b|or\b)[a-z]")
#: A second vendor as the first one's principal: "supplied by Huawei as Safaricom's subcontractor".
_AS_PRINCIPAL = re.compile(r"^\s*(?:,\s*)?as\s+$")
_PRINCIPAL_ROLE = re.compile(
    r"[^,.;]{0,40}?['\u2019]s\s+(?:local\s+|main\s+|prime\s+)?(?:sub-?contractor|partner|"
    r"contractor|supplier|integrator)\b"
)
#: ", and" before a second supplier starts a clause too: "X supplied A, and Y has offered B".
_COMMA_AND = re.compile(r",\s*and\s+$")
_DEFINITE = re.compile(r"(?:^|\W)(?:the|The|this|This)\s+$")


@dataclass(frozen=True, slots=True)
class Supplier:
    slug: str | None
    country: str | None
    position: int


@dataclass(frozen=True, slots=True)
class Recipient:
    country: str
    city: str | None
    strong: bool
    position: int
    #: Every place in the sentence that named this country (merged recipients keep them all).
    positions: tuple[int, ...] = ()


@dataclass
class Context:
    """What earlier sentences leave for later ones to refer back to."""

    suppliers: list[Supplier] = field(default_factory=list)
    supplier_sentence: int = -100
    techs: list[Technology] = field(default_factory=list)
    claim_keys: list[tuple[str, str, str]] = field(default_factory=list)
    claim_sentence: int = -100
    #: The countries each recent sentence named as recipients: (sentence index, countries).
    places: deque[tuple[int, list[Recipient]]] = field(default_factory=lambda: deque(maxlen=4))
    #: Agency acronyms defined next to one recipient country: {"NTMC": "BGD"}.
    acronyms: dict[str, str] = field(default_factory=dict)
    #: The last deployment told without its supplier ("Greek police have started carrying
    #: devices that scan faces"), for "The devices were developed by X" to complete.
    unattributed: Unattributed | None = None


@dataclass(frozen=True, slots=True)
class Unattributed:
    index: int
    sentence: Sentence
    recipients: list[Recipient]
    techs: list[Technology]


def bucket_mentions(mentions: list[Mention], sentences: list[Sentence]) -> dict[int, list[Mention]]:
    buckets: dict[int, list[Mention]] = {}
    index = 0
    for mention in mentions:
        while index < len(sentences) and sentences[index].end <= mention.start:
            index += 1
        if index == len(sentences):
            break
        if sentences[index].start <= mention.start:
            buckets.setdefault(index, []).append(mention)
    return buckets


def home_country(slug: str) -> str | None:
    info = vendors().get(slug)
    return info.home_country if info else None


def technologies(mentions: list[Mention]) -> tuple[list[Technology], bool]:
    """Technologies named, most specific only; second value is True when only weak cues fired."""
    strong = {m.value for m in mentions if m.kind == TECH and m.form == "strong"}
    weak = {m.value for m in mentions if m.kind == TECH and m.form == "weak"}
    chosen, only_weak = (strong, False) if strong else (weak, True)
    if len(chosen) > 1:
        chosen.discard(Technology.OTHER_AI_SURVEILLANCE.value)
    return [Technology(t) for t in sorted(chosen)], only_weak and bool(chosen)


def financing_of(
    text: str, sentence: Sentence, mentions: list[Mention]
) -> ExtractedFinancing | None:
    """Financing the sentence states: lender and type from the gazetteer cues, else a payment
    with a dollar amount ("paid Huawei $126 million": commercial) or a supplier paying its own
    way ("the firm financed part of the contract itself": vendor financing)."""
    quote = text[sentence.start : sentence.end]
    found = [m for m in mentions if m.kind == FINANCE]
    types = {FinancingType(m.value) for m in found}
    if cues.vendor_financed(quote):
        types.add(FinancingType.VENDOR_FINANCING)
    elif not types and (cues.paid_amount(quote) or cues.buyer_paid(quote)):
        types.add(FinancingType.COMMERCIAL)
    if not types:
        return None
    lender = next((m.form for m in found if m.form), None)
    if lender and types != {FinancingType.GRANT}:
        types.add(FinancingType.LOAN)
    kind = max(types, key=_FINANCING_RANK.__getitem__)
    year = _financing_year(text, sentence, found[0].start if found else sentence.start)
    return ExtractedFinancing(kind, lender, cues.amount_usd(quote), year)


#: Subordinate clauses that carry another event's date: "completed in 2016 after the
#: government secured a loan" does not date the loan.
_TIME_CLAUSE = re.compile(r"\b(?:after|before|when|since|until|while)\b", re.IGNORECASE)


def _financing_year(text: str, sentence: Sentence, cue_start: int) -> int | None:
    """The one year named in the part of the sentence holding the first financing cue, cut at
    "after", "when" and the like; with no such word the whole sentence counts ("signed in
    2019 ..., financed by a loan")."""
    quote = cues.without_completion_years(text[sentence.start : sentence.end])
    cuts = [m.start() for m in _TIME_CLAUSE.finditer(quote)]
    if not cuts:
        return cues.single_year(quote)
    at = cue_start - sentence.start
    start = max((c for c in cuts if c <= at), default=0)
    end = min((c for c in cuts if c > at), default=len(quote))
    return cues.single_year(quote[start:end])


def sentence_roles(
    text: str, sentence: Sentence, mentions: list[Mention], context: Context, index: int
) -> tuple[list[Supplier], list[Recipient]]:
    suppliers: list[Supplier] = []
    recipients: list[Recipient] = []
    vendor_mentions = [m for m in mentions if m.kind == VENDOR]
    for m in vendor_mentions:
        suppliers.append(Supplier(m.value, home_country(m.value), m.start))
    vendor_starts = [v.start for v in vendor_mentions]  # in text order: bisect, not a scan
    previous: tuple[int, str] | None = None  # (end, role) of the last place named
    for m in mentions:
        if m.kind not in (COUNTRY, CITY):
            continue
        following = bisect_left(vendor_starts, m.end)
        next_vendor = vendor_starts[following] if following < len(vendor_starts) else -1
        role = mention_role(text, m, sentence.start, next_vendor)
        if previous and previous[1] == OTHER and _COORDINATION.match(text[previous[0] : m.start]):
            role = OTHER  # "fines in France and Italy": the list shares its first item's role
        previous = (m.end, role)
        if role == SUPPLIER:
            if _describes_vendor(m, vendor_mentions, vendor_starts) or m.kind == CITY:
                continue
            before = text[max(sentence.start, m.start - 12) : m.start]
            recent = index - context.supplier_sentence <= COREF_REACH
            definite = bool(_DEFINITE.search(before))
            if definite and any(home_country(v.value) == m.value for v in vendor_mentions):
                continue  # "Dahua has ..., the Chinese company's manager said": Dahua again
            if definite and recent:
                suppliers.extend(
                    Supplier(s.slug, s.country, m.start)
                    for s in context.suppliers
                    if s.country == m.value
                )
            else:
                suppliers.append(Supplier(None, m.value, m.start))
        elif role in (RECIPIENT, STRONG_RECIPIENT):
            city = text[m.start : m.end] if m.kind == CITY and m.form == "city" else None
            if city is not None and names_region(text, m):
                city = None  # "São Paulo state's police": the state, not the city
            if city is not None and _is_dateline(text, sentence, m):
                city = None  # "Kingston - Jamaica's Ministry ...": where the story was filed
            if m.kind == COUNTRY and city is None:
                city = _appositive_town(text, sentence, m, mentions)
            recipients.append(Recipient(m.value, city, role == STRONG_RECIPIENT, m.start))
    if (
        recipients
        and len({r.country for r in recipients}) == 1
        and not any(r.city for r in recipients)
    ):
        town = _city_of(text, sentence, mentions)  # "ordered the northern city of Como to"
        if town is not None:
            recipients[0] = replace(recipients[0], city=town)
    return suppliers, recipients


def _describes_vendor(place: Mention, vendors: list[Mention], starts: list[int]) -> bool:
    """Whether a vendor follows the place within 40 characters ("Chinese firm Huawei"), or a
    vendor from that country ends within 40 characters before it ("Huawei, the Chinese ...").
    ``starts`` are the vendors' starts; vendor mentions do not overlap, so their ends are in
    order too."""
    after = bisect_left(starts, place.end)
    if after < len(starts) and starts[after] - place.end <= 40:
        return True
    before = after  # vendors ending before the place also start before it
    while before > 0 and place.start - vendors[before - 1].end <= 40:
        before -= 1
        vendor = vendors[before]
        if vendor.end <= place.start and home_country(vendor.value) == place.value:
            return True
    return False


#: What follows a dateline's city: "Kingston - ", "BOGOTA, March 14 (Andean Wire) - ".
_AFTER_DATELINE = re.compile(
    r"(?:,[^\n\-\u2013\u2014]{0,60})?\s*(?:\([^)]{0,40}\)\s*)?[-\u2013\u2014]\s"
)


def _is_dateline(text: str, sentence: Sentence, mention: Mention) -> bool:
    return (
        not text[sentence.start : mention.start].strip()
        and _AFTER_DATELINE.match(text, mention.end) is not None
    )


#: A town the gazetteer does not know, named as "the (northern) city of X".
_CITY_OF = re.compile(
    r"\b[Tt]he\s+(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+|(?:coastal|port|border|industrial|provincial|small|mining)\s+)?"
    r"(?:city|town|municipality)\s+of\s+([A-Z][\w\u2019'-]+(?:[ -][A-Z][\w\u2019'-]+){0,2})"
)


def _city_of(text: str, sentence: Sentence, mentions: list[Mention]) -> str | None:
    quote = text[sentence.start : sentence.end]
    if " of " not in quote:
        return None
    match = _CITY_OF.search(text, sentence.start, sentence.end)
    if match is None:
        return None
    start, end = match.span(1)
    if any(m.start < end and start < m.end for m in mentions):
        return None  # a known place or a vendor: the scan has placed it already
    return match.group(1)


#: A town the gazetteer does not know, placed by apposition: "Valenciennes, a town in northern
#: France". The name is taken as written, so it is a substring of the quote.
_APPOSITIVE_TOWN = re.compile(
    r"\b([A-Z][\w\u2019'-]+(?:[ -][A-Z][\w\u2019'-]+){0,2}),\s+(?:an?|the)\s+"
    r"(?:(?:small|large|major|coastal|border|port|industrial|provincial|mining)\s+)?"
    r"(?:town|city|port|municipality|capital)\s+(?:in|of)\s+"
    r"(?:(?:the\s+)?(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+)?$"
)
_TOWN_WORDS = ("town", "city", "port", "municipality", "capital")
_NOT_TOWNS = frozenset({"The", "It", "This", "That", "In", "On", "At"})


def _appositive_town(
    text: str, sentence: Sentence, country: Mention, mentions: list[Mention]
) -> str | None:
    window_start = max(sentence.start, country.start - 80)
    window = text[window_start : country.start]
    if ", " not in window or not any(word in window for word in _TOWN_WORDS):
        return None  # no apposition: skip the regex
    match = _APPOSITIVE_TOWN.search(text, window_start, country.start)
    if match is None or match.group(1) in _NOT_TOWNS:
        return None
    start, end = match.span(1)
    if any(m.start < end and start < m.end for m in mentions):
        return None  # a vendor or a known place, not an unknown town
    return match.group(1)


def supplier_groups(text: str, suppliers: list[Supplier]) -> list[list[Supplier]]:
    """Coordinated suppliers ("Hikvision and Dahua") form one group."""
    groups: list[list[Supplier]] = []
    ordered = sorted(suppliers, key=lambda s: s.position)
    for supplier in ordered:
        if groups:
            last = groups[-1][-1]
            gap_start = text.find(" ", last.position) if last.position >= 0 else -1
            gap = text[gap_start : supplier.position] if gap_start >= 0 else ""
            if supplier.position == last.position or _COORDINATION.match(gap):
                groups[-1].append(supplier)
                continue
            if _AS_PRINCIPAL.match(gap) and _PRINCIPAL_ROLE.match(text, supplier.position):
                groups[-1].append(supplier)  # both supplied it
                continue
        groups.append([supplier])
    return groups


def clause_breaks(text: str, sentence: Sentence, suppliers: Sequence[Supplier] = ()) -> list[int]:
    """Sorted offsets where a sentence turns to another clause (see ``_CLAUSE_BREAK``)."""
    quote = text[sentence.start : sentence.end]
    breaks = {sentence.start + m.start() for m in _CLAUSE_BREAK.finditer(quote)}
    if ", w" in quote:
        for relative in _RELATIVE.finditer(quote):
            end = _RELATIVE_END.search(quote, relative.end())
            if end is not None:
                breaks.add(sentence.start + end.start())
    for supplier in suppliers if len(suppliers) > 1 else ():  # one supplier: nothing to split
        before = text[max(sentence.start, supplier.position - 8) : supplier.position]
        match = _COMMA_AND.search(before)
        at = supplier.position - len(before) + match.start() if match else -1
        if at > sentence.start:
            breaks.add(at)
    return sorted(breaks)


def clause_span(text: str, sentence: Sentence, breaks: list[int], where: int) -> str:
    """The text of clause number ``where`` (0-based) of the sentence."""
    bounds = [sentence.start, *breaks, sentence.end]
    return text[bounds[where] : bounds[where + 1]]


def clause_of(breaks: list[int], position: int) -> int:
    """The clause number (0-based) of ``position``, given the sorted ``breaks``."""
    return bisect_right(breaks, position)


def pair_suppliers(
    breaks: list[int], groups: list[list[Supplier]], recipient: Recipient
) -> list[Supplier]:
    """The suppliers a recipient belongs to: its own clause's, else the nearest clause's."""
    if len(groups) == 1:
        return groups[0]
    where = clause_of(breaks, recipient.position)
    same = [g for g in groups if clause_of(breaks, g[0].position) == where]
    if same:
        return min(same, key=lambda g: abs(g[0].position - recipient.position))
    nearest = min(abs(clause_of(breaks, g[0].position) - where) for g in groups)
    return [
        s for g in groups if abs(clause_of(breaks, g[0].position) - where) == nearest for s in g
    ]


def merge_recipients(recipients: list[Recipient]) -> list[Recipient]:
    """One recipient per country, keeping the first city, any strong mention and all positions."""
    merged: dict[str, Recipient] = {}
    for r in recipients:
        old = merged.get(r.country)
        positions = (old.positions if old else ()) + (r.positions or (r.position,))
        if old is None:
            merged[r.country] = Recipient(r.country, r.city, r.strong, r.position, positions)
        else:
            merged[r.country] = Recipient(
                r.country,
                old.city or r.city,
                old.strong or r.strong,
                min(old.position, r.position),
                positions,
            )
    return list(merged.values())
