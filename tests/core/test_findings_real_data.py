"""Findings on the real Carnegie files, checked against figures computed here straight from them."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from survindex.analysis.editions import findings_for
from survindex.store.database import Store

TECH_COLUMNS = {
    "technology.safe_city": "Safe City System",
    "technology.facial_recognition": "Facial Recognition System",
    "technology.smart_policing": "Smart Policing",
    "technology.social_media_surveillance": "Social Media Surveillance",
}


def _findings(db: str, edition: str) -> dict[str, object]:
    with Store(db).read() as session:
        return {f.id: f for f in findings_for(session=session, slug=edition)}


def _sheet_rows(path: Path, sheet: str) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(wb[sheet].iter_rows(values_only=True))
    header = [str(h) if h is not None else f"_overflow{i}" for i, h in enumerate(rows[0])]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if r[0]]


def test_2022_headline_figures_are_the_published_ones(built_db: str) -> None:
    f = _findings(built_db, "aigs-2022")
    assert (f["countries.using_any"].value, f["countries.using_any"].denominator) == (97, 179)
    assert f["countries.total"].value == 179
    assert f["technology.safe_city"].value == 64
    assert f["technology.facial_recognition"].value == 78
    assert f["technology.smart_policing"].value == 69
    assert f["technology.social_media_surveillance"].value == 38
    for fid in ("countries.using_any", *TECH_COLUMNS):
        assert f[fid].value == f[fid].published


def test_2022_findings_match_an_independent_count_of_the_workbook(
    built_db: str, workbook_2022: Path
) -> None:
    rows = _sheet_rows(workbook_2022, "AIGS 2022")
    f = _findings(built_db, "aigs-2022")
    for fid, column in TECH_COLUMNS.items():
        assert f[fid].value == sum(1 for r in rows if r[column] == "x")
    assert f["supplier_country.CHN"].value == sum(1 for r in rows if r["China Tech"] == 1)
    assert f["supplier_country.USA"].value == sum(1 for r in rows if r["US Tech"] == 1)
    assert f["supplier_country.CHN.bri"].value == sum(
        1 for r in rows if r["China Tech"] == 1 and r["Member of Belt & Road Initiative"] == "x"
    )
    universe = _sheet_rows(workbook_2022, "Digital Repression Inde + V-Dem")
    assert f["countries.using_any"].countries == tuple(sorted(f["countries.using_any"].countries))
    for regime in ("CA", "EA", "ED", "LD"):
        of_type = [r for r in universe if r["v2x_regime"] == regime]
        users = [r for r in of_type if r["AIGS?"] == "x"]
        finding = f[f"regime.{regime}"]
        assert (finding.numerator, finding.denominator) == (len(users), len(of_type))
        assert finding.value == pytest.approx(len(users) / len(of_type), abs=1e-4)


def test_huawei_count_follows_company_columns_without_overflow(
    built_db: str, workbook_2022: Path
) -> None:
    rows = _sheet_rows(workbook_2022, "AIGS 2022")
    named = [
        r
        for r in rows
        if any(r[f"Company {i}"] and "Huawei" in str(r[f"Company {i}"]) for i in range(1, 6))
    ]
    assert _findings(built_db, "aigs-2022")["vendor.huawei"].value == len(named)


def test_v1_findings_from_the_csv(built_db: str, csv_v1: Path) -> None:
    with csv_v1.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    f = _findings(built_db, "aigs-v1")
    assert f["countries.using_any"].value == 77
    assert f["countries.using_any"].denominator is None  # the CSV defines no universe
    for fid, column in TECH_COLUMNS.items():
        assert f[fid].value == sum(1 for r in rows if r[column] == "x")
    assert f["supplier_country.CHN"].value == sum(1 for r in rows if r["China Tech?"] == "1")
    assert f["regime.LD"].value is None


def test_live_is_the_union_of_accepted_claims(built_db: str) -> None:
    live = _findings(built_db, "live")
    v1, v2022 = _findings(built_db, "aigs-v1"), _findings(built_db, "aigs-2022")
    aiddata = _findings(built_db, "aiddata-gcdf3")  # financed deployments count toward use too
    union = set(v1["countries.using_any"].countries) | set(v2022["countries.using_any"].countries)
    union |= set(aiddata["countries.using_any"].countries)
    assert set(live["countries.using_any"].countries) == union


def test_figures_only_edition_reports_the_2019_paper(built_db: str) -> None:
    f = _findings(built_db, "aigs-2019")
    assert f["countries.using_any"].published == 75
    assert f["vendor.huawei"].published == 50
    # a figures-only edition shows its published figures as its values, with no counts behind
    assert f["countries.using_any"].value == 75
    assert f["countries.using_any"].numerator is None
    assert f["countries.using_any"].countries == ()
    assert f["vendor.huawei"].label == "Countries where Huawei is named as a supplier"


def test_military_top50_leaves_out_the_implausible_paraguay_rank(built_db: str) -> None:
    f = _findings(built_db, "aigs-2022")["military.top50"]
    assert "PRY" not in f.countries
    assert f.denominator == 50
    assert f.value == len(f.countries)
