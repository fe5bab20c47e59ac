"""Sentence-level cues: status, negation, hedging, anaphora and financing details.

These regexes run only on candidate sentences (a supplier and a recipient or technology), never
over the whole text, so they can afford to be readable rather than fast.
"""

from __future__ import annotations

import re

from survindex.domain.vocab import DeploymentStatus

_I = re.IGNORECASE

#: Winning a bid or contract is an agreement, checked before "bid" makes it a proposal.
_WON = re.compile(
    r"\b(?:won|wins|awarded|secured)\b(?:\W+\w+){0,4}?\W+"
    r"(?:bid|tender|contract|deal|order)s?\b|"
    # An award notice's field: "Winning tenderer: Axis Communications AB".
    r"\b(?:winning|successful)\s+(?:tenderer|bidder|supplier|contractor)\b|"
    # Chosen as the supplier: "has been selected by the ministry to supply 2,400 cameras".
    r"\b(?:selected|chosen|picked|appointed|hired|contracted)\b[^.;]{0,80}?\bto\s+"
    r"(?:supply|build|install|provide|deliver|deploy|equip|set\s+up|upgrade|expand)\b",
    _I,
)
_PROPOSED = re.compile(
    r"\b(?:offer(?:ed|s|ing)?|propos(?:ed|al|als|es|ing)|bid(?:s|ding)?|pitch(?:ed|es|ing)?|"
    r"plan(?:s|ned|ning)?\s+to|plans?\s+for|"
    r"memorand(?:um|a)\s+of\s+understanding|MoU|consider(?:s|ed|ing)?|in\s+talks|talks\s+with|"
    r"(?:held|holds|holding|hold)\s+(?:\w+\s+)?(?:talks|discussions)|"
    r"negotiat\w+|market(?:ed|ing)|demonstrat(?:ed|ion)|"
    r"hop(?:es|ed)\s+to|seek(?:s|ing)?\s+to|want(?:s|ed)?\s+to|intend(?:s|ed)?\s+to|"
    r"aim(?:s|ed)?\s+to)\b",
    _I,
)
_CONTRACTED = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|contract(?:s|ed)?|agreement|agreed|deal|awarded|ordered|"
    r"procur(?:ed|es)|(?:is|are|was|were)\s+(?:being\s+)?installing|"
    r"being\s+(?:installed|built|deployed)|under\s+construction|(?:is|are)\s+building)\b",
    _I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|could|to)\s+(?:\w+\s+)?(?:install|deploy|supply|build|provide|"
    r"roll\s+out|set\s+up|equip|deliver|expand|add|extend|buy|purchase)\b",
    _I,
)
_DEPLOYED = re.compile(
    r"\b(?:install(?:ed|s)|deploy(?:ed|s)|built|finished|bought|purchased|received|rolled\s+out|roll(?:s)?\s+out|uses|used|using|"
    r"operat(?:es|ed|ing)|launched|went\s+live|gone\s+live|supplied|supplies|provided|provides|"
    r"delivered|completed|equipped|set\s+up|runs|ran|implemented|introduced|relies\s+on|"
    r"relied\s+on|in\s+use|in\s+place|upgraded|expanded|constructed|handed\s+over|"
    r"commissioned|connected|linked|monitor(?:s|ed)|track(?:s|ed)|fitted|"
    r"helped|feeds?(?!\s+from)|live|operational|active|now\s+covers?|"
    # "have put 300 cameras ... into service", "brought into operation", "entered service".
    r"into\s+(?:service|operation|use)|entered\s+service|switched\s+on|"
    r"(?:started|begun|began)\s+(?:using|carrying|operating|deploying|to\s+use))\b",
    _I,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|no\s+evidence|denied|denies|deny|denying|denial|rejected|"
    r"rejects|reject|"
    # A denial of any dealing: "had received no offer from Huawei". ("no contract has been
    # signed" is left out: it goes with offers, which stay proposals.)
    r"no\s+(?:such\s+|formal\s+|other\s+)?(?:offer|offers|bid|bids|proposal|proposals|"
    r"dealings|talks|record|records|plans?)|"
    r"cancel(?:l)?ed|cancels|scrapped|halted|abandoned|refused|dropped|pulled\s+out|"
    r"withdrew|suspended|terminated|banned|bans|ban|without|stop|stops|stopped|stopping|"
    r"phase\s+out|phased\s+out|remove|removed|removing|rip\s+out|ripped\s+out)\b|n't\b",
    _I,
)
#: Negations that do not negate the deployment ("did not respond to requests for comment").
_HARMLESS_NEGATION = re.compile(
    r"\b(?:did\s+not|does\s+not|has\s+not|have\s+not|had\s+not|could\s+not|would\s+not)\s+"
    r"(?:immediately\s+)?(?:respond|reply|return|comment|answer|be\s+reached)\b|"
    # Sources and sums kept back say nothing against the deployment: "the firm was not named".
    r"\b(?:was|were|is|are|has\s+been|have\s+been)\s+not\s+(?:named|identified|disclosed|"
    r"made\s+public|authori[sz]ed)\b|\b(?:did|does|would)\s+not\s+(?:disclose|name|say|give)\b|"
    # An end date: "used PredPol from 2011 until it dropped the program" (it was used).
    r"\buntil\s+(?:it|they|the\s+\w+|\w+)\s+(?:\w+\s+)?(?:dropped|scrapped|ended|stopped|"
    r"cancel(?:l)?ed|abandoned|suspended|terminated|phased\s+out|halted)\b|"
    # A use that will end later is a use now: "will stop using X at the end of December".
    r"\b(?:will|to|plans?\s+to|is\s+to|would|intends?\s+to|is\s+set\s+to)\s+"
    r"(?:\w+\s+)?(?:stop|cease|end|quit)\s+(?:using|operating|its\s+use)\b|"
    # Questions the text does not answer: "has never been independently evaluated".
    r"\b(?:has|have|had)\s+(?:not|never)\s+been\s+(?:independently\s+)?(?:evaluated|audited|"
    r"assessed|reviewed|tested|debated|disclosed|published)\b",
    _I,
)
_STRONG_HEDGE = re.compile(
    r"\b(?:may\s+have|might\s+have|could\s+have|may\s+be|might\s+be|unclear\s+whether|"
    r"unclear\s+if|rumou?r(?:s|ed)?|unconfirmed|unverified|speculat\w+|"
    r"whether)\b",
    _I,
)
_SOFT_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|alleged|is\s+said\s+to|are\s+said\s+to|was\s+said\s+to|"
    r"according\s+to|sources\s+said|believed\s+to)\b",
    _I,
)
_VENDOR_ANAPHOR = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:[A-Z][\w-]*|\w+-based|same|state-owned|"
    r"telecoms?|tech|technology|equipment|surveillance|camera)\s+){0,2}"
    r"(?:company|firm|vendor|supplier|manufacturer|maker|giant|contractor|group)\b|"
    r"\b(?:[Ii]t|[Tt]hey)\s+(?:has\s+|had\s+|have\s+|also\s+|later\s+|then\s+|now\s+|since\s+)*"
    r"(?:deploy|install|suppl|provid|buil|sign|deliver|set|roll|offer|pitch|bid|won|equip|sold)"
)
_SYSTEM_ANAPHOR = re.compile(
    r"\b(?:the|The|this|This|that|That|its|Its|similar|Similar|such|Such|same)\s+(?:\w+\s+){0,2}?"
    r"(?:system|systems|project|projects|platform|platforms|network|networks|cameras|contract|"
    r"contracts|deal|deals|purchase|cost|order|product|products|tool|licence|license|"
    r"loan|scheme|programme|program|technology|equipment|installation|initiative|package|phase|"
    r"database|software|centre|center)\b"
)
#: A dollar amount: "$150 million", "US$30m", "USD 460 million", "$1.2bn", "150 million dollars".
#: Other currencies are left alone: converting them honestly needs the rate of the day.
_AMOUNT = re.compile(
    r"(?:(?<![A-Za-z])(?:US\s?\$|\$|USD\s?)\s?(\d[\d,]*(?:\.\d+)?)\s*"
    r"(million|billion|bn|mn|m)?\b(?!\s*(?:yuan|euros?|pounds|rupees))"
    r"|\b(\d[\d,]*(?:\.\d+)?)\s*(million|billion)?\s+(?:US\s+|U\.S\.\s+)?dollars\b)",
    _I,
)
#: A payment of a dollar sum: "paid Huawei $126 million", "spent more than $160 million on".
_PAID_AMOUNT = re.compile(
    r"(?:\b(?:paid|pays|pay|spent|spends|spend|costs?|worth)\s+(?:[\w-]+\s+){0,5}?|"
    r"\b(?:bought|purchased|acquired)\b[^.;]{0,120}?\bfor\s+(?:about\s+|some\s+)?)"
    r"(?:US\s?\$|\$|USD\s?)\s?\d",
    _I,
)
#: The buyer paying from its own funds: "paid from the city's own budget", "paid by the
#: Exchequer", "from the police capital budget", "paid out of a security council fund",
#: "Source of funds: General Budget of the Nation". Aid budgets are not the buyer's own.
_BUYER_PAID = re.compile(
    r"\b(?:paid|funded|financed|met|covered|bought|purchased)\s+(?:for\s+)?"
    r"(?:from|out\s+of|by|with|through)\s+(?:the\s+|an?\s+|its\s+|their\s+)?"
    r"(?:(?!aid\b|development\b)[\w\u2019'-]+\s+){0,4}?"
    r"(?:budgets?|Exchequer|treasury|Treasury|coffers|[Ff]unds?)\b|"
    r"\b(?:from|out\s+of)\s+(?:the\s+|its\s+|their\s+)"
    r"(?:(?!aid\b|development\b|EU\b)[\w\u2019'-]+\s+){0,4}?budget\b|"
    r"\bSource\s+of\s+funds?:[^\n]*\b(?:[Bb]udget|[Tt]reasury)\b",
)
#: The supplier paying its own way: "the Chinese firm financed part of the contract itself".
_VENDOR_FINANCED = re.compile(
    r"\b(?:firm|company|vendor|supplier|contractor|manufacturer|maker|group)\s+"
    r"(?:itself\s+)?(?:financed|funded)\b"
    r"[^.;]{0,80}?\bitself\b|"
    # The buyer paying the supplier back over time: "Iraq will repay the company over seven years".
    r"\brepay\w*\s+(?:the\s+)?(?:company|firm|vendor|supplier|contractor|manufacturer)\b",
    _I,
)
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")
#: A sentence that opens by referring back to the system and says how it was paid for:
#: "It was financed with a $470 million loan", "They were paid for by a grant".
_FINANCING_ANAPHOR = re.compile(
    r"^\W*(?:It|They|This|These)\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:\w+\s+)?(?:financed|funded|paid\s+for|bankrolled)\b"
)
#: Completion dates, which do not date the financing: "finished ... in Niamey in 2020".
_COMPLETION_YEAR = re.compile(
    r"\b(?:finished|completed|opened|inaugurated|went\s+live|switched\s+on|handed\s+over)\b"
    r"[^.;]{0,80}?\bin\s+(?:early\s+|late\s+|mid-)?(?:19[89]\d|20[0-4]\d)\b",
    _I,
)
#: Identifying people from camera images is face recognition: "to identify people from street
#: cameras", "identifies suspects in CCTV footage".
_FACE_IDENTIFICATION = re.compile(
    r"\bidentif(?:y|ies|ied|ying)\s+(?:people|persons|individuals|suspects|pedestrians|"
    r"protesters|faces)\s+(?:from|in|on|using|via|through)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:cameras?|footage|video|CCTV|images)\b",
    _I,
)
#: A state buyer named as the supplier's customer: "an Egyptian government agency is a customer".
_CUSTOMER = re.compile(
    r"\b(?:is|was|are|were|became|has\s+been|had\s+been)\s+(?:a|an|the|its|their|one\s+of\s+"
    r"(?:its|their|the))\s+(?:\w+\s+)?(?:customers?|clients?|buyers?)\b",
    _I,
)
#: The thing just said to exist is named by its maker: "The devices were developed by X".
_MADE_BY = re.compile(
    # At the start, or reported: "Commissioner X said the cameras ... were supplied by".
    r"(?:^\W*|\b(?:said|says|told\s+\w+|confirmed|stated)\s+(?:that\s+)?)"
    r"(?:The|These|Those|This|Its|the|these|those|its)\s+(?:[\w,-]+\s+){0,5}?"
    r"(?:devices|device|system|systems|cameras|platform|software|equipment|network|technology|"
    r"tools?|scanners|units|terminals)\b(?:\s+[\w,-]+){0,6}?\s+"
    r"(?:were|was|are|is|had\s+been|have\s+been|has\s+been)\s+"
    r"(?:\w+\s+)?(?:developed|supplied|built|made|provided|installed|designed|manufactured|"
    r"delivered)\s+by\b|"
    # The maker set off by commas: "The cameras, made by Hikvision, were bought with ...".
    r"^\W*(?:The|These|Those|Its)\s+(?:[\w-]+\s+){0,3}?(?:devices|system|systems|cameras|"
    r"platform|software|equipment|network|scanners|units|terminals),\s+(?:developed|supplied|"
    r"built|made|provided|installed|designed|manufactured|delivered)\s+by\b"
)


_WORDS = re.compile(r"[a-z]+")
#: Every word that can start a ``_NEGATION`` match, so that a sentence without any of them
#: skips the (slow, many-alternative) regex.
_NEGATION_WORDS = frozenset(
    str.split(
        "not never no denied denies deny denying denial rejected rejects reject canceled "
        "cancelled cancels scrapped halted abandoned refused dropped pulled withdrew suspended "
        "terminated banned bans ban without stop stops stopped stopping phase phased remove "
        "removed removing rip ripped"
    )
)


def is_negated(sentence: str) -> bool:
    """Whether the sentence denies, cancels or rejects what it describes."""
    lowered = sentence.lower()
    if "n't" not in lowered and _NEGATION_WORDS.isdisjoint(_WORDS.findall(lowered)):
        return False  # the common case, decided by a word-set test instead of the regex
    cleaned = _HARMLESS_NEGATION.sub(" ", sentence)
    return bool(_NEGATION.search(cleaned))


def hedge_level(sentence: str) -> int:
    """0 plain, 1 attributed or "reportedly", 2 speculative ("may have", "unclear whether")."""
    if _STRONG_HEDGE.search(sentence):
        return 2
    return 1 if _SOFT_HEDGE.search(sentence) else 0


_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|been|being|had|has|have)\s+(?:\w+\s+)?$", _I)
_BY_AFTER = re.compile(r"\s+by\b")


def _finite_deployed(sentence: str) -> bool:
    """A deployment verb that states a fact: not "cameras supplied by X"."""
    for match in _DEPLOYED.finditer(sentence):
        before = sentence[max(0, match.start() - 25) : match.start()]
        # "cameras supplied by Hikvision" is a participle naming the maker, not an act;
        # "were supplied by" and "was built by" still are.
        if _BY_AFTER.match(sentence, match.end()) and not _PASSIVE_BEFORE.search(before):
            continue
        # "cameras linked to a police command centre": an attribute, not an act.
        if (
            match.group() in ("linked", "connected")
            and sentence.startswith(" to ", match.end())
            and not _PASSIVE_BEFORE.search(before)
        ):
            continue
        return True
    return False


#: A use that is ordered or asked to stop is a use: "ordered the city to stop using X".
_STOP_USING = re.compile(r"\b(?:stop|cease)\s+(?:using|operating|running)\b", _I)


def deployment_status(sentence: str) -> DeploymentStatus | None:
    """The status a sentence states, or None when it states none (the caller then defaults)."""
    if ("stop" in sentence or "cease" in sentence) and _STOP_USING.search(sentence):
        return DeploymentStatus.DEPLOYED
    if _WON.search(sentence):
        return DeploymentStatus.CONTRACTED
    if _PROPOSED.search(sentence):
        return DeploymentStatus.PROPOSED
    if _finite_deployed(sentence):
        return DeploymentStatus.DEPLOYED
    if _CONTRACTED.search(sentence):
        return DeploymentStatus.CONTRACTED
    if _FUTURE.search(sentence):
        return DeploymentStatus.PROPOSED
    return None


def has_vendor_anaphor(sentence: str) -> bool:
    return bool(_VENDOR_ANAPHOR.search(sentence))


#: A place named by reference to one already named: "the capital's metro", "the country's".
_PLACE_ANAPHOR = re.compile(r"\b[Tt]he\s+(?:capital|country|nation|city)(?:['\u2019]s)?\b")


def has_place_anaphor(sentence: str) -> bool:
    return bool(_PLACE_ANAPHOR.search(sentence))


def has_system_anaphor(sentence: str) -> bool:
    return bool(_SYSTEM_ANAPHOR.search(sentence))


def amount_usd(sentence: str) -> float | None:
    """The first dollar amount in the sentence ("$150 million" -> 150000000.0), else None.

    >>> amount_usd("a US$30m loan"), amount_usd("USD 1.2bn"), amount_usd("2 million euros")
    (30000000.0, 1200000000.0, None)
    """
    match = _AMOUNT.search(sentence)
    if not match:
        return None
    number = match.group(1) or match.group(3)
    value = float(number.replace(",", ""))
    scale = (match.group(2) or match.group(4) or "").lower()
    if scale in ("million", "m", "mn"):
        value *= 1e6
    elif scale in ("billion", "bn"):
        value *= 1e9
    return value


def paid_amount(sentence: str) -> bool:
    """Whether the sentence states a payment of a dollar sum ("paid Huawei $126 million")."""
    return ("$" in sentence or "USD" in sentence) and bool(_PAID_AMOUNT.search(sentence))


def vendor_financed(sentence: str) -> bool:
    """Whether the supplier paid its own way ("the firm financed part of it itself")."""
    if "financed" not in sentence and "funded" not in sentence and "repay" not in sentence:
        return False
    return bool(_VENDOR_FINANCED.search(sentence))


_BUYER_PAID_WORDS = ("udget", "xchequer", "reasury", "offers", "fund")


def buyer_paid(sentence: str) -> bool:
    """Whether the buyer paid from its own funds ("paid from the city's own budget")."""
    if not any(w in sentence for w in _BUYER_PAID_WORDS):
        return False
    return bool(_BUYER_PAID.search(sentence))


_PRICED_SYSTEM = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Ii]ts)\s+(?:US)?\$[\d.,]+\s+(?:million|billion|bn|m)?\s*"
    r"(?:system|project|platform|network|contract|deal|purchase|package|programme|program|"
    r"cost|price)\b"
)
#: A lender or funder paying for what was just described: "the Export-Import Bank of China
#: financed it with a $146 million loan", "is lending the $62 million cost".
_FINANCED_IT = re.compile(
    r"\b(?:financed|funded|paid\s+for|bankrolled|lent|lending|loaned)\s+(?:it|them)\b"
)


def refers_to_system(sentence: str) -> bool:
    """Whether a sentence with no supplier is about the system just described: "the system",
    "The $20.7 million system was a gift", "It was financed with a loan"."""
    return (
        has_system_anaphor(sentence)
        or bool(_FINANCING_ANAPHOR.search(sentence))
        or ("$" in sentence and bool(_PRICED_SYSTEM.search(sentence)))
        or bool(_FINANCED_IT.search(sentence))
    )


def without_completion_years(sentence: str) -> str:
    """The sentence with completion dates blanked ("completed in 2016")."""
    if "in " not in sentence:
        return sentence
    return _COMPLETION_YEAR.sub(lambda m: " " * len(m.group()), sentence)


def identifies_faces(sentence: str) -> bool:
    """Whether the sentence describes identifying people from camera images."""
    return "dentif" in sentence and bool(_FACE_IDENTIFICATION.search(sentence))


def names_customer(sentence: str) -> bool:
    """Whether the sentence names someone as a customer or client."""
    return bool(_CUSTOMER.search(sentence))


def names_maker(sentence: str) -> bool:
    """Whether the sentence opens by naming the maker of what was just described."""
    return " by " in sentence and bool(_MADE_BY.search(sentence))


#: A state body as the subject or object of a deal: "Police operate ...", "the government of
#: former president X bought ...", "pitched it to the same security council".
_STATE_ACTOR = re.compile(
    r"\b(?:[Pp]olice|[Gg]overnment|[Mm]inistry|[Mm]inistries|[Aa]genc(?:y|ies)|[Cc]ouncil|"
    r"[Aa]uthorities|[Aa]rmy|[Mm]ilitary|[Pp]rosecutors?|[Mm]unicipal(?:ity)?|"
    r"[Ii]ntelligence\s+(?:service|services|agency)|[Ss]ecurity\s+services)\b"
)
#: An acronym defined in parentheses: "National Telecommunication Monitoring Centre (NTMC)".
_DEFINED_ACRONYM = re.compile(r"\(([A-Z]{2,6})\)")
_USED_ACRONYM = re.compile(r"\b[Tt]he\s+([A-Z]{2,6})\b")


_CAPITALISED = re.compile(r"[A-Z][\w'\u2019-]*")
_AGENCY_HEADS = frozenset(
    str.split(
        "Police Force Forces Service Services Army Navy Guard Ministry Agency Bureau "
        "Directorate Department Intelligence Command"
    )
)
_NAME_GLUE = frozenset({"of", "the", "and", "for"})


def agency_acronym(text: str, start: int, end: int) -> str | None:
    """The initials of a state agency whose name holds the place at ``text[start:end]``: "Royal
    Canadian Mounted Police" gives "RCMP", "Royal Solomon Islands Police Force" "RSIPF"; None
    unless the name ends in an agency word ("Police", "Armed Forces", "Ministry")."""
    words: list[str] = []
    at = start
    while len(words) < 4:  # capitalised words before the place: "Royal"
        head = text[max(0, at - 30) : at]
        match = re.search(r"([A-Z][\w'\u2019-]*)\s$", head)
        if match is None:
            break
        words.insert(0, match.group(1))
        at -= len(head) - match.start()
    words.extend(text[start:end].split())
    tail = re.match(r"(?:\s+(?:[A-Z][\w'\u2019-]*|of|the|and|for))+", text[end : end + 60])
    after = tail.group().split() if tail else []
    while after and after[-1] in _NAME_GLUE:
        after.pop()
    if not after or after[-1] not in _AGENCY_HEADS:
        return None
    initials = "".join(w[0] for w in words + after if w not in _NAME_GLUE)
    return initials if 3 <= len(initials) <= 6 else None


def names_state_actor(sentence: str) -> bool:
    return bool(_STATE_ACTOR.search(sentence))


def defined_acronyms(sentence: str) -> list[str]:
    """Acronyms the sentence defines in parentheses."""
    return _DEFINED_ACRONYM.findall(sentence) if "(" in sentence else []


def used_acronyms(sentence: str) -> list[str]:
    """Acronyms used with the definite article ("The NTMC had been using ...")."""
    return _USED_ACRONYM.findall(sentence)


def is_question(sentence: str) -> bool:
    """A question ("Does the police hold any contract with X?") asserts nothing."""
    return sentence.rstrip("\"'\u201d\u2019) ").endswith("?")


def single_year(sentence: str) -> int | None:
    """The year, when the sentence names exactly one."""
    years = set(_YEAR.findall(sentence))
    return int(years.pop()) if len(years) == 1 else None


#: The year a deal or financing was agreed: "signed in December 2021", "entered into an
#: agreement with Huawei ... in 2018", "agreed in 2021".
_AGREEMENT_YEAR = re.compile(
    r"\b(?:signed|agreed|entered\s+into|concluded|awarded|approved|dated)\b[^.;]{0,100}?"
    r"\b(?:in|on|dated)\s+(?:(?:early|late|mid-?|the\s+\w+\s+of)\s*)?(?:\d{1,2}\s+)?"
    r"(?:[A-Z][a-z]+\s+)?(?:\d{1,2},?\s+)?(19[89]\d|20[0-4]\d)\b"
)


def agreement_year(sentence: str) -> int | None:
    """The one year a sentence says a deal or its financing was signed or agreed, else None."""
    years = {int(m.group(1)) for m in _AGREEMENT_YEAR.finditer(sentence)}
    return years.pop() if len(years) == 1 else None


_RELATIVE_OPEN = re.compile(r",\s*(?:which|whose|who|where)\b")
_RELATIVE_CLOSE = re.compile(r",\s+(?!and\b|or\b)[a-z]")


def relative_span(sentence: str) -> tuple[int, int] | None:
    """(start, end) of the first relative clause set off by commas: ", which ... ," ."""
    opening = _RELATIVE_OPEN.search(sentence)
    if opening is None:
        return None
    closing = _RELATIVE_CLOSE.search(sentence, opening.end())
    return (opening.start(), closing.start()) if closing else None
