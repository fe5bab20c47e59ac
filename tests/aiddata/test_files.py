"""Reading GCDF 3.0 in both shapes, and refusing what is not GCDF 3.0 in one line."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from survindex.ingest.aiddata_files import (
    AidDataFormatError,
    amount,
    day,
    header_key,
    read_gcdf,
    record_ids,
    whole_number,
    yes_no,
)
from survindex.reference.aiddata import GEOLOCATED_TABLE, bundled_aiddata

from .samples import WORKBOOK_HEADER, write_geolocated, write_workbook


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_read_alike_however_written(n: int) -> None:
    assert whole_number(n) == whole_number(float(n)) == whole_number(f"{n}") == n
    assert whole_number(f" {n}.0 ") == n


@given(st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: not x.is_integer()))
def test_a_fraction_is_not_a_year(x: float) -> None:
    with pytest.raises(ValueError):
        whole_number(x)


@given(st.floats(min_value=0, max_value=1e13, allow_nan=False))
def test_amounts_round_trip_through_text(x: float) -> None:
    assert amount(repr(x)) == amount(x) == x


@given(st.floats(max_value=-1e-9) | st.just(math.inf) | st.just(-math.inf))
def test_negative_or_infinite_amounts_are_refused(x: float) -> None:
    with pytest.raises(ValueError):
        amount(x)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_both_date_spellings_read_the_same_day(d: date) -> None:
    assert day(d.isoformat()) == day(d.strftime("%m/%d/%Y")) == day(d) == d


@given(st.sampled_from(WORKBOOK_HEADER), st.sampled_from([" ", ".", "  "]))
def test_headers_meet_across_dots_spaces_and_case(name: str, sep: str) -> None:
    r_style = sep.join(name.split(" "))
    assert header_key(r_style.upper()) == header_key(name)


@given(st.lists(st.integers(min_value=1, max_value=10**6), max_size=5))
def test_parent_ids_read_from_any_separator(ids: list[int]) -> None:
    for sep in ("|", ", ", ";"):
        assert record_ids(sep.join(map(str, ids))) == tuple(ids)


def test_yes_no_and_blank() -> None:
    assert (yes_no("Yes"), yes_no("no"), yes_no(""), yes_no(None)) == (True, False, None, None)
    with pytest.raises(ValueError):
        yes_no("perhaps")


def test_the_workbook_shape_reads_description_flow_and_agencies(tmp_path: Path) -> None:
    table = read_gcdf(write_workbook(tmp_path / "GCDF_3.0.xlsx"))
    assert table.shape == "workbook" and len(table.records) == 5
    kenya = table.records[900001]
    assert kenya.recipient_iso3 == "KEN" and kenya.commitment_year == 2015
    assert kenya.flow_type == "Loan" and "CCTV" in (kenya.description or "")
    assert kenya.funding_agencies == "Export-Import Bank of China (China Eximbank)"
    assert kenya.implementing_agencies == "Ministry of Interior"
    assert kenya.completion_date == date(2017, 6, 30) and kenya.umbrella is False
    assert table.records[900004].parent_ids == (900009,)


def test_the_geolocated_shape_reads_without_those_columns(tmp_path: Path) -> None:
    table = read_gcdf(write_geolocated(tmp_path / "geo.csv"))
    assert table.shape == "table"
    kenya = table.records[900001]
    assert (kenya.completion_year, kenya.amount_usd, kenya.description) == (2017, 55e6, None)


def test_the_bundled_geolocated_table_reads_whole() -> None:
    table = read_gcdf(bundled_aiddata(GEOLOCATED_TABLE))
    assert len(table.records) == 9404
    assert table.records[59548].recipient_iso3 == "DJI"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x00\x01binary", "neither an .xlsx workbook nor a CSV"),
        (b"\xff\xfe\xfa not text", "nor UTF-8 CSV text"),
        (b"a,b,c\n1,2,3\n", "lacks column(s) AidData Record ID, Title, Recipient ISO-3"),
        (b"PK\x03\x04junk", "truncated or corrupt workbook"),
    ],
)
def test_bad_files_fail_in_one_line(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(AidDataFormatError) as raised:
        read_gcdf(path)
    assert problem in str(raised.value)
    assert str(raised.value).startswith(str(path)) and "\n" not in str(raised.value)


def test_a_workbook_needs_its_sheet_and_its_columns(tmp_path: Path) -> None:
    with pytest.raises(AidDataFormatError, match="no sheet 'GCDF_3.0'"):
        read_gcdf(write_workbook(tmp_path / "a.xlsx", sheet="Sheet2"))
    header = tuple(h for h in WORKBOOK_HEADER if h not in ("Description", "Flow Type"))
    with pytest.raises(AidDataFormatError, match="lacks column.*Description, Flow Type"):
        read_gcdf(write_workbook(tmp_path / "b.xlsx", header=header))


def test_a_header_without_records_and_repeated_records_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AidDataFormatError, match="a header but no records"):
        read_gcdf(write_geolocated(tmp_path / "none.csv", records=()))
    from .samples import RECORDS

    twice = write_geolocated(tmp_path / "twice.csv", records=(RECORDS[0], RECORDS[0]))
    with pytest.raises(AidDataFormatError, match="row 3: record 900001 again"):
        read_gcdf(twice)


def test_a_bad_cell_names_its_row_and_column(tmp_path: Path) -> None:
    from .samples import RECORDS

    broken = (RECORDS[0][:3] + ("twenty-fifteen",) + RECORDS[0][4:],)
    with pytest.raises(AidDataFormatError, match="row 2, column 'Commitment Year'"):
        read_gcdf(write_workbook(tmp_path / "c.xlsx", records=broken))


def test_a_directory_or_a_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(AidDataFormatError, match="is a directory"):
        read_gcdf(tmp_path)
    with pytest.raises(AidDataFormatError, match="cannot read file"):
        read_gcdf(tmp_path / "missing.csv")
