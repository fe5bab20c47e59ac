"""Candidate pairs of a parsed sentence: every supplier and place, and the features of each pair.

Why apart from ``syntax`` and ``parties``: ``syntax`` reads the tree (roles, verbs, scope) and
``parties`` decides which parties a sentence has (vendors, supplier countries, unknown firms,
places); this module decides which pairs cannot be a supply at all (a payer as recipient, "to
Kenya" as supplier, two items of one list) and describes every other pair for the scorer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from survindex.domain.vocab import Technology
from survindex.ingest.extract.parties import (
    SentenceParties,
    made_by,
    receives_there,
    supplier_like,
)
from survindex.ingest.extract.sentences import Sentence
from survindex.ingest.extract.syntax import (
    Candidate,
    Party,
    Role,
    bucket,
    definite,
    lexicon,
    role_of,
    same_list,
    scope_flags,
    through_report,
    token_for,
    top_of,
    verb_class,
    verb_lemma,
)
from survindex.ingest.gazetteer import TECH, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_NUMBER_OF_COUNTRIES = re.compile(
    r"\b(?:\d+|dozens?|scores|several|many|more\s+than\s+\w+|over\s+\w+)\s+"
    r"(?:other\s+)?(?:countries|nations|governments|markets|cities|states)\b",
    re.IGNORECASE,
)


#: How the payer hangs on a financing verb: its subject, its agent, the source of the money.
_FUNDER_RELATIONS = frozenset({"nsubj", "prep:by", "prep:from"})


def _funder(relation: str) -> bool:
    """Whether a place stands as who pays: subject of a finance verb or its "by"/"from"
    phrase, itself or through what it belongs to ("a grant from the Government of Canada")."""
    first, *through = relation.split("<")
    if first in _FUNDER_RELATIONS:
        return True
    return first == "prep:of" and bool(through) and through[0] in ("pobj:from", "pobj:by")


def _sold_to_private(verb: Token | None) -> bool:
    """Whether the verb's "to" names private buyers ("sold to households"), not a state."""
    if verb is None:
        return False
    private = lexicon().private_nouns
    return any(
        child.dep_ in ("prep", "dative")
        and child.lower_ == "to"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in private for g in child.children)
        for child in verb.children
    )


#: How a city stands for its country's state as a supplier: "Beijing has exported ...",
#: "equipment from Moscow".
_CITY_SUPPLIER_RELATIONS = frozenset({"nsubj", "prep:from", "prep:by"})


def _may_supply(party: Party, role: Role, token: Token | None) -> bool:
    """Whether a party can be a supplier at all: a country adjective of a financing noun is a
    lender ("a Chinese loan"); a city supplies only as a subject or a source."""
    if party.kind in ("city", "region"):
        return role.relation in _CITY_SUPPLIER_RELATIONS and not role.modifier
    if role.modifier and token is not None:
        return token.head.lemma_.lower() not in lexicon().finance_nouns
    return True


def sentence_candidates(
    text: str,
    sentence: Sentence,
    mentions: Sequence[Mention],
    doc: Doc,
    parties: SentenceParties,
    context_techs: Sequence[Technology],
    headline: bool,
    pattern_techs: Sequence[Technology] = (),
    borrowed: Sequence[Mention] = (),
    earlier_suppliers: Sequence[Party] = (),
    focus: bool = False,
    fallback: Sequence[Mention] = (),
    fallback_focus: bool = True,
) -> list[Candidate]:
    """Every (supplier, place) pair of one parsed sentence, with its features. ``borrowed``
    are the places of the sentence just before, for a sentence that names a supplier but no
    place ("... Nepal's monitoring gateway. It is being installed by Vedanet Systems").
    ``earlier_suppliers`` are the suppliers a recent sentence named, for one that names places
    and none ("spyware developed in Israel ... attributed to agencies in Mexico and Togo").
    ``focus``: ``borrowed`` is the document's main country, for a sentence naming no place;
    ``fallback`` is the places just before or that country, for a sentence whose places are
    all a firm's home or seat (``fallback_focus``: it is that country)."""
    offset = sentence.start
    quote = text[sentence.start : sentence.end]
    if quote.rstrip().endswith("?"):
        return []  # a question asserts nothing ("Has the council signed a contract with X?")
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
    suppliers, places = parties.suppliers, parties.places
    if earlier_suppliers and places and not parties.supplier_like:
        suppliers = [*suppliers, *earlier_suppliers]
    if not places and not borrowed and fallback:
        borrowed, focus = fallback, fallback_focus
    borrowed_starts = {m.start for m in borrowed}
    if not places:
        places = [Party(m.form, m.value, m.start, m.end) for m in borrowed]
    if not suppliers or not places:
        return []
    common: dict[str, float] = {"bias": 1.0}
    common[source] = 1.0
    if headline:
        common["headline"] = 1.0
    if _NUMBER_OF_COUNTRIES.search(quote):
        common["aggregate"] = 1.0
    for word in words & lex.distraction_words:
        common[f"distract:{word}"] = 1.0
    if words & lex.negation_words:
        common["negation_word"] = 1.0
    places_count = len({p.country for p in places})
    common[f"places:{min(places_count, 4)}"] = 1.0
    tokens: dict[int, Token | None] = {}
    roles: dict[int, Role | None] = {}

    def party_role(party: Party) -> Role | None:
        if party.start not in roles:
            token = token_for(doc, offset, party.start, party.end)
            tokens[party.start] = token
            roles[party.start] = role_of(token) if token is not None else None
        return roles[party.start]

    # "Chinese firm Huawei", "the Chinese company's director": a supplier country in a
    # sentence naming a vendor from that country refers to the vendor.
    vendor_homes = {s.country for s in suppliers if s.kind == "vendor"}
    out: list[Candidate] = []
    if (
        not earlier_suppliers
        and not borrowed
        and all(p.kind == "open" for p in parties.supplier_like)
    ):
        # beside an unknown "firm" too, which is often not one ("the Panel", "Bid Security")
        nobody = common | ({"s_none_beside_open": 1.0} if parties.supplier_like else {})
        out.extend(_unsupplied(sentence, places, techs, nobody, words, party_role, tokens))
    earlier = {id(s) for s in earlier_suppliers}
    firm_tokens = {
        token.i
        for firm in suppliers
        if firm.kind in ("vendor", "open")
        and (token := token_for(doc, offset, firm.start, firm.end)) is not None
    }
    for supplier in suppliers:
        if id(supplier) in earlier:
            for place in places:
                r_role, r_token = party_role(place), tokens.get(place.start)
                if r_role is None or r_token is None or supplier.country == place.country:
                    continue
                features = common | _earlier_supplier_features(supplier, r_role, r_token, words)
                features[f"r_kind:{place.kind}"] = 1.0
                verb = verb_class(r_role.verb)
                out.append(Candidate(supplier, place, sentence, tuple(techs), verb, features))
            continue
        if supplier.kind not in ("vendor", "open") and supplier.country in vendor_homes:
            continue
        s_role = party_role(supplier)
        s_token = tokens.get(supplier.start)
        if s_role is None or s_token is None or not _may_supply(supplier, s_role, s_token):
            continue
        said = s_role  # "X announced that it has signed ...": X signs
        if supplier.kind in ("vendor", "open"):
            s_role = through_report(s_role)
        s_top = "nsubj" if s_role is not said else top_of(s_token, s_role.verb)[0]
        s_class = _conjoined_class(s_role.verb)
        if made_by(s_token):
            s_class = "supply"
        if supplier.kind in ("name", "abbreviation", "city", "region") and not supplier_like(
            s_role, s_top
        ):
            continue
        if supplier.kind in ("adjective", "possessive") and (
            s_role.noun == "state" or receives_there(s_token, s_role)
        ):
            continue  # "Belarusian police", "Kenya's interior ministry": a place
        if supplier.kind == "adjective" and s_role.modifier and definite(s_token.head):
            continue  # "the Chinese firm won ...": a firm named before, not a new supplier
        supplier_features = dict(common) | _supplier_features(supplier, s_role, s_token, s_top)
        supplier_features |= {f"s_{k}": v for k, v in scope_flags(s_role.verb, words).items()}
        if s_role is not said:
            supplier_features["s_via_report"] = 1.0
        for place in places:
            if place.start == supplier.start or place.country is None:
                continue
            if supplier.kind not in ("vendor", "open") and supplier.country == place.country:
                continue  # "Turkish firms ... in Turkey": no supply from abroad
            if place.start in borrowed_starts:
                if _sold_to_private(s_role.verb):
                    continue  # "cameras are also sold to households in electronics stores"
                taken_from = "r_focus" if focus else "r_borrowed"
                features = supplier_features | {taken_from: 1.0, f"r_kind:{place.kind}": 1.0}
                verb = s_class
            else:
                r_role, r_token = party_role(place), tokens.get(place.start)
                if r_role is None or r_token is None:
                    continue
                pair = _pair_features(s_role, s_token, r_role, r_token, words)
                if pair is None or _another_firms(r_role.verb, s_token, firm_tokens):
                    continue
                features = supplier_features | pair | {f"r_kind:{place.kind}": 1.0}
                r_class = verb_class(r_role.verb)
                if not _EVENT_CLASSES & {s_class, r_class}:
                    continue  # "Uniview said shipments of cameras in Brazil doubled": no act
                verb = r_class if r_class not in ("none", "other") else s_class
            if supplier.country is not None and supplier.country == place.country:
                features["same_country"] = 1.0
            out.append(Candidate(supplier, place, sentence, tuple(techs), verb, features))
    return out


def _another_firms(verb: Token | None, supplier: Token, firms: set[int]) -> bool:
    """Whether the place's verb is another named firm's act ("iFlytek supplied ... to Xinjiang,
    and Yitu has offered ... to Malaysia's police": Malaysia is Yitu's, not iFlytek's)."""
    if verb is None or verb.is_ancestor(supplier):
        return False
    return any(
        child.dep_ in ("nsubj", "nsubjpass") and child.i in firms and child.i != supplier.i
        for child in verb.children
    )


def _conjoined_class(verb: Token | None) -> str:
    """A verb's class, or that of the verb it is conjoined to when its own says nothing ("was
    supplied and is maintained by X": X supplies)."""
    found = verb_class(verb)
    if found in _EVENT_CLASSES or verb is None or verb.dep_ != "conj":
        return found
    first = verb_class(verb.head)
    return first if first in _EVENT_CLASSES else found


#: Verb classes that can carry a deployment: a pair under neither of its verbs is told about
#: something else (sales, a statement, a visit).
_EVENT_CLASSES = frozenset({"supply", "build", "acquire", "use", "contract", "propose", "noun"})


#: Who supplies when a sentence names nobody: a claim with neither vendor nor supplier country.
_NOBODY = Party("none", None, -1, -1)


def _unsupplied(
    sentence: Sentence,
    places: Sequence[Party],
    techs: Sequence[Technology],
    common: dict[str, float],
    words: set[str],
    party_role: Callable[[Party], Role | None],
    tokens: Mapping[int, Token | None],
) -> list[Candidate]:
    """A place that gets or uses something in a sentence naming no supplier ("The interior
    ministry has used face-matching cameras in Lome since 2022"): supplier unknown."""
    out = []
    for place in places:
        r_role = party_role(place)
        r_token = tokens.get(place.start)
        if r_role is None or r_token is None or place.country is None:
            continue
        verb = verb_class(r_role.verb)
        if verb not in _EVENT_CLASSES:
            continue
        features = common | _earlier_supplier_features(_NOBODY, r_role, r_token, words, "s_none")
        features[f"r_kind:{place.kind}"] = 1.0
        out.append(Candidate(_NOBODY, place, sentence, tuple(techs), verb, features))
    return out


def _earlier_supplier_features(
    supplier: Party, r_role: Role, r_token: Token, words: set[str], marker: str = "s_earlier"
) -> dict[str, float]:
    """A place in a sentence that names no supplier, paired with the supplier a recent
    sentence named: only the place's own role speaks ("attributed to agencies in Mexico")."""
    top, steps = top_of(r_token, r_role.verb)
    features = {
        marker: 1.0,
        f"{marker}_kind:{supplier.kind}": 1.0,
        f"r_rel:{r_role.relation}": 1.0,
        f"r_verb:{verb_class(r_role.verb)}": 1.0,
        f"r_own_top:{top}": 1.0,
    }
    if r_role.noun:
        features[f"r_noun:{r_role.noun}"] = 1.0
    if r_role.in_list:
        features["r_in_list"] = 1.0
    features |= {f"r_{k}": v for k, v in scope_flags(r_role.verb, words).items()}
    return features


def _supplier_features(supplier: Party, role: Role, token: Token, top: str) -> dict[str, float]:
    """How the supplier stands in its sentence, whatever the place."""
    kind = (
        "country" if supplier.kind in ("name", "abbreviation", "city", "region") else supplier.kind
    )
    features = {
        f"s_kind:{kind}": 1.0,
        f"s_rel:{role.relation}": 1.0,
        f"s_verb:{verb_class(role.verb)}": 1.0,
        f"s_top:{top}": 1.0,
    }
    if role.verb is not None:  # the verb itself, so that reviewers' decisions can teach it
        features[f"s_lemma:{verb_lemma(role.verb)}"] = 1.0
    if supplier.kind in ("city", "region"):
        features["s_city"] = 1.0  # "Beijing has exported": the state, as a country
    if role.modifier:
        features[f"s_mod:{role.modifier}:{role.noun}"] = 1.0
        if definite(token.head):
            features["s_definite"] = 1.0  # "The Chinese start-up": a firm named before
    if role.noun:
        features[f"s_noun:{role.noun}"] = 1.0
    if supplier.kind == "open":
        features["s_open_home" if supplier.country else "s_open_nohome"] = 1.0
    return features


def _pair_features(
    s_role: Role, s_token: Token, r_role: Role, r_token: Token, words: set[str]
) -> dict[str, float] | None:
    """How the place stands towards the supplier in one tree; None when the pair cannot be a
    supply at all (a payer as recipient, two items of one list, a denied act)."""
    r_class = verb_class(r_role.verb)
    if r_class == "finance" and _funder(r_role.relation):
        return None  # "paid for by Japan's government", "Japan funded it": who pays
    if same_list(s_token, r_token):
        return None  # "to Kenya, Uganda and Zambia": neither supplies the other
    same_verb = (
        s_role.verb is not None and r_role.verb is not None and s_role.verb.i == r_role.verb.i
    )
    r_scope = scope_flags(r_role.verb, words)
    if same_verb and ("negated" in r_scope or "denied" in r_scope):
        return None  # "Mauritius has not signed a deal with Huawei": denied, not told
    if "negated" in r_scope and r_class in _EVENT_CLASSES:
        # "no evidence that any Italian police force used it", "no longer sells to British
        # agencies": the place's own act is negated
        return None
    r_top, r_steps = top_of(r_token, s_role.verb)  # the place seen from the supplier's verb
    features = {
        f"r_rel:{r_role.relation}": 1.0,
        f"r_verb:{r_class}": 1.0,
        f"r_lemma:{verb_lemma(r_role.verb) if r_role.verb is not None else ''}": 1.0,
        f"r_top:{r_top}": 1.0,
        f"r_depth:{bucket(r_steps)}": 1.0,
        "same_verb" if same_verb else "other_verb": 1.0,
        "s_before_r" if s_token.i < r_token.i else "r_before_s": 1.0,
        f"dist:{bucket(abs(s_token.i - r_token.i))}": 1.0,
    }
    if r_role.modifier:
        features[f"r_mod:{r_role.modifier}:{r_role.noun}"] = 1.0
    if r_role.noun:
        features[f"r_noun:{r_role.noun}"] = 1.0
    if r_role.in_list:
        features["r_in_list"] = 1.0
    if s_token.is_ancestor(r_token):
        features["r_inside_supplier"] = 1.0  # "X Ltd, a company registered in Nairobi"
    if r_token.is_ancestor(s_token):
        features["s_inside_place"] = 1.0
    if r_token.head.i == s_token.head.i and r_role.modifier:
        features["r_beside_supplier"] = 1.0  # "the Chinese firm Dahua"
    features |= {f"r_{k}": v for k, v in r_scope.items()}
    return features
