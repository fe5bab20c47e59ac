"""Reviewers' decisions as labelled data for the claim scorer, and a training run over them.

Why: every claim the extractor proposed and a reviewer accepted or rejected says whether a
careful reader records that (supplier, recipient country) from that text, the same label a
gold line gives. Training on them teaches the scorer the false positives of the texts this
index actually ingests (trade fairs, sponsorships, workshops), which no evaluation set may hold.

What counts, per stored document whose text is kept (``documents``):

* only claims the extractor proposed (``claims.extractor`` is ``survindex <version>``, see
  :data:`survindex.ingest.documents.EXTRACTOR`); imported and hand-made claims are left out;
* a triple is *recorded* (label 1) when a reviewer accepted a claim with it, after their edits
  (the edited vendor, vendor country and country);
* it is *rejected* (label 0) when a reviewer rejected a claim proposing it, or edited an
  accepted claim away from it (another country, another named vendor), and no accepted claim
  records it;
* a triple nobody decided on yet is left out, not counted as a 0: a candidate still in the
  queue is not a rejection.

The text is read again by the current extractor (:func:`candidates`), so the features are
today's; a recorded triple it no longer proposes counts as a miss in cross-validation.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from survindex.domain import ClaimStatus
from survindex.ingest.documents import EXTRACTOR
from survindex.ingest.evaluate import supplier_name_key
from survindex.ingest.extract import EXTRACTOR_VERSION
from survindex.ingest.extract.document import candidates
from survindex.ingest.extract.layered import Key, TripleCandidates
from survindex.ingest.extract.scorer import (
    ClaimScorer,
    LabelledExample,
    calibration_map,
    fit,
)
from survindex.ingest.training import (
    CrossValidation,
    LabelledDocument,
    best_threshold,
    cross_validate,
    manifest,
    trainer,
    who_key,
)
from survindex.store.database import Store
from survindex.store.schema import ClaimRow, DocumentRow, ReviewRow, SourceRow, VendorRow

#: ``claims.extractor`` of the claims the extractor proposed: "survindex rules-2026.11.5".
EXTRACTOR_PREFIX = EXTRACTOR.split(" ")[0] + " "
#: Logistic regularisation of ``survindex train``: the packaged model's (see its manifest).
REGULARISATION = 0.3
#: Weight of an example from a review relative to one from a gold set.
REVIEW_WEIGHT = 2.0
#: Called with (documents done, documents in all) while the texts are read again.
Progress = Callable[[int, int], None]
Folded = tuple[str, str]


class TrainingError(ValueError):
    """Training cannot run on what it was given (no examples, a single label); one line."""


@dataclass(frozen=True)
class ReviewDocument(LabelledDocument):
    """A stored document's candidates that reviewers decided on, and those they recorded.

    ``triples`` holds only decided triples (recorded or rejected), so that cross-validation
    scores the model on decisions, never on triples still waiting in the queue. ``origins``
    names the deciding claim of each triple (``review:<claim id>``).
    """

    origins: Mapping[Key, str] = field(default_factory=dict)

    def examples(self, weight: float | None = None) -> list[LabelledExample]:
        chosen = self.weight if weight is None else weight
        rows = []
        for key, triple in sorted(self.triples.items()):
            label = int((who_key(key[0]), key[1]) in self.gold)
            origin = self.origins.get(key, f"review:{self.name}")
            for features in triple.feature_rows():
                rows.append(LabelledExample(features, label, origin, chosen))
        return rows


@dataclass(frozen=True)
class ReviewSet:
    """The reviewed documents and what they hold (the ``reviews`` entry of a model's
    manifest): claims per decision and per extractor version, triples, examples."""

    documents: list[ReviewDocument]
    manifest: dict[str, Any]


@dataclass
class _Decided:
    """What reviewers decided about the triples of one source."""

    recorded: dict[Folded, list[int]] = field(default_factory=lambda: defaultdict(list))
    rejected: dict[Folded, list[int]] = field(default_factory=lambda: defaultdict(list))
    #: Alternative keys of one recorded claim (a supplier named as written, later linked to a
    #: vendor): matched by any, counted once.
    aliases: list[tuple[int, tuple[Folded, ...]]] = field(default_factory=list)


def _session(store_or_session: Store | Session) -> AbstractContextManager[Session]:
    if isinstance(store_or_session, Session):
        return nullcontext(store_or_session)
    return store_or_session.read()


def _original_fields(changes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The value each edited field had before its first edit (``changes`` oldest first)."""
    original: dict[str, Any] = {}
    for change in changes:
        for name in ("vendor", "vendor_country", "country"):
            if name in change and name not in original:
                original[name] = change[name][0]
    return original


def _who_keys(
    vendor_id: int | None,
    name_in_source: str | None,
    vendor_country: str | None,
    names: Mapping[int, str],
) -> tuple[str, ...]:
    """The supplier of a stored claim as :func:`who_key` folds a candidate's: the vendor's name
    when it has one, the name as written (an open-vocabulary supplier), else "@ISO3"."""
    keys: list[str] = []
    if vendor_id is not None and vendor_id in names:
        keys.append(supplier_name_key(names[vendor_id]))
    if name_in_source:
        keys.append(supplier_name_key(name_in_source))
    if not keys and vendor_country:
        keys.append(f"@{vendor_country}")
    return tuple(dict.fromkeys(keys))


def _reviewed() -> Select[int]:
    """Ids of the claims the extractor proposed and a reviewer accepted or rejected."""
    return select(ClaimRow.id).where(
        ClaimRow.extractor.startswith(EXTRACTOR_PREFIX),
        ClaimRow.claim_status.in_((ClaimStatus.ACCEPTED.value, ClaimStatus.REJECTED.value)),
    )


def _decisions(
    session: Session, claims: Sequence[ClaimRow], counts: Counter[str]
) -> dict[int, _Decided]:
    """Per source id, the triples recorded and rejected by the decisions on ``claims``."""
    edits: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim_id, changes in session.execute(
        select(ReviewRow.claim_id, ReviewRow.changes)
        .where(ReviewRow.claim_id.in_(_reviewed()), ReviewRow.decision == "edit")
        .order_by(ReviewRow.id)
    ):
        edits[claim_id].append(json.loads(changes or "{}"))
    names = {
        vendor_id: name for vendor_id, name in session.execute(select(VendorRow.id, VendorRow.name))
    }
    decided: dict[int, _Decided] = defaultdict(_Decided)
    for claim in claims:
        found = decided[claim.source_id]
        now = _who_keys(claim.vendor_id, claim.vendor_name_in_source, claim.vendor_country, names)
        original = _original_fields(edits.get(claim.id, []))
        was = _who_keys(
            original.get("vendor", claim.vendor_id),
            claim.vendor_name_in_source,
            original.get("vendor_country", claim.vendor_country),
            names,
        )
        was_country = original.get("country", claim.country)
        if edits.get(claim.id):
            counts["edited"] += 1
        if claim.claim_status == ClaimStatus.ACCEPTED.value:
            counts["accepted"] += 1
            keys = tuple((who, claim.country) for who in now)
            for key in keys:
                found.recorded[key].append(claim.id)
            if keys:  # a claim naming no supplier at all labels nothing
                found.aliases.append((claim.id, keys))
            for key in ((who, was_country) for who in was):
                if key not in keys:  # edited away from it: the proposal was wrong
                    found.rejected[key].append(claim.id)
        else:
            counts["rejected"] += 1
            for key in {*((w, was_country) for w in was), *((w, claim.country) for w in now)}:
                found.rejected[key].append(claim.id)
    return decided


def _document(
    name: str, text: str, decided: _Decided, weight: float, triples_count: Counter[str]
) -> ReviewDocument:
    proposed = candidates(text, name)
    kept: dict[Key, TripleCandidates] = {}
    origins: dict[Key, str] = {}
    for key, triple in proposed.items():
        folded = (who_key(key[0]), key[1])
        if folded in decided.recorded:
            deciders = decided.recorded[folded]
            triples_count["recorded"] += 1
        elif folded in decided.rejected:
            deciders = decided.rejected[folded]
            triples_count["rejected"] += 1
        else:
            triples_count["undecided (left out)"] += 1
            continue
        kept[key] = triple
        origins[key] = f"review:{min(deciders)}"
    proposed_folded = {(who_key(k[0]), k[1]) for k in proposed}
    gold: set[Folded] = set()
    for _claim_id, keys in decided.aliases:
        matched = [k for k in keys if k in proposed_folded]
        gold.add(matched[0] if matched else keys[0])
        if not matched:
            triples_count["recorded, not proposed now"] += 1
    return ReviewDocument(name, kept, frozenset(gold), weight=weight, origins=origins)


def load_reviews(
    store_or_session: Store | Session,
    *,
    weight: float = 1.0,
    progress: Progress | None = None,
) -> ReviewSet:
    """Every stored document with a reviewed extractor claim, as labelled candidates."""
    counts: Counter[str] = Counter()
    extractors: Counter[str] = Counter()
    triples_count: Counter[str] = Counter()
    documents: list[ReviewDocument] = []
    with _session(store_or_session) as session:
        claims = list(
            session.scalars(
                select(ClaimRow).where(ClaimRow.id.in_(_reviewed())).order_by(ClaimRow.id)
            )
        )
        for claim in claims:
            extractors[claim.extractor or ""] += 1
        decided = _decisions(session, claims, counts)
        texts = session.execute(
            select(SourceRow.id, SourceRow.key, DocumentRow.text)
            .join(DocumentRow, DocumentRow.source_id == SourceRow.id)
            .where(SourceRow.id.in_(select(ClaimRow.source_id).where(ClaimRow.id.in_(_reviewed()))))
            .order_by(SourceRow.id)
        ).all()
        undecided = session.scalars(
            select(ClaimRow.id).where(
                ClaimRow.extractor.startswith(EXTRACTOR_PREFIX),
                ClaimRow.claim_status == ClaimStatus.CANDIDATE.value,
            )
        ).all()
    if progress is not None:
        progress(0, len(texts))
    for done, (source_id, key, text) in enumerate(texts, start=1):
        documents.append(_document(key, text, decided[source_id], weight, triples_count))
        if progress is not None:
            progress(done, len(texts))
    labels = Counter(e.label for d in documents for e in d.examples())
    summary = {
        "documents": len(documents),
        "documents_without_text": len(decided) - len(texts),
        "claims": {
            "accepted": counts["accepted"],
            "rejected": counts["rejected"],
            "edited": counts["edited"],
            "undecided": len(undecided),
        },
        "extractors": dict(sorted(extractors.items())),
        "triples": dict(sorted(triples_count.items())),
        "examples": {"accepted": labels[1], "rejected": labels[0]},
    }
    return ReviewSet(documents, summary)


def review_documents(store_or_session: Store | Session) -> list[ReviewDocument]:
    """The reviewed documents of a database (see the module's docstring for what counts)."""
    return load_reviews(store_or_session).documents


def review_examples(
    reviews: ReviewSet | Sequence[ReviewDocument], weight: float | None = None
) -> list[LabelledExample]:
    """The training rows of reviewed documents (origin ``review:<claim id>``); triples nobody
    decided on are not among them."""
    documents = reviews.documents if isinstance(reviews, ReviewSet) else reviews
    return [e for d in documents for e in d.examples(weight)]


@dataclass(frozen=True)
class TrainingRun:
    """A trained model and how it was judged: cross-validation at the chosen threshold."""

    model: ClaimScorer
    threshold: float
    validation: CrossValidation
    #: Examples used: "gold", "review accepted", "review rejected".
    examples: dict[str, int]


def train_scorer(
    gold: Sequence[LabelledDocument],
    reviews: ReviewSet | None = None,
    *,
    gold_sets: Sequence[Path] = (),
    review_weight: float = REVIEW_WEIGHT,
    regularisation: float = REGULARISATION,
    version: str = EXTRACTOR_VERSION,
) -> TrainingRun:
    """Fit the scorer on gold documents and reviewed ones (weighted ``review_weight``), with the
    threshold that maximises F1 in 5-fold cross-validation by document. ``gold_sets`` are the
    set directories ``gold`` came from, recorded in the model's manifest."""
    reviewed = [replace(d, weight=review_weight) for d in (reviews.documents if reviews else [])]
    documents: list[LabelledDocument] = [*gold, *reviewed]
    gold_rows = [e for d in gold for e in d.examples()]
    review_rows = review_examples(reviewed)
    examples = [*gold_rows, *review_rows]
    counts = {
        "gold": len(gold_rows),
        "review accepted": sum(e.label for e in review_rows),
        "review rejected": sum(1 - e.label for e in review_rows),
    }
    if not examples:
        raise TrainingError(
            "no examples to train on: give evaluation sets (--gold) or review the extractor's "
            "claims first"
        )
    if len({e.label for e in examples}) < 2:
        only = "recorded" if examples[0].label else "unrecorded"
        raise TrainingError(
            f"all {len(examples)} examples are {only}: training needs triples people recorded "
            "and triples they did not"
        )
    gold_total = sum(len(d.gold) for d in documents)
    first = cross_validate(documents, trainer(version, 0.5, regularisation))
    threshold = best_threshold(first, gold_total)
    validation = cross_validate(documents, trainer(version, threshold, regularisation))
    extra = {
        "examples": len(examples),
        "positive": sum(e.label for e in examples),
        "regularisation": regularisation,
        "examples_by_origin": counts,
        "review_weight": review_weight,
        "reviews": reviews.manifest if reviews else None,
        "cross_validation": validation.summary(),
    }
    model = fit(
        examples,
        threshold=threshold,
        version=version,
        regularisation=regularisation,
        training=manifest(list(gold_sets), extra),
    )
    model = replace(model, calibration=calibration_map(validation.scored))
    return TrainingRun(model, threshold, validation, counts)
