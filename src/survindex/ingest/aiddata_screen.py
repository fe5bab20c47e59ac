"""A reproducible screen for surveillance finance in GCDF titles and descriptions.

The screen is a weighted term list kept as data (ingest/aiddata_rules/screen_terms.csv): each
term found in a record's title or description adds its weight (exclusion terms weigh less than
zero), and a record whose score reaches the file's threshold is proposed for review. The terms
were written from the decision rules of the reviewed table (reference/data/aiddata/
PROVENANCE.md), not fitted to its records; :func:`evaluate` measures them against its decisions.

Proposals are candidates in the review queue, never accepted claims: `survindex aiddata screen`
finds records, reviewers decide.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from survindex.domain import DataQualityNote, Relevance
from survindex.ingest.aiddata_drafts import draft
from survindex.ingest.aiddata_files import GcdfRecord, read_gcdf
from survindex.ingest.aiddata_import import file_key, file_origin, write_draft
from survindex.ingest.aiddata_review import ReviewedRecord, ReviewTable, bundled_review
from survindex.ingest.aiddata_terms import Term, compile_term, rule_rows
from survindex.reference.names import normalise
from survindex.store import financing as fin
from survindex.store import repository as repo
from survindex.store.database import Store

RULES = "screen_terms.csv"


@dataclass(frozen=True)
class ScreenRules:
    terms: tuple[Term, ...]
    threshold: float


@dataclass(frozen=True)
class Score:
    value: float
    matched: tuple[tuple[str, float], ...]  # (term, weight) in file order

    def explain(self) -> str:
        return ", ".join(f"{term} ({weight:+g})" for term, weight in self.matched) or "no term"


@lru_cache(maxsize=1)
def screen_rules() -> ScreenRules:
    """The bundled rules: weighted terms, and the threshold from the row ``threshold``."""
    terms, threshold = [], None
    for row in rule_rows(RULES):
        if row["term"] == "threshold":
            threshold = float(row["weight"])
        else:
            terms.append(compile_term(row["term"], weight=float(row["weight"]), note=row["note"]))
    if threshold is None:
        raise ValueError(f"{RULES} has no threshold row")
    return ScreenRules(tuple(terms), threshold)


def score(
    title: str | None, description: str | None = None, rules: ScreenRules | None = None
) -> Score:
    """The record's score: the sum of the weights of the terms found (each term once).

    >>> score("China Eximbank provides $8.36 million loan for Safe City Project").value
    3.0
    """
    chosen = rules or screen_rules()
    text = " | ".join(normalise(t) for t in (title, description) if t)
    matched = tuple((t.phrase, t.weight) for t in chosen.terms if t.found_in(text))
    return Score(sum((weight for _, weight in matched), 0.0), matched)


# -- evaluation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Judged:
    record_id: int
    title: str
    decision: str
    kept: bool
    score: Score
    fold: int
    threshold: float  # the threshold chosen on the other folds

    @property
    def proposed(self) -> bool:
        return self.score.value >= self.threshold


@dataclass(frozen=True)
class Figures:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0


@dataclass(frozen=True)
class ScreenEvaluation:
    folds: int
    seed: int
    thresholds: tuple[float, ...]  # per fold, chosen on the training folds
    cross_validated: Figures
    fixed: Figures  # the file's threshold on every record (in-sample)
    judged: tuple[Judged, ...]  # kept and excluded records, held-out predictions
    uncertain: tuple[Judged, ...]  # "excluded (uncertain)": scored, kept out of the figures

    @property
    def disagreements(self) -> tuple[Judged, ...]:
        return tuple(j for j in self.judged if j.proposed != j.kept)


def _figures(pairs: list[tuple[bool, bool]]) -> Figures:
    """(proposed, kept) pairs -> true positives, false positives, false negatives."""
    return Figures(
        sum(1 for p, k in pairs if p and k),
        sum(1 for p, k in pairs if p and not k),
        sum(1 for p, k in pairs if k and not p),
    )


def _f1(figures: Figures) -> float:
    p, r = figures.precision, figures.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def _best_threshold(scored: list[tuple[float, bool]], default: float) -> float:
    """The threshold with the best F1 on these (score, kept) pairs; ties go to the one nearest
    the file's threshold, then to the higher one, so the choice is deterministic."""
    candidates = sorted({s for s, _ in scored} | {default})
    return max(
        candidates,
        key=lambda t: (_f1(_figures([(s >= t, k) for s, k in scored])), -abs(t - default), t),
    )


def _stratified_folds(
    ids: list[int], kept: dict[int, bool], folds: int, seed: int
) -> dict[int, int]:
    """Fold of each record: each class shuffled with a fixed seed, then dealt round-robin."""
    shuffler = random.Random(seed)
    fold_of = {}
    for label in (True, False):
        members = sorted(i for i in ids if kept[i] is label)
        shuffler.shuffle(members)
        fold_of.update({record_id: n % folds for n, record_id in enumerate(members)})
    return fold_of


def evaluate(review: ReviewTable | None = None, folds: int = 5, seed: int = 0) -> ScreenEvaluation:
    """Precision and recall of the screen against the reviewed decisions, by stratified k-fold
    cross-validation: the weights stay as written; only the threshold is chosen, on the training
    folds, and applied to the held-out fold. Kept (core and borderline) records are positives,
    excluded ones negatives; "excluded (uncertain)" records are scored and reported apart.
    Titles only: the reviewed table has no descriptions."""
    table = review or bundled_review()
    rules = screen_rules()
    scores = {r.record_id: score(r.title, None, rules) for r in table.records.values()}
    labelled = [r for r in table.records.values() if r.relevance is not Relevance.UNCERTAIN]
    kept = {r.record_id: r.relevance in (Relevance.CORE, Relevance.BORDERLINE) for r in labelled}
    fold_of = _stratified_folds([r.record_id for r in labelled], kept, folds, seed)
    thresholds = []
    for fold in range(folds):
        training = [(scores[i].value, kept[i]) for i in kept if fold_of[i] != fold]
        thresholds.append(_best_threshold(training, rules.threshold))
    judged = tuple(
        Judged(
            r.record_id,
            r.title,
            r.decision,
            kept[r.record_id],
            scores[r.record_id],
            fold_of[r.record_id],
            thresholds[fold_of[r.record_id]],
        )
        for r in sorted(labelled, key=lambda r: r.record_id)
    )
    uncertain = tuple(
        Judged(r.record_id, r.title, r.decision, False, scores[r.record_id], -1, rules.threshold)
        for r in sorted(table.records.values(), key=lambda r: r.record_id)
        if r.relevance is Relevance.UNCERTAIN
    )
    fixed = _figures([(scores[i].value >= rules.threshold, kept[i]) for i in kept])
    return ScreenEvaluation(
        folds,
        seed,
        tuple(thresholds),
        _figures([(j.proposed, j.kept) for j in judged]),
        fixed,
        judged,
        uncertain,
    )


# -- proposing candidates -----------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenResult:
    scanned: int
    proposed: int  # new candidate claims
    already_known: int  # at or above the threshold, but reviewed or stored before
    threshold: float
    notes: tuple[DataQualityNote, ...]


def _proposal(record: GcdfRecord, found: Score) -> ReviewedRecord:
    return ReviewedRecord(
        record_id=record.record_id,
        line=record.row,
        recipient=record.recipient,
        recipient_iso3=record.recipient_iso3,
        commitment_year=record.commitment_year,
        title=record.title,
        decision=f"proposed by the screen (score {found.value:g})",
        relevance=Relevance.SCREENED,
        reason=f"screen terms: {found.explain()}",
    )


def screen_file(*, store: Store, path: Path, review: ReviewTable | None = None) -> ScreenResult:
    """Score every record of a GCDF file and add those at or above the threshold, not reviewed
    or stored before, as candidate claims (with their financing records) for review. One
    transaction; running it again on the same file adds nothing."""
    decided = set((review or bundled_review()).records)
    rules = screen_rules()
    table = read_gcdf(path)
    with store.exclusive(), store.transaction() as session:
        source = repo.add_source(
            session=session, key=file_key(table), kind="dataset", origin=file_origin(table)
        )
        known = fin.known_record_ids(session=session) | decided
        vendor_ids = repo.vendor_ids(session=session)
        proposed, already, notes = 0, 0, []
        for record_id, record in sorted(table.records.items()):
            found = score(record.title, record.description, rules)
            if found.value < rules.threshold:
                continue
            if record_id in known:
                already += 1
                continue
            result = draft(record, _proposal(record, found), source.key)
            if isinstance(result, DataQualityNote):
                notes.append(result)
                continue
            write_draft(session, result, source.id, None, vendor_ids)
            proposed += 1
    return ScreenResult(len(table.records), proposed, already, rules.threshold, tuple(notes))
