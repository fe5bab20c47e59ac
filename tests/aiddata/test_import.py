"""`survindex import aiddata`: reviewed records become claims with financing records, once."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from core.cli_run import dump_digest, run_main
from survindex.build import load_reference
from survindex.domain import ClaimStatus, Relevance
from survindex.ingest.aiddata_files import AidDataFormatError
from survindex.ingest.aiddata_import import import_aiddata
from survindex.ingest.aiddata_review import ReviewTable, read_review
from survindex.reference.aiddata import GEOLOCATED_TABLE, bundled_aiddata
from survindex.review.workflow import accept_claim
from survindex.store.database import Store
from survindex.store.financing import financing_records
from survindex.store.schema import ClaimRow, EditionRow, FinancingRow, SourceRow

from .samples import write_geolocated, write_review, write_workbook


@pytest.fixture()
def review(tmp_path: Path) -> ReviewTable:
    return read_review(write_review(tmp_path / "review.csv"))


@pytest.fixture()
def store(fresh_store: Store) -> Store:
    load_reference(fresh_store)
    return fresh_store


def _claim(store: Store, record_id: int) -> tuple[ClaimRow, FinancingRow, SourceRow]:
    with store.read() as session:
        financing = session.scalar(
            select(FinancingRow).where(FinancingRow.aiddata_record_id == record_id)
        )
        assert financing is not None
        claim = session.get(ClaimRow, financing.claim_id)
        assert claim is not None
        source = session.get(SourceRow, claim.source_id)
        assert source is not None
        return claim, financing, source


def test_kept_records_are_accepted_uncertain_ones_queued_excluded_ones_dropped(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    result = import_aiddata(store=store, path=write_workbook(tmp_path / "g.xlsx"), review=review)
    assert (result.accepted, result.borderline, result.candidates, result.excluded) == (2, 1, 1, 1)
    with store.read() as session:
        stored = {f.aiddata_record_id for f in session.scalars(select(FinancingRow))}
        edition = session.scalar(select(EditionRow).where(EditionRow.slug == "aiddata-gcdf3"))
    assert stored == {900001, 900002, 900004}  # 900003 excluded, 900005 never reviewed
    assert edition is not None and edition.kind == "dataset"

    claim, financing, source = _claim(store, 900001)
    assert (claim.country, claim.technology, claim.status) == ("KEN", "safe_city", "deployed")
    assert (claim.claim_status, claim.edition_id) == ("accepted", edition.id)
    assert (claim.financing_type, claim.financing_lender) == (
        "soft_loan",
        "Export-Import Bank of China",
    )
    assert (claim.financing_amount_usd, claim.financing_year) == (55e6, 2015)
    assert claim.locator == "record=900001" and claim.quote and "Safe City" in claim.quote
    assert (claim.evidence_date, claim.contract_year, claim.in_service_year) == (
        date(2023, 11, 6),
        2015,
        2017,
    )
    assert source.licence == "ODC-By 1.0" and "Custer" in (source.citation or "")
    assert (financing.relevance, financing.decision) == ("core", "kept (core)")
    assert financing.reason == "surveillance / public-security technology"
    assert (financing.amount_usd_year, financing.flow_type_in_source) == (2021, "Loan")
    assert "CCTV" in (financing.description or "")

    border, border_financing, _ = _claim(store, 900004)
    assert (border.technology, border.status, border.claim_status) == (
        None,
        "contracted",
        "accepted",
    )
    assert (border_financing.relevance, border_financing.parent_record_ids) == (
        "borderline",
        "900009",
    )

    queued, queued_financing, _ = _claim(store, 900002)
    assert (queued.claim_status, queued.edition_id, queued_financing.relevance) == (
        "candidate",
        None,
        "uncertain",
    )


def test_the_vendor_named_by_the_reviewer_is_linked(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    import_aiddata(store=store, path=write_workbook(tmp_path / "g.xlsx"), review=review)
    with store.read() as session:
        kenya = financing_records(session=session, recipient="KEN")
    assert [(r.vendor_slug, r.url) for r in kenya] == [
        ("huawei", "https://china.aiddata.org/projects/900001")
    ]


def test_a_reviewer_accepting_a_candidate_makes_its_financing_record_count(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    import_aiddata(store=store, path=write_workbook(tmp_path / "g.xlsx"), review=review)
    claim, _, _ = _claim(store, 900002)
    with store.read() as session:
        assert [r.accepted for r in financing_records(session=session, recipient="ECU")] == [False]
    with store.transaction() as session:
        accept_claim(session=session, claim_id=claim.id, reviewer="ana", reason="radios, read")
    with store.read() as session:
        (record,) = financing_records(session=session, recipient="ECU")
    assert record.accepted and record.claim_status is ClaimStatus.ACCEPTED
    assert record.relevance is Relevance.UNCERTAIN  # the 219-record review's word stays


def test_importing_the_same_file_twice_changes_nothing(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "g.xlsx")
    import_aiddata(store=store, path=path, review=review)
    assert store.path is not None
    before = dump_digest(store.path)
    again = import_aiddata(store=store, path=path, review=review)
    assert not again.created and again.claims == 0
    assert dump_digest(store.path) == before


def test_a_richer_file_fills_gaps_and_adds_no_copies(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    first = import_aiddata(store=store, path=write_geolocated(tmp_path / "g.csv"), review=review)
    assert first.claims == 3
    _, financing, _ = _claim(store, 900001)
    assert financing.description is None
    second = import_aiddata(store=store, path=write_workbook(tmp_path / "g.xlsx"), review=review)
    assert (second.created, second.claims, second.already_present) == (True, 0, 3)
    assert second.enriched == 3
    _, financing, _ = _claim(store, 900001)
    assert "CCTV" in (financing.description or "")
    with store.read() as session:
        assert len(list(session.scalars(select(FinancingRow)))) == 3


def test_bad_input_leaves_the_database_unchanged(
    store: Store, review: ReviewTable, tmp_path: Path
) -> None:
    import_aiddata(store=store, path=write_geolocated(tmp_path / "g.csv"), review=review)
    assert store.path is not None
    before = dump_digest(store.path)
    broken = tmp_path / "broken.csv"
    text = (tmp_path / "g.csv").read_text().replace("900005", "nine hundred thousand five")
    broken.write_text(text)
    with pytest.raises(AidDataFormatError, match="row 6, column 'AidData Record ID'"):
        import_aiddata(store=store, path=broken, review=review)
    assert dump_digest(store.path) == before


def test_the_command_imports_once_and_refuses_bad_files_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cli.db"
    table = str(bundled_aiddata(GEOLOCATED_TABLE))
    code, out, err = run_main(monkeypatch, capsys, "--db", str(db), "import", "aiddata", table)
    assert code == 0, err
    # The geolocated table holds 45 of the 50 kept records and all 11 uncertain ones.
    assert "imported aiddata-gcdf3: 45 accepted claims (9 borderline), 11 candidates" in out
    code, out, _ = run_main(monkeypatch, capsys, "--db", str(db), "import", "aiddata", table)
    assert code == 0 and "nothing changed" in out
    before = dump_digest(db)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    code, out, err = run_main(monkeypatch, capsys, "--db", str(db), "import", "aiddata", str(empty))
    assert code == 1 and err.strip() == f"error: {empty}: empty file"
    assert dump_digest(db) == before
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from financing").fetchone() == (56,)
