"""Strict JSON for every exported document: no ``NaN`` or ``Infinity`` tokens.

Python's ``json`` writes ``float("inf")`` as ``Infinity``, which is not JSON: browsers'
``JSON.parse``, jq and most other readers refuse the whole file. A value that is not a finite
number is unknown for our readers, so it is written as ``null``, and ``allow_nan=False`` makes any
case this module missed fail loudly instead of producing a broken file.

Example::

    >>> dumps_strict({"military_usd_millions": float("inf")}, indent=None)
    '{"military_usd_millions": null}'
"""

from __future__ import annotations

import json
import math
from datetime import date
from typing import Any


def finite_or_none(value: Any) -> Any:
    """``value``, with every float that is inf or nan (at any depth) replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_or_none(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_none(item) for item in value]
    return value


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def dumps_strict(document: Any, indent: int | None = 2) -> str:
    """``document`` as strict JSON (UTF-8 text, dates as ISO strings, non-finite floats null)."""
    return json.dumps(
        finite_or_none(document),
        indent=indent,
        ensure_ascii=False,
        allow_nan=False,
        default=_default,
    )
