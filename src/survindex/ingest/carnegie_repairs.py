"""Repairs of the Carnegie files' known defects; each returns the notes that log what it did."""

from __future__ import annotations

import re
from collections.abc import Sequence

from survindex.domain import DataQualityNote
from survindex.domain.vocab import REGIME_LABELS

# A find-and-replace turned the two-letter regime codes into their labels inside ordinary words
# ("United States of America" -> "UnitElectoral Democracy States of AmeriClosed Autocracy").
# Putting the lower-case code back undoes it exactly.
_LABEL_TO_CODE = {label: code.value.lower() for code, label in REGIME_LABELS.items()}
_LABEL_PATTERN = re.compile("|".join(re.escape(label) for label in _LABEL_TO_CODE))


def undo_regime_label_replacement(text: str, locator: str) -> tuple[str, DataQualityNote | None]:
    """Reverse the label substitution in a text cell; a note when anything changed."""
    if not _LABEL_PATTERN.search(text):
        return text, None
    repaired = _LABEL_PATTERN.sub(lambda m: _LABEL_TO_CODE[m.group(0)], text)
    note = DataQualityNote(
        kind="corrupted_text",
        locator=locator,
        message=f"{text!r} contains regime-type labels inside words (a find-and-replace of "
        "the codes CA/EA/ED/LD corrupted it)",
        action=f"replaced each label by its lower-case code: {repaired!r}",
    )
    return repaired, note


def overflow_is_misaligned(rows: Sequence[tuple[object | None, list[object]]]) -> list[int]:
    """Indices of rows whose overflow cells cannot be a continuation of their own company list.

    ``rows`` gives, per row, the Company 5 cell and the overflow cells. Overflow columns hold the
    6th and later companies; a row with overflow but an empty Company 5 shows that the overflow
    block was not moved with its rows when they were sorted.
    """
    return [
        index
        for index, (company5, overflow) in enumerate(rows)
        if company5 is None and any(cell is not None for cell in overflow)
    ]


def implausible_military_ranks(
    spending: Sequence[tuple[str, float | None, int | None]],
) -> list[tuple[str, str]]:
    """(country, reason) for ranks better than the number of listed countries that spend more.

    A country ranked r in the world can have at most r-1 countries spending more than it; if the
    file itself lists more, the rank (or the spending) is wrong.
    """
    problems = []
    amounts = [amount for _, amount, _ in spending if amount is not None]
    for name, amount, rank in spending:
        if amount is None or rank is None:
            continue
        spend_more = sum(1 for other in amounts if other > amount)
        if spend_more >= rank:
            problems.append(
                (
                    name,
                    f"rank {rank} beside USD {amount:,.1f} million, yet {spend_more} countries "
                    "in this file spend more",
                )
            )
    return problems
