"""A small engine for the AidData rule files (ingest/aiddata_rules/): phrases matched on
normalised text at word boundaries, a trailing ``*`` matching any ending.

The phrases live in the data files with the rule each one comes from; this module holds only
the matching mechanism, so a reader can change a rule without reading code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from survindex.reference.names import normalise


@dataclass(frozen=True)
class Term:
    """One phrase of a rule file, with the value it gives (a type, a category, a weight)."""

    phrase: str
    value: str
    weight: float
    note: str
    pattern: re.Pattern[str]

    def found_in(self, normalised_text: str) -> bool:
        return self.pattern.search(normalised_text) is not None


def compile_term(phrase: str, value: str = "", weight: float = 0.0, note: str = "") -> Term:
    """``"camera*"`` matches "camera" and "cameras", never "cameraman's" inside another word."""
    prefix = phrase.endswith("*")
    words = normalise(phrase.rstrip("*"))
    tail = r"\w*" if prefix else ""
    pattern = re.compile(r"(?<!\S)" + re.escape(words) + tail + r"(?!\S)")
    return Term(phrase, value, weight, note, pattern)


def rule_rows(name: str) -> list[dict[str, str]]:
    """Rows of ``ingest/aiddata_rules/<name>``; rows whose first cell starts with ``#`` are
    comments."""
    folder = resources.files("survindex.ingest").joinpath("aiddata_rules")
    text = folder.joinpath(name).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    first = next(iter(rows[0])) if rows else ""
    return [row for row in rows if not (row.get(first) or "").startswith("#")]


def rule_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a one-column rule file."""
    folder = resources.files("survindex.ingest").joinpath("aiddata_rules")
    lines = folder.joinpath(name).read_text("utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@cache
def ordered_terms(name: str, value_column: str) -> tuple[Term, ...]:
    """The terms of a first-match-wins file (flow types, technologies), in file order."""
    return tuple(
        compile_term(row["phrase"], row[value_column], note=row.get("note") or "")
        for row in rule_rows(name)
    )


def first_match(terms: tuple[Term, ...], *texts: str | None) -> Term | None:
    """The first term, in file order, found in any of the texts."""
    normalised = " | ".join(normalise(t) for t in texts if t)
    if not normalised:
        return None
    return next((term for term in terms if term.found_in(normalised)), None)
