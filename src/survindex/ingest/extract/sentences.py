"""Sentence spans with offsets into the text as read, so every quote can be found again exactly.

A regex finds candidate boundaries in one pass; a few checks reject abbreviations ("U.S.",
"Co.", "Mr.") and hard line wraps. Paragraph numbers let coreference stop at a blank line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "st",
        "co",
        "ltd",
        "inc",
        "corp",
        "no",
        "nos",
        "vs",
        "etc",
        "fig",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "est",
        "govt",
        "rep",
        "sen",
        "gov",
    ]
)
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$")
_TERMINAL = frozenset(".!?:;\"'\u201d\u2019)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS or _INITIALS.search(word + "."):
        return True
    return len(word) == 1 and word.isupper()  # a middle initial: "John F. Kennedy"


def split_sentences(text: str) -> list[Sentence]:
    """Sentences as (start, end, paragraph) with surrounding whitespace trimmed.

    >>> [(s.start, s.end) for s in split_sentences("Huawei Co. won. The U.S. firm lost.")]
    [(0, 15), (16, 35)]
    """
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    n = len(text)
    for match in _BOUNDARY.finditer(text):
        boundary = match.group()
        if boundary == "\n":
            before = text[start : match.start()].rstrip()
            after = match.end()
            nxt = text[after : after + 1]
            if before and before[-1] not in _TERMINAL and nxt.islower():
                continue  # a hard wrap inside a sentence
        elif boundary.count("\n") < 2:  # a blank line always ends a sentence
            after = match.end()
            nxt = text[after : after + 1]
            if nxt.islower():
                continue
            if boundary[0] == "." and _is_abbreviation(text, match.start()):
                continue
        else:
            after = match.end()
        _append(text, start, match.end(), paragraph, sentences)
        if (
            "\n\n" in boundary
            or (boundary == "\n" and text[after : after + 1] in ("\n", ""))
            or "\n" in boundary
            and text.count("\n", match.start(), match.end()) > 1
        ):
            paragraph += 1
        start = match.end()
    _append(text, start, n, paragraph, sentences)
    return sentences


def _append(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, paragraph))


def sentence_index(sentences: list[Sentence], position: int) -> int:
    """Index of the sentence containing ``position`` (or the one before it)."""
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, position) - 1)
