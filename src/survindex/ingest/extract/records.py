"""Structured records: procurement and award notices written as ``Field: value`` lines.

Prose rules read one sentence at a time, but a notice spreads one award over several lines
("Successful tenderer: ...", "Object: ...", "Contract value: ..."). A paragraph made mostly of
such lines is read as one unit, so that the supplier, the object and the buyer meet.
"""

from __future__ import annotations

import re

from survindex.domain.vocab import DeploymentStatus

#: "Contracting authority: Ministry of the Interior", "Award date: 11 November 2022".
_FIELD_LINE = re.compile(r"^\s*[-*\u2022]?\s*[A-Z][\w ,()/'\u2019&.-]{1,50}:\s+\S")
#: Fields that say the contract was awarded, not merely tendered.
_AWARD = re.compile(
    r"\b(?:award(?:ed)?|successful\s+(?:tenderer|bidder|supplier)|winning\s+(?:bid|tenderer|"
    r"bidder)|contractor)\b",
    re.IGNORECASE,
)
_MIN_FIELDS = 3


def is_record(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a block of at least three ``Field: value`` lines making up
    most of its lines."""
    if text.find(":", start, end) < 0 or text.count("\n", start, end) < _MIN_FIELDS - 1:
        return False
    if text.count(":", start, end) < _MIN_FIELDS:
        return False
    lines = [line for line in text[start:end].splitlines() if line.strip()]
    fields = sum(1 for line in lines if _FIELD_LINE.match(line))
    return fields >= _MIN_FIELDS and fields * 3 >= len(lines) * 2


def record_status(block: str) -> DeploymentStatus | None:
    """An award notice records a contract: status ``contracted`` (else None: read as prose)."""
    return DeploymentStatus.CONTRACTED if _AWARD.search(block) else None
