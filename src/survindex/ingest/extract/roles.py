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
_AFTER_WINDOW = 90

#: Words just before a mention that make it a venue, a seat, a market or a source: "a summit
#: in Beijing", "headquartered in Shenzhen", "phones in Germany", "a loan from China".
_PRE_EXCLUDE_WORDS = frozenset(
    str.split(
        "summit conference forum expo exhibition fair meeting congress visit visited trip tour "
        "speech speaking spoke interview sidelines headquartered headquarters based registered "
        "listed incorporated office offices factory factories plant campus phone phones "
        "smartphone smartphones handset handsets revenue revenues earnings profit profits sales "
        "shares stock founded newspaper institute university embassy ambassador envoy delegation "
        "like unlike than from fine fines fined sued lawsuit regulator regulators investigation "
        # Go-betweens are not buyers: "bought through an intermediary in Cyprus".
        "intermediary intermediaries middleman middlemen broker brokers reseller resellers "
        # Where a sales team met the buyer: "flew to Khartoum to offer the system".
        "flew travelled traveled "
    )
)
_PRE_EXCLUDE_PAIRS = frozenset(
    {
        ("market", "share"),
        ("think", "tank"),
        ("born", "in"),
        ("trade", "event"),
        ("trade", "events"),
        ("trade", "show"),
        ("trade", "shows"),
    }
)
#: A funder, not a buyer: "paid for by China's government with a $4.5 million grant", "were
#: paid for by China: a $12 million grant". Only with an aid word after it, since a buyer pays
#: for its own system too ("paid for by Kenya's treasury").
_PRE_PAYER = re.compile(
    r"\b(?:paid\s+for|funded|financed|bankrolled|sponsored|underwritten|subsidi[sz]ed)\s+"
    r"(?:\w+\s+){0,2}?by\s+(?:the\s+)?$",
    _I,
)
_AID_AFTER = re.compile(r"\b(?:grants?|aid|donat\w+|gifts?|loans?|credits?|assistance)\b", _I)
#: A person's nationality, not a place: "the consortium founded by a former Israeli intelligence
#: officer", "two Chinese engineers", "a Kenyan businessman".
_PRE_FOUNDER = re.compile(
    r"(?:\b(?:founded|co-?founded|owned|led|headed|set\s+up|started|established|chaired)\s+"
    r"by\s+(?:an?\s+|the\s+|its\s+|two\s+|three\s+|several\s+)?(?:[\w-]+\s+)?|"
    r"\b(?:former|retired|ex-)\s*)$",
    _I,
)
_POST_PERSON = re.compile(
    r"^(?:['\u2019]s)?\s+(?:[\w-]+\s+){0,2}?(?:officers?|agents?|officials?|founders?|"
    r"co-founders?|entrepreneurs?|businessm[ae]n|investors?|executives?|engineers?|experts?|"
    r"staff|employees?|nationals?)\b"
)
#: A trade fair or other named event where something was announced or shown: "announced at ISC
#: West in Las Vegas", "said at Security Essen in Germany".
_PRE_EVENT = re.compile(
    r"\b(?:announced|announces|unveiled|unveils|launched|showcased|showed|shows|showing|shown|"
    r"exhibited|exhibiting|presented|presenting|displayed|demonstrated|spoke|speaking|said|says|"
    r"told\s+\w+)\s+(?:[\w,-]+\s+){0,3}?at\s+(?:the\s+)?"
    r"(?:[A-Z0-9][\w&'\u2019.-]*\s+){1,6}(?:in|at)\s+(?:the\s+)?$"
)
#: Consumer sales and factories are markets, not deployments: "shipments of consumer cameras in
#: India", "an assembly plant in Vietnam", "retail customers in Brazil".
_PRE_COMMERCE = re.compile(
    r"\b(?:consumers?|retail|retailers?|shipments?|assembly|factory|factories|plants?|"
    r"manufacturing|production|shops?|stores?|showrooms?|e-commerce)\b[^.;:!?]{0,40}?"
    r"\b(?:in|to|into|across|throughout)\s+(?:the\s+)?$",
    _I,
)
_SKIP_WORDS = frozenset({"the", "a", "an", "in", "to", "of", "at", "for", "its", "their"})
_WORD = re.compile(r"[\w-]+")
_POST_EXCLUDE = re.compile(
    r"^(?:['\u2019]s?)?(?:-based|\s+based|\s+(?:\w+\s+){0,2}?(?:summit|conference|forum|expo|"
    r"exhibition|fair|think[- ]tanks?|newspapers?|daily|magazine|broadcaster|outlet|institute|"
    r"university|researchers?|academics?|NGO|rights\s+groups?|watchdogs?|embassy|ambassador|"
    r"diplomats?|envoys?|headquarters|subsidiary|stock\s+exchange|consumers|smartphones?|phones?|"
    r"handsets?|state\s+media|media|journalists?|reporters?)\b)",
    _I,
)
_POST_SUPPLIER = re.compile(
    r"^(?:['\u2019]s?)?(?:-(?:made|built|supplied|designed|owned|linked|backed|funded|based)\b|"
    r"\s+(?:[\w-]+\s+){0,2}?(?:compan(?:y|ies)|firms?|vendors?|suppliers?|contractors?|"
    r"manufacturers?|makers?|giants?|corporations?|conglomerates?|multinationals?|start-?ups?|"
    r"businesses|exporters?|state-owned|tech\s+sector|"
    r"technology\s+sector|industry)\b)",
    _I,
)
_POST_STATE = re.compile(
    r"^(?:['\u2019]s?)?\s+(?:[\w-]+\s+){0,2}?(?:police|government|authorities|ministry|"
    r"ministries|officials|city|cities|capital|army|military|security\s+(?:services|forces|agency)|"
    r"intelligence|interior|agencies|agency|municipality|municipalities|council|prisons?|"
    r"provinces?|towns?|streets|regime|public\s+security|law\s+enforcement|citizens|residents|"
    r"states?\s+of|regions?\s+of|armed\s+forces|navy|air\s+force)\b",
    _I,
)
#: A country's own state telecom operator buys interception kit; it is not a supplier:
#: "Iran's state telecom company bought ... from ZTE".
_POST_STATE_OPERATOR = re.compile(
    r"['\u2019]s?\s+(?:state|state-run|state-owned|national)\s+(?:telecoms?|telecommunications|"
    r"phone|mobile|internet|broadband)\s+(?:company|operator|carrier|provider|monopoly)\b",
    _I,
)
#: Where people quoted were, not where anything was deployed: "according to two officials in
#: Ouagadougou". Only for cities: "officials in Kenya" may still be Kenya's officials.
_PRE_SPEAKERS_IN = re.compile(
    r"\b(?:officials?|sources?|diplomats?|spokes(?:man|woman|person)|analysts?|"
    r"correspondents?|reporters?|executives?|people|groups?|activists?|campaigners?|residents|"
    r"lawyers?|critics?|organi[sz]ations?|NGOs?|journalists?|protesters?|researchers?|"
    r"academics?|opponents?|unions?)\s+(?:\w+\s+)?in\s+$",
    _I,
)
#: A city's name used for its state or province: "São Paulo state's military police".
_POST_REGION = re.compile(
    r"\s+(?:state|province|provincial|region|regional|governorate|prefecture|prefectural|valley|"
    r"State|Province|Provincial|Region|Regional|Governorate|Prefecture|Prefectural)\b"
)
#: Officials of a country, named as visitors or customers: "police officials from Chile".
_PRE_OFFICIALS_FROM = re.compile(
    r"\b(?:police|officials|ministers|authorities|agencies|governments?)\s+from\s+$", _I
)
#: The supplier's own premises: "the company's laboratories in Guangzhou".
_PRE_COMPANY_PREMISES = re.compile(
    r"\b(?:company|firm|vendor|group|supplier|manufacturer)['\u2019]s\s+(?:[\w-]+\s+){0,3}?"
    r"(?:in|at|near)\s+$",
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
    after = text[mention.end : mention.end + _AFTER_WINDOW]
    if 0 <= next_vendor_start - mention.end <= 2 and not (
        # "In South Korea, Korea Telecom has won ...": a place set off before the vendor.
        "," in text[mention.end : next_vendor_start] and _PRE_LOCATION.search(before[-40:])
    ):
        return SUPPLIER
    if mention.form == "possessive" and _POST_STATE_OPERATOR.match(text, mention.end - 2):
        return STRONG_RECIPIENT
    if _POST_SUPPLIER.match(after):
        return SUPPLIER
    if _is_bystander(before, after, mention):
        return OTHER
    if mention.kind == CITY and before.endswith("in ") and _PRE_SPEAKERS_IN.search(before):
        return OTHER
    # Cheap substring tests first: these two rules fire rarely and their regexes look back.
    if "s " in before and _PRE_COMPANY_PREMISES.search(before):
        return OTHER
    if before.endswith("from ") and _PRE_OFFICIALS_FROM.search(before):
        return RECIPIENT  # not STRONG: officials from the vendor's home are visitors, not buyers
    if _excluded_before(before) or _POST_EXCLUDE.match(after):
        return OTHER
    if _POST_STATE.match(after):
        return STRONG_RECIPIENT
    if mention.kind == CITY:
        return STRONG_RECIPIENT
    if mention.form in ("adjective",):
        return OTHER  # "a Serbian official said" locates nothing
    if _PRE_LOCATION.search(before[-40:]):
        return STRONG_RECIPIENT
    if mention.form == "possessive":
        return RECIPIENT  # "Kenya's safe city", "Serbia's cameras"
    return RECIPIENT


_COMMERCE_WORDS = (
    "consum", "retail", "shipment", "assembly", "factor", "plant", "manufactur", "production",
    "shop", "store", "showroom", "commerce",
)  # fmt: skip


def _is_bystander(before: str, after: str, mention: Mention) -> bool:
    """A funder, a person's nationality, a trade-fair venue or a consumer market: places that
    say nothing about where the technology is deployed."""
    lowered = before.lower()
    if "by " in before and _PRE_PAYER.search(before) and _AID_AFTER.search(after[:80]):
        return True
    if (
        ("by " in before or "former" in lowered or "retired" in lowered or "ex-" in lowered)
        and _PRE_FOUNDER.search(before)
        and _POST_PERSON.match(after)
    ):
        return True
    if " at " in before and _PRE_EVENT.search(before):
        return True
    return any(word in lowered for word in _COMMERCE_WORDS) and bool(_PRE_COMMERCE.search(before))


def names_region(text: str, mention: Mention) -> bool:
    """Whether a city's name stands for its state, province or valley ("São Paulo state")."""
    return bool(_POST_REGION.match(text, mention.end))


def _excluded_before(before: str) -> bool:
    """Whether one of the last two content words before the mention is an exclusion cue."""
    words = [w.lower() for w in _WORD.findall(before[-40:])]
    content = [w for w in words if w not in _SKIP_WORDS][-3:]
    if any(w in _PRE_EXCLUDE_WORDS for w in content[-2:]):
        return True
    return any(pair in _PRE_EXCLUDE_PAIRS for pair in zip(words[-3:], words[-2:], strict=False))


def is_vendor(mention: Mention) -> bool:
    return mention.kind == VENDOR
