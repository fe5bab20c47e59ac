"""The blind set is well formed: every gold line names an existing passage and uses the contract's
vocabularies (its accuracy is measured once and recorded in its README, never asserted here, so
that no test pulls the extractor towards it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from survindex.domain import DeploymentStatus, FinancingType, Technology
from survindex.reference.countries import all_countries

BLIND = Path(__file__).resolve().parents[1] / "devset" / "blind7"


def test_gold_lines_name_real_passages_and_contract_values() -> None:
    lines = [json.loads(line) for line in (BLIND / "gold.jsonl").read_text().splitlines() if line]
    assert len(lines) >= 100
    documents = {p.name for p in (BLIND / "docs").iterdir()}
    assert len(documents) >= 60
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


@pytest.mark.parametrize("half", ["a", "b"])
def test_the_halves_add_up_to_the_gold_file(half: str) -> None:
    whole = (BLIND / "gold.jsonl").read_text().splitlines()
    part = (BLIND / f"gold-{half}.jsonl").read_text().splitlines()
    assert set(part) <= set(whole)
