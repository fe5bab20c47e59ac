"""The third held-out set (tests/devset/heldout3/): measured untuned once, then tuned on.

The set's 25 passages and 40 gold claims were written before the extractor was run on them and
measured once, untuned, with the extraction rules at commit c3fb8ec (HEAD e01ff21, no rule
changes in between): P 0.931, R 0.675, F1 0.783 (27 tp / 2 fp / 13 fn); technology 0.926,
city 0.889, financing 0.704, status 0.963, amount 0.815, year 0.667. Every miss is listed in
the set's README. The rules were then changed for the error types it found (EXTRACTOR_VERSION
rules-2026.11.2): P 1.000, R 1.000, F1 1.000 and every field 1.000. It is now a tuning set and
these floors, just under the tuned figures, guard against regressions; they say nothing about
unseen text (write a new held-out set for that).
"""

from __future__ import annotations

from pathlib import Path

from survindex.ingest.evaluate import FIELDS, evaluate

HELDOUT3 = Path(__file__).resolve().parents[1] / "devset" / "heldout3"
PRECISION_FLOOR = 0.97  # untuned 0.931, tuned 1.000
RECALL_FLOOR = 0.97  # untuned 0.675, tuned 1.000
F1_FLOOR = 0.97  # untuned 0.783, tuned 1.000
FIELD_FLOORS = {
    "technology": 0.97,  # untuned 0.926, tuned 1.000
    "city": 0.97,  # untuned 0.889, tuned 1.000
    "financing": 0.97,  # untuned 0.704, tuned 1.000
    "status": 0.97,  # untuned 0.963, tuned 1.000
    "amount": 0.97,  # untuned 0.815, tuned 1.000
    "year": 0.97,  # untuned 0.667, tuned 1.000
}


def test_heldout3_has_its_passages() -> None:
    assert len(list((HELDOUT3 / "docs").iterdir())) == 25


def test_heldout3_scores_above_floor() -> None:
    report = evaluate(HELDOUT3 / "gold.jsonl", HELDOUT3 / "docs")
    assert report.read_errors == []
    assert report.documents == 25
    summary = report.summary()
    assert report.precision >= PRECISION_FLOOR, summary
    assert report.recall >= RECALL_FLOOR, summary
    assert report.f1 >= F1_FLOOR, summary
    assert set(FIELD_FLOORS) == set(FIELDS)
    for name, floor in FIELD_FLOORS.items():
        assert report.accuracy(name) >= floor, (name, summary)
