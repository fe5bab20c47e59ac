"""The extractor's three layers together: rules and parse propose, the learned scorer decides.

Why both proposers: the rules (``document``) follow a deployment over several sentences ("the
company", "the system", a loan told after the contract) and know many phrasings; the parse
(``syntax``) reads roles the rules never see (a supplier country with a list of recipients, an
unknown firm as the agent of "supplied by"). Every proposal becomes a candidate with features;
the scorer's probability decides whether it is a claim and is its confidence.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from survindex.domain.vocab import DeploymentStatus, Technology
from survindex.ingest.extract import cues
from survindex.ingest.extract.claims import ExtractedClaim, ExtractedFinancing
from survindex.ingest.extract.furniture import furniture_spans, in_spans
from survindex.ingest.extract.notices import notice_candidates
from survindex.ingest.extract.pairs import sentence_candidates
from survindex.ingest.extract.parties import for_parse, sentence_parties
from survindex.ingest.extract.rules import bucket_mentions, financing_of
from survindex.ingest.extract.scorer import ClaimScorer, load_scorer
from survindex.ingest.extract.sentences import (
    MAX_MENTIONS,
    Sentence,
    limit_mentions,
    paragraph_spans,
    split_sentences,
)
from survindex.ingest.extract.syntax import (
    MAX_PARSED,
    Candidate,
    Party,
    bucket,
    lexicon,
    parse_sentences,
)
from survindex.ingest.extract.techsyntax import (
    may_name_technology,
    plain_word_count,
    technologies_in,
)
from survindex.ingest.gazetteer import CITY, COUNTRY, FINANCE, TECH, VENDOR, Mention, vendors

Key = tuple[str, str]
#: How many sentences back a technology named earlier still counts ("The platform ... It was
#: sold to Kenya, Uganda and Zambia").
_TECH_REACH = 4
_WORDS = re.compile(r"[a-z]+")
#: Words shorter than this ("the", "and", "in") say nothing about a sentence.
_SHORTEST_WORD = 4
#: How many sentences on a supplier country or an unknown firm still supplies the places a
#: sentence names alone ("... spyware developed in Israel. ... agencies in Mexico and Togo").
_SUPPLIER_REACH = 6
#: At most this many sentences are parsed in a document that names no technology before one
#: names a place (the parse's cost stays bounded on long texts with common trigger words).
_MOST_PLAIN_ONLY = 30
_STATUS_OF_VERB = {
    "propose": DeploymentStatus.PROPOSED,
    "contract": DeploymentStatus.CONTRACTED,
}


@dataclass
class TripleCandidates:
    """What the layers propose for one (supplier, recipient country) of a document."""

    key: Key
    rule_claims: list[ExtractedClaim] = field(default_factory=list)
    syntax: list[Candidate] = field(default_factory=list)
    #: What the whole document says of the recipient (how often it is named), in every row.
    document: dict[str, float] = field(default_factory=dict)
    #: The parse read a sentence the rules proposed it from and paired nothing there.
    parse_declined: bool = False
    #: The rules' supplier country is, in the parse of the same sentence, the home of a firm
    #: it names ("an Emirati company, Qasr Digital Systems LLC, delivered ...").
    country_of_named_firm: bool = False

    def feature_rows(self) -> list[dict[str, float]]:
        """One feature row per sentence that proposes the triple (the scorer takes the
        highest): the parse's features, plus whether the rules proposed it too."""
        rule_starts = {c.start for c in self.rule_claims}
        rule = {"rule": 1.0} if self.rule_claims else {}
        named = {"rule_country_of_named_firm": 1.0} if self.country_of_named_firm else {}
        rows = []
        for candidate in self.syntax:
            row = dict(candidate.features) | rule | self.document | named
            if candidate.sentence.start in rule_starts:
                row["rule_same_sentence"] = 1.0
            rows.append(row)
        if self.rule_claims and not rows:
            # Only the rules saw it: the words of their sentence are what a reviewer's
            # decision can teach the scorer about ("sponsored", "exhibited", "denied").
            row = {"bias": 1.0, "rule": 1.0, "no_syntax": 1.0} | self.document | named
            if self.parse_declined:
                row["parse_declined"] = 1.0  # "says it no longer sells to British agencies"
            for word in _WORDS.findall(self.rule_claims[0].quote.lower()):
                if len(word) >= _SHORTEST_WORD:
                    row[f"rule_word:{word}"] = 1.0
            rows.append(row)
        return rows


@dataclass(frozen=True)
class _Flagged:
    sentence: Sentence
    mentions: list[Mention]
    context_techs: tuple[Technology, ...]
    headline: bool
    #: No technology named in or just before it, but words the plain-word patterns start from.
    plain: bool = False
    #: Parsed only for the technology it tells in plain words, which later sentences inherit.
    context_only: bool = False
    index: int = 0
    #: The places of the sentence just before, for one that names a supplier and no place.
    borrowed: tuple[Mention, ...] = ()
    #: ``borrowed`` is the document's main country, not the sentence before's places.
    focus: bool = False
    #: The places of the sentence just before, or else the document's main country, for a
    #: sentence whose places all turn out to be a firm's home or a dateline ("installed by
    #: Kivuli Networks, a Nairobi-based company").
    fallback: tuple[Mention, ...] = ()
    #: ``fallback`` is the document's main country.
    fallback_focus: bool = True


def _is_headline(text: str, sentence: Sentence, paragraph_index: int) -> bool:
    """A title line: first block, or a short line with no sentence end followed by a break."""
    quote = text[sentence.start : sentence.end].rstrip()
    if quote[-1:] in ".!?\"'\u201d\u2019":
        return False
    alone = len(quote) < 140 and text[sentence.end : sentence.end + 1] == "\n"
    return paragraph_index == 0 or alone


def _names_supplier(quote: str, mentions: Sequence[Mention]) -> bool:
    """Whether a sentence may name a supplier: a vendor, a supplier country ("Chinese firms"),
    or a firm's legal or trade word ("Ltd", "Systems") the parse may find a firm by."""
    if any(m.kind == VENDOR or (m.kind == COUNTRY and m.form == "adjective") for m in mentions):
        return True
    if not lexicon().corporate_suffixes.isdisjoint(quote.replace(",", " ").split()):
        return True
    return _introduced_firm().search(quote) is not None


@lru_cache(maxsize=1)
def _introduced_firm() -> re.Pattern[str]:
    """A name followed by a firm noun in apposition ("Sagarmatha Soft, a company based in
    Lalitpur", "Qorgau Data, a small Almaty developer"): how reporting introduces a firm."""
    nouns = "|".join(sorted(map(re.escape, lexicon().firm_nouns), key=len, reverse=True))
    name = r"\b[A-Z][\w'-]{0,40}(?:\s[A-Z][\w'-]{0,40}){0,5}"  # bounded: linear on any text
    return re.compile(rf"{name},\s(?:a|an)\s(?:[\w-]{{1,40}}\s){{0,4}}(?:{nouns})\b")


def _focus(
    text: str, mentions: Sequence[Mention], furniture: list[tuple[int, int]]
) -> Mention | None:
    """The country a document is about, when one stands out: named (as a country or by its
    cities) at least twice and more often than any other, or the only one named, outside
    page furniture."""
    places = [
        m
        for m in mentions
        if m.kind in (COUNTRY, CITY)
        and not (furniture and in_spans(furniture, m.start))
        and not _a_firms_place(text, m)  # "the Israeli company": not the story's country
    ]
    counts = _place_counts(places)
    first: dict[str, Mention] = {}
    for m in places:
        first.setdefault(m.value, m)
    registry = vendors()
    # the vendors' own countries ("Hikvision, the Hangzhou-based maker") are rarely the story's
    homes = {
        registry[m.value].home_country for m in mentions if m.kind == VENDOR and m.value in registry
    }
    abroad = {k: n for k, n in counts.items() if k not in homes}
    if len(counts) == 1 and abroad:
        return first[next(iter(abroad))]  # the only country the text names
    for candidate in (abroad, counts):
        ranked = Counter(candidate).most_common(2)
        if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
            return first[ranked[0][0]]
    return None


def _a_firms_home(text: str, mention: Mention) -> bool:
    """Whether a country adjective describes a firm ("the Korean company Hanwha Vision", "a
    Turkish provider of ..."): where a supplier comes from, never a place a later sentence
    naming none may borrow."""
    if mention.form != "adjective":
        return False
    following = _WORDS.findall(text[mention.end : mention.end + 40].lower())[:2]
    return any(_firm_noun(word) for word in following)


def _a_firms_place(text: str, mention: Mention) -> bool:
    """Whether a place tells where a firm comes from or sits, not where anything went."""
    return _a_firms_home(text, mention) or _a_seat(text, mention)


def _a_seat(text: str, mention: Mention) -> bool:
    """Whether a place is where a firm sits ("an Accra-based installer", "registered in
    Limassol, Cyprus", "headquartered in Ankara"), read from the words around it."""
    if _SEAT.match(text, mention.end):
        return True
    return _SEAT_BEFORE.search(text, max(0, mention.start - 60), mention.start) is not None


#: Words before a firm's seat or office, up to three capitalised words of a city before the
#: country ("has a regional office in Dubai": where it works, not where the story is).
_SEAT_BEFORE = re.compile(
    r"\b(?:registered|incorporated|based|headquartered|domiciled|offices?)\s+in\s+"
    r"(?:[A-Z][\w'-]{0,30},?\s+){0,3}$"
)


def _firm_noun(word: str) -> bool:
    """Whether a lower-case word is a firm noun of the lexicon, or its plural ("firms",
    "companies")."""
    nouns = lexicon().firm_nouns
    return (
        word in nouns or word[:-1] in nouns or (word.endswith("ies") and f"{word[:-3]}y" in nouns)
    )


def _place_counts(mentions: Iterable[Mention]) -> Counter[str]:
    """How often each country is named, by name, adjective or one of its cities."""
    return Counter(m.value for m in mentions if m.kind in (COUNTRY, CITY))


def _main_technology(mentions: Sequence[Mention]) -> tuple[Technology, ...]:
    """The technology a document names most, for a sentence far from any that names a
    supplier and a product in plain words ("comparable equipment", "such tools")."""
    counts = Counter(m.value for m in mentions if m.kind == TECH)
    if not counts:
        return ()
    return (Technology(counts.most_common(1)[0][0]),)


@lru_cache(maxsize=1)
def _firm_name() -> re.Pattern[str]:
    """A capitalised name ending in a firm's word ("Ceres Signal Systems", "Kora Vision Ltd"):
    its first word may name the firm alone later on."""
    suffixes = "|".join(sorted(map(re.escape, lexicon().corporate_suffixes), key=len, reverse=True))
    return re.compile(rf"\b([A-Z][\w'-]+)(?:\s+[A-Z][\w'&-]+){{0,3}}\s+(?:{suffixes})(?!\w)")


def _firm_words(text: str) -> frozenset[str]:
    return frozenset(
        match.group(1)
        for match in _firm_name().finditer(text)
        if match.group(1) not in lexicon().not_vendor_words
    )


def _flagged_sentences(text: str, mentions: Sequence[Mention]) -> list[_Flagged]:
    """Sentences with a place and a technology in them or just before: the parse's work. A
    sentence that names a supplier and a technology but no place takes the document's main
    country ("It was designed and installed by CEIEC, a Chinese state-owned company")."""
    furniture = furniture_spans(text, list(mentions))
    focus = _focus(text, mentions, furniture)
    firm_words = _firm_words(text) if focus is not None else frozenset()
    document_techs = _main_technology(mentions)

    def names_supplier(quote: str, found: Sequence[Mention]) -> bool:
        return _names_supplier(quote, found) or any(w in quote for w in firm_words)

    flagged: list[_Flagged] = []
    position = 0
    index = 0
    last_tech: tuple[int, tuple[Technology, ...]] = (-100, ())
    last_plain = -100  # the last paragraph with words a technology may be told in
    for number, (start, end) in enumerate(paragraph_spans(text)):
        first = position
        while position < len(mentions) and mentions[position].start < end:
            position += 1
        chunk = list(mentions[first:position])
        kinds = {m.kind for m in chunk}
        has_place = COUNTRY in kinds or CITY in kinds
        near_tech = TECH in kinds or index - last_tech[0] <= _TECH_REACH
        near_tech = near_tech or index - last_plain <= _TECH_REACH
        told_before = bool(document_techs) or last_plain > -100
        if not near_tech and told_before and names_supplier(text[start:end], chunk):
            near_tech = True  # "Israeli firms have sold comparable equipment to ..."
        if not has_place and focus is not None and near_tech:
            has_place = names_supplier(text[start:end], chunk)
        told_in = plain_word_count(text[start:end])
        plain_words = told_in > 0
        # Several words a technology is told in ("phone", "messages", "calls"), not one
        # ("phone" alone is in most news): a paragraph worth reading for plain-word surveillance
        telling = told_in >= 2
        if not has_place and not document_techs and len(flagged) < _MOST_PLAIN_ONLY:
            # a document that names no technology may tell it in plain words in a paragraph
            # with no place ("a case that could trick every phone ... into connecting to it")
            has_place = telling
        if telling:
            last_plain = index
        if not has_place or not (near_tech or plain_words):
            if TECH in kinds:
                techs = tuple(sorted({Technology(m.value) for m in chunk if m.kind == TECH}))
                last_tech = (index, techs)
            index += 1
            continue
        sentences = split_sentences(text, start, end, number)
        last_places: tuple[int, tuple[Mention, ...]] = (-100, ())
        buckets = bucket_mentions(chunk, sentences)
        if any(len(found) > MAX_MENTIONS for found in buckets.values()):
            sentences = limit_mentions(text, sentences, buckets)
            buckets = bucket_mentions(chunk, sentences)
        for offset, sentence in enumerate(sentences):
            found = buckets.get(offset, [])
            techs = tuple(sorted({Technology(m.value) for m in found if m.kind == TECH}))
            context = last_tech[1] if index + offset - last_tech[0] <= _TECH_REACH else ()
            if (
                not context
                and not techs
                and names_supplier(text[sentence.start : sentence.end], found)
            ):
                context = document_techs
            if techs:
                last_tech = (index + offset, techs)
            if sentence.end - sentence.start > MAX_PARSED:
                continue
            if furniture and in_spans(furniture, sentence.start):
                continue
            places_here = [m for m in found if m.kind in (COUNTRY, CITY)]
            has_place_here = bool(places_here)
            quote = text[sentence.start : sentence.end]
            plain = not techs and may_name_technology(quote)
            borrowed: tuple[Mention, ...] = ()
            # One country just before, or the sentence is ambiguous ("Kenya's and Uganda's
            # police chiefs met. Police now operate a system supplied by NEC").
            one_country = len({m.value for m in last_places[1]}) == 1
            before = last_places[1] if offset - last_places[0] == 1 and one_country else ()
            follows_places = bool(before) and bool(techs or context)
            if not has_place_here and follows_places and _names_supplier(quote, found):
                borrowed = before  # "... It is being installed by X Ltd."
            receiving = [m for m in places_here if not _a_firms_home(text, m)]
            if receiving:
                last_places = (offset, tuple(receiving))
            on_focus = False
            if not (has_place_here or borrowed) and focus is not None and (techs or context):
                on_focus = names_supplier(quote, found)
                borrowed = (focus,) if on_focus else ()
            if not has_place_here and not plain and not borrowed:
                continue
            if has_place_here and not (techs or context or plain):
                plain = True  # a technology told in plain words just before may still apply
            flagged.append(
                _Flagged(
                    sentence,
                    found,
                    context,
                    _is_headline(text, sentence, number),
                    plain,
                    context_only=not (has_place_here or borrowed),
                    index=index + offset,
                    borrowed=borrowed,
                    focus=on_focus,
                    fallback=before or ((focus,) if focus is not None else ()),
                    fallback_focus=not before,
                )
            )
        index += len(sentences)
    return flagged


def triple_candidates(
    text: str, mentions: Sequence[Mention], rule_claims: Sequence[ExtractedClaim]
) -> dict[Key, TripleCandidates]:
    """Every triple the rules or the parse propose, with the candidates behind it."""
    triples: dict[Key, TripleCandidates] = {}
    for claim in rule_claims:
        if claim.vendor_slug is None and claim.vendor_country == claim.country:
            continue  # "Turkish firms ... in Turkey": a supplier country never supplies itself
        who = claim.vendor_slug or f"@{claim.vendor_country}"
        key = (who, claim.country)
        triples.setdefault(key, TripleCandidates(key)).rule_claims.append(claim)
    for candidate in notice_candidates(text, mentions):
        triples.setdefault(candidate.key, TripleCandidates(candidate.key)).syntax.append(candidate)
    flagged = _flagged_sentences(text, mentions)
    if flagged:
        _parse_candidates(text, _worth_parsing(text, flagged), triples)
        parsed = [f.sentence for f in flagged if not f.context_only]
        homes = {
            (c.sentence.start, c.sentence.end, c.supplier.country)
            for t in triples.values()
            for c in t.syntax
            if c.supplier.kind == "open" and c.supplier.country
        }
        for triple in triples.values():
            if triple.rule_claims and not triple.syntax:
                triple.parse_declined = any(
                    s.start <= c.start < s.end for c in triple.rule_claims for s in parsed
                )
            if triple.rule_claims and triple.key[0].startswith("@"):
                triple.country_of_named_firm = any(
                    start <= c.start < end and f"@{home}" == triple.key[0]
                    for c in triple.rule_claims
                    for start, end, home in homes
                )
    _describe_recipients(text, triples, mentions)
    return triples


def _worth_parsing(text: str, flagged: list[_Flagged]) -> list[_Flagged]:
    """The flagged sentences whose parse can matter. A sentence flagged only because it names
    a place, with no technology named or told in plain words in it or near it and no supplier
    in it, yields no candidate and names nobody later sentences take: not parsed (on news, most
    flagged sentences are of this kind, and the parse is most of the time)."""
    telling = [
        item.index
        for item in flagged
        if may_name_technology(text[item.sentence.start : item.sentence.end])
    ]

    def worth(item: _Flagged) -> bool:
        if item.context_techs or item.borrowed or any(m.kind == TECH for m in item.mentions):
            return True
        if any(item.index - _TECH_REACH <= index <= item.index + 2 for index in telling):
            return True  # a technology told in plain words here, just before or just after
        quote = text[item.sentence.start : item.sentence.end]
        if _names_supplier(quote, item.mentions):
            return True
        # "firms from China", "companies": a supplier the parse may find
        return any(_firm_noun(word) for word in _WORDS.findall(quote.lower()))

    return [item for item in flagged if worth(item)]


def _describe_recipients(
    text: str, triples: dict[Key, TripleCandidates], mentions: Sequence[Mention]
) -> None:
    """How much the document is about each recipient: a country named once in passing ("resellers
    in Cyprus") is rarely where the deployment went; the one the story is about often is. A
    firm's home or seat ("the Israeli company", "registered in Limassol, Cyprus") is not counted."""
    counts = _place_counts(m for m in mentions if not _a_firms_place(text, m))
    top = counts.most_common(1)[0][0] if counts else None
    for (_, country), triple in triples.items():
        named = counts.get(country, 0)
        triple.document = {f"doc_named:{bucket(named)}": 1.0}
        if country == top:
            triple.document["doc_top_country"] = 1.0


def _parse_candidates(
    text: str, flagged: list[_Flagged], triples: dict[Key, TripleCandidates]
) -> None:
    """The parse layer's candidates for the flagged sentences, added to ``triples``."""
    docs = parse_sentences(for_parse(text[f.sentence.start : f.sentence.end]) for f in flagged)
    told: tuple[int, list[Technology]] = (-100, [])  # the last technology told in plain words
    named: tuple[int, list[Party]] = (-100, [])  # the last supplier countries or unknown firms
    firms: dict[str, Party] = {}  # unknown firms named so far, by name and first word
    own_patterns = [
        technologies_in(parsed) if item.plain else []
        for item, parsed in zip(flagged, docs, strict=True)
    ]
    for position, (item, parsed) in enumerate(zip(flagged, docs, strict=True)):
        parties = sentence_parties(item.mentions, parsed, item.sentence.start, firms)
        for firm in parties.suppliers:
            if firm.kind == "open" and firm.name and firm.name not in firms:
                firms[firm.name] = firm
                first = firm.name.split()[0]
                if first != firm.name and _distinctive(first, text):
                    firms.setdefault(first, firm)
        own = parties.carried
        earlier = named[1] if not own and item.index - named[0] <= _SUPPLIER_REACH else []
        if own:
            named = (item.index, own)
        patterns = list(own_patterns[position])
        if patterns:
            told = (item.index, patterns)
        elif item.plain:
            # a supplier of "comparable equipment" paragraphs later takes the last one told
            recent = item.index - told[0] <= _TECH_REACH or bool(parties.supplier_like)
            patterns = (told[1] if recent else []) or _told_next(flagged, own_patterns, position)
        if item.context_only or (item.plain and not patterns and not item.context_techs):
            continue
        for candidate in sentence_candidates(
            text,
            item.sentence,
            item.mentions,
            parsed,
            parties,
            item.context_techs,
            item.headline,
            patterns,
            item.borrowed,
            earlier,
            item.focus,
            item.fallback,
            item.fallback_focus,
        ):
            triples.setdefault(candidate.key, TripleCandidates(candidate.key)).syntax.append(
                candidate
            )


def _told_next(
    flagged: Sequence[_Flagged], own_patterns: Sequence[list[Technology]], position: int
) -> list[Technology]:
    """A technology the next sentence of the paragraph tells in plain words ("... the tools
    were products of Israeli firms ... The tools gave their operators full control of the
    infected phones")."""
    item = flagged[position]
    for later in range(position + 1, min(position + 3, len(flagged))):
        following = flagged[later]
        if following.sentence.paragraph != item.sentence.paragraph:
            break
        if following.index - item.index <= 2 and own_patterns[later]:
            return list(own_patterns[later])
    return []


def _distinctive(word: str, text: str) -> bool:
    """Whether a firm's first word names it alone ("Vizora" for Vizora Traffic Systems): not
    a word the text also uses in lower case ("National", "Digital", "Smart")."""
    lex = lexicon()
    if len(word) < 4 or word in lex.not_vendor_words or word in lex.corporate_suffixes:
        return False
    return re.search(rf"\b{re.escape(word.lower())}\b", text) is None


def _financing_near(
    text: str, sentence: Sentence, mentions: Sequence[Mention]
) -> ExtractedFinancing | None:
    """Financing in the sentence, else in the next sentence of its paragraph when that one
    names no other place ("... sold to Laos. It was paid for with a concessional loan ...")."""
    own = [m for m in mentions if sentence.start <= m.start < sentence.end]
    found = financing_of(text, sentence, own)
    if found is not None:
        return found
    paragraph_end = text.find("\n\n", sentence.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    following = [
        s for s in split_sentences(text, sentence.end, min(paragraph_end, sentence.end + 600), 0)
    ][:1]
    if not following:
        return None
    after = following[0]
    near = [m for m in mentions if after.start <= m.start < after.end]
    if not any(m.kind == FINANCE for m in near):
        return None
    places = {m.value for m in own if m.kind in (COUNTRY, CITY)}
    if any(m.kind in (COUNTRY, CITY) and m.value not in places for m in near):
        return None
    if any(m.kind == VENDOR for m in near) and not any(m.kind == VENDOR for m in own):
        return None
    return financing_of(text, after, near)


#: What follows a city that is a firm's seat, not where anything was deployed.
_SEAT = re.compile(r"-based\b|\s+based\b|-headquartered\b")


def _city_of(text: str, candidate: Candidate, mentions: Sequence[Mention]) -> str | None:
    """The city a candidate's sentence places its recipient in: the place itself, or a city of
    that country the sentence names, never a firm's seat ("an Accra-based installer")."""
    place, sentence = candidate.place, candidate.sentence
    if place.kind == "city":
        return None if _SEAT.match(text, place.end) else text[place.start : place.end]
    return next(
        (
            text[m.start : m.end]
            for m in mentions
            if m.kind == CITY
            and m.form == "city"
            and m.value == place.country
            and sentence.start <= m.start < sentence.end
            and not _SEAT.match(text, m.end)
        ),
        None,
    )


def _claims_from_syntax(
    text: str,
    doc: str,
    candidate: Candidate,
    mentions: Sequence[Mention],
    probability: float,
    others: Sequence[Candidate] = (),
) -> list[ExtractedClaim]:
    """``others``: the triple's other candidates, best first, whose city may stand in when
    the chosen candidate's sentence names none."""
    sentence = candidate.sentence
    quote = text[sentence.start : sentence.end]
    status = cues.deployment_status(quote) or _STATUS_OF_VERB.get(
        candidate.verb_class, DeploymentStatus.DEPLOYED
    )
    place, supplier = candidate.place, candidate.supplier
    # "Buyer's address: ..., Tallinn": a notice may name the city in another line
    cities = (_city_of(text, c, mentions) for c in (candidate, *others))
    city = next((found for found in cities if found), None)
    financing = _financing_near(text, sentence, mentions)
    assert place.country is not None
    return [
        ExtractedClaim(
            doc=doc,
            vendor_slug=supplier.slug,
            vendor_country=supplier.country,
            country=place.country,
            technology=technology,
            status=status,
            quote=quote,
            start=sentence.start,
            end=sentence.end,
            city=city,
            financing=financing,
            confidence=probability,
            vendor_new=supplier.name,
        )
        for technology in candidate.technologies
    ]


def _body_sentence(text: str, triple: TripleCandidates) -> Sentence | None:
    """The first body sentence the parse found the triple in, when the rules took a headline."""
    if not any(_looks_like_headline(text, c.start, c.end) for c in triple.rule_claims):
        return None
    return next(
        (
            c.sentence
            for c in triple.syntax
            if "headline" not in c.features and "notice" not in c.features
        ),
        None,
    )


def _looks_like_headline(text: str, start: int, end: int) -> bool:
    quote = text[start:end].rstrip()
    if quote[-1:] in ".!?\"'\u201d\u2019":
        return False
    return start == 0 or text[end : end + 1] == "\n"


def _evidence(text: str, claim: ExtractedClaim, body: Sentence | None) -> dict[str, object]:
    """The body sentence as evidence instead of a headline (same claim, better quote)."""
    if body is None or not _looks_like_headline(text, claim.start, claim.end):
        return {}
    return {"quote": text[body.start : body.end], "start": body.start, "end": body.end}


def decide(
    text: str,
    doc: str,
    mentions: Sequence[Mention],
    triples: dict[Key, TripleCandidates],
    scorer: ClaimScorer,
) -> list[ExtractedClaim]:
    """The claims whose best candidate the scorer accepts, with its probability as confidence.
    A triple the rules proposed keeps the rules' fields (status, city, financing told over
    several sentences); one only the parse proposed takes its sentence's. A body sentence is
    preferred to a headline as evidence."""
    claims: list[ExtractedClaim] = []
    for triple in triples.values():
        rows = triple.feature_rows()
        if not rows or triple.country_of_named_firm:
            continue  # "a German company, Optikon Systems GmbH, ...": the firm supplies
        scores = [scorer.probability(row) for row in rows]
        probability = max(scores)
        if not scorer.accepts(probability, by_rules=bool(triple.rule_claims)):
            continue
        confidence = scorer.calibrated(probability)
        if triple.rule_claims:
            body = _body_sentence(text, triple)
            claims.extend(
                c.with_changes(confidence=confidence, **_evidence(text, c, body))
                for c in triple.rule_claims
            )
            continue
        ranked = sorted(
            zip(scores, triple.syntax, strict=True),
            key=lambda pair: (pair[1].features.get("headline", 0.0), -pair[0]),
        )
        best, *others = (candidate for _, candidate in ranked)
        claims.extend(_claims_from_syntax(text, doc, best, mentions, confidence, others))
    return sorted(
        _without_unnamed_twins(claims), key=lambda c: (c.start, c.country, c.vendor_name or "")
    )


def _without_unnamed_twins(claims: list[ExtractedClaim]) -> list[ExtractedClaim]:
    """Drops a supplier-country claim when the document names a firm of that country
    supplying the same recipient ("Harare signs deal with Chinese firm" over a story about
    Huawei): the firm is the supplier the text means. A sentence listing several recipients
    ("Chinese firms have also supplied Laos, Nepal and Cambodia") is a claim of its own and
    stays (in the evaluation sets' gold, a supplier country and a named firm of it for one
    recipient were recorded together 13 times in 1,122)."""
    named = {(c.vendor_country, c.country) for c in claims if c.vendor_name is not None}
    recipients: dict[int, set[str]] = {}
    for c in claims:
        if c.vendor_name is None:
            recipients.setdefault(c.start, set()).add(c.country)
    return [
        c
        for c in claims
        if c.vendor_name is not None
        or c.vendor_country is None
        or (c.vendor_country, c.country) not in named
        or len(recipients[c.start]) > 1
    ]


def active_scorer() -> ClaimScorer:
    """The model ``SURVINDEX_MODEL`` names, else the packaged one."""
    return load_scorer(os.environ.get("SURVINDEX_MODEL") or None)
