"""Every known defect of the Carnegie files is repaired or reported, never silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from survindex.ingest.carnegie import parse_carnegie
from survindex.ingest.carnegie_repairs import undo_regime_label_replacement


@pytest.fixture(scope="module")
def parsed_2022(workbook_2022: Path):  # type: ignore[no-untyped-def]
    return parse_carnegie(workbook_2022)


def test_corrupted_united_states_row_is_repaired_and_logged(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    usa = [c for c in parsed_2022.contexts if c.iso3 == "USA"]
    assert usa and usa[0].name_in_source.startswith("UnitElectoral")
    notes = [n for n in parsed_2022.notes if n.kind == "corrupted_text"]
    assert any("'United States of America'" in n.action for n in notes)
    assert any(c.country == "USA" and c.vendor_slug == "palantir" for c in parsed_2022.claims)


def test_south_korea_other_countries_cell_is_repaired(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    kor = next(c for c in parsed_2022.contexts if c.iso3 == "KOR")
    assert kor.other_supplier_countries == "South Korea, Sweden, Russia"


def test_misplaced_overflow_companies_are_never_attributed(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    vendors_of = {}
    for claim in parsed_2022.claims:
        if claim.vendor_slug:
            vendors_of.setdefault(claim.country, set()).add(claim.vendor_slug)
    # These sit on India's, Tajikistan's, Slovenia's and France's rows only through the defect.
    assert "sensetime" not in vendors_of["IND"]
    assert vendors_of["TJK"] == {"huawei"}
    assert "SVN" not in vendors_of
    assert "genetec" not in vendors_of["FRA"]
    overflow = [n for n in parsed_2022.notes if n.kind == "misplaced_overflow"]
    assert len(overflow) == 1 + 2 + 3 + 9 + 1 + 2  # the summary note and each overflow cell
    assert all("not attributed" in n.action or "no company" in n.action for n in overflow)


def test_overflow_in_the_earlier_csv_is_aligned_and_attributed(csv_v1: Path) -> None:
    parsed = parse_carnegie(csv_v1)
    usa = {c.vendor_slug for c in parsed.claims if c.country == "USA" and c.vendor_slug}
    assert {"infinova", "qognify", "anduril"} <= usa
    assert not [n for n in parsed.notes if n.kind == "misplaced_overflow"]
    chn = {c.vendor_slug for c in parsed.claims if c.country == "CHN" and c.vendor_slug}
    assert {"huawei", "zte", "megvii", "yixin", "ceiec"} <= chn


def test_vendor_misspellings_are_merged_and_logged(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    spelling = {n.message for n in parsed_2022.notes if n.kind == "vendor_spelling"}
    assert "'Hikvsion' is a misspelling of 'Hikvision'" in spelling
    assert "'iOmnicient' is a misspelling of 'iOmniscient'" in spelling
    are = {c.vendor_slug for c in parsed_2022.claims if c.country == "ARE"}
    assert "hikvision" in are


def test_paraguay_rank_is_flagged_and_dropped(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    pry = next(c for c in parsed_2022.contexts if c.iso3 == "PRY")
    assert pry.military_rank is None and pry.military_usd_millions == pytest.approx(386.556, 1e-3)
    assert any("Paraguay: rank 45" in n.message for n in parsed_2022.notes)


def test_multiple_vendor_placeholder_is_noted(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    assert sum(1 for n in parsed_2022.notes if n.kind == "placeholder") == 4


def test_label_reversal_leaves_clean_text_alone() -> None:
    assert undo_regime_label_replacement("Israel, Japan", "x") == ("Israel, Japan", None)


def test_misplaced_overflow_is_traced_to_its_likely_origin_in_the_earlier_edition(
    built_db: str,
) -> None:
    from survindex.store import repository as repo
    from survindex.store.database import Store

    with Store(built_db).read() as session:
        edition = repo.get_edition(session=session, slug="aigs-2022")
        assert edition is not None
        notes = repo.edition_notes(session=session, edition_id=edition.id)
    traced = {
        n.locator.split(";")[1]: n.message.rsplit(" of ", 1)[1]
        for n in notes
        if "overflow companies of" in n.message
    }
    # India's, Russia's, Tajikistan's, Slovenia's and France's rows hold the overflow of China,
    # Saudi Arabia, the United States, India and Australia in the earlier, correctly aligned CSV.
    assert traced == {
        "row=23": "CHN in aigs-v1",
        "row=37": "SAU in aigs-v1",
        "row=40": "USA in aigs-v1",
        "row=73": "IND in aigs-v1",
        "row=83": "AUS in aigs-v1",
    }


def test_africa_region_code_is_read_one_way_and_logged(parsed_2022) -> None:  # type: ignore[no-untyped-def]
    regions = {c.region for c in parsed_2022.contexts}
    assert "AFR" not in regions and "AF" in regions
    assert any("'AFR'" in n.message for n in parsed_2022.notes)
