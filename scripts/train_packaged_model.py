"""Train the packaged claim scorer on the evaluation sets that are not blind, and write it.

Run: ``.venv/bin/python scripts/train_packaged_model.py`` (rewrites
src/survindex/ingest/extract/model/claim_scorer.json and prints the 5-fold cross-validation).
The current blind set (blind25) is never trained on: it measures accuracy on unseen text.
Retired blind sets (blind7 to blind24, measured and followed by newer ones) train with the
training-only sets. The cross-validated precision and recall at each threshold go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from survindex.ingest import training
from survindex.ingest.extract import EXTRACTOR_VERSION
from survindex.ingest.extract.scorer import calibration_map, fit

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "devset"
#: Sets the rules were tuned on: the rules propose nearly every triple in them, so they teach
#: the scorer to trust the rules more than it should on unseen text.
TUNED_SETS = [
    DEVSET,
    *(DEVSET / name for name in ("heldout", "heldout2", "heldout3", "heldout4", "heldout5")),
    DEVSET / "heldout6",
]
#: Sets written for training, which no rule was written for: like unseen text, so they count
#: more and they alone choose the threshold.
TRAINING_ONLY_SETS = sorted(DEVSET.glob("train[0-9]*")) + [
    DEVSET / f"blind{number}" for number in range(7, 25)
]
TRAINING_SETS = [*TUNED_SETS, *TRAINING_ONLY_SETS]
TRAINING_ONLY_WEIGHT = 3.0
OUT = ROOT / "src" / "survindex" / "ingest" / "extract" / "model" / "claim_scorer.json"
REGULARISATION = 0.3
#: The precision the threshold keeps in cross-validation on the training-only sets, recall
#: first: issue 10 asks for 0.80 on unseen text, and blind precision has run 0.02 below this
#: cross-validation (0.848 against 0.870 on blind21, 0.844 against 0.866 on blind22), so 0.03
#: is kept in hand. At 0.85 the blind sets kept 0.045 of precision and missed recall.
TARGET_PRECISION = 0.83


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--dry-run", action="store_true", help="print the cross-validation, write no model"
    )
    parser.add_argument(
        "--weight", type=float, default=TRAINING_ONLY_WEIGHT, help="weight of training-only sets"
    )
    parser.add_argument("--regularisation", type=float, default=REGULARISATION)
    args = parser.parse_args()
    weight, regularisation = args.weight, args.regularisation
    documents = [d for s in TUNED_SETS for d in training.gold_documents(s)] + [
        d for s in TRAINING_ONLY_SETS for d in training.gold_documents(s, weight)
    ]

    def untuned(document: training.LabelledDocument) -> bool:
        return document.weight != 1.0

    validation = training.cross_validate(
        documents, training.trainer(EXTRACTOR_VERSION, 0.5, regularisation), untuned
    )
    threshold = training.recall_threshold(validation, TARGET_PRECISION)
    for step in training.THRESHOLDS:  # the 0.05 grid, for reading; the choice uses 0.01
        accepted = training.accepted_labels(validation, step)
        right = sum(accepted)
        print(
            f"threshold {step:.2f}: precision {right / max(1, len(accepted)):.3f},"
            f" recall {right / max(1, validation.tp + validation.fn):.3f}",
            file=sys.stderr,
        )
    train = training.trainer(EXTRACTOR_VERSION, threshold, regularisation)
    tuned = training.cross_validate(documents, train)
    on_untuned = training.cross_validate(documents, train, untuned)
    examples = [e for d in documents for e in d.examples()]
    model = fit(
        examples,
        threshold=threshold,
        version=EXTRACTOR_VERSION,
        regularisation=regularisation,
        training=training.manifest(
            TRAINING_SETS,
            {
                "examples": len(examples),
                "positive": sum(e.label for e in examples),
                "regularisation": regularisation,
                "training_only_weight": weight,
                "cross_validation": tuned.summary(),
                "cross_validation_training_only_sets": on_untuned.summary(),
            },
        ),
    )
    # The confidence people read: calibrated on the sets most like unseen text.
    model = replace(model, calibration=calibration_map(on_untuned.scored))
    if not args.dry_run:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(model.to_json(), encoding="utf-8")
    summary = {"threshold": threshold, "all": tuned.summary(), "untuned": on_untuned.summary()}
    for part in ("all", "untuned"):
        summary[part].pop("reliability")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
