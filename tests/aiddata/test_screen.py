"""The surveillance-finance screen: scored rules kept as data, measured, and proposing only."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from core.cli_run import run_main
from survindex.build import load_reference
from survindex.ingest.aiddata_review import read_review
from survindex.ingest.aiddata_screen import evaluate, score, screen_file, screen_rules
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, FinancingRow

from .samples import write_geolocated, write_review

EXCLUSIONS = [t.phrase.rstrip("*") for t in screen_rules().terms if t.weight < 0]


def test_the_evaluation_is_reproducible_and_its_figures_are_recorded() -> None:
    """Golden figures (5-fold, seed 0): a change to screen_terms.csv must update them here
    and in docs/methodology.md ("Financing")."""
    first, second = evaluate(), evaluate()
    assert first == second
    cv = first.cross_validated
    assert (cv.true_positives, cv.false_positives, cv.false_negatives) == (40, 9, 10)
    assert round(cv.precision, 3) == 0.816 and round(cv.recall, 3) == 0.8
    assert first.thresholds == (3.0, 2.0, 3.0, 2.0, 2.0)
    assert len(first.judged) == 208 and len(first.uncertain) == 11
    assert len(first.disagreements) == 19


def test_folds_are_stratified() -> None:
    result = evaluate()
    for fold in range(5):
        kept = sum(1 for j in result.judged if j.fold == fold and j.kept)
        assert kept == 10  # 50 kept records over five folds


@given(st.text(max_size=80), st.sampled_from(EXCLUSIONS))
def test_an_exclusion_term_never_raises_a_score(title: str, excluded: str) -> None:
    assert score(f"{title} {excluded}").value <= score(title).value or excluded in title


def test_scores_read_title_and_description() -> None:
    assert score("Safe City Project").value == 3.0
    assert score("Project", "CCTV cameras").value == 4.0  # cctv +3, camera* +1


def test_the_screen_proposes_candidates_once_and_never_accepts(
    fresh_store: Store, tmp_path: Path
) -> None:
    load_reference(fresh_store)
    review = read_review(write_review(tmp_path / "review.csv"))
    path = write_geolocated(tmp_path / "g.csv")
    first = screen_file(store=fresh_store, path=path, review=review)
    # 900005 (urban video surveillance) is new; 900001 and 900004 pass but were reviewed.
    assert (first.scanned, first.proposed, first.already_known) == (5, 1, 2)
    with fresh_store.read() as session:
        (row,) = session.scalars(select(FinancingRow))
        claim = session.get(ClaimRow, row.claim_id)
    assert (row.aiddata_record_id, row.relevance, claim and claim.claim_status) == (
        900005,
        "screened",
        "candidate",
    )
    assert row.decision == "proposed by the screen (score 5)"
    assert "video surveillance (+3)" in (row.reason or "")
    again = screen_file(store=fresh_store, path=path, review=review)
    assert (again.proposed, again.already_known) == (0, 3)


def test_screen_eval_command_prints_figures_and_every_disagreement(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_main(monkeypatch, capsys, "aiddata", "screen-eval")
    assert code == 0
    assert "precision 0.816  recall 0.800" in out and "disagreements: 19" in out
    for record_id in ("63799", "66237", "61002", "90430"):
        assert record_id in out
