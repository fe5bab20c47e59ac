"""The hand-written development set: extraction must stay above these floors.

Raise a floor when extraction improves; never lower one to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from survindex.ingest.evaluate import FIELDS, evaluate

DEVSET = Path(__file__).resolve().parents[1] / "devset"
#: Measured 0.980 (P 1.00, R 0.96) from rules-2026.11.2; 0.971 (P 0.980, 50 tp / 1 fp) since
#: layered-2026.11.18, whose threshold buys recall on unseen text with some precision: the one
#: false positive is "ordered departments to stop installing Hikvision cameras" (p 0.5).
F1_FLOOR = 0.965
PRECISION_FLOOR = 0.975
FIELD_FLOOR = 0.98  # every field measured 1.00 (50 matched: one miss is 0.98)
#: heldout/ measured F1 1.00 and every field >= 0.875 after the clause-status work; heldout2/
#: F1 0.67 untuned, 1.00 after tuning on it (so it is no longer held out: see its README).
HELDOUT_F1_FLOOR = 0.97  # both measured F1 1.00 and P 1.00 at rules-2026.11.2
HELDOUT_FIELD_FLOOR = 0.85  # heldout/ city 0.875 (7 of 8) limits this one


def test_devset_has_enough_passages() -> None:
    assert len(list((DEVSET / "docs").iterdir())) >= 40
    assert len(list((DEVSET / "heldout" / "docs").iterdir())) >= 10
    assert len(list((DEVSET / "heldout2" / "docs").iterdir())) >= 20


def test_devset_scores_above_floor() -> None:
    report = evaluate(DEVSET / "gold.jsonl", DEVSET / "docs")
    assert report.read_errors == []
    summary = report.summary()
    assert report.f1 >= F1_FLOOR, summary
    assert report.precision >= PRECISION_FLOOR, summary
    for name in FIELDS:
        assert report.accuracy(name) >= FIELD_FLOOR, (name, summary)


@pytest.mark.parametrize("name", ["heldout", "heldout2"])
def test_heldout_sets_above_floor(name: str) -> None:
    """heldout/ was not used for tuning; heldout2/ was measured untuned (F1 0.67, recorded in
    its README) and then tuned on, so its floor guards against regressions, not overfitting."""
    report = evaluate(DEVSET / name / "gold.jsonl", DEVSET / name / "docs")
    assert report.read_errors == []
    summary = report.summary()
    assert report.f1 >= HELDOUT_F1_FLOOR, summary
    assert report.precision >= HELDOUT_F1_FLOOR, summary
    for field_name in FIELDS:
        assert report.accuracy(field_name) >= HELDOUT_FIELD_FLOOR, (field_name, summary)
