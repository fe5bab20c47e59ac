"""The blind set is well formed: every gold line names an existing passage and uses the contract's
vocabularies (its accuracy is measured once and recorded in its README, never asserted here, so
that no test pulls the extractor towards it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survindex.domain import DeploymentStatus, FinancingType, Technology
from survindex.reference.countries import all_countries

DEVSET = Path(__file__).resolve().parents[1] / "devset"
BLIND = DEVSET / "blind7"


@pytest.mark.parametrize(
    "name",
    [*(f"blind{n}" for n in range(7, 27)), *(f"train{n}" for n in range(8, 12))],
)
def test_gold_lines_name_real_passages_and_contract_values(name: str) -> None:
    lines = [
        json.loads(line) for line in (DEVSET / name / "gold.jsonl").read_text().splitlines() if line
    ]
    assert len(lines) >= 80
    documents = {p.name for p in (DEVSET / name / "docs").iterdir()}
    assert len(documents) >= 40
    countries = all_countries()
    for line in lines:
        assert line["doc"] in documents, line
        assert line["country"] in countries, line
        assert line["vendor_country"] is None or line["vendor_country"] in countries, line
        assert Technology(line["technology"]) and DeploymentStatus(line["status"])
        if line["financing"] is not None:
            FinancingType(line["financing"]["type"])
    vendor_null = [line for line in lines if line["vendor"] is None and line["vendor_country"]]
    assert len(vendor_null) >= 15


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("blind7", "a"),
        ("blind7", "b"),
        *((name, p) for name in (f"blind{n}" for n in range(8, 27)) for p in "abcd"),
    ],
)
def test_the_parts_add_up_to_the_gold_file(name: str, part: str) -> None:
    whole = (DEVSET / name / "gold.jsonl").read_text().splitlines()
    lines = (DEVSET / name / f"gold-{part}.jsonl").read_text().splitlines()
    assert set(lines) <= set(whole)
