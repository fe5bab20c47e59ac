"""Financing findings as a pure function: what counts, and every amount counted once."""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survindex.analysis.financing import financing_findings, total_usd
from survindex.domain import ClaimStatus, CountryContext, FinancingRecord, Finding, Relevance


def record(id_: int, recipient: str, **changes: object) -> FinancingRecord:
    base = FinancingRecord(
        id=id_,
        recipient=recipient,
        claim_status=ClaimStatus.ACCEPTED,
        relevance=Relevance.CORE,
        chinese_state=True,
        lender_slug="china-eximbank",
        lender_name="Export-Import Bank of China",
        amount_usd=10.0,
        amount_usd_year=2021,
        commitment_year=2015,
        status="Completion",
        aiddata_record_id=1000 + id_,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def by_id(findings: list[Finding]) -> dict[str, Finding]:
    return {f.id: f for f in findings}


CONTEXTS = {
    "KEN": CountryContext("KEN", "Kenya", bri_member=True),
    "ECU": CountryContext("ECU", "Ecuador", bri_member=True),
    "SRB": CountryContext("SRB", "Serbia", bri_member=None),
    "FRA": CountryContext("FRA", "France", bri_member=False),
}


def test_what_counts_and_what_is_reported_apart() -> None:
    records = [
        record(1, "KEN"),
        record(2, "ECU", relevance=Relevance.BORDERLINE),
        record(3, "SRB", status="Pipeline: Pledge"),  # never committed: proposed only
        record(4, "FRA", claim_status=ClaimStatus.CANDIDATE),  # not accepted
        record(5, "FRA", in_live=False),  # retracted from live
        record(6, "FRA", chinese_state=False),  # not Chinese state finance
    ]
    found = by_id(financing_findings(records, CONTEXTS))
    countries = found["financing.CHN_state.countries"]
    assert countries.countries == ("ECU", "KEN") and countries.proposed == ("SRB",)
    assert countries.denominator == 4  # the contexts' universe
    assert found["financing.CHN_state.countries.core"].countries == ("KEN",)


def test_belt_and_road_leaves_unknown_membership_out_of_the_denominator() -> None:
    records = [record(1, "KEN"), record(2, "SRB"), record(3, "FRA")]
    bri = by_id(financing_findings(records, CONTEXTS))["financing.CHN_state.bri"]
    assert (bri.value, bri.denominator, bri.unknown, bri.countries) == (1, 2, 1, ("KEN",))


def test_umbrellas_and_repeated_records_are_counted_once() -> None:
    records = [
        record(1, "KEN", amount_usd=100.0, aiddata_record_id=500, umbrella=True),
        record(2, "KEN", amount_usd=40.0, aiddata_record_id=501, parent_record_ids=(502,)),
        record(3, "KEN", amount_usd=60.0, aiddata_record_id=502),  # the facility 501 draws on
        record(4, "KEN", amount_usd=40.0, aiddata_record_id=501),  # the same record again
        record(5, "ECU", amount_usd=7.0, aiddata_record_id=503, linked_record_ids=(504,)),
        record(6, "ECU", amount_usd=3.0, aiddata_record_id=504, linked_record_ids=(503,)),
        record(7, "ECU", amount_usd=None, aiddata_record_id=505),
        record(8, "ECU", amount_usd=9.0, aiddata_record_id=506, recommended_for_aggregates=False),
    ]
    amount = by_id(financing_findings(records, CONTEXTS))["financing.CHN_state.amount_usd"]
    assert (amount.value, amount.numerator, amount.unknown) == (50.0, 3, 1)
    assert "umbrella" in amount.method and "once" in amount.method


def test_breakdowns_by_lender_and_commitment_year() -> None:
    records = [
        record(1, "KEN", commitment_year=2012),
        record(2, "ECU", lender_slug="cdb", lender_name="China Development Bank"),
        record(3, "ECU", commitment_year=2012, amount_usd=5.0),
    ]
    found = by_id(financing_findings(records, CONTEXTS))
    assert found["financing.CHN_state.lender.cdb"].countries == ("ECU",)
    assert found["financing.CHN_state.lender.china-eximbank"].countries == ("ECU", "KEN")
    assert found["financing.CHN_state.year.2012"].countries == ("ECU", "KEN")
    assert found["financing.CHN_state.year.2012.amount_usd"].value == 15.0
    assert "China Development Bank" in found["financing.CHN_state.lender.cdb"].label


def test_every_finding_has_the_contract_shape() -> None:
    for f in financing_findings([record(1, "KEN")], CONTEXTS):
        assert f.id.startswith("financing.CHN_state.") and f.method and f.published is None


amounts = st.dictionaries(
    st.integers(1, 30), st.floats(0, 1e9, allow_nan=False), min_size=1, max_size=15
)


@given(amounts, st.lists(st.integers(0, 14), max_size=10), st.randoms(use_true_random=False))
def test_the_total_ignores_repeats_and_order(
    by_record: dict[int, float], repeats: list[int], rnd: random.Random
) -> None:
    records = [
        record(n, "KEN", aiddata_record_id=rid, amount_usd=value)
        for n, (rid, value) in enumerate(by_record.items())
    ]
    copies = [records[i % len(records)] for i in repeats]
    shuffled = records + copies
    rnd.shuffle(shuffled)
    total, summed, unknown = total_usd(shuffled)
    assert total == pytest.approx(sum(by_record.values()))
    assert (summed, unknown) == (len(by_record), 0)
