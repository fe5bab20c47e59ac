"""Generate a corpus of small, distinct news-like documents (one claim each)."""

from __future__ import annotations

import random
from pathlib import Path

VENDORS = ("Huawei", "Hikvision", "Dahua", "ZTE", "NEC", "Cisco")
COUNTRIES = ("Kenya", "Serbia", "Ecuador", "Uganda", "Zambia", "Pakistan", "Bolivia", "Laos")
SYSTEMS = ("safe city system", "facial recognition cameras", "smart policing platform")
FILLER = (
    "The ministry did not respond to a request for comment. Critics in parliament asked how "
    "the contract had been awarded and whether an impact assessment had been published. "
    "Local newspapers reported that the budget line had grown over three years."
)
#: Each document's own line of other news, so that no two documents are near-duplicates (which
#: ingest would store as mirrors of one source): neutral words, no place, vendor or system.
OTHER_NEWS = (
    "budget", "council", "harvest", "bridge", "teacher", "market", "river", "festival",
    "library", "weather", "tariff", "railway", "clinic", "football", "museum", "drought",
    "fishery", "orchestra", "village", "textile", "pension", "vaccine", "coffee", "tourism",
    "housing", "shipping", "forest", "bakery", "bicycle", "painting", "poetry", "cattle",
)  # fmt: skip


def write_corpus(directory: Path, count: int) -> list[Path]:
    """``count`` distinct documents, each naming one vendor, system and recipient country."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        vendor = VENDORS[i % len(VENDORS)]
        country = COUNTRIES[(i // len(VENDORS)) % len(COUNTRIES)]
        system = SYSTEMS[i % len(SYSTEMS)]
        text = (
            f"Report {i}: {vendor} installed a {system} for the police in {country}, "
            f"officials said on Tuesday.\n\n{FILLER}\n\nThis is dispatch number {i}.\n"
            f"Other news: {' '.join(random.Random(i).sample(OTHER_NEWS, 24))}.\n"
        )
        path = directory / f"doc{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
