"""Normalise names so that lookups forgive case, accents, punctuation and corporate suffixes."""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w+]+")
_CORPORATE_SUFFIXES = {
    "co",
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "llc",
    "plc",
    "sa",
    "ag",
    "gmbh",
    "group",
    "company",
    "holdings",
    "the",
    "technologies",
    "technology",
    "systems",
}


def normalise(name: str) -> str:
    """Casefold, strip accents and punctuation: ``"Côte d'Ivoire" -> "cote d ivoire"``."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", ascii_only.casefold()).split())


def normalise_company(name: str) -> str:
    """Like :func:`normalise`, without legal-form words.

    ``"Huawei Technologies Co. Ltd" -> "huawei"``
    """
    words = normalise(name).split()
    kept = [w for w in words if w not in _CORPORATE_SUFFIXES]
    return " ".join(kept or words)
