"""Evaluate extraction against a hand-labelled gold file: precision, recall, F1 and field accuracy.

Matching is on (doc, vendor, country) triples, the unit reviewers care about: who supplied
what country, per document. A gold claim with no named vendor matches on the supplier's country
("@CHN"). For matched triples the report also gives how often technology, city, financing type
and status agree, so that a change can be judged on all of them. A calibration table bins the
proposed triples by their confidence (the scorer's probability) and gives each bin's observed
precision, so that a confidence can be read as a chance of being right.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from survindex.ingest.extract import ExtractedClaim, extract_claims
from survindex.ingest.extract.scorer import reliability
from survindex.ingest.firm_names import same_firm
from survindex.ingest.gazetteer import vendor_aliases, vendors
from survindex.ingest.readers import ReadError, expand_paths, read_document

Triple = tuple[str, str, str]
#: Field accuracies reported for matched triples; ``amount`` and ``year`` are the financing's
#: ``amount_usd`` and ``year`` (both null counts as agreement).
FIELDS = ("technology", "city", "financing", "status", "amount", "year")
#: Confidence bins of the calibration table: [0, 0.2), [0.2, 0.4), ... [0.8, 1.0].
CALIBRATION_BINS = 5


class GoldFormatError(ValueError):
    """A gold file line that is not a claim object; the message names the file and line."""


class TripleCounts:
    """Precision, recall and F1 of anything that counts true and false positives and misses
    (an evaluation, a cross-validation)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class EvalReport(TripleCounts):
    tp: int
    fp: int
    fn: int
    field_correct: dict[str, int]
    matched_gold: int
    false_positives: list[Triple] = field(default_factory=list)
    false_negatives: list[Triple] = field(default_factory=list)
    read_errors: list[str] = field(default_factory=list)
    documents: int = 0
    #: (doc, who, country, field name) for every field a matched triple got wrong.
    field_misses: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: (confidence, 1 if in gold else 0) for every proposed triple; its confidence is the
    #: highest of its claims'.
    scored: list[tuple[float, int]] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.field_correct[name] / self.matched_gold if self.matched_gold else 1.0

    def calibration(self) -> list[dict[str, float | int | None]]:
        """Proposed triples per confidence bin, and the share of them in gold (None: empty)."""
        return [
            {"low": low, "high": high, "count": n, "observed": None if n == 0 else round(share, 4)}
            for low, high, n, share in reliability(self.scored, CALIBRATION_BINS)
        ]

    def summary(self) -> dict[str, object]:
        """Figures as a plain dict (for JSON output and tests)."""
        return {
            "documents": self.documents,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "matched_gold_claims": self.matched_gold,
            **{f"{name}_accuracy": round(self.accuracy(name), 4) for name in FIELDS},
            "calibration": self.calibration(),
        }


#: Legal forms that do not change which firm is meant: "Acme Vision Ltd" is "Acme Vision".
_LEGAL_FORM = re.compile(
    r"(?:[\s,]+(?:\(?(?:pvt|pty|private)\.?\)?|ltd|limited|llc|l\.l\.c|inc|corp|corporation|"
    r"co|company|plc|gmbh|ag|s\.?a\.?(?:\s*de\s*c\.?v\.?|c|s)?|s\.?p\.?a|srl|s\.?r\.?l|"
    r"bv|nv|jsc|pjsc|ooo|oy|ab|kft|bhd|sdn|tbk|llp|fze|fzco|fz-llc|pte)\.?)+$",
    re.IGNORECASE,
)


def supplier_name_key(name: str) -> str:
    """A firm's name for matching: the registry's name for a known alias, else the name without
    its legal form, case-folded ("Hangzhou Hikvision Digital Technology Co" is "hikvision",
    "Vizorex Traffic Systems Ltd" is "vizorex traffic systems")."""
    known = vendor_names().get(name.casefold())
    if known:
        return known
    bare = _LEGAL_FORM.sub("", name.strip()).strip(" ,.")
    return vendor_names().get(bare.casefold(), bare.casefold())


@lru_cache(maxsize=1)
def vendor_names() -> dict[str, str]:
    """Every registry name and alias, case-folded, to the vendor's name case-folded."""
    names: dict[str, str] = {}
    for info in vendors().values():
        names.setdefault(info.name.casefold(), info.name.casefold())
    for alias, slug in vendor_aliases().items():
        vendor = vendors().get(slug)
        if vendor is not None:
            names.setdefault(alias.casefold(), vendor.name.casefold())
    return names


def _who(vendor: object, vendor_country: object) -> str:
    """The supplier key of a triple: the vendor's name, or "@ISO3" when only a country is named."""
    return supplier_name_key(str(vendor)) if vendor else f"@{vendor_country}"


def load_gold(path: Path) -> list[dict[str, object]]:
    """Gold claims, one JSON object a line (CONTRACTS.md shape; evidence optional)."""
    rows: list[dict[str, object]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldFormatError(f"{path}:{number}: not JSON ({error.msg})") from None
        if not isinstance(row, dict) or not {"doc", "country"} <= row.keys():
            raise GoldFormatError(f"{path}:{number}: needs at least 'doc' and 'country'")
        rows.append(row)
    return rows


def extract_directory(docs_dir: Path) -> tuple[dict[str, list[ExtractedClaim]], list[str], int]:
    """Claims for every document under ``docs_dir``, keyed by path relative to it."""
    claims: dict[str, list[ExtractedClaim]] = {}
    errors: list[str] = []
    count = 0
    for name in expand_paths([docs_dir]):
        doc = Path(name).relative_to(docs_dir).as_posix()
        try:
            document = read_document(name)
        except ReadError as error:
            errors.append(str(error))
            continue
        count += 1
        claims[doc] = extract_claims(document.text, doc)
    return claims, errors, count


def _field_matches(gold: dict[str, object], predicted: list[ExtractedClaim]) -> dict[str, bool]:
    technology = gold.get("technology")
    same_tech = [c for c in predicted if (c.technology or None) == technology]
    claim = (same_tech or predicted)[0]
    gold_city = gold.get("city")
    gold_financing = gold.get("financing")
    gold_type = gold_amount = gold_year = None
    if isinstance(gold_financing, dict):
        gold_type = gold_financing.get("type")
        gold_amount = gold_financing.get("amount_usd")
        gold_year = gold_financing.get("year")
    financing = claim.financing
    predicted_type = financing.type.value if financing else None
    return {
        "technology": bool(same_tech),
        "city": (str(gold_city).casefold() if gold_city else None)
        == (claim.city.casefold() if claim.city else None),
        "financing": gold_type == predicted_type,
        "status": gold.get("status") == claim.status.value,
        "amount": gold_amount == (financing.amount_usd if financing else None),
        "year": gold_year == (financing.year if financing else None),
    }


def evaluate(gold_path: Path, docs_dir: Path) -> EvalReport:
    """Run extraction over ``docs_dir`` and score it against ``gold_path``.

    Documents under ``docs_dir`` with no gold line are expected to yield no claims.
    """
    gold_rows = load_gold(Path(gold_path))
    predicted, errors, count = extract_directory(Path(docs_dir))
    gold_by_triple: dict[Triple, list[dict[str, object]]] = defaultdict(list)
    recorded: dict[str, set[str]] = defaultdict(set)
    for row in gold_rows:
        who = _who(row.get("vendor"), row.get("vendor_country"))
        gold_by_triple[(str(row["doc"]), who, str(row["country"]))].append(row)
        recorded[str(row["doc"])].add(who)
    predicted_by_triple: dict[Triple, list[ExtractedClaim]] = defaultdict(list)
    for doc, claims in predicted.items():
        for claim in claims:
            who = same_firm(_who(claim.vendor_name, claim.vendor_country), recorded[doc])
            predicted_by_triple[(doc, who, claim.country)].append(claim)
    tp_set = gold_by_triple.keys() & predicted_by_triple.keys()
    correct = dict.fromkeys(FIELDS, 0)
    misses: list[tuple[str, str, str, str]] = []
    matched = 0
    for triple in sorted(tp_set):
        for row in gold_by_triple[triple]:
            matched += 1
            for name, ok in _field_matches(row, predicted_by_triple[triple]).items():
                correct[name] += ok
                if not ok:
                    misses.append((*triple, name))
    return EvalReport(
        tp=len(tp_set),
        fp=len(predicted_by_triple.keys() - tp_set),
        fn=len(gold_by_triple.keys() - tp_set),
        field_correct=correct,
        matched_gold=matched,
        false_positives=sorted(predicted_by_triple.keys() - tp_set),
        false_negatives=sorted(gold_by_triple.keys() - tp_set),
        read_errors=errors,
        documents=count,
        field_misses=misses,
        scored=[
            (max(c.confidence for c in claims), int(triple in tp_set))
            for triple, claims in sorted(predicted_by_triple.items())
        ],
    )
