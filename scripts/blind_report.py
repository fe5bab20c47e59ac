"""Figures for a blind set, measured once: triples, vendor-null (supplier-country) recall, and
financing type and lender accuracy on matched triples.

Run: ``.venv/bin/python scripts/blind_report.py tests/devset/blind8`` (prints JSON). It adds to
``survindex eval`` what the extraction issue asks to report and nothing else; it never changes
the extractor, so running it is a measurement, not tuning.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from survindex.ingest.evaluate import evaluate, load_gold
from survindex.ingest.extract import EXTRACTOR_VERSION, extract_claims
from survindex.ingest.readers import expand_paths, read_document


def _who(vendor: object, country: object) -> str:
    return str(vendor).casefold() if vendor else f"@{country}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("set_dir", type=Path)
    args = parser.parse_args()
    set_dir: Path = args.set_dir
    report = evaluate(set_dir / "gold.jsonl", set_dir / "docs")
    gold = load_gold(set_dir / "gold.jsonl")
    null_triples = {
        (str(g["doc"]), _who(None, g.get("vendor_country")), str(g["country"]))
        for g in gold
        if not g.get("vendor") and g.get("vendor_country")
    }
    missed = set(report.false_negatives)
    found_null = len(null_triples - missed)
    predicted: dict[tuple[str, str, str], list[object]] = defaultdict(list)
    for name in expand_paths([set_dir / "docs"]):
        doc = Path(name).relative_to(set_dir / "docs").as_posix()
        for claim in extract_claims(read_document(name).text, doc):
            key = (doc, _who(claim.vendor_name, claim.vendor_country), claim.country)
            predicted[key].append(claim)
    type_ok = lender_ok = matched = 0
    for g in gold:
        key = (str(g["doc"]), _who(g.get("vendor"), g.get("vendor_country")), str(g["country"]))
        if key not in predicted:
            continue
        matched += 1
        financing = g.get("financing") if isinstance(g.get("financing"), dict) else None
        claims = predicted[key]
        types = {getattr(c.financing, "type", None) for c in claims}  # type: ignore[attr-defined]
        lenders = {getattr(c.financing, "lender", None) for c in claims}  # type: ignore[attr-defined]
        gold_type = financing.get("type") if financing else None
        gold_lender = financing.get("lender") if financing else None
        type_ok += any((t.value if t else None) == gold_type for t in types)
        lender_ok += any((lender or None) == (gold_lender or None) for lender in lenders)
    print(
        json.dumps(
            {
                "extractor": EXTRACTOR_VERSION,
                **report.summary(),
                "vendor_null_triples": len(null_triples),
                "vendor_null_found": found_null,
                "vendor_null_recall": round(found_null / len(null_triples), 4)
                if null_triples
                else None,
                "financing_type_accuracy_matched": round(type_ok / matched, 4) if matched else None,
                "lender_accuracy_matched": round(lender_ok / matched, 4) if matched else None,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
