"""Page furniture: text around an article that is not the article and must make no claims.

Headings such as "Recommended stories" or "Most read" start a block of teasers for other
stories that runs to the next blank line (or the end of a run of short lines); line cues such
as newsletter boxes, cookie notices, share buttons and photo credits remove their own line.
The cues come from gazetteers/furniture_cues.csv and are found by the same gazetteer scan.
"""

from __future__ import annotations

from bisect import bisect_right

from survindex.ingest.gazetteer import FURNITURE, Mention

#: A line this long is article prose, not a teaser headline: it ends a furniture block.
_PROSE_LINE = 200
#: A heading cue only counts when its line is short (a heading, not a sentence using the words).
_HEADING_LINE = 60
#: Larger than any text offset: ``(position, _AFTER_ANY_END)`` sorts after every span starting
#: at ``position``.
_AFTER_ANY_END = 1 << 62


def _short_line(text: str, position: int, longest: int) -> tuple[int, int] | None:
    """(start, end) of the line holding ``position``, or None when it is longer than
    ``longest``. The search for its ends goes no further than that, so that many cues in text
    without line breaks cost no more than a few in ordinary text."""
    reach = max(0, position - longest - 1)
    before = text.rfind("\n", reach, position)
    if before < 0 and reach > 0:
        return None
    end = text.find("\n", position, position + longest + 1)
    if end < 0:
        if position + longest + 1 < len(text):
            return None
        end = len(text)
    start = before + 1
    return (start, end) if end - start <= longest else None


def furniture_spans(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Sorted, disjoint (start, end) spans of furniture.

    >>> text = "Story.\\nRecommended stories\\nHuawei wins Kenya deal\\n\\nMore story."
    >>> from survindex.ingest.gazetteer import scan
    >>> [text[a:b] for a, b in furniture_spans(text, scan(text))]
    ['Recommended stories\\nHuawei wins Kenya deal']
    """
    spans: list[tuple[int, int]] = []
    block_end = -1  # where the last heading's block ended: a heading inside it ends there too
    for mention in mentions:
        if mention.kind != FURNITURE:
            continue
        if mention.value == "line":
            line = _short_line(text, mention.start, _PROSE_LINE * 2)
            if line is not None:
                spans.append(line)
            continue
        line = _short_line(text, mention.start, _HEADING_LINE)
        if line is None:
            continue
        line_start, end = line
        if line_start < block_end:
            end = block_end  # the walk below would go over the same lines again
        while end < len(text):
            next_end = text.find("\n", end + 1, end + 1 + _PROSE_LINE)
            if next_end < 0:
                if end + 1 + _PROSE_LINE <= len(text):
                    break  # a line of prose (or longer) ends the block
                next_end = len(text)
            if next_end - (end + 1) >= _PROSE_LINE or not text[end + 1 : next_end].strip():
                break
            end = next_end
        block_end = end
        spans.append((line_start, end))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def in_spans(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls inside one of the sorted, disjoint ``spans``."""
    at = bisect_right(spans, (position, _AFTER_ANY_END)) - 1
    return at >= 0 and spans[at][0] <= position < spans[at][1]
