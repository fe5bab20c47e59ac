"""What an AidData record says in SurvIndex's terms: lender, flow type, status, technology.

Each reading is a rule file under ingest/aiddata_rules/ (see its PROVENANCE.md) applied by
:mod:`survindex.ingest.aiddata_terms`; what is read from a title rather than from AidData's own
columns is said so in the record's provenance.

>>> flow_type(None, "China Eximbank provides $57.1 million preferential buyer's credit")
<FinancingType.SOFT_LOAN: 'soft_loan'>
"""

from __future__ import annotations

import re
from functools import lru_cache

from survindex.domain import DeploymentStatus, FinancingType, Lender, Technology
from survindex.ingest.aiddata_terms import first_match, ordered_terms, rule_lines
from survindex.reference.countries import AmbiguousName
from survindex.reference.lenders import find_lender

#: AidData's project statuses -> the contract's deployment statuses. A completed project is
#: deployed; one committed or being implemented is contracted; a pledge is only proposed, and
#: so are cancelled and suspended ones (never delivered), which therefore never count as use.
STATUSES = {
    "completion": DeploymentStatus.DEPLOYED,
    "implementation": DeploymentStatus.CONTRACTED,
    "pipeline: commitment": DeploymentStatus.CONTRACTED,
    "pipeline: pledge": DeploymentStatus.PROPOSED,
    "cancelled": DeploymentStatus.PROPOSED,
    "suspended": DeploymentStatus.PROPOSED,
}
#: A record with no status is still a commitment AidData recorded: contracted, not deployed.
UNKNOWN_STATUS = DeploymentStatus.CONTRACTED

_BRACKETED_PROGRAMME = re.compile(r"^\s*\[[^\]]*\]\s*")
_LINK_GROUP = re.compile(r"\(([^()]*\b(?:linked|umbrella)\b[^()]*)\)", re.IGNORECASE)
_RECORD_NUMBER = re.compile(r"#\s*(\d+)")
_PLACE_SUFFIX = re.compile(r"\s+(?:in|to|at)\s+.*$", re.IGNORECASE)


def deployment_status(aiddata_status: str | None) -> DeploymentStatus:
    return STATUSES.get((aiddata_status or "").strip().casefold(), UNKNOWN_STATUS)


def flow_type(flow_in_source: str | None, title: str | None) -> FinancingType | None:
    """AidData's flow type decides loan or grant; the title refines a plain loan into a soft
    loan or an export credit ("preferential buyer's credit"); with no flow type, the title
    alone decides."""
    terms = ordered_terms("flow_types.csv", "type")
    from_flow = first_match(terms, flow_in_source)
    from_title = first_match(terms, title)
    chosen = from_flow
    if from_flow is None or (
        from_flow.value == FinancingType.LOAN.value
        and from_title is not None
        and from_title.value in (FinancingType.SOFT_LOAN.value, FinancingType.EXPORT_CREDIT.value)
    ):
        chosen = from_title or from_flow
    return FinancingType(chosen.value) if chosen else None


def technology(*texts: str | None) -> Technology | None:
    """The first technology phrase (file order) found in the texts, or None."""
    found = first_match(ordered_terms("technology_terms.csv", "technology"), *texts)
    return Technology(found.value) if found else None


@lru_cache(maxsize=1)
def _funder_phrase() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in rule_lines("title_verbs.txt"))
    return re.compile(rf"^(.+?)\s+(?:{verbs})\b", re.IGNORECASE)


def funder_in_title(title: str) -> str | None:
    """The funder's name at the start of an AidData title, as written.

    >>> funder_in_title("[CPEC] China Eximbank provides $8.36 million loan for Safe City")
    'China Eximbank'
    """
    match = _funder_phrase().match(_BRACKETED_PROGRAMME.sub("", title))
    return match.group(1).strip() if match else None


def _find(name: str) -> Lender | None:
    try:
        return find_lender(name)
    except AmbiguousName:
        return None


def lender_from_title(title: str) -> tuple[Lender | None, str | None]:
    """(registry lender, the funder as the title writes it); "Chinese Embassy in Sudan" is
    tried whole, then without its place."""
    phrase = funder_in_title(title)
    if phrase is None:
        return None, None
    found = _find(phrase) or _find(_PLACE_SUFFIX.sub("", phrase))
    if found is None and phrase.casefold().startswith("the "):
        found = _find(phrase[4:])
    return found, phrase


def lender_from_agencies(agencies: str | None) -> tuple[Lender | None, str | None]:
    """The first registry lender among AidData's Funding Agencies ("A|B"), with the cell."""
    if not agencies:
        return None, None
    for name in re.split(r"\s*[|;]\s*", agencies):
        found = _find(name)
        if found is not None:
            return found, agencies
    return None, agencies


def record_links(title: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(umbrella records the title says this one draws on, other linked records).

    >>> record_links("... Project (Linked to #85369, Umbrella #858)")
    ((858,), (85369,))
    """
    parents: list[int] = []
    linked: list[int] = []
    for group in _LINK_GROUP.findall(title):
        for chunk in re.split(r",|\band\b", group):
            numbers = [int(n) for n in _RECORD_NUMBER.findall(chunk)]
            (parents if "umbrella" in chunk.casefold() else linked).extend(numbers)
    return tuple(dict.fromkeys(parents)), tuple(dict.fromkeys(linked))
