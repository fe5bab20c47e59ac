"""Extraction time grows linearly with the text whatever its shape, and the bounds that make it
so (sentence length, names per sentence, furniture lookups) leave ordinary text alone."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from survindex.ingest.extract import extract_claims
from survindex.ingest.extract.furniture import furniture_spans, in_spans
from survindex.ingest.extract.rules import bucket_mentions
from survindex.ingest.extract.sentences import (
    MAX_MENTIONS,
    MAX_SENTENCE,
    limit_mentions,
    split_sentences,
)
from survindex.ingest.gazetteer import FURNITURE, Mention, scan

VENDORS = ("Huawei", "Hikvision", "Dahua", "ZTE", "NEC", "Cisco", "SenseTime", "Palantir")
COUNTRIES = ("Kenya", "Serbia", "Ecuador", "Uganda", "Zambia", "Pakistan", "Bolivia", "Laos")
CITIES = ("Nairobi", "Belgrade", "Quito", "Kampala", "Lusaka", "Lahore")
#: Clauses of surveillance reporting, joined by commas and never ended: a transcript, a page
#: flattened to one line, or a feed with its full stops stripped.
CLAUSES = (
    "{vendor} installed safe city cameras for the police in {country}",
    "officials in {city} said the facial recognition system was financed by a loan",
    "the ministry did not respond to a request for comment",
    "critics in parliament asked how the contract had been awarded",
    "{vendor} signed a deal with the government of {country} in 2019",
    "local newspapers reported that the budget line had grown over three years",
    "the company has offered CCTV and a smart policing platform to {country}",
    "analysts said the decision reflected a broader shift in foreign policy",
    "residents of {city} noticed more cameras on the streets",
)


def without_sentence_ends(size: int, seed: int = 0) -> str:
    """``size`` characters of comma-joined clauses naming vendors, countries and cities."""
    rng = random.Random(seed)
    clauses: list[str] = []
    length = 0
    while length < size:
        clause = rng.choice(CLAUSES).format(
            vendor=rng.choice(VENDORS), country=rng.choice(COUNTRIES), city=rng.choice(CITIES)
        )
        clauses.append(clause)
        length += len(clause) + 2
    return ", ".join(clauses)[:size]


def cpu_seconds(text: str) -> float:
    """CPU time of one extraction (not wall time: other work on a shared machine adds none)."""
    start = time.process_time()
    claims = extract_claims(text, "long.txt")
    elapsed = time.process_time() - start
    assert claims and all(text[c.start : c.end] == c.quote for c in claims)
    return elapsed


def test_extraction_time_grows_linearly_without_sentence_ends() -> None:
    """Before the bounds, 1 MB took 1.5 s and 4 MB 22 s (ratio 15, quadratic); now about 1.2 s
    and 4.7 s. The ratio, not an absolute time, is asserted: 4 for linear growth, 16 for
    quadratic."""
    one = without_sentence_ends(1_000_000)
    four = without_sentence_ends(4_000_000, seed=1)
    assert not any(mark in four for mark in ".!?\n")
    one_mb = min(cpu_seconds(one) for _ in range(2))
    four_mb = min(cpu_seconds(four) for _ in range(2))
    assert four_mb / one_mb < 6, (one_mb, four_mb)


def test_text_without_sentence_ends_is_cut_into_bounded_pieces() -> None:
    text = without_sentence_ends(20_000)
    pieces = split_sentences(text)
    assert len(pieces) > 10
    for piece in pieces:
        quote = text[piece.start : piece.end]
        assert MAX_SENTENCE // 2 <= len(quote) <= MAX_SENTENCE or piece is pieces[-1]
        assert quote == quote.strip()
    for piece in pieces[:-1]:
        assert text[piece.end - 1] == ","  # cut after a clause, not inside a word
    # nothing is lost between pieces but the space after each cut
    assert " ".join(text[p.start : p.end] for p in pieces) == text


def test_long_sentences_that_end_are_not_cut() -> None:
    sentence = ", ".join(CLAUSES).format(vendor="Huawei", country="Kenya", city="Nairobi")
    sentence = (sentence + ", ") * 3 + "and nobody objected."
    assert 1_500 < len(sentence) <= MAX_SENTENCE
    assert [(s.start, s.end) for s in split_sentences(sentence)] == [(0, len(sentence))]


def test_hard_wrapped_text_is_cut_too() -> None:
    """Lines starting in lower case continue the sentence; without a full stop they are cut at
    the length bound, preferably at a line break."""
    lines = [f"and {clause}" for clause in CLAUSES] * 40
    text = "\n".join(lines).format(vendor="Huawei", country="Kenya", city="Nairobi")
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(p.end - p.start <= MAX_SENTENCE for p in pieces)
    assert all(text[p.end : p.end + 1] in ("\n", "") for p in pieces)


def test_a_long_run_of_names_is_cut_between_names() -> None:
    countries = ", ".join(COUNTRIES * 20)  # 160 names in one sentence
    text = f"Huawei installed safe city cameras in {countries}."
    mentions = scan(text)
    sentences = split_sentences(text)
    assert len(sentences) == 1
    pieces = limit_mentions(text, sentences, bucket_mentions(mentions, sentences))
    buckets = bucket_mentions(mentions, pieces)
    assert len(pieces) == 3
    assert all(len(found) <= MAX_MENTIONS for found in buckets.values())
    assert sum(len(found) for found in buckets.values()) == len(mentions)
    assert all(m.end <= pieces[i].end for i, found in buckets.items() for m in found)
    assert {c.country for c in extract_claims(text, "t")} >= {"KEN", "SRB", "ECU", "UGA"}


#: Lines furniture detection can meet: headings, line cues, teasers, prose, blank lines.
LINES = (
    "Most read",
    "Recommended stories",
    "Read more: Huawei in Kenya",
    "Huawei wins deal in Kenya",
    "",
    "   ",
    "Huawei installed cameras in Nairobi, the ministry said, " * 5,
    "Most read " + "x" * 70,
    "Sign up for our newsletter",
)


def plain_furniture(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Furniture spans found the plain way: whole lines, walked one by one (quadratic on text
    with many cues and no line breaks, which is why the module does it otherwise)."""

    def bounds(position: int) -> tuple[int, int]:
        end = text.find("\n", position)
        return text.rfind("\n", 0, position) + 1, len(text) if end == -1 else end

    spans = []
    for mention in (m for m in mentions if m.kind == FURNITURE):
        start, end = bounds(mention.start)
        if mention.value == "line":
            if end - start <= 400:
                spans.append((start, end))
            continue
        if end - start > 60:
            continue
        line_start = start
        while end < len(text):
            next_start, next_end = bounds(end + 1)
            line = text[next_start:next_end]
            if not line.strip() or len(line) >= 200:
                break
            end = next_end
        spans.append((line_start, end))
    return sorted(spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), max_size=30), st.sampled_from(["\n", " ", "\n\n"]))
def test_furniture_spans_are_those_of_the_plain_reading(lines: list[str], joint: str) -> None:
    text = joint.join(lines)
    mentions = scan(text)
    spans = furniture_spans(text, mentions)
    plain = plain_furniture(text, mentions)
    for position in range(len(text) + 1):
        assert in_spans(spans, position) == any(a <= position < b for a, b in plain)
