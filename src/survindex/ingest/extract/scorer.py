"""The learned layer: a logistic model that scores each candidate triple of a document.

Why learned: the rules and the parse each propose (supplier, recipient) pairs; which of them a
careful reader would record depends on many weak signals at once (the supplier's and the
place's roles, the verb, negation, hedging, a summit or a phone in the sentence). A linear model
weighs them from labelled data (the evaluation sets and reviewers' decisions), and its output
is a probability, which calibration tables check.

The model is a JSON file (feature weights, threshold, what it was trained on), small and
diffable, read without scikit-learn; scikit-learn is needed only to train
(``survindex train``). Training is deterministic: same data, same file.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

#: The packaged model, trained on the evaluation sets (see its ``training`` entry).
PACKAGED_MODEL = "claim_scorer.json"
FORMAT = "survindex-claim-scorer/1"
#: How much lower the bar is for a triple the rules propose as well (see ``accepts``).
RULES_MARGIN = 0.1


@dataclass(frozen=True)
class LabelledExample:
    """Features of one candidate triple and whether a person recorded it (1) or not (0).
    ``origin`` says where the label comes from: ``gold:<set>/<doc>`` or ``review:<claim id>``."""

    features: Mapping[str, float]
    label: int
    origin: str
    weight: float = 1.0


@dataclass(frozen=True)
class ClaimScorer:
    weights: Mapping[str, float]
    threshold: float
    version: str
    training: Mapping[str, Any] = field(default_factory=dict)

    def probability(self, features: Mapping[str, float]) -> float:
        weights = self.weights
        z = sum(weights.get(name, 0.0) * value for name, value in features.items())
        z = max(-30.0, min(30.0, z))
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, probability: float, by_rules: bool = False) -> bool:
        """Whether a triple is a claim. One the hand-written rules propose too needs
        ``RULES_MARGIN`` less: they were written for such phrasings, so the scorer vetoes
        them only when fairly sure (cross-validation: no loss of precision)."""
        return probability >= self.threshold - (RULES_MARGIN if by_rules else 0.0)

    def to_json(self) -> str:
        body = {
            "format": FORMAT,
            "version": self.version,
            "threshold": self.threshold,
            "training": dict(self.training),
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if v},
        }
        return json.dumps(body, indent=1, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str, origin: str = "model") -> ClaimScorer:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{origin}: not a scorer model ({error.msg})") from None
        if not isinstance(body, dict) or body.get("format") != FORMAT:
            raise ValueError(f"{origin}: not a scorer model (format is not {FORMAT})")
        return cls(
            weights={str(k): float(v) for k, v in body["weights"].items()},
            threshold=float(body["threshold"]),
            version=str(body["version"]),
            training=body.get("training", {}),
        )


def fit(
    examples: Sequence[LabelledExample],
    *,
    threshold: float,
    version: str,
    training: Mapping[str, Any] | None = None,
    regularisation: float = 1.0,
) -> ClaimScorer:
    """A logistic regression over the examples' features (liblinear, fixed seed)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len({e.label for e in examples}) < 2:
        raise ValueError("training needs both recorded (1) and unrecorded (0) examples")
    vectoriser = DictVectorizer(sparse=False)  # small data; liblinear wants 32-bit sparse indices
    matrix = vectoriser.fit_transform([dict(e.features) for e in examples])
    model = LogisticRegression(
        C=regularisation, solver="liblinear", random_state=0, fit_intercept=False, max_iter=1000
    )
    model.fit(matrix, [e.label for e in examples], sample_weight=[e.weight for e in examples])
    names = vectoriser.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, model.coef_[0], strict=True)}
    return ClaimScorer(weights, threshold, version, dict(training or {}))


@lru_cache(maxsize=4)
def load_scorer(path: str | None = None) -> ClaimScorer:
    """The model at ``path`` (set by ``SURVINDEX_MODEL`` or ``survindex train``), else the
    packaged one."""
    if path:
        return ClaimScorer.from_json(Path(path).read_text("utf-8"), origin=path)
    text = resources.files("survindex.ingest.extract").joinpath("model", PACKAGED_MODEL)
    return ClaimScorer.from_json(text.read_text("utf-8"), origin=PACKAGED_MODEL)


def reliability(
    scored: Sequence[tuple[float, int]], bins: int = 5
) -> list[tuple[float, float, int, float]]:
    """Calibration table: per probability bin (low, high, count, observed share of true)."""
    table: list[tuple[float, float, int, float]] = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        inside = [label for p, label in scored if low <= p < high or (high == 1.0 and p == 1.0)]
        share = sum(inside) / len(inside) if inside else float("nan")
        table.append((low, high, len(inside), share))
    return table
