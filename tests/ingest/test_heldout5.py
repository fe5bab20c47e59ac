"""The fifth held-out set (tests/devset/heldout5/): measured once, untuned.

The set's 25 passages and 35 gold claims were written before the extractor was run on them and
measured once, untuned, with EXTRACTOR_VERSION rules-2026.11.3 at commit defa745 (no rule or
gazetteer changed for this set): P 0.793, R 0.657, F1 0.719 (23 tp / 6 fp / 12 fn);
technology 0.957, city 0.826, financing 0.696, status 0.739, amount 0.870, year 0.826 (over 23
matched gold claims). Every miss, false positive and field error is listed in the set's README.
The floors below sit one error's worth under those figures. If the rules are tuned on this set,
it stops being held out: say so in its README and write a new set for unseen-text estimates.
"""

from __future__ import annotations

from pathlib import Path

from survindex.ingest.evaluate import FIELDS, evaluate

HELDOUT5 = Path(__file__).resolve().parents[1] / "devset" / "heldout5"
# Untuned at rules-2026.11.3 (defa745): P 0.793 (23/29), R 0.657 (23/35), F1 0.719; fields over
# 23 matched claims (one field error is 0.043). Floors are one error's worth below.
PRECISION_FLOOR = 0.76  # measured 0.793; one more false positive: 23/30 = 0.767
RECALL_FLOOR = 0.62  # measured 0.657; one more miss: 22/35 = 0.629
F1_FLOOR = 0.69  # measured 0.719; one more miss: 0.698
FIELD_FLOORS = {
    "technology": 0.91,  # measured 0.957 (22/23); 21/23 = 0.913
    "city": 0.78,  # measured 0.826 (19/23); 18/23 = 0.783
    "financing": 0.65,  # measured 0.696 (16/23); 15/23 = 0.652
    "status": 0.69,  # measured 0.739 (17/23); 16/23 = 0.696
    "amount": 0.82,  # measured 0.870 (20/23); 19/23 = 0.826
    "year": 0.78,  # measured 0.826 (19/23); 18/23 = 0.783
}


def test_heldout5_has_its_passages() -> None:
    assert len(list((HELDOUT5 / "docs").iterdir())) == 25


def test_heldout5_scores_above_floor() -> None:
    report = evaluate(HELDOUT5 / "gold.jsonl", HELDOUT5 / "docs")
    assert report.read_errors == []
    assert report.documents == 25
    summary = report.summary()
    assert report.precision >= PRECISION_FLOOR, summary
    assert report.recall >= RECALL_FLOOR, summary
    assert report.f1 >= F1_FLOOR, summary
    assert set(FIELD_FLOORS) == set(FIELDS)
    for name, floor in FIELD_FLOORS.items():
        assert report.accuracy(name) >= floor, (name, summary)
