"""The bundled AidData review, as `survindex init` loads it: the acceptance of the issue."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from core.cli_run import run_main
from survindex.analysis.editions import edition_data
from survindex.analysis.financing_views import edition_financing_findings
from survindex.domain import Finding
from survindex.store.database import Store

#: The 22 recipients of the reviewed table's core rows (data/aiddata/PROVENANCE.md).
CORE = [
    *("AGO", "BOL", "CIV", "CMR", "CPV", "DJI", "ECU", "GHA", "GNQ", "JOR", "KEN"),
    *("KHM", "MDA", "MNG", "MRT", "MUS", "NGA", "PAK", "PHL", "SUR", "TJK", "ZMB"),
]
#: Countries that only borderline rows add: Costa Rica (police equipment), Fiji (fingerprint
#: lab), Laos (road monitoring), Myanmar (police radios), Nepal (museum CCTV), Serbia (IP
#: telephones), Seychelles (police database).
BORDERLINE_ONLY = ["CRI", "FJI", "LAO", "MMR", "NPL", "SRB", "SYC"]


@pytest.fixture(scope="module")
def findings(built_db: str) -> dict[str, Finding]:
    store = Store(built_db, read_only=True)
    with store.read() as session:
        data = edition_data(session=session, slug="live")
        found = edition_financing_findings(session=session, contexts=data.contexts)
    return {f.id: f for f in found}


def test_the_live_finding_covers_exactly_the_core_countries(findings: dict[str, Finding]) -> None:
    core = findings["financing.CHN_state.countries.core"]
    assert list(core.countries) == CORE
    every = findings["financing.CHN_state.countries"]
    assert list(every.countries) == sorted(CORE + BORDERLINE_ONLY)
    assert every.proposed == ()


def test_amount_lender_and_year_breakdowns_exist(findings: dict[str, Finding]) -> None:
    amount = findings["financing.CHN_state.amount_usd"]
    assert amount.value > 2e9 and amount.unknown == 7
    assert "umbrella" in amount.method
    eximbank = findings["financing.CHN_state.lender.china-eximbank"]
    assert "ECU" in eximbank.countries and "PAK" in eximbank.countries
    assert findings["financing.CHN_state.year.2012"].countries == ("ECU", "KEN")
    bri = findings["financing.CHN_state.bri"]
    assert bri.denominator + bri.unknown == 29


def test_financing_list_for_ecuador_shows_lender_amount_year_and_link(
    built_db: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, err = run_main(
        monkeypatch,
        capsys,
        "--db",
        built_db,
        "--read-only",
        "financing",
        "list",
        "--country",
        "Ecuador",
    )
    assert code == 0, err
    for expected in (
        "China Development Bank",
        "Export-Import Bank of China",
        "$120.0m",
        "2019",
        "https://china.aiddata.org/projects/39281",
        "AidData",
        "ODC-By 1.0",
    ):
        assert expected in out, expected


def test_uncertain_rows_wait_in_the_review_queue(built_db: str) -> None:
    with sqlite3.connect(built_db) as conn:
        rows = conn.execute(
            "select c.claim_status, c.edition_id is null, count(*) from financing f "
            "join claims c on c.id = f.claim_id where f.relevance = 'uncertain' group by 1, 2"
        ).fetchall()
        excluded = conn.execute(
            "select count(*) from financing where relevance = 'excluded'"
        ).fetchone()
    assert rows == [("candidate", 1, 11)] and excluded == (0,)


def test_every_claim_has_a_dated_source_or_says_why_not(built_db: str) -> None:
    with sqlite3.connect(built_db) as conn:
        by_edition = dict(
            conn.execute(
                "select coalesce(e.slug, 'none'), group_concat(distinct coalesce("
                "c.evidence_date, c.evidence_date_basis)) from claims c left join editions e "
                "on e.id = c.edition_id group by 1"
            ).fetchall()
        )
        spans = conn.execute(
            "select count(*), min(first_evidence_date), max(last_evidence_date) "
            "from deployments where first_evidence_date is not null"
        ).fetchone()
    assert by_edition["aigs-2022"] == "2022-03-09"
    assert by_edition["aigs-v1"] == "none: edition aigs-v1 states no date"
    assert by_edition["aiddata-gcdf3"] == by_edition["none"] == "2023-11-06"
    assert spans[0] > 0 and (spans[1], spans[2]) == ("2022-03-09", "2023-11-06")


def test_aiddata_claims_record_commitment_and_service_years(built_db: str) -> None:
    with sqlite3.connect(built_db) as conn:
        row = conn.execute(
            "select c.contract_year, c.in_service_year, c.evidence_date from claims c "
            "join financing f on f.claim_id = c.id where f.aiddata_record_id = 59548"
        ).fetchone()
    assert row == (2017, 2021, date(2023, 11, 6).isoformat())
