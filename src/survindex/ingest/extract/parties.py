"""Who a parsed sentence names: the parties that may supply (vendors, supplier countries,
unknown firms) and the places that may receive.

Why apart from ``pairs``: telling a firm's seat, a dateline or an office from a recipient, and
reading an unknown firm's name and home, is one question (who is in the sentence), asked once
per sentence; pairing the parties and describing each pair for the scorer is another.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from survindex.ingest.extract.syntax import (
    HOME_VERBS,
    Party,
    Role,
    common_name,
    definite,
    legal_prefix_length,
    lexicon,
    noun_class,
    role_of,
    token_for,
    top_of,
    verb_class,
    verb_lemma,
)
from survindex.ingest.gazetteer import CITY, COUNTRY, TECH, VENDOR, Mention, vendors

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: A dateline opening a report ("DUBAI, United Arab Emirates, 14 January 2025 -", "DHAKA, June 3
#: (Wire) -"): where the story was filed, not where anything went.
_DASH = r"\s(?:--|[-\u2013\u2014])"  # "--" too: "SEOUL, South Korea, June 3, 2024 /PRNewswire/ --"
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


def _open_suppliers(
    doc: Doc,
    offset: int,
    known: list[tuple[int, int]],
    countries: list[tuple[int, int, str]],
    firms: Mapping[str, Party],
    cues: Sequence[tuple[int, int]] = (),
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
        registered_form = token.text in lex.legal_forms
        while left > 0:
            before = doc[left - 1]
            if (
                before.dep_ in ("compound", "nmod")
                # "camera maker Vantage Optix": not "maker"; before a legal form any capitalised
                # word is the name's ("Rheinwacht Sicherheitstechnik GmbH")
                and (before.pos_ == "PROPN" or (registered_form and before.text[:1].isupper()))
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
            elif (
                before.text == "."
                and left > 1
                and not doc[left - 2].whitespace_
                and f"{doc[left - 2].text}." in lex.legal_forms
            ):
                left -= 1  # "Trinetra Analytics Pvt. Ltd.": the parse splits off the full stop
            elif (
                before.lower_ in lex.name_connectors
                and left > 1
                and doc[left - 2].pos_ == "PROPN"
                and (registered_form or doc[left - 2].head.i in range(left - 2, token.i + 1))
            ):
                left -= 2  # "Anka Savunma ve Guvenlik Teknolojileri A.S.": one name
            elif (
                registered_form
                and (left == token.i or before.pos_ == "PROPN")
                and before.text[:1].isupper()
                and before.text.isalnum()
                and before.whitespace_
            ):
                # "PredictIQ LLC", "Vizyon Guvenlik Teknolojileri A.S.": whatever the parse
                # makes of the name, the proper nouns before a legal form are the name's
                left -= 1
            else:
                break
        # "Joint Stock Company Global Security": the name starts after the legal form
        left += legal_prefix_length([t.text for t in doc[left : token.i + 1]])
        words = doc[left : token.i + 1]
        start, end = offset + words.start_char, offset + words.end_char
        texts = words.text.split()  # "Mon-Tech", "a.s.": words as written, not spaCy's pieces
        texts = texts[: _headline_verb_at(texts)]  # "Daeyang Vision Signs Contract ..."
        # "Angola Telecom": a firm named after its country is a firm, from that country.
        named_after = next((c for a, b, c in countries if a == start and b < end), None)
        overlapping = any(a < end and start < b for a, b in known)
        if any(a <= start and end <= b for a, b in cues):
            continue  # "Commissioning of a Crime Data Analytics Platform": a technology's name
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
        naming = [t for t in texts if t not in lex.legal_forms]  # "(Pty) Ltd" names nothing
        if not texts[0][:1].isupper() or len(naming) > 5 or len(" ".join(texts)) < 3:
            continue
        role = role_of(token)
        if role.noun == "state":
            continue  # "the Ministry of Public Security": a state body, not a firm
        if texts[-1] not in lex.legal_forms and _of_a_state_body(token):
            continue  # "the Ministry of Security and Civil Protection", "Pernambuco's Secretariat"
        # 'OOO "Vizor Tekh"': a quoted name after its legal form
        quoted_after_form = (
            left > 1 and doc[left - 1].text in _QUOTES and doc[left - 2].text in lex.legal_prefixes
        )
        appositive = any(c.dep_ == "appos" and noun_class(c) == "firm" for c in token.children) or (
            token.dep_ == "appos" and noun_class(token.head) == "firm"
        )
        registered = quoted_after_form or texts[0] in lex.legal_prefixes
        where = role.relation in _WHERE or (
            token.dep_ == "pobj" and token.head.lower_ in _WHERE_WORDS
        )
        if where and not (appositive or registered):
            continue  # "a company based in South Carolina": a place the gazetteer lacks
        if len(texts) == 1 and texts[0].lower() in _lexicon_nouns():
            continue  # "Technology", "Panel": a word of the lexicon, capitalised
        if _NUMBERED.search(texts[-1]) or _of_an_institution(token, lex.not_vendor_anywhere):
            continue  # "Company-1" in an indictment; "Ambika Rajaratnam of the Centre for ..."
        if _a_person(token):
            continue  # "Abel, who asked that his name not be used": never recorded
        klass = verb_class(role.verb)
        if _given_to(role, klass):
            continue  # "supplied ... to the operator Myanma Posts": a recipient, not a supplier
        subject = role.relation in ("nsubj",) and klass in ("supply", "build", "contract")
        firmish = (
            role.noun == "firm"
            or registered
            or registered_form  # "Kartal Bilisim A.S.": a name ending in a legal form
            or any(t in lex.corporate_suffixes for t in texts)
        )
        agent = (
            role.relation in ("prep:by", "prep:from")
            # "a contract with X"
            or (role.relation == "prep:with" and klass in ("contract", "noun"))
            or (firmish and role.relation.startswith("prep:from<"))  # "software from X Inc."
        )
        if _in_citation(doc, left, token.i):
            continue  # "(Ruiz and Moreno 2021)", "(Rivera 2020; Gómez and Lüthi 2022)"
        if all(t.isupper() for t in texts) and not (firmish or appositive):
            continue  # "BOGOTA/LIMA, Oct 2", "the KNB": a dateline or an agency's acronym
        if not (subject or agent or appositive or (firmish and klass != "other")):
            continue
        if token.dep_ == "amod" and not firmish and len(texts) == 1:
            continue  # "Forensic research by Citizen Lab": a word describing, not a firm
        name = common_name(texts)
        if not name:
            continue
        seen.update(range(left, token.i + 1))
        found.append(Party("open", named_after, start, start + len(name), name=name))
    # "Atlas Vision Teknoloji A.S.": a word the parse hangs apart is part of the longer name
    return [f for f in found if not any(_within(f, other) for other in found)]


def _within(party: Party, other: Party) -> bool:
    longer = other.end - other.start > party.end - party.start
    return longer and other.start <= party.start and party.end <= other.end


def _parties(
    mentions: Sequence[Mention], doc: Doc, offset: int, firms: Mapping[str, Party]
) -> tuple[list[Party], list[Party]]:
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
    cues = [(m.start, m.end) for m in mentions if m.kind == TECH]
    for firm in _open_suppliers(doc, offset, known, countries, firms, cues):
        home, told = _home_country(firm, doc, offset, mentions)
        if firm.country:
            taken.add(firm.start)
        elif home or first_seat:
            firm = Party("open", home or first_seat, firm.start, firm.end, name=firm.name)
        taken |= told
        opened.append(firm)
    if opened:
        # "X, a company based in Haifa": the seat of the firm named; but "tools made by
        # companies based in Israel" beside a firm named later is still a supplier country
        unnamed = {start for start in unnamed if owners[start].tag_ == "NNS"}
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
    places[:] = [
        p for p in places if p.start not in taken and not _describes_supplier(p, doc, offset)
    ]
    suppliers[:] = [
        s
        for s in suppliers
        if (s.kind == "open" and s.start >= filed)
        or (s.kind != "open" and (s.start not in taken or s.start in unnamed))
    ]
    return suppliers, places


@lru_cache(maxsize=1)
def _lexicon_nouns() -> frozenset[str]:
    """Common nouns the lexicon classes: alone and capitalised ("Technology"), not a name."""
    lex = lexicon()
    return (
        lex.firm_nouns
        | lex.product_nouns
        | lex.state_nouns
        | lex.finance_nouns
        | lex.office_nouns
        | lex.private_nouns
    )


def _headline_verb_at(words: Sequence[str]) -> int:
    """Where a title-case headline's verb cuts a name the parse ran on ("Daeyang Vision Signs
    Contract with ...": "Signs"), else the words' length."""
    verbs = lexicon().verb_class
    for index, word in enumerate(words[1:], 1):
        lower = word.lower()
        if lower.endswith("s") and (
            lower[:-1] in verbs or (lower.endswith("es") and lower[:-2] in verbs)
        ):
            return index
    return len(words)


#: A year as a citation gives it ("2021", "2019a").
_YEAR = re.compile(r"(?:19|20)\d\d[a-z]?")
#: How far around a name a citation's parentheses are looked for, in tokens.
_CITATION_REACH = 12


def _in_citation(doc: Doc, first: int, last: int) -> bool:
    """Whether the words ``first``..``last`` stand in a parenthesised reference with a year
    ("(Feldstein, 2019)", "(Rivera 2020; Gómez and Lüthi 2022)"): authors, never a firm."""
    opening = next(
        (
            i
            for i in range(first - 1, max(-1, first - 1 - _CITATION_REACH), -1)
            if doc[i].text in "()"
        ),
        None,
    )
    if opening is None or doc[opening].text != "(":
        return False
    for i in range(last + 1, min(len(doc), last + 1 + _CITATION_REACH)):
        if doc[i].text == ")":
            return any(_YEAR.fullmatch(t.text) for t in doc[opening + 1 : i])
        if doc[i].text == "(":
            return False
    return False


def _a_person(token: Token) -> bool:
    """Whether a name is a person's, as the tree tells it: "who" after it ("Abel, who asked
    that his real name not be used"), an age beside it ("Abel, a 31-year-old organiser") or a
    person's role ("Ibrahim Sule, a legal officer").
    The project never records people, so such a name is never a firm."""
    for child in token.children:
        if child.dep_ == "relcl" and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "whom") for c in child.children
        ):
            return True
        if child.dep_ == "appos":
            described = token.doc[child.left_edge.i : child.right_edge.i + 1].text.lower()
            if "year-old" in described or "years old" in described:
                return True
            if child.pos_ == "NOUN" and child.lemma_.lower() in lexicon().person_nouns:
                return True  # "one Ibrahim Sule, a legal officer in the 1st Respondent"
    return False


#: A party a court record names by number ("Company-1", "Individual-2").
_NUMBERED = re.compile(r"-\d+$")


def _of_an_institution(token: Token, institutions: frozenset[str]) -> bool:
    """Whether a name is someone's, given with the body they speak for ("Ambika Rajaratnam of
    the Centre for Civic Rights"): never a firm, and never to be recorded."""
    return any(
        child.dep_ == "prep"
        and child.lower_ == "of"
        and any(t.text in institutions for c in child.children for t in c.subtree)
        for child in token.children
    )


#: Quotation marks around a name after its legal form ('OOO "Vizor Tekh"').
_QUOTES = frozenset({'"', "'", "“", "«", "„"})
#: Relations that say where something is, never who supplies it.
_WHERE_WORDS = ("in", "at", "near", "outside", "across")
_WHERE = frozenset(f"prep:{word}" for word in _WHERE_WORDS)


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
    if token.lower_.endswith(("-based", "-headquartered")):  # "U.S.-based", one word to spaCy
        firm = token.head
        return firm if firm.pos_ == "PROPN" or noun_class(firm) == "firm" else None
    verb = token.head.head if token.head.pos_ == "ADP" else token.head
    if verb.lower_ not in HOME_VERBS and verb.lemma_.lower() not in HOME_VERBS:
        return None
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head  # "founded in 2016 and headquartered in Singapore"
    if verb.dep_ in ("amod", "acl", "relcl", "appos"):
        owner: Token | None = verb.head
    elif verb.dep_ == "advcl":
        # "X built it, headquartered in Y"; "installed by the company X, headquartered in Y"
        owner = next((c for c in verb.head.children if c.dep_ == "nsubj"), None) or next(
            (g for c in verb.head.children if c.dep_ == "agent" for g in c.children), None
        )
    else:
        owner = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if owner is not None and (owner.pos_ == "PROPN" or noun_class(owner) == "firm"):
        return owner
    return None


def _of_a_state_body(token: Token) -> bool:
    """Whether a proper noun is part of a state body's name or its owner: conjoined to a body
    "of" something ("the Ministry of Home Affairs and Internal Security", "the Ministry of the
    Interior and Security and the Autonomous District of Abidjan"), its owner ("Pernambuco's
    Social Defence Secretariat") or its name in apposition ("the city council (Cabildo)")."""
    if token.dep_ in ("poss", "appos"):  # "the Torreon city council (Cabildo)"
        return noun_class(token.head) == "state"
    if token.dep_ != "conj":
        return False
    first = token.head
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return noun_class(first) == "state" and any(
        child.dep_ == "prep" and child.lower_ == "of" for child in first.children
    )


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


def made_by(token: Token) -> bool:
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
    if made_by(token):
        return True
    return token.dep_ in ("amod", "compound") and noun_class(token.head) == "firm"


def _describes_a_firm(head: Token) -> bool:
    """Whether what an adjective qualifies is a firm: a firm noun, or a name the parse hangs
    one on ("the Russian company OOO Kamtek", read as "Russian OOO" with "company" under it)."""
    if noun_class(head) == "firm":
        return True
    return head.pos_ == "PROPN" and any(
        child.dep_ in ("compound", "nmod") and noun_class(child) == "firm"
        for child in head.children
    )


def _home_country(
    party: Party, doc: Doc, offset: int, mentions: Sequence[Mention]
) -> tuple[str | None, set[int]]:
    """A firm's home country when the text gives it ("X, a Turkish integrator", "Turkish
    firm X", "X, a company registered in Haifa, Israel", "X, the Ankara-based maker"), and the
    starts of the mentions that tell it."""
    places = [m for m in mentions if m.kind in (COUNTRY, CITY)]
    told = _told_after(party, doc.text, offset, places)
    for m in places:  # "the Turkish company X", "US conglomerate X": a firm noun's modifier
        if m.form not in ("adjective", "possessive", "abbreviation"):
            continue
        if not 0 <= party.start - m.end <= 25:
            continue
        if m.form == "possessive" and party.start - m.end <= 2:
            told.add(m.start)  # "China's Dahua Technology", "Israel's NSO Group"
            continue
        adjective = token_for(doc, offset, m.start, m.end)
        if adjective is not None and _describes_a_firm(adjective.head):
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


#: What joins a firm's name to where it comes from, in the words right after it: "X (Sweden)",
#: "X Limited (BEL) of India", "X Pvt Ltd of Bengaluru, India", "X AB, of Lund".
_HOME_AFTER = re.compile(
    r"(?:,?\s+[A-Z][\w.&-]{0,9}){0,2}(?:\s*\([A-Z][\w.&]{1,12}\))?"
    r"(?:,?\s+(?:of|from)\s+|\s*\(\s*)(?:the\s+)?"
)


def _told_after(party: Party, sentence: str, offset: int, places: Sequence[Mention]) -> set[int]:
    """The starts of the places that follow a firm's name as its origin ("X (Sweden)", "X of
    Bengaluru, India"): where it comes from, never where it delivers."""
    match = _HOME_AFTER.match(sentence, party.end - offset)
    if match is None:
        return set()
    told: set[int] = set()
    expected = offset + match.end()
    for m in sorted(places, key=lambda m: m.start):
        if m.start == expected or (told and m.start == expected + 2):
            told.add(m.start)  # and "Bengaluru, India": the country of the city
            expected = m.end
        elif m.start > expected + 2:
            break
    return told


#: Where a country stands when it receives ("sold to Kenya", "equipped Kenya", "in Kenya"):
#: a country named there is not also a candidate supplier.
_RECIPIENT_TOPS = frozenset(
    {"prep:to", "dative:to", "dative", "dobj", "prep:for", "prep:across", "prep:at", "prep:into"}
)


#: Verbs after which "in X" names where a thing was made, not where it went.
_MADE_VERBS = frozenset({"make", "manufacture", "build", "develop", "produce", "design", "base"})


_SUPPLIED = frozenset({"supply", "sell", "export", "provide", "install", "deliver"})


def _given_to(role: Role, klass: str) -> bool:
    """Whether a firm stands where a supply goes: "to" or the object of a supply verb
    ("supplied INSA with a centre"), or the owner of what is built or supplied ("built much of
    Ethio Telecom's network"), never where it comes from."""
    if klass not in ("supply", "build"):
        return False
    if role.relation in ("prep:to", "dative") or (role.relation == "dobj" and klass == "supply"):
        return True
    return role.modifier == "poss" and role.relation not in _SOURCE_RELATIONS


_SOURCE_RELATIONS = frozenset({"nsubj", "nsubjpass", "prep:by", "agent", "prep:from"})


def receives_there(token: Token, role: Role) -> bool:
    """Whether a country's possessive names a body that is given something ("delivered to
    Peru's national police, to Colombia's attorney general's office"): a recipient, not a
    supplier, unless the body is a firm."""
    if role.noun == "firm" or token.dep_ != "poss":
        return False
    head = token.head
    while head.dep_ in ("poss", "compound", "nmod", "amod") and head.head.i != head.i:
        head = head.head  # "Colombia's attorney general's office": up to "office"
    return head.dep_ == "pobj" and head.head.lower_ == "to"


def supplier_like(role: Role, top: str) -> bool:
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


@dataclass(frozen=True)
class SentenceParties:
    """Who a parsed sentence names, worked out once: every party that may supply, every place,
    and those parties that stand where a supplier does."""

    suppliers: list[Party]
    places: list[Party]
    supplier_like: list[Party]

    @property
    def carried(self) -> list[Party]:
        """The supplier countries and unknown firms later sentences naming only places take."""
        return [p for p in self.supplier_like if p.kind != "vendor"]


def sentence_parties(
    mentions: Sequence[Mention], doc: Doc, offset: int, firms: Mapping[str, Party] | None = None
) -> SentenceParties:
    """``firms``: the unknown firms the document named before, by full name and first word."""
    suppliers, places = _parties(mentions, doc, offset, firms or {})
    return SentenceParties(suppliers, places, _supplier_like_parties(suppliers, doc, offset))


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
            role.noun == "firm" or (top == "prep:in" and supplier_like(role, top))
        ):
            found.append(party)  # "firms from China", "developed in Israel"
    return found
