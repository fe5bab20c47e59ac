"""A country's timeline: claims by evidence year, editions at their dates, money by commitment
year, undated evidence apart; and Ecuador's, read from the built index."""

from __future__ import annotations

from datetime import date

import pytest

from analysis.country_pages import claim, dated, page, record
from survindex.analysis import views
from survindex.analysis.timeline import (
    EDITION_NO_DATE,
    claim_dates,
    country_timeline,
    timeline_of,
)
from survindex.store.database import Store


def test_claims_editions_and_money_fall_in_their_years() -> None:
    p = page(
        claims=[claim(1, "aigs-2022"), claim(2, "aigs-2022"), claim(3, "aigs-v1"), claim(4, None)],
        records=[record(10, 2015, 17.5), record(11, 2015, 2.5), record(12, 2019, None)],
        editions=["aigs-v1", "aigs-2022", "live"],
    )
    dates = {
        1: dated(1, date(2022, 3, 9), "edition date"),
        2: dated(2, date(2022, 3, 9), "edition date"),
        3: dated(3, None, "none: edition aigs-v1 states no date"),
        4: dated(4, date(2024, 1, 5), "source published"),
    }
    t = country_timeline(p, dates)
    assert (t.first_year, t.last_year) == (2015, 2024)
    assert [y.year for y in t.years] == list(range(2015, 2025))  # no gaps
    by_year = {y.year: y for y in t.years}
    assert by_year[2022].claims == 2 and by_year[2022].editions == ["aigs-2022"]
    assert by_year[2024].claims == 1
    assert by_year[2015].records == 2 and by_year[2015].amount_usd == 20.0
    assert by_year[2019].records == 1 and by_year[2019].amount_usd == 0.0
    assert by_year[2017].empty
    # Undated: aigs-v1 and its claim, with the store's reason; `live` is no dated edition.
    assert t.undated.claims == 1 and t.undated.editions == ["aigs-v1"]
    assert t.undated_reasons == ["none: edition aigs-v1 states no date"]
    assert [e.slug for e in t.editions] == ["aigs-2022", "aigs-v1"]
    assert t.editions[1].basis == EDITION_NO_DATE
    assert (t.most_claims, t.most_records) == (2, 2)


def test_the_amounts_add_up_to_the_pages_total() -> None:
    records = [
        record(1, 2012, 100.0),
        record(2, 2012, 50.0, in_amount=False),  # an umbrella: left out of the total
        record(3, None, 7.0),
        record(4, 2016, 3.0, counted=False, in_amount=False),
    ]
    t = country_timeline(page([], records, []), {})
    columns = [*t.years, t.undated]
    assert sum(c.amount_usd for c in columns) == pytest.approx(107.0)
    assert sum(c.records + c.other_records for c in columns) == len(records)
    by_year = {y.year: y for y in t.years}
    assert by_year[2016].other_records == 1 and by_year[2016].records == 0
    assert t.undated.records == 1 and t.undated.amount_usd == 7.0


def test_an_edition_without_a_fixed_date_takes_its_newest_evidence() -> None:
    p = page(
        claims=[claim(1, "aiddata-gcdf3"), claim(2, "aiddata-gcdf3")],
        records=[],
        editions=["aiddata-gcdf3"],
    )
    dates = {1: dated(1, date(2021, 9, 1)), 2: dated(2, date(2023, 11, 6))}
    t = country_timeline(p, dates)
    assert [(e.slug, e.date, e.basis) for e in t.editions] == [
        ("aiddata-gcdf3", date(2023, 11, 6), "newest evidence")
    ]
    assert {y.year: y.editions for y in t.years if y.editions} == {2023: ["aiddata-gcdf3"]}


def test_candidates_are_kept_apart_and_a_claim_without_a_known_date_is_undated() -> None:
    p = page(claims=[claim(1, None, "candidate"), claim(2, None)], records=[], editions=[])
    t = country_timeline(p, {1: dated(1, date(2020, 5, 1))})
    assert t.years[0].year == 2020
    assert (t.years[0].claims, t.years[0].other_claims) == (0, 1)
    assert t.undated.claims == 1 and t.undated_reasons == ["none: no date recorded"]


def test_nothing_to_show() -> None:
    t = country_timeline(page([], [], []), {})
    assert t.years == [] and t.undated.empty and t.first_year is None
    assert (t.most_claims, t.most_records) == (0, 0)


def test_ecuador_in_the_built_index(built_db: str) -> None:
    """Carnegie 2022 claims in 2022, aigs-v1 undated, AidData records by commitment year."""
    store = Store(built_db)
    with store.read() as session:
        p = views.country_page(session=session, name="ECU")
        t = timeline_of(session=session, page=p)
        dates = claim_dates(session=session, claim_ids=[c.id for c in p.claims])
    by_year = {y.year: y for y in t.years}
    in_2022 = [c for c in p.claims if c.edition == "aigs-2022"]
    assert in_2022 and by_year[2022].claims >= len(in_2022)
    assert "aigs-2022" in by_year[2022].editions
    assert "aigs-v1" in t.undated.editions
    assert t.undated.claims == sum(1 for c in p.claims if dates[c.id].evidence_date is None)
    years = {r.commitment_year for r in p.money.records}
    assert years and {y.year for y in t.years if y.records + y.other_records} == years - {None}
    total = sum(c.amount_usd for c in [*t.years, t.undated])
    assert total == pytest.approx(p.money.amount_usd, abs=0.05)
