"""The checks every value a person types must pass before SurvIndex stores it.

Reviewers' edits arrive as text from the command line and web forms, or as JSON from the API.
Python's own conversions accept too much for them: ``float("1e999")`` is infinity (which JSON
exports then write as ``Infinity``), ``float("nan")`` is a "number" SQLite stores as NULL, and
``int("20255")`` is a year. When they refuse, they speak of Python, not of the field
(``could not convert string to float: '120m'``). These functions accept what SurvIndex can
store and explain, and name the field and what would be accepted when they refuse.

They are pure, so every surface (CLI, web pages, API) reaches the same checks through the
review workflow; the database's CHECK constraints are only the backstop behind them.

>>> check_field("financing_year", " 2019 ")
2019
>>> try:
...     check_field("status", "bogus")
... except InvalidValue as error:
...     print(error)
status: 'bogus' is not allowed; use one of deployed, contracted, proposed
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from enum import StrEnum

from survindex.domain.vocab import ClaimStatus, DeploymentStatus, FinancingType, Technology

#: Ten trillion US dollars: orders of magnitude above any single financing deal ever reported,
#: so only a typing error (an extra "000", an exponent) goes beyond it.
MAX_AMOUNT_USD = 1e13
#: Before 1990 there was no AI surveillance to finance; a smaller year is a typing error.
MIN_YEAR = 1990
#: Deals are announced for a few years ahead ("to be completed by 2028"), not for decades.
YEARS_AHEAD = 5
#: Longest accepted text per field, in characters. City and reviewer match the schema's
#: String(200); the others are far above anything real (the longest Carnegie cell has 71
#: characters, a sentence quote a few hundred) yet keep a pasted page out of a one-line field.
MAX_LENGTHS = {
    "country": 200,
    "vendor": 200,
    "vendor_country": 200,
    "city": 200,
    "financing_lender": 300,
    "reviewer": 200,
    "reason": 2000,
    "quote": 5000,
}
#: Fields whose text may span lines; every other field is one line with no control characters.
MULTI_LINE = frozenset({"reason", "quote"})


class InvalidValue(ValueError):
    """A value a field cannot take; the message names the field and what it accepts."""

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        super().__init__(f"{field}: {_shown(value)} is not allowed; {expected}")


def _shown(value: object) -> str:
    """The value as the user typed it, cut short so that a pasted page stays one line."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def max_year(today: date | None = None) -> int:
    return (today or date.today()).year + YEARS_AHEAD


def check_amount_usd(value: object, field: str = "financing_amount_usd") -> float:
    """A finite amount of US dollars from 0 to :data:`MAX_AMOUNT_USD`, as a float.

    >>> check_amount_usd("120000000"), check_amount_usd(1.5e9)
    (120000000.0, 1500000000.0)
    """
    expected = f"give a number of US dollars from 0 to {MAX_AMOUNT_USD:.0e}, e.g. 120000000"
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidValue(field, value, expected)
    try:
        amount = float(value.strip() if isinstance(value, str) else value)
    except (ValueError, OverflowError):
        raise InvalidValue(field, value, expected) from None
    if not math.isfinite(amount) or not 0 <= amount <= MAX_AMOUNT_USD:
        raise InvalidValue(field, value, expected)
    return amount


def check_year(value: object, field: str = "financing_year", *, today: date | None = None) -> int:
    """A whole year from :data:`MIN_YEAR` to :data:`YEARS_AHEAD` years after this one.

    >>> check_year("2019"), check_year(2020.0)
    (2019, 2020)
    """
    last = max_year(today)
    expected = f"give a year from {MIN_YEAR} to {last}"
    year: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 4:
        year = int(value.strip())
    if year is None or not MIN_YEAR <= year <= last:
        raise InvalidValue(field, value, expected)
    return year


def check_choice(value: object, choices: type[StrEnum], field: str) -> str:
    """One value of a vocabulary, listing the vocabulary when the value is not in it.

    >>> check_choice("loan", FinancingType, "financing_type")
    'loan'
    """
    allowed = [member.value for member in choices]
    text = value.strip() if isinstance(value, str) else value
    if text not in allowed:
        raise InvalidValue(field, value, f"use one of {', '.join(allowed)}")
    return str(text)


def check_text(value: object, field: str) -> str:
    """Stripped text within the field's length; one-line fields refuse control characters.

    >>> check_text("  Nairobi ", "city")
    'Nairobi'
    """
    if not isinstance(value, str):
        raise InvalidValue(field, value, "give text")
    text = value.strip()
    limit = MAX_LENGTHS.get(field)
    if limit is not None and len(text) > limit:
        raise InvalidValue(field, value, f"give at most {limit} characters (this has {len(text)})")
    allowed_controls = "\n\r\t" if field in MULTI_LINE else ""
    bad = next((c for c in text if _is_control(c) and c not in allowed_controls), None)
    if bad is not None:
        raise InvalidValue(
            field, value, f"remove the control character U+{ord(bad):04X} from the text"
        )
    return text


def _is_control(character: str) -> bool:
    return ord(character) < 0x20 or 0x7F <= ord(character) < 0xA0


#: The check of each field whose value is known without the database. Country and vendor
#: names are checked as text here and then resolved against the reference registries.
FIELD_CHECKS: dict[str, Callable[[object], object]] = {
    "technology": lambda v: check_choice(v, Technology, "technology"),
    "status": lambda v: check_choice(v, DeploymentStatus, "status"),
    "claim_status": lambda v: check_choice(v, ClaimStatus, "claim_status"),
    "financing_type": lambda v: check_choice(v, FinancingType, "financing_type"),
    "financing_amount_usd": lambda v: check_amount_usd(v),
    "financing_year": lambda v: check_year(v),
}


def check_field(field: str, value: object) -> object:
    """The value to store for ``field``, or :class:`InvalidValue` saying what it accepts."""
    check = FIELD_CHECKS.get(field)
    if check is not None:
        return check(value)
    return check_text(value, field)
