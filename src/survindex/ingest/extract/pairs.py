"""Candidate pairs of a parsed sentence: every supplier and place, and the features of each pair.

Why apart from ``syntax``: that module reads the tree (roles, verbs, scope); this one decides
which parties a sentence has (vendors, supplier countries, unknown firms, places), which pairs
cannot be a supply at all (a payer as recipient, "to Kenya" as supplier, two items of one list)
and describes every other pair for the scorer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from survindex.domain.vocab import Technology
from survindex.ingest.extract.sentences import Sentence
from survindex.ingest.extract.syntax import (
    HOME_VERBS,
    Candidate,
    Party,
    Role,
    bucket,
    common_name,
    definite,
    lexicon,
    noun_class,
    role_of,
    same_list,
    scope_flags,
    through_report,
    token_for,
    top_of,
    verb_class,
    verb_lemma,
)
from survindex.ingest.gazetteer import CITY, COUNTRY, TECH, VENDOR, Mention, vendors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


_NUMBER_OF_COUNTRIES = re.compile(
    r"\b(?:\d+|dozens?|scores|several|many|more\s+than\s+\w+|over\s+\w+)\s+"
    r"(?:other\s+)?(?:countries|nations|governments|markets|cities|states)\b",
    re.IGNORECASE,
)


#: A dateline opening a report ("DUBAI, United Arab Emirates, 14 January 2025 -", "DHAKA, June 3
#: (Wire) -"): where the story was filed, not where anything went.
_DASH = r"\s[-\u2013\u2014]"
_DATELINE = re.compile(
    # "DUBAI, United Arab Emirates, 14 January 2025 -", "BOGOTA/LIMA, Oct 2 (Reuters) -"
    rf"\s*(?:[A-Z][A-Z .'/-]{{2,40}}(?:,[^\n\-\u2013\u2014]{{0,60}})?"
    rf"(?:\([^)]{{0,40}}\)\s*)?{_DASH}"
    # "Tokyo, March 3, 2025 -", "[Hangzhou, China, September 10, 2024]"
    r"|\[?(?!(?:In|On|At|By|For|From|To|The|A|An|Since|After)\b)[A-Z][\w .'-]{1,30},"
    rf"[^\n\]\-\u2013\u2014]{{0,50}}\b(?:19|20)\d\d\s*(?:\]|{_DASH}))\s"
)


#: The "Messrs" of South Asian notices ("installed by M/s Indus Datalink"), which the parse
#: splits into a name of its own.
_MESSRS = re.compile(r"\bM/[sS]\.?(?= )")


def for_parse(quote: str) -> str:
    """The sentence with its dateline and any "M/s" blanked out, offsets kept: the parse
    otherwise reads "DUBAI, United Arab Emirates, 3 February 2026 - Falconview ... announced"
    as one list."""
    dateline = _DATELINE.match(quote)
    if dateline:
        quote = " " * dateline.end() + quote[dateline.end() :]
    return _MESSRS.sub(lambda m: " " * len(m.group()), quote)


#: How the payer hangs on a financing verb: its subject, its agent, the source of the money.
_FUNDER_RELATIONS = frozenset({"nsubj", "prep:by", "prep:from"})


def _open_suppliers(
    doc: Doc,
    offset: int,
    known: list[tuple[int, int]],
    countries: list[tuple[int, int, str]],
    firms: Mapping[str, Party],
) -> list[Party]:
    """Organisations the tree names as a supplier that no gazetteer knows: a proper-noun
    phrase as the subject of a supply, build or contract verb, the agent of a passive ("by
    X"), the object of "from", or next to a firm noun ("X, a Turkish integrator"). A firm the
    document named so before (``firms``: by full name or first word) is that firm wherever it
    stands ("Vizora Traffic Systems, the Ankara-based maker, ... Vizora will finance ...")."""
    lex = lexicon()
    found: list[Party] = []
    seen: set[int] = set()
    for token in doc:
        if token.pos_ != "PROPN" or token.i in seen:
            continue
        if token.dep_ == "compound" and token.head.pos_ == "NOUN":
            known_firm = firms.get(token.text)  # "Kestrel engineers flew to Phnom Penh to ..."
            if known_firm is not None and token.text[:1].isupper():
                start = offset + token.idx
                seen.add(token.i)
                end = start + len(token)
                found.append(Party("open", known_firm.country, start, end, name=known_firm.name))
            continue
        if token.dep_ == "compound" or (token.dep_ == "nmod" and token.head.pos_ == "PROPN"):
            continue  # part of a longer name, read from its head
        left = token.i
        while left > 0:
            before = doc[left - 1]
            if (
                before.dep_ in ("compound", "nmod")
                and before.pos_ == "PROPN"  # "camera maker Vantage Optix": not "maker"
                and before.head.i in range(left, token.i + 1)
            ):
                left -= 1
            elif (
                before.text == ")"
                and left > 3
                and doc[left - 3].text == "("
                and f"({doc[left - 2].text})" in lex.legal_forms
            ):
                left -= 3  # "Mzansi Signal Analytics (Pty) Ltd"
            elif before.text == "-" and left > 1 and not doc[left - 2].whitespace_:
                left -= 2  # "Mon-Tech Systems", "X FZ-LLC": one name, split at the hyphen
            else:
                break
        words = doc[left : token.i + 1]
        start, end = offset + words.start_char, offset + words.end_char
        texts = words.text.split()  # "Mon-Tech", "a.s.": words as written, not spaCy's pieces
        # "Angola Telecom": a firm named after its country is a firm, from that country.
        named_after = next((c for a, b, c in countries if a == start and b < end), None)
        overlapping = any(a < end and start < b for a, b in known)
        if overlapping and not (named_after and texts[-1] in lex.corporate_suffixes):
            continue
        named_before = firms.get(" ".join(texts)) or firms.get(texts[0]) or _short_for(texts, firms)
        if named_before is not None and not overlapping:
            seen.update(range(left, token.i + 1))
            found.append(Party("open", named_before.country, start, end, name=named_before.name))
            continue
        if texts[0] in lex.not_vendor_words or all(t in lex.not_vendor_words for t in texts):
            continue
        if any(t in lex.not_vendor_anywhere for t in texts):
            continue
        if not texts[0][:1].isupper() or len(texts) > 5 or len(" ".join(texts)) < 3:
            continue
        role = role_of(token)
        if role.noun == "state":
            continue  # "the Ministry of Public Security": a state body, not a firm
        klass = verb_class(role.verb)
        subject = role.relation in ("nsubj",) and klass in ("supply", "build", "contract")
        agent = role.relation in ("prep:by", "prep:from") or (
            role.relation == "prep:with" and klass in ("contract", "noun")
        )  # "signed the contract with X"
        firmish = role.noun == "firm" or any(t in lex.corporate_suffixes for t in texts)
        appositive = any(c.dep_ == "appos" and noun_class(c) == "firm" for c in token.children) or (
            token.dep_ == "appos" and noun_class(token.head) == "firm"
        )
        after = doc[token.i + 1 : token.i + 4]
        if (
            any(c.like_num and len(c.text) == 4 for c in token.children)
            or any(
                t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20") for t in after[:2]
            )
            and any(t.text in ",(" for t in doc[max(0, left - 1) : token.i + 2])
        ):
            continue  # "(Ruiz and Moreno 2021)", "(Feldstein, 2019)": a citation, not a firm
        if all(t.isupper() for t in texts) and not (firmish or appositive):
            continue  # "BOGOTA/LIMA, Oct 2", "the KNB": a dateline or an agency's acronym
        if not (subject or agent or appositive or (firmish and klass != "other")):
            continue
        name = common_name(texts)
        if not name:
            continue
        seen.update(range(left, token.i + 1))
        found.append(Party("open", named_after, start, start + len(name), name=name))
    return found


def _parties(
    mentions: Sequence[Mention], doc: Doc, offset: int, firms: Mapping[str, Party]
) -> tuple[list[Party], list[Party], list[Party]]:
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
            party = Party(m.form, m.value, m.start, m.end)
            places.append(party)
            suppliers.append(party)  # "Beijing has exported ...": kept only as a subject
    known = [(m.start, m.end) for m in mentions if m.kind in (VENDOR, COUNTRY, CITY)]
    countries = [(m.start, m.end, m.value) for m in mentions if m.kind == COUNTRY]
    owners = {
        p.start: owner
        for p in places
        if (token := token_for(doc, offset, p.start, p.end)) is not None
        and (owner := _firm_seat(token)) is not None
    }
    seats = set(owners)
    # "Companies based in the Russian Federation have provided ...": the seat of firms the text
    # does not name is a supplier country, as "Russian companies" would be
    unnamed = {start for start, owner in owners.items() if owner.pos_ != "PROPN"}
    first_seat = next((p.country for p in places if p.start in seats), None)
    # the country a firm is named after ("Angola Telecom") or described by ("X, a Turkish
    # integrator based in Ankara") is where it comes from: neither a place nor a supplier
    taken = set(seats)
    opened = []
    for firm in _open_suppliers(doc, offset, known, countries, firms):
        home, told = _home_country(firm, doc, offset, mentions)
        if firm.country:
            taken.add(firm.start)
        elif home or first_seat:
            firm = Party("open", home or first_seat, firm.start, firm.end, name=firm.name)
        taken |= told
        opened.append(firm)
    if opened:
        unnamed = set()  # "X, a company based in Haifa": the seat of the firm named
    if opened or any(s.kind == "vendor" for s in suppliers):
        # "Gulf Systems, which has offices in Kuwait", "opened a Dubai office": where it works
        taken |= {
            p.start
            for p in places
            if (token := token_for(doc, offset, p.start, p.end)) is not None and _office(token)
        }
    for vendor in [s for s in suppliers if s.kind == "vendor"]:
        home, told = _home_country(vendor, doc, offset, mentions)
        taken |= told if home == vendor.country else set()
    suppliers.extend(opened)
    dateline = _DATELINE.match(doc.text)
    filed = offset + (dateline.end() if dateline else len(doc.text) - len(doc.text.lstrip()))
    taken |= {p.start for p in places if p.start < filed}
    # an unknown firm's own seat may also be where it delivers ("a contract was awarded to
    # Sekela Analytics, a Pretoria-based company"): kept aside for a sentence with no other place
    homes = [p for p in places if p.start in taken and p.start >= filed] if opened else []
    places[:] = [
        p for p in places if p.start not in taken and not _describes_supplier(p, doc, offset)
    ]
    suppliers[:] = [
        s
        for s in suppliers
        if (s.kind == "open" and s.start >= filed)
        or (s.kind != "open" and (s.start not in taken or s.start in unnamed))
    ]
    return suppliers, places, homes


def _short_for(words: Sequence[str], firms: Mapping[str, Party]) -> Party | None:
    """The firm named before whose name holds these words ("Guarani" for Sistemas Integrales
    Guarani, "Datalink" for Indus Datalink), when a word of them is more than a firm's suffix."""
    lex = lexicon()
    if not any(w not in lex.corporate_suffixes and w not in lex.not_vendor_words for w in words):
        return None
    for name, firm in firms.items():
        longer = name.split()
        if len(longer) > len(words) and all(w in longer for w in words):
            return firm
    return None


def _firm_seat(token: Token) -> Token | None:
    """The firm whose seat a place tells ("Ankara-based maker", "X, registered in Cyprus"):
    a place under a verb of seat whose noun or subject is a firm; None for any other place."""
    verb = token.head.head if token.head.pos_ == "ADP" else token.head
    if verb.lower_ not in HOME_VERBS and verb.lemma_.lower() not in HOME_VERBS:
        return None
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "founded in 2016 and headquartered in Singapore"
    if verb.dep_ in ("amod", "acl", "relcl", "appos"):
        owner: Token | None = verb.head
    elif verb.dep_ == "advcl":
        owner = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    else:
        owner = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if owner is not None and (owner.pos_ == "PROPN" or noun_class(owner) == "firm"):
        return owner
    return None


def _office(token: Token) -> bool:
    """Whether a place names where a firm has an office ("offices in Kuwait and Manama",
    "opened a Dubai office")."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    offices = lexicon().office_nouns
    if token.dep_ in ("compound", "amod", "nmod"):
        return token.head.lemma_.lower() in offices
    if token.dep_ == "pobj" and token.head.lower_ in ("in", "at"):
        return token.head.head.lemma_.lower() in offices
    return False


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


def _made_by(token: Token) -> bool:
    """Whether a country names who made or sold the thing it qualifies: "Chinese-made
    platforms", "Israeli-supplied spyware"."""
    return token.dep_ == "npadvmod" and verb_lemma(token.head) in _MADE_VERBS | _SUPPLIED


def _describes_supplier(place: Party, doc: Doc, offset: int) -> bool:
    """A country adjective of a firm noun or of a verb of making ("Chinese firms", "an Israeli
    company", "Chinese-made platforms") tells who supplies, never who receives."""
    if place.kind != "adjective":
        return False
    token = token_for(doc, offset, place.start, place.end)
    if token is None:
        return False
    if _made_by(token):
        return True
    return token.dep_ in ("amod", "compound") and noun_class(token.head) == "firm"


def _home_country(
    party: Party, doc: Doc, offset: int, mentions: Sequence[Mention]
) -> tuple[str | None, set[int]]:
    """A firm's home country when the text gives it ("X, a Turkish integrator", "Turkish
    firm X", "X, a company registered in Haifa, Israel", "X, the Ankara-based maker"), and the
    starts of the mentions that tell it."""
    places = [m for m in mentions if m.kind in (COUNTRY, CITY)]
    told = set()
    for m in places:  # "the Turkish company X", "Turkish firm X": the adjective of a firm noun
        if m.form not in ("adjective", "possessive") or not 0 <= party.start - m.end <= 25:
            continue
        if m.form == "possessive" and party.start - m.end <= 2:
            told.add(m.start)  # "China's Dahua Technology", "Israel's NSO Group"
            continue
        adjective = token_for(doc, offset, m.start, m.end)
        if adjective is not None and noun_class(adjective.head) == "firm":
            told.add(m.start)
    token = token_for(doc, offset, party.start, party.end)
    while token is not None and token.dep_ in ("compound", "nmod") and token.head.pos_ == "PROPN":
        token = token.head  # "Securivia SAS, a small company based in Lyon": the phrase's head
    if token is not None:
        # the phrase's head, or the piece of its legal form spaCy splits off ("d.o.o" ".")
        heads = {token.i} | {t.i for t in token.doc[token.i + 1 : token.i + 2] if t.pos_ == "PROPN"}
        described = [
            t
            for t in token.doc
            if t.dep_ == "appos" and t.head.i in heads and noun_class(t) == "firm"
        ]
        for noun in described:  # "X, a little-known company from Novosibirsk, Russia"
            words = list(noun.subtree)
            low, high = offset + words[0].idx, offset + words[-1].idx + len(words[-1])
            told |= {m.start for m in places if low <= m.start < high}
        if token.dep_ == "appos" and noun_class(token.head) == "firm":
            low = offset + min(t.idx for t in token.head.subtree)  # "the Turkish company X"
            told |= {m.start for m in places if low <= m.start < party.start}
    home = next((m.value for m in places if m.start in told and m.kind == COUNTRY), None)
    home = home or next((m.value for m in places if m.start in told), None)
    return home, told


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


#: Where a country stands when it receives ("sold to Kenya", "equipped Kenya", "in Kenya"):
#: a country named there is not also a candidate supplier.
_RECIPIENT_TOPS = frozenset(
    {"prep:to", "dative:to", "dative", "dobj", "prep:for", "prep:across", "prep:at", "prep:into"}
)


#: Verbs after which "in X" names where a thing was made, not where it went.
_MADE_VERBS = frozenset({"make", "manufacture", "build", "develop", "produce", "design", "base"})
_SUPPLIED = frozenset({"supply", "sell", "export", "provide", "install", "deliver"})


def _supplier_like(role: Role, top: str) -> bool:
    """Whether a country named by name (or a city standing for its state) may be a supplier:
    not when it stands where a recipient does ("sold to Kenya", "equipped Kenya"); "in X" only
    after a verb of making ("manufactured in China")."""
    if role.modifier or role.noun == "firm":
        return True  # "China's ZTE", "firms from China"
    if top in _RECIPIENT_TOPS:
        return False
    if top == "prep:in":
        return role.verb is not None and role.verb.lemma_.lower() in _MADE_VERBS
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
    homes = [] if places or borrowed else parties.homes
    if not places:
        places = [Party(m.form, m.value, m.start, m.end) for m in borrowed]
    home_starts = {h.start for h in homes}
    places = [*places, *(h for h in homes if h.country not in {p.country for p in places})]
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
    for supplier in suppliers:
        if id(supplier) in earlier:
            for place in places:
                if place.start in home_starts:
                    continue
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
        s_class = verb_class(s_role.verb)
        if _made_by(s_token):
            s_class = "supply"
        if supplier.kind in ("name", "abbreviation", "city", "region") and not _supplier_like(
            s_role, s_top
        ):
            continue
        if supplier.kind in ("adjective", "possessive") and s_role.noun == "state":
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
            if place.start in home_starts:
                if supplier.kind != "open":
                    continue
                features = supplier_features | {"r_home": 1.0, f"r_kind:{place.kind}": 1.0}
                verb = s_class
            elif place.start in borrowed_starts:
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
                if pair is None:
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


@dataclass(frozen=True)
class SentenceParties:
    """Who a parsed sentence names, worked out once: every party that may supply, every place,
    and those parties that stand where a supplier does."""

    suppliers: list[Party]
    places: list[Party]
    supplier_like: list[Party]
    #: The seats of the unknown firms named, taken out of ``places``.
    homes: list[Party] = field(default_factory=list)

    @property
    def carried(self) -> list[Party]:
        """The supplier countries and unknown firms later sentences naming only places take."""
        return [p for p in self.supplier_like if p.kind != "vendor"]


def sentence_parties(
    mentions: Sequence[Mention], doc: Doc, offset: int, firms: Mapping[str, Party] | None = None
) -> SentenceParties:
    """``firms``: the unknown firms the document named before, by full name and first word."""
    suppliers, places, homes = _parties(mentions, doc, offset, firms or {})
    return SentenceParties(suppliers, places, _supplier_like_parties(suppliers, doc, offset), homes)


def _supplier_like_parties(suppliers: Sequence[Party], doc: Doc, offset: int) -> list[Party]:
    """The parties of a sentence that stand where a supplier does: vendors, unknown firms, and
    supplier countries by the same tests as pairs ("Chinese firms", "developed in Israel")."""
    found = []
    for party in suppliers:
        if party.kind in ("vendor", "open"):
            found.append(party)
            continue
        token = token_for(doc, offset, party.start, party.end)
        if token is None:
            continue
        role = role_of(token)
        top, _ = top_of(token, role.verb)
        if party.kind in ("adjective", "possessive"):
            if role.modifier and role.noun in ("firm", "product") and not definite(token.head):
                found.append(party)
        elif party.kind in ("name", "abbreviation") and (
            role.noun == "firm" or (top == "prep:in" and _supplier_like(role, top))
        ):
            found.append(party)  # "firms from China", "developed in Israel"
    return found


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
    if r_class == "finance" and r_role.relation.split("<")[0] in _FUNDER_RELATIONS:
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
