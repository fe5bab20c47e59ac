"""Page furniture: text around an article that is not the article and must make no claims.

Headings such as "Recommended stories" or "Most read" start a block of teasers for other
stories that runs to the next blank line (or the end of a run of short lines); line cues such
as newsletter boxes, cookie notices, share buttons and photo credits remove their own line.
The cues come from gazetteers/furniture_cues.csv and are found by the same gazetteer scan.
"""

from __future__ import annotations

from survindex.ingest.gazetteer import FURNITURE, Mention

#: A line this long is article prose, not a teaser headline: it ends a furniture block.
_PROSE_LINE = 200
#: A heading cue only counts when its line is short (a heading, not a sentence using the words).
_HEADING_LINE = 60


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def furniture_spans(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of furniture.

    >>> text = "Story.\\nRecommended stories\\nHuawei wins Kenya deal\\n\\nMore story."
    >>> from survindex.ingest.gazetteer import scan
    >>> [text[a:b] for a, b in furniture_spans(text, scan(text))]
    ['Recommended stories\\nHuawei wins Kenya deal']
    """
    spans: list[tuple[int, int]] = []
    for mention in mentions:
        if mention.kind != FURNITURE:
            continue
        line_start, line_end = _line_bounds(text, mention.start)
        if mention.value == "line":
            if line_end - line_start <= _PROSE_LINE * 2:
                spans.append((line_start, line_end))
            continue
        if line_end - line_start > _HEADING_LINE:
            continue
        end = line_end
        while end < len(text):
            next_start = end + 1
            next_start_line, next_end = _line_bounds(text, next_start)
            line = text[next_start_line:next_end]
            if not line.strip() or len(line) >= _PROSE_LINE:
                break
            end = next_end
        spans.append((line_start, end))
    spans.sort()
    return spans


def in_spans(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls inside any span (spans are few: a linear scan is enough)."""
    return any(start <= position < end for start, end in spans)
