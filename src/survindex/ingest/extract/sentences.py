"""Sentence spans with offsets into the text as read, so every quote can be found again exactly.

A regex finds candidate boundaries in one pass; a few checks reject abbreviations ("U.S.",
"Co.", "Mr.") and hard line wraps. Paragraph numbers let coreference stop at a blank line.

A "sentence" is never longer than ``MAX_SENTENCE`` characters: text without sentence ends (a
table flattened to one line, a transcript, a feed of headlines) would otherwise be one sentence
of megabytes, and the rule work on a sentence grows faster than its length. Longer spans are
cut into pieces, each still ``text[start:end]``, so that extraction time grows linearly with the
text whatever its shape.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from survindex.ingest.gazetteer import Mention

#: A sentence end, with any closing quote or bracket and footnote marks ("Nigeria.[12] Huawei")
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?:\[\d{1,3}\])*\s+|\n")
_ABBREVIATIONS = frozenset(
    str.split(
        "mr mrs ms dr prof gen col lt sgt st co ltd inc corp pvt pty no nos vs etc fig jan feb mar "
        "apr jun jul aug sep sept oct nov dec dept est govt rep sen gov rs "
    )
)
#: Initials in any alphabet: "U.S.", "A.Ş." (a Turkish legal form), "S.à r.l."
_INITIALS = re.compile(r"(?:\b[^\W\d_]\.)+[^\W\d_]?$")
_TERMINAL = frozenset(".!?:;\"'\u201d\u2019)")
#: The longest span read as one sentence. The longest sentence in the evaluation sets has about
#: 650 characters, so real prose is never cut; a span without sentence ends is cut into pieces
#: of at most this length.
MAX_SENTENCE = 2000
#: Where an over-long span is cut, best first: a line break, clause punctuation, a space. The
#: cut is looked for in the second half of the piece, so that no piece is very short.
_CUT_MARKS = ("\n", "; ", ": ", ", ", " ", "\t")
#: The most gazetteer mentions read as one sentence. Pairing the suppliers and recipients of a
#: sentence takes time growing with the square of its mentions; the most in one sentence of the
#: evaluation sets is 15. A longer run of names (a flattened table, a list of every country) is
#: cut between two mentions.
MAX_MENTIONS = 64


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
            last = _last_visible(text, start, match.start())
            nxt = text[after : after + 1]
            if last and last not in _TERMINAL and nxt.islower():
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


def _last_visible(text: str, start: int, end: int) -> str:
    """The last non-whitespace character of ``text[start:end]``, or "" (without copying the
    span: a hard-wrapped paragraph would otherwise be copied once per line)."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return text[end - 1] if end > start else ""


def _append(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        out.extend(bounded(text, start, start + len(stripped), paragraph))


def bounded(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """``text[start:end]`` as one sentence, or cut into pieces of at most ``MAX_SENTENCE``
    characters when it is longer.

    >>> [(s.start, s.end) for s in bounded("Huawei, ZTE", 0, 11, 0)]
    [(0, 11)]
    """
    if end - start <= MAX_SENTENCE:
        return [Sentence(start, end, paragraph)]
    pieces: list[Sentence] = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = _after_mark(text, start + MAX_SENTENCE // 2, limit)
        cut = limit if cut is None else cut
        _add_trimmed(text, start, cut, paragraph, pieces)
        start = cut
    _add_trimmed(text, start, end, paragraph, pieces)
    return pieces


def limit_mentions(
    text: str, sentences: list[Sentence], mentions: dict[int, list[Mention]]
) -> list[Sentence]:
    """``sentences`` with each one holding more than ``MAX_MENTIONS`` of its ``mentions``
    (by sentence number, as ``bucket_mentions`` gives them) cut between two mentions."""
    pieces: list[Sentence] = []
    for number, sentence in enumerate(sentences):
        found = mentions.get(number, [])
        if len(found) <= MAX_MENTIONS:
            pieces.append(sentence)
            continue
        start = sentence.start
        for k in range(MAX_MENTIONS, len(found), MAX_MENTIONS):
            gap_start, gap_end = found[k - 1].end, found[k].start
            cut = _after_mark(text, gap_start, gap_end)
            cut = gap_end if cut is None else cut
            _add_trimmed(text, start, cut, sentence.paragraph, pieces)
            start = cut
        _add_trimmed(text, start, sentence.end, sentence.paragraph, pieces)
    return pieces


def _after_mark(text: str, start: int, end: int) -> int | None:
    """Just after the best place to cut in ``text[start:end]`` (see ``_CUT_MARKS``), or None."""
    for mark in _CUT_MARKS:
        at = text.rfind(mark, start, end)
        if at >= 0:
            return at + len(mark)
    return None


def _add_trimmed(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    segment = text[start:end]
    stripped = segment.strip()
    if stripped:
        start += len(segment) - len(segment.lstrip())
        out.append(Sentence(start, start + len(stripped), paragraph))


def sentence_index(sentences: list[Sentence], position: int) -> int:
    """Index of the sentence containing ``position`` (or the one before it)."""
    starts = [s.start for s in sentences]
    return max(0, bisect_right(starts, position) - 1)
