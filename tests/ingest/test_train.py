"""`survindex train`: reviewers' decisions teach the claim scorer; eval reports calibration.

The key test ingests articles through the real pipeline, has a reviewer reject what the
extractor proposed for a sponsorship ("<Vendor> sponsored a facial recognition hackathon in
<City>"), accept real deployments, and checks that a model trained on those decisions scores an
unseen sponsorship lower than the packaged model does, and below its own threshold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from survindex.ingest.documents import EXTRACTOR
from survindex.ingest.extract.document import candidates
from survindex.ingest.extract.scorer import ClaimScorer
from survindex.ingest.pipeline import ingest_paths
from survindex.ingest.training import gold_documents
from survindex.ingest.training_reviews import (
    TrainingError,
    load_reviews,
    review_examples,
    train_scorer,
)
from survindex.interfaces.cli import app
from survindex.interfaces.cli_extract import app as extract_app
from survindex.review.workflow import accept_claim, edit_claim, reject_claim
from survindex.store.database import Store
from survindex.store.schema import ClaimRow

DEVSET = Path(__file__).resolve().parents[1] / "devset"
HELDOUT3 = DEVSET / "heldout3"
runner = CliRunner()

SPONSORSHIPS = [
    ("Hikvision", "Nairobi, Kenya"),
    ("Dahua", "Lagos, Nigeria"),
    ("Huawei", "Kampala, Uganda"),
    ("ZTE", "Lusaka, Zambia"),
    ("Hikvision", "Quito, Ecuador"),
    ("Dahua", "Belgrade, Serbia"),
]
DEPLOYMENTS = [
    ("Huawei", "Nairobi, Kenya"),
    ("Hikvision", "Harare, Zimbabwe"),
    ("ZTE", "Caracas, Venezuela"),
    ("Dahua", "Manila, Philippines"),
    ("Huawei", "Belgrade, Serbia"),
    ("Hikvision", "Kampala, Uganda"),
]
UNDECIDED = (
    "Tech desk\n\nHikvision installed facial recognition cameras for the police in Lima, Peru.\n"
)
UNSEEN_SPONSORSHIP = "Huawei sponsored a facial recognition hackathon in Accra, Ghana."
UNSEEN_DEPLOYMENT = (
    "ZTE installed facial recognition cameras for the police in Accra, Ghana, officials said."
)


def _sponsorship(index: int, vendor: str, place: str) -> str:
    return (
        f"Campus report {index}\n\n{vendor} sponsored a facial recognition hackathon in {place}. "
        f"Students from {index + 3} universities took part over the weekend.\n"
    )


def _deployment(index: int, vendor: str, place: str) -> str:
    return (
        f"Police news {index}\n\n{vendor} installed facial recognition cameras for the police in "
        f"{place}, officials said. Contract number {index} was signed last year.\n"
    )


@pytest.fixture(scope="module")
def reviewed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Articles ingested for real; sponsorships rejected, deployments accepted, one left."""
    root = tmp_path_factory.mktemp("train")
    docs = root / "docs"
    docs.mkdir()
    for i, (vendor, place) in enumerate(SPONSORSHIPS):
        (docs / f"fair{i}.txt").write_text(_sponsorship(i, vendor, place), encoding="utf-8")
    for i, (vendor, place) in enumerate(DEPLOYMENTS):
        (docs / f"real{i}.txt").write_text(_deployment(i, vendor, place), encoding="utf-8")
    (docs / "undecided.txt").write_text(UNDECIDED, encoding="utf-8")
    path = str(root / "reviewed.db")
    store = Store(path)
    store.migrate()
    report = ingest_paths(store=store, paths=[docs], workers=1, near_duplicates=None)
    assert report.errors == () and report.stored == 13
    with store.transaction() as session:
        claims = session.execute(select(ClaimRow.id, ClaimRow.quote)).all()
        # the extractor proposes every sponsorship: that is the mistake reviewers correct
        assert sum("hackathon" in (quote or "") for _, quote in claims) == len(SPONSORSHIPS)
        for claim_id, quote in claims:
            if "Lima" in (quote or ""):
                continue
            if "hackathon" in (quote or ""):
                reject_claim(
                    session=session, claim_id=claim_id, reviewer="rev", reason="a sponsorship"
                )
            else:
                accept_claim(session=session, claim_id=claim_id, reviewer="rev", reason="reported")
    return path


def _probability(model: ClaimScorer, text: str, key: tuple[str, str]) -> float:
    triple = candidates(text, "unseen.txt")[key]
    return max(model.probability(row) for row in triple.feature_rows())


def test_reviews_become_labelled_documents(reviewed_db: str) -> None:
    reviews = load_reviews(Store(reviewed_db))
    manifest = reviews.manifest
    assert manifest["claims"] == {"accepted": 6, "rejected": 6, "edited": 0, "undecided": 1}
    assert manifest["extractors"] == {EXTRACTOR: 12}
    assert manifest["documents"] == 12  # the undecided article is not among them
    examples = review_examples(reviews)
    assert {e.label for e in examples} == {0, 1}
    assert all(e.origin.startswith("review:") for e in examples)
    for document in reviews.documents:  # a triple nobody decided on is left out, not a 0
        assert all(not key[0].startswith("@") for key in document.triples), document.triples


def test_model_trained_on_reviews_rejects_unseen_sponsorship(reviewed_db: str) -> None:
    """The same gold data with and without the reviewers' decisions: only the rejections
    differ, so they are what pushes the unseen sponsorship below the threshold."""
    key = ("huawei", "GHA")
    control = train_scorer(gold_documents(HELDOUT3), None, gold_sets=[HELDOUT3]).model
    before = _probability(control, UNSEEN_SPONSORSHIP, key)
    assert control.accepts(before), "without reviews the sponsorship should be proposed"

    run = train_scorer(
        gold_documents(HELDOUT3),
        load_reviews(Store(reviewed_db)),
        gold_sets=[HELDOUT3],
        review_weight=2.0,
    )
    after = _probability(run.model, UNSEEN_SPONSORSHIP, key)
    assert after < before
    assert not run.model.accepts(after), (after, run.model.threshold)
    # what reviewers accepted stays accepted
    assert run.model.accepts(_probability(run.model, UNSEEN_DEPLOYMENT, ("zte", "GHA")))
    assert run.examples["review rejected"] > 0 and run.examples["review accepted"] > 0
    assert run.model.training["reviews"]["claims"]["rejected"] == 6
    assert [s["set"] for s in run.model.training["gold_sets"]] == ["heldout3"]


def test_edit_away_from_a_triple_labels_it_unrecorded(reviewed_db: str) -> None:
    """An accepted claim whose country a reviewer corrected: the proposed country was wrong.
    Done in a transaction rolled back at the end, so the shared database is untouched."""
    store = Store(reviewed_db)
    with Session(store.engine) as session:
        claim_id = session.scalar(select(ClaimRow.id).where(ClaimRow.quote.contains("Lima, Peru")))
        assert claim_id is not None
        edit_claim(
            session=session,
            claim_id=claim_id,
            reviewer="rev",
            reason="the cameras went to Bolivia",
            changes={"country": "BOL"},
        )
        accept_claim(session=session, claim_id=claim_id, reviewer="rev", reason="after the fix")
        reviews = load_reviews(session)
        session.rollback()
    assert reviews.manifest["claims"]["edited"] == 1
    lima = [d for d in reviews.documents if ("hikvision", "PER") in d.triples]
    assert len(lima) == 1
    assert lima[0].gold == frozenset({("hikvision", "BOL")})
    assert {e.label for e in lima[0].examples()} == {0}
    assert reviews.manifest["triples"]["recorded, not proposed now"] == 1


def test_training_needs_both_labels() -> None:
    with pytest.raises(TrainingError, match="no examples"):
        train_scorer([], None)


def test_cli_train_on_a_gold_set_writes_a_readable_model(tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    args = ["--db", str(tmp_path / "absent.db"), "train", "--gold", str(HELDOUT3)]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    model = ClaimScorer.from_json(out.read_text("utf-8"))
    assert [s["set"] for s in model.training["gold_sets"]] == ["heldout3"]
    assert model.training["examples_by_origin"]["review accepted"] == 0
    assert "5-fold cross-validation" in result.output and "Reliability" in result.output
    assert f"SURVINDEX_MODEL={out}" in result.output.replace("\n", "")
    assert not (tmp_path / "absent.db").exists()  # a missing database is not created

    bad = runner.invoke(app, ["--db", str(tmp_path / "absent.db"), "train", "--gold", "nope"])
    assert bad.exit_code == 1 and "nope: not a directory" in bad.output
    assert "Traceback" not in bad.output
    empty = runner.invoke(app, ["--db", str(tmp_path / "absent.db"), "train"])
    assert empty.exit_code == 1 and "no examples" in empty.output


def test_cli_train_on_reviews_defaults_beside_the_database(reviewed_db: str) -> None:
    result = runner.invoke(app, ["--db", reviewed_db, "train", "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    out = Path(reviewed_db).parent / "claim_scorer.json"
    assert summary["model"] == str(out) and out.is_file()
    assert summary["examples"]["review rejected"] > 0
    assert summary["reviews"]["claims"]["accepted"] == 6
    assert len(summary["cross_validation"]["reliability"]) == 5


def test_eval_json_has_a_calibration_table() -> None:
    args = ["eval", str(HELDOUT3 / "gold.jsonl"), "--docs", str(HELDOUT3 / "docs")]
    result = runner.invoke(extract_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    calibration = summary["calibration"]
    assert len(calibration) == 5
    assert sum(row["count"] for row in calibration) == summary["tp"] + summary["fp"]
    table = runner.invoke(extract_app, args)
    assert "Calibration" in table.output and "observed precision" in table.output


def test_the_threshold_is_the_lowest_that_keeps_the_precision_asked_for() -> None:
    from survindex.ingest.training import CrossValidation, recall_threshold

    # (probability, recorded): from 0.5 up all right, below it all wrong
    scored = [(0.9, 1), (0.8, 1), (0.7, 1), (0.65, 1), (0.5, 1), (0.47, 0), (0.3, 0), (0.2, 0)]
    validation = CrossValidation(0, 0, 0, scored, [False] * len(scored))
    assert recall_threshold(validation, 1.0) == 0.48  # the lowest with no wrong triple
    assert recall_threshold(validation, 0.8) == 0.31  # 5 of 6 right from 0.31 up
    # a triple the rules propose too clears a bar lower by the rules' margin
    by_rules = [False] * 5 + [True] + [False] * 2
    assert recall_threshold(CrossValidation(0, 0, 0, scored, by_rules), 1.0) == 0.58  # 0.47 + 0.1
