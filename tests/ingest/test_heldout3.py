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

from ingest.floors import assert_above_floors

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


def test_heldout3_scores_above_floor() -> None:
    assert_above_floors(
        HELDOUT3,
        documents=25,
        precision=PRECISION_FLOOR,
        recall=RECALL_FLOOR,
        f1=F1_FLOOR,
        fields=FIELD_FLOORS,
    )
