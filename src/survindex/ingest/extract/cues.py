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
    r"\b(?:won|wins|awarded|secured|clinched|landed)\b(?:\W+\w+){0,4}?\W+"
    r"(?:bid|tender|contract|deal|order)s?\b",
    _I,
)
_PROPOSED = re.compile(
    r"\b(?:offer(?:ed|s|ing)?|propos(?:ed|al|als|es|ing)|bid(?:s|ding)?|pitch(?:ed|es|ing)?|"
    r"plan(?:s|ned|ning)?\s+to|plans?\s+for|free\s+trials?|trial\s+offer|"
    r"memorand(?:um|a)\s+of\s+understanding|MoU|consider(?:s|ed|ing)?|in\s+talks|"
    r"negotiat\w+|lobb(?:y|ied|ying)|court(?:ed|ing)|market(?:ed|ing)|demonstrat(?:ed|ion)|"
    r"hop(?:es|ed)\s+to|seek(?:s|ing)?\s+to|want(?:s|ed)?\s+to|intend(?:s|ed)?\s+to|"
    r"aim(?:s|ed)?\s+to|showcas(?:ed|ing)|touted)\b",
    _I,
)
_CONTRACTED = re.compile(
    r"\b(?:sign(?:ed|s|ing)?|contract(?:s|ed)?|agreement|agreed|deal|awarded|ordered|"
    r"purchas(?:ed|es)|bought|procur(?:ed|es)|(?:is|are|was|were)\s+(?:being\s+)?installing|"
    r"being\s+(?:installed|built|deployed)|under\s+construction|(?:is|are)\s+building)\b",
    _I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|could|to)\s+(?:\w+\s+)?(?:install|deploy|supply|build|provide|"
    r"roll\s+out|set\s+up|equip|deliver|expand)\b",
    _I,
)
_DEPLOYED = re.compile(
    r"\b(?:install(?:ed|s)|deploy(?:ed|s)|built|rolled\s+out|roll(?:s)?\s+out|uses|used|using|"
    r"operat(?:es|ed|ing)|launched|went\s+live|gone\s+live|supplied|supplies|provided|provides|"
    r"delivered|completed|equipped|set\s+up|runs|ran|implemented|introduced|relies\s+on|"
    r"relied\s+on|in\s+use|in\s+place|upgraded|expanded|constructed|handed\s+over|"
    r"commissioned|connected|linked|monitor(?:s|ed)|track(?:s|ed)|intercepted|spied|fitted|"
    r"helped|feeds?|live|operational|active)\b",
    _I,
)
_NEGATION = re.compile(
    r"\b(?:not|never|no\s+longer|no\s+evidence|denied|denies|deny|rejected|rejects|reject|"
    r"cancel(?:l)?ed|cancels|scrapped|halted|abandoned|refused|dropped|pulled\s+out|"
    r"withdrew|suspended|terminated|banned|bans|ban|without|stop|stops|stopped|stopping|"
    r"phase\s+out|phased\s+out|remove|removed|removing|rip\s+out|ripped\s+out)\b|n't\b",
    _I,
)
#: Negations that do not negate the deployment ("did not respond to requests for comment").
_HARMLESS_NEGATION = re.compile(
    r"\b(?:did\s+not|does\s+not|has\s+not|have\s+not|had\s+not|could\s+not|would\s+not)\s+"
    r"(?:immediately\s+)?(?:respond|reply|return|comment|answer|be\s+reached)\b|"
    r"\bnot\s+(?:only|just|immediately|least|clear\s+how\s+much)\b|\bdenied\s+wrongdoing\b",
    _I,
)
_STRONG_HEDGE = re.compile(
    r"\b(?:may\s+have|might\s+have|could\s+have|may\s+be|might\s+be|unclear\s+whether|"
    r"unclear\s+if|rumou?r(?:s|ed)?|unconfirmed|unverified|speculat\w+|if\s+\w+\s+(?:wins|buys)|"
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
    r"(?:system|systems|project|projects|platform|platforms|network|cameras|contract|deal|"
    r"loan|scheme|programme|program|technology|equipment|installation|initiative|package)\b"
)
_AMOUNT = re.compile(
    r"(?:US\s?\$|\$|USD\s?)\s?(\d[\d,]*(?:\.\d+)?)\s*(million|billion|bn|m|mn)?\b", _I
)
_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")


def is_negated(sentence: str) -> bool:
    """Whether the sentence denies, cancels or rejects what it describes."""
    cleaned = _HARMLESS_NEGATION.sub(" ", sentence)
    return bool(_NEGATION.search(cleaned))


def hedge_level(sentence: str) -> int:
    """0 plain, 1 attributed or "reportedly", 2 speculative ("may have", "unclear whether")."""
    if _STRONG_HEDGE.search(sentence):
        return 2
    return 1 if _SOFT_HEDGE.search(sentence) else 0


def _finite_deployed(sentence: str) -> bool:
    for match in _DEPLOYED.finditer(sentence):
        before = sentence[max(0, match.start() - 25) : match.start()].lower()
        if re.search(r"\b(?:to|will|would|could|shall|plans?\s+to|be)\s+(?:\w+\s+)?$", before):
            continue
        return True
    return False


def deployment_status(sentence: str) -> DeploymentStatus | None:
    """The status a sentence states, or None when it states none (the caller then defaults)."""
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


def has_system_anaphor(sentence: str) -> bool:
    return bool(_SYSTEM_ANAPHOR.search(sentence))


def amount_usd(sentence: str) -> float | None:
    """The first dollar amount in the sentence ("$150 million" -> 150000000.0)."""
    match = _AMOUNT.search(sentence)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    scale = (match.group(2) or "").lower()
    if scale in ("million", "m", "mn"):
        value *= 1e6
    elif scale in ("billion", "bn"):
        value *= 1e9
    return value


def single_year(sentence: str) -> int | None:
    """The year, when the sentence names exactly one."""
    years = set(_YEAR.findall(sentence))
    return int(years.pop()) if len(years) == 1 else None
