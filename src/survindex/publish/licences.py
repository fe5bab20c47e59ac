"""Which licence each exported row carries, and how a data package names it.

An edition mixes data under different terms: the Carnegie index is CC BY 4.0, AidData's GCDF 3.0
is ODC-By 1.0, and a news article stays under its publisher's terms, of which SurvIndex quotes
only a sentence or two as evidence (a short citation). So no single licence covers an export:
every source, claim and financing record carries its source's licence in a ``licence`` column,
derived tables (countries, deployments, findings) say which licences their rows draw on, and the
data package lists every licence present. SurvIndex's own tables (the vendor and lender
registries, the data-quality notes, the published figures as transcribed) are CC BY 4.0.

Example::

    >>> licence_label(Origin("Reuters", "Cameras for Kampala"), "document")
    "quoted under the publisher's terms (short citation)"
    >>> licence_entry("ODC-By 1.0")["path"]
    'https://opendatacommons.org/licenses/by/1-0/'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from survindex.domain import Origin, Source


@dataclass(frozen=True)
class Licence:
    """One licence as rows name it (``label``) and as Frictionless describes it."""

    label: str
    name: str  # Open Definition licence id, as the Data Package spec asks
    title: str
    path: str | None = None

    def entry(self) -> dict[str, str]:
        """The Frictionless ``licenses`` item."""
        item = {"name": self.name, "title": self.title}
        if self.path:
            item["path"] = self.path
        return item


#: What a document source without a licence of its own is used under: its publisher keeps the
#: rights, and SurvIndex reproduces only the quoted sentence, with its citation.
PUBLISHER_TERMS = "quoted under the publisher's terms (short citation)"
#: A dataset (not a document) whose licence nobody recorded: say so rather than guess.
NOT_RECORDED = "licence not recorded: ask the producer before reuse"

CC_BY_4 = Licence(
    "CC BY 4.0",
    "CC-BY-4.0",
    "Creative Commons Attribution 4.0 International",
    "https://creativecommons.org/licenses/by/4.0/",
)
ODC_BY_1 = Licence(
    "ODC-By 1.0",
    "ODC-BY-1.0",
    "Open Data Commons Attribution License v1.0",
    "https://opendatacommons.org/licenses/by/1-0/",
)
#: The licence of SurvIndex's own compilation (registries, notes, transcribed figures).
COMPILATION = CC_BY_4

#: Licences SurvIndex knows, in the order exports list them; any other label is listed after
#: them as the source states it.
KNOWN: tuple[Licence, ...] = (
    CC_BY_4,
    ODC_BY_1,
    Licence(
        "CC BY-SA 4.0",
        "CC-BY-SA-4.0",
        "Creative Commons Attribution Share-Alike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence(
        "CC0 1.0",
        "CC0-1.0",
        "CC0 1.0 Universal Public Domain Dedication",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    Licence(
        "ODbL 1.0",
        "ODbL-1.0",
        "Open Data Commons Open Database License 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    Licence(
        PUBLISHER_TERMS,
        "other-closed",
        "Quoted under each publisher's terms: news articles are quoted only as short citations "
        "of the sentence that supports a claim, with the article's citation; the publisher "
        "keeps every right in its text",
    ),
    Licence(
        NOT_RECORDED,
        "notspecified",
        "Licence not recorded: ask the producer before reuse",
    ),
)
_BY_LABEL = {licence.label.casefold(): licence for licence in KNOWN}
#: Labels SurvIndex writes for a missing licence; a re-import stores them as "no licence".
DERIVED_LABELS = frozenset({PUBLISHER_TERMS, NOT_RECORDED})


def licence_label(origin: Origin | None, kind: str | None) -> str:
    """The licence a source's rows carry: its own, else the publisher's terms for a document,
    else "not recorded"."""
    if origin is not None and origin.licence:
        known = _BY_LABEL.get(origin.licence.strip().casefold())
        return known.label if known else origin.licence.strip()
    return PUBLISHER_TERMS if kind == "document" else NOT_RECORDED


def source_licence(sources: Mapping[str, Source], key: str | None) -> str:
    """The licence label the rows of source ``key`` carry (an unknown key: "not recorded")."""
    source = sources.get(key or "")
    return licence_label(source.origin if source else None, source.kind if source else None)


def stored_licence(label: str | None) -> str | None:
    """What a source's licence column holds in the database, from its exported label: the
    wording SurvIndex writes for a missing licence goes back to no licence."""
    if label is None or label in DERIVED_LABELS:
        return None
    return label


def licence_for(label: str) -> Licence:
    """The licence a label names; a label SurvIndex does not know is kept as the source states
    it, with no URL."""
    known = _BY_LABEL.get(label.casefold())
    if known is not None:
        return known
    return Licence(label, "notspecified", f"{label} (as the source states it)")


def licence_entry(label: str) -> dict[str, str]:
    return licence_for(label).entry()


def ordered(labels: Iterable[str]) -> list[str]:
    """Distinct labels, known licences first in :data:`KNOWN` order, the rest alphabetically,
    and the publisher's terms and "not recorded" last."""
    rank = {licence.label: i for i, licence in enumerate(KNOWN)}
    tail = {PUBLISHER_TERMS, NOT_RECORDED}
    unique = {label for label in labels if label}

    def key(label: str) -> tuple[int, int, str]:
        group = 2 if label in tail else (0 if label in rank else 1)
        return (group, rank.get(label, 0), label)

    return sorted(unique, key=key)


def join_labels(labels: Iterable[str]) -> str | None:
    """'; '-joined distinct labels in :func:`ordered` order, None for none."""
    found = ordered(labels)
    return "; ".join(found) if found else None


def split_labels(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]
