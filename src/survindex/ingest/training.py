"""Labelled data for the claim scorer, its training, and its cross-validation.

Why here and not in ``extract``: labels come from outside the extractor, from evaluation sets
on disk (a gold line is a triple a careful reader recorded) and from reviewers' decisions in
the database. Both are turned into the same thing: the candidates the extractor proposes for a
document, each labelled by whether a person recorded its triple.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from survindex.ingest.evaluate import TripleCounts, load_gold, supplier_name_key
from survindex.ingest.extract.document import candidates
from survindex.ingest.extract.layered import Key, TripleCandidates
from survindex.ingest.extract.scorer import (
    ClaimScorer,
    LabelledExample,
    clears,
    fit,
    reliability,
)
from survindex.ingest.firm_names import same_firm
from survindex.ingest.gazetteer import vendors
from survindex.ingest.readers import ReadError, expand_paths, read_document

#: Folds of the cross-validation, documents assigned by a hash of their name (deterministic).
FOLDS = 5


def who_key(who: str) -> str:
    """A candidate's supplier as the gold files name it: the vendor's name folded, "@ISO3",
    or an unknown firm's name folded."""
    if who.startswith("@"):
        return who
    if who.startswith("+"):
        return supplier_name_key(who[1:])
    info = vendors().get(who)
    return supplier_name_key(info.name if info else who)


@dataclass(frozen=True)
class LabelledDocument:
    """One document's candidates and the triples a person recorded for it."""

    name: str  # "<set>/<doc>"
    triples: dict[Key, TripleCandidates]
    gold: frozenset[tuple[str, str]]  # (who key, country)
    #: How much its examples count in training (sets the rules were never tuned on count more).
    weight: float = 1.0

    @cached_property
    def _recorded(self) -> frozenset[str]:
        return frozenset(who for who, _ in self.gold)

    def folded(self, key: Key) -> tuple[str, str]:
        """A candidate's triple as this document's gold lines name it."""
        return same_firm(who_key(key[0]), self._recorded), key[1]

    def examples(self, weight: float | None = None) -> list[LabelledExample]:
        weight = self.weight if weight is None else weight
        rows = []
        for key, triple in sorted(self.triples.items()):
            label = int(self.folded(key) in self.gold)
            for features in triple.feature_rows():
                rows.append(LabelledExample(features, label, f"gold:{self.name}", weight))
        return rows


def gold_documents(set_dir: Path, weight: float = 1.0) -> list[LabelledDocument]:
    """The documents of one evaluation set (``gold.jsonl`` and ``docs/``), with candidates."""
    gold: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for row in load_gold(set_dir / "gold.jsonl"):
        vendor, country = row.get("vendor"), row.get("vendor_country")
        who = supplier_name_key(str(vendor)) if vendor else f"@{country}"
        gold[str(row["doc"])].add((who, str(row["country"])))
    documents = []
    docs_dir = set_dir / "docs"
    for name in expand_paths([docs_dir]):
        doc = Path(name).relative_to(docs_dir).as_posix()
        try:
            text = read_document(name).text
        except ReadError:
            continue
        documents.append(
            LabelledDocument(
                f"{set_dir.name}/{doc}", candidates(text, doc), frozenset(gold[doc]), weight
            )
        )
    return documents


def _fold(name: str) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest(), 16) % FOLDS


@dataclass
class CrossValidation(TripleCounts):
    tp: int
    fp: int
    fn: int
    scored: list[tuple[float, int]]  # (probability, recorded) per proposed triple
    by_rules: list[bool] = field(default_factory=list)  # each triple proposed by the rules too

    def summary(self) -> dict[str, Any]:
        return {
            "folds": FOLDS,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "reliability": [
                {"low": lo, "high": hi, "count": n, "observed": None if n == 0 else round(s, 4)}
                for lo, hi, n, s in reliability(self.scored)
            ],
        }


def score_documents(documents: Sequence[LabelledDocument], scorer: ClaimScorer) -> CrossValidation:
    """Triple-level figures of ``scorer`` on documents (gold triples never proposed are
    misses)."""
    tp = fp = fn = 0
    scored: list[tuple[float, int]] = []
    by_rules: list[bool] = []
    for document in documents:
        accepted: set[tuple[str, str]] = set()
        for key, triple in document.triples.items():
            probability = max(scorer.probability(row) for row in triple.feature_rows())
            folded = document.folded(key)
            scored.append((probability, int(folded in document.gold)))
            by_rules.append(bool(triple.rule_claims))
            if scorer.accepts(probability, by_rules=by_rules[-1]):
                accepted.add(folded)
        tp += len(accepted & document.gold)
        fp += len(accepted - document.gold)
        fn += len(document.gold - accepted)
    return CrossValidation(tp, fp, fn, scored, by_rules)


def cross_validate(
    documents: Sequence[LabelledDocument],
    train: Callable[[Sequence[LabelledExample]], ClaimScorer],
    scored: Callable[[LabelledDocument], bool] | None = None,
) -> CrossValidation:
    """5-fold cross-validation by document: each fold scored by a model trained on the rest
    (all documents train; only those ``scored`` selects are scored, default all)."""
    total = CrossValidation(0, 0, 0, [])
    for fold in range(FOLDS):
        held = [d for d in documents if _fold(d.name) == fold and (scored is None or scored(d))]
        rest = [e for d in documents if _fold(d.name) != fold for e in d.examples()]
        if not held or not rest:
            continue
        part = score_documents(held, train(rest))
        total.tp += part.tp
        total.fp += part.fp
        total.fn += part.fn
        total.scored.extend(part.scored)
        total.by_rules.extend(part.by_rules)
    return total


#: The thresholds a model's threshold is chosen from: 0.10 to 0.90 by 0.05.
THRESHOLDS = tuple(step / 100 for step in range(10, 91, 5))
#: The least cross-validated precision a chosen threshold must keep. A missed deployment never
#: reaches a reviewer while a wrong proposal costs one rejection, so recall is bought down to
#: the precision the extraction issue asks for (0.80).
MIN_PRECISION = 0.8


def best_threshold(
    validation: CrossValidation, gold_total: int, min_precision: float = MIN_PRECISION
) -> float:
    """The threshold with the best F1 over the cross-validated probabilities among those that
    keep ``min_precision`` (else the most precise one); of several equally good, the middle
    one, so that a plateau (small data, confident trees) does not pick its edge."""
    ranked: list[tuple[tuple[bool, float], float]] = []
    for threshold in THRESHOLDS:
        tp = sum(1 for p, label in validation.scored if p >= threshold and label)
        fp = sum(1 for p, label in validation.scored if p >= threshold and not label)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / gold_total if gold_total else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        keeps = precision >= min_precision
        ranked.append(((keeps, round(f1 if keeps else precision, 4)), threshold))
    best = max(rank for rank, _ in ranked)
    tied = [threshold for rank, threshold in ranked if rank == best]
    return tied[len(tied) // 2]


#: The thresholds ``recall_threshold`` tries: steps of 0.01, since a step of 0.05 moved the
#: packaged scorer's recall by about two points between neighbours.
FINE_THRESHOLDS = tuple(step / 100 for step in range(10, 91))


def recall_threshold(validation: CrossValidation, min_precision: float) -> float:
    """The lowest threshold at which the cross-validated claims, the rules' margin included,
    keep ``min_precision``: recall first, for a model whose misses never reach a reviewer."""
    for threshold in FINE_THRESHOLDS:
        accepted = accepted_labels(validation, threshold)
        if accepted and sum(accepted) / len(accepted) >= min_precision:
            return threshold
    return 0.9


def accepted_labels(validation: CrossValidation, threshold: float) -> list[int]:
    """Whether each cross-validated triple a threshold keeps (the rules' margin included) is
    in the gold."""
    return [
        label
        for (probability, label), rule in zip(validation.scored, validation.by_rules, strict=True)
        if clears(probability, threshold, rule)
    ]


def file_digest(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def manifest(set_dirs: Sequence[Path], extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a model was trained on: each set's name, size and content digest."""
    sets = []
    for set_dir in set_dirs:
        files = [set_dir / "gold.jsonl", *sorted((set_dir / "docs").iterdir())]
        sets.append(
            {
                "set": set_dir.name,
                "documents": len(files) - 1,
                "gold_lines": len(load_gold(set_dir / "gold.jsonl")),
                "sha256": file_digest(files),
            }
        )
    return {"gold_sets": sets, **(extra or {})}


def trainer(
    version: str, threshold: float = 0.5, regularisation: float = 0.3
) -> Callable[[Sequence[LabelledExample]], ClaimScorer]:
    """A training function for ``cross_validate``. A fold of a small set may hold one label
    only: it then predicts that label."""

    def train(examples: Sequence[LabelledExample]) -> ClaimScorer:
        labels = {e.label for e in examples}
        if len(labels) < 2:
            return ClaimScorer({"bias": 6.0 if labels == {1} else -6.0}, threshold, version)
        return fit(examples, threshold=threshold, version=version, regularisation=regularisation)

    return train
