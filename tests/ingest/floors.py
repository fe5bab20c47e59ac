"""One check shared by the evaluation-set tests: a set scores at or above its recorded floors."""

from __future__ import annotations

from pathlib import Path

from survindex.ingest.evaluate import FIELDS, evaluate


def assert_above_floors(
    set_dir: Path,
    *,
    documents: int,
    precision: float,
    recall: float,
    f1: float,
    fields: dict[str, float],
) -> None:
    """Evaluate ``set_dir`` (gold.jsonl + docs/) and compare every figure with its floor."""
    assert len(list((set_dir / "docs").iterdir())) == documents
    report = evaluate(set_dir / "gold.jsonl", set_dir / "docs")
    assert report.read_errors == []
    assert report.documents == documents
    summary = report.summary()
    assert report.precision >= precision, summary
    assert report.recall >= recall, summary
    assert report.f1 >= f1, summary
    assert set(fields) == set(FIELDS)
    for name, floor in fields.items():
        assert report.accuracy(name) >= floor, (name, summary)
