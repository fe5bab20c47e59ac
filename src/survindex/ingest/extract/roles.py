"""What a country or city mention does in its sentence: recipient, supplier, or neither.

A careful reader does not count every country a sentence names. The vendor's nationality
("Chinese firm Huawei", "China's ZTE"), a summit venue, a market where phones are sold, the home
of a think tank or newspaper are not where the technology is deployed. These rules look at a
few words either side of the mention.
"""

from __future__ import annotations

import re

from survindex.ingest.gazetteer import CITY, VENDOR, Mention

RECIPIENT = "recipient"
STRONG_RECIPIENT = "strong_recipient"  # explicitly located: "in China", "Chinese police"
SUPPLIER = "supplier"
OTHER = "other"

_I = re.IGNORECASE
_WINDOW = 60

#: Words before a mention that say it is a venue, a seat, a market or a source, not a recipient.
_PRE_EXCLUDE = re.compile(
    r"\b(?:summit|conference|forum|expo|exhibition|fair|meeting|congress|visit|visited|trip|tour|"
    r"speech|speaking|spoke|interview|sidelines|headquartered|headquarters|(?<![\w-])based|registered|"
    r"listed|incorporated|office|offices|factory|factories|plant|campus|"
    r"phones?|smartphones?|handsets?|revenues?|earnings|profits?|sales|market\s+share|shares|"
    r"stock|founded|newspaper|think\s+tank|institute|university|embassy|ambassador|"
    r"envoy|delegation|exports?\s+from|imports?\s+from|hails\s+from|home\s+in|born\s+in|"
    r"loans?\s+from|credit\s+from|between|compared\s+with|like|unlike|than|such\s+as\s+in)"
    r"(?:\W+\w+){0,2}?\W+(?:the\s+)?$",
    _I,
)
_POST_EXCLUDE = re.compile(
    r"^(?:['\u2019]s?)?(?:-based|\s+based|\s+(?:\w+\s+){0,2}?(?:summit|conference|forum|expo|"
    r"exhibition|fair|think[- ]tanks?|newspapers?|daily|magazine|broadcaster|outlet|institute|"
    r"university|researchers?|academics?|NGO|rights\s+groups?|watchdogs?|embassy|ambassador|"
    r"diplomats?|envoys?|headquarters|subsidiary|stock\s+exchange|consumers|smartphones?|phones?|"
    r"handsets?|state\s+media|media|journalists?|reporters?|counterparts?|model|example|"
    r"lawmakers|legislators|senators|parliamentarians|critics)\b)",
    _I,
)
_POST_SUPPLIER = re.compile(
    r"^(?:['\u2019]s?)?(?:-(?:made|built|supplied|designed|owned|linked|backed|funded|based)\b|"
    r"\s+(?:[\w-]+\s+){0,2}?(?:compan(?:y|ies)|firms?|vendors?|suppliers?|contractors?|"
    r"manufacturers?|makers?|giants?|corporations?|conglomerates?|multinationals?|start-?ups?|"
    r"businesses|exporters?|providers?|telecoms?\s+operators?|state-owned|tech\s+sector|"
    r"technology\s+sector|industry)\b)",
    _I,
)
_POST_STATE = re.compile(
    r"^(?:['\u2019]s?)?\s+(?:[\w-]+\s+){0,2}?(?:police|government|authorities|ministry|"
    r"ministries|officials|city|cities|capital|army|military|security\s+(?:services|forces|agency)|"
    r"intelligence|interior|agencies|agency|municipality|municipalities|council|prisons?|"
    r"provinces?|towns?|streets|regime|public\s+security|law\s+enforcement|citizens|residents|"
    r"protesters|activists|opposition|dissidents|border)\b",
    _I,
)
_PRE_LOCATION = re.compile(
    r"\b(?:in|across|throughout|inside|within|around|to|for)\s+(?:the\s+)?(?:\w+\s+)?$", _I
)


def mention_role(text: str, mention: Mention, sentence_start: int, next_vendor_start: int) -> str:
    """The role of a country or city mention in the sentence starting at ``sentence_start``.

    ``next_vendor_start`` is where the next vendor mention starts (or -1): "China's Huawei".
    """
    before = text[max(sentence_start, mention.start - _WINDOW) : mention.start]
    after = text[mention.end : mention.end + _WINDOW]
    if 0 <= next_vendor_start - mention.end <= 2:
        return SUPPLIER
    if _POST_SUPPLIER.search(after):
        return SUPPLIER
    if _PRE_EXCLUDE.search(before) or _POST_EXCLUDE.search(after):
        return OTHER
    if _POST_STATE.search(after):
        return STRONG_RECIPIENT
    if mention.kind == CITY:
        return STRONG_RECIPIENT
    if mention.form in ("adjective",):
        return OTHER  # "a Serbian official said" locates nothing
    if _PRE_LOCATION.search(before):
        return STRONG_RECIPIENT
    if mention.form == "possessive":
        return RECIPIENT  # "Kenya's safe city", "Serbia's cameras"
    return RECIPIENT


def is_vendor(mention: Mention) -> bool:
    return mention.kind == VENDOR
