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
    str.split(
        "mr mrs ms dr prof gen col lt sgt st co ltd inc corp no nos vs etc fig jan feb mar apr "
        "jun jul aug sep sept oct nov dec dept est govt rep sen gov "
    )
)
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$")
_TERMINAL = frozenset(".!?:;\"'\u201d\u2019)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    if dot == 0 or not text[dot - 1].isalnum():
        return False
    if text[dot - 1].islower() and text[dot - 5 : dot].isalpha():
        return False  # a word of five or more letters: no abbreviation in the list is that long
    word_start = dot
    while word_start > 0 and (text[word_start - 1].isalnum() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:dot]
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS or _INITIALS.search(word + "."):
        return True
    return len(word) == 1 and word.isupper()  # a middle initial: "John F. Kennedy"


def split_sentences(
    text: str, start: int = 0, end: int | None = None, paragraph: int = 0
) -> list[Sentence]:
    """Sentences of ``text[start:end]`` as (start, end, paragraph), whitespace trimmed.

    >>> [(s.start, s.end) for s in split_sentences("Huawei Co. won. The U.S. firm lost.")]
    [(0, 15), (16, 35)]
    """
    end = len(text) if end is None else end
    sentences: list[Sentence] = []
    for match in _BOUNDARY.finditer(text, start, end):
        boundary = match.group()
        after = match.end()
        if boundary == "\n":
            before = text[start : match.start()].rstrip()
            nxt = text[after : after + 1]
            if before and before[-1] not in _TERMINAL and nxt.islower():
                continue  # a hard wrap inside a sentence
        elif boundary.count("\n") < 2:  # a blank line always ends a sentence
            nxt = text[after : after + 1]
            if nxt.islower():
                continue
            if boundary[0] == "." and _is_abbreviation(text, match.start()):
                continue
        _append(text, start, after, paragraph, sentences)
        if boundary.count("\n") > 1 or (boundary == "\n" and text[after : after + 1] == "\n"):
            paragraph += 1
        start = after
    _append(text, start, end, paragraph, sentences)
    return sentences


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of blank-line separated blocks; sentences never cross a blank line."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _append(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        out.append(Sentence(start, start + len(stripped), paragraph))


def sentence_index(sentences: list[Sentence], position: int) -> int:
    """Index of the sentence containing ``position`` (or the one before it)."""
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, position) - 1)
