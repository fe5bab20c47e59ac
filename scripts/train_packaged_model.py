"""Train the packaged claim scorer on the evaluation sets that are not blind, and write it.

Run: ``.venv/bin/python scripts/train_packaged_model.py`` (rewrites
src/survindex/ingest/extract/model/claim_scorer.json and prints the 5-fold cross-validation).
The blind sets (blind7, blind8) are never trained on: they measure accuracy on unseen text.
"""

from __future__ import annotations

import json
from pathlib import Path

from survindex.ingest import training
from survindex.ingest.extract import EXTRACTOR_VERSION
from survindex.ingest.extract.scorer import fit

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "devset"
TRAINING_SETS = [
    DEVSET,
    *(DEVSET / name for name in ("heldout", "heldout2", "heldout3", "heldout4", "heldout5")),
    DEVSET / "heldout6",
    DEVSET / "train8",
]
OUT = ROOT / "src" / "survindex" / "ingest" / "extract" / "model" / "claim_scorer.json"
REGULARISATION = 0.3


def main() -> None:
    documents = [d for s in TRAINING_SETS for d in training.gold_documents(s)]
    gold_total = sum(len(d.gold) for d in documents)

    validation = training.cross_validate(
        documents, training.trainer(EXTRACTOR_VERSION, 0.5, REGULARISATION)
    )
    threshold = training.best_threshold(validation, gold_total)
    tuned = training.cross_validate(
        documents, training.trainer(EXTRACTOR_VERSION, threshold, REGULARISATION)
    )
    examples = [e for d in documents for e in d.examples()]
    model = fit(
        examples,
        threshold=threshold,
        version=EXTRACTOR_VERSION,
        regularisation=REGULARISATION,
        training=training.manifest(
            TRAINING_SETS,
            {
                "examples": len(examples),
                "positive": sum(e.label for e in examples),
                "regularisation": REGULARISATION,
                "cross_validation": tuned.summary(),
            },
        ),
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(model.to_json(), encoding="utf-8")
    print(json.dumps({"threshold": threshold, **tuned.summary()}, indent=1))


if __name__ == "__main__":
    main()
