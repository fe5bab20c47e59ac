"""Figures for a blind set, measured once: triples, vendor-null (supplier-country) recall,
financing type and lender accuracy on matched triples, and calibration.

Run: ``.venv/bin/python scripts/blind_report.py tests/devset/blind9`` (prints JSON). Triples are
matched as ``survindex eval`` matches them (a vendor by its registry name, or by its name without
a legal form such as "Ltd", an unknown firm also by a longer or shorter form of the name the
document's gold lines give it, ``survindex.ingest.firm_names``; "@ISO3" for a supplier
country); ``exact_names`` gives the figures with names matched only exactly, as before 11.11.
The script uses only ``extract_claims`` and the gazetteer, so it also runs against an older
checkout (``PYTHONPATH=old/src``) to measure the extractor as it was on the same set with the
same matching. Running it is a measurement, never tuning.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from survindex.ingest import gazetteer
from survindex.ingest.extract import EXTRACTOR_VERSION, extract_claims
from survindex.ingest.readers import expand_paths, read_document

_LEGAL_FORM = re.compile(
    r"(?:[\s,]+(?:\(?(?:pvt|pty|private)\.?\)?|ltd|limited|llc|l\.l\.c|inc|corp|corporation|"
    r"co|company|plc|gmbh|ag|s\.?a\.?(?:\s*de\s*c\.?v\.?|c|s)?|s\.?p\.?a|srl|s\.?r\.?l|"
    r"bv|nv|jsc|pjsc|ooo|oy|ab|kft|bhd|sdn|tbk|llp|fze|fzco|fz-llc|pte)\.?)+$",
    re.IGNORECASE,
)


def _registry_names() -> dict[str, str]:
    names: dict[str, str] = {}
    table = gazetteer.vendors()
    rows = gazetteer.read_table("vendors.csv") + gazetteer._rows("vendors_extra.csv")
    for row in rows:
        info = table.get(row["slug"])
        if info is None:
            continue
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            names.setdefault(name.casefold(), info.name.casefold())
    return names


NAMES = _registry_names()


def _load_same_firm() -> Callable[[str, Iterable[str]], str]:
    """This checkout's firm-name alignment, loaded by path so that an older checkout on
    ``PYTHONPATH`` is measured with the same matching."""
    path = Path(__file__).resolve().parents[1] / "src" / "survindex" / "ingest" / "firm_names.py"
    spec = importlib.util.spec_from_file_location("_firm_names", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Callable[[str, Iterable[str]], str] = module.same_firm
    return function


same_firm = _load_same_firm()


def who(vendor: object, country: object) -> str:
    if not vendor:
        return f"@{country}"
    name = str(vendor)
    if name.casefold() in NAMES:
        return NAMES[name.casefold()]
    bare = _LEGAL_FORM.sub("", name.strip()).strip(" ,.")
    return NAMES.get(bare.casefold(), bare.casefold())


def report(set_dir: Path) -> dict[str, Any]:
    gold = [json.loads(line) for line in (set_dir / "gold.jsonl").read_text().splitlines() if line]
    gold_keys: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in gold:
        gold_keys[
            (row["doc"], who(row.get("vendor"), row.get("vendor_country")), row["country"])
        ].append(row)
    recorded: dict[str, set[str]] = defaultdict(set)
    for doc, supplier, _ in gold_keys:
        recorded[doc].add(supplier)
    predicted: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    strict: set[tuple[str, str, str]] = set()
    for name in expand_paths([set_dir / "docs"]):
        doc = Path(name).relative_to(set_dir / "docs").as_posix()
        for claim in extract_claims(read_document(name).text, doc):
            supplier = who(claim.vendor_name, claim.vendor_country)
            strict.add((doc, supplier, claim.country))
            predicted[(doc, same_firm(supplier, recorded[doc]), claim.country)].append(claim)
    tp = set(gold_keys) & set(predicted)
    fp, fn = set(predicted) - tp, set(gold_keys) - tp
    null = {k for k in gold_keys if k[1].startswith("@") and k[1] != "@None"}
    matched = type_ok = lender_ok = status_ok = 0
    for key in tp:
        for row in gold_keys[key]:
            matched += 1
            financing = row.get("financing") or {}
            claims = predicted[key]
            type_ok += any(
                (c.financing.type.value if c.financing else None) == financing.get("type")
                for c in claims
            )
            lender_ok += any(
                ((c.financing.lender if c.financing else None) or None)
                == (financing.get("lender") or None)
                for c in claims
            )
            status_ok += any(c.status.value == row.get("status") for c in claims)
    scored = [(max(c.confidence for c in claims), key in tp) for key, claims in predicted.items()]
    bins = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        inside = [ok for p, ok in scored if low <= p < low + 0.2 or (low == 0.8 and p >= 1.0)]
        bins.append(
            {
                "low": low,
                "count": len(inside),
                "observed": round(sum(inside) / len(inside), 4) if inside else None,
            }
        )
    precision = len(tp) / (len(tp) + len(fp)) if tp or fp else 1.0
    recall = len(tp) / (len(tp) + len(fn)) if tp or fn else 1.0
    return {
        "extractor": EXTRACTOR_VERSION,
        "set": set_dir.name,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4)
        if precision + recall
        else 0.0,
        "tp": len(tp),
        "fp": len(fp),
        "fn": len(fn),
        "vendor_null_triples": len(null),
        "vendor_null_found": len(null & tp),
        "vendor_null_recall": round(len(null & tp) / len(null), 4) if null else None,
        "matched_gold_lines": matched,
        "financing_type_accuracy": round(type_ok / matched, 4) if matched else None,
        "lender_accuracy": round(lender_ok / matched, 4) if matched else None,
        "status_accuracy": round(status_ok / matched, 4) if matched else None,
        "calibration": bins,
        # unknown firms matched only by the name exactly as written (the matching before 11.11)
        "exact_names": _figures(len(strict & set(gold_keys)), len(strict), len(gold_keys)),
    }


def _figures(tp: int, proposed: int, recorded: int) -> dict[str, float | int]:
    precision = tp / proposed if proposed else 1.0
    recall = tp / recorded if recorded else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": proposed - tp,
        "fn": recorded - tp,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("set_dir", type=Path)
    print(json.dumps(report(parser.parse_args().set_dir), indent=1))


if __name__ == "__main__":
    main()
