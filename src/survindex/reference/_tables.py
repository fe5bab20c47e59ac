"""Read the bundled CSV tables; kept apart so every loader shares one reading rule."""

from __future__ import annotations

import csv
from importlib import resources


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``reference/data/<name>`` as dicts of strings ('' for empty cells)."""
    text = resources.files("survindex.reference").joinpath("data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))
