"""The value checks: pure functions in the domain, CHECK constraints behind them in the database."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy.exc import IntegrityError

from survindex.domain.validation import (
    InvalidValue,
    check_amount_usd,
    check_choice,
    check_text,
    check_year,
)
from survindex.domain.vocab import FinancingType
from survindex.store.database import Store


@pytest.mark.parametrize(
    "value", ["1e999", "inf", "-inf", "nan", math.inf, math.nan, -1, "1e14", "120m", "", True, None]
)
def test_amounts_must_be_finite_and_in_range(value: object) -> None:
    with pytest.raises(InvalidValue) as refused:
        check_amount_usd(value)
    assert str(refused.value).startswith("financing_amount_usd: ")
    assert "from 0 to 1e+13" in str(refused.value)


def test_amounts_accepted() -> None:
    assert check_amount_usd(" 30000000 ") == 3e7
    assert check_amount_usd(0) == 0.0
    assert check_amount_usd(1e13) == 1e13


@pytest.mark.parametrize("value", [-5, 1989, 20255, "99999999999999999999", "2019.5", 2019.5, True])
def test_years_must_be_whole_and_plausible(value: object) -> None:
    with pytest.raises(InvalidValue, match="give a year from 1990 to 2031"):
        check_year(value, today=date(2026, 11, 29))


def test_years_accepted() -> None:
    assert check_year("2031", today=date(2026, 11, 29)) == 2031
    assert check_year(1990.0) == 1990


def test_choices_list_what_is_allowed() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_choice("bogus", FinancingType, "financing_type")
    allowed = ", ".join(kind.value for kind in FinancingType)
    assert allowed.startswith("loan, soft_loan, grant, commercial, vendor_financing")
    assert str(refused.value) == f"financing_type: 'bogus' is not allowed; use one of {allowed}"


def test_text_is_capped_and_single_line() -> None:
    assert check_text(" Nairobi ", "city") == "Nairobi"
    with pytest.raises(InvalidValue, match="at most 200 characters"):
        check_text("x" * 201, "city")
    with pytest.raises(InvalidValue, match="U\\+0000"):
        check_text("Nai\x00robi", "city")
    assert check_text("two\nlines", "reason") == "two\nlines"


def _claim_id(store: Store) -> int:
    with sqlite3.connect(str(store.path)) as conn:
        conn.execute(
            "insert into sources(id, key, kind, producer, title) values (1, 'k', 'd', 'p', 't')"
        )
        conn.execute(
            "insert into claims(id, source_id, country, status, confidence, claim_status, "
            "created_at) values (1, 1, 'KEN', 'deployed', 0.9, 'candidate', '2026-01-01')"
        )
    return 1


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("financing_amount_usd", math.inf),
        ("financing_amount_usd", -math.inf),
        ("financing_amount_usd", -1.0),
        ("financing_amount_usd", 2e13),
        ("financing_year", 20255),
        ("financing_year", -5),
        ("city", "N" * 201),
    ],
)
def test_the_database_refuses_what_slips_past(
    fresh_store: Store, column: str, value: object
) -> None:
    claim_id = _claim_id(fresh_store)
    with sqlite3.connect(str(fresh_store.path)) as conn, pytest.raises(sqlite3.IntegrityError):
        conn.execute(f"update claims set {column} = ? where id = ?", (value, claim_id))
    with pytest.raises(IntegrityError), fresh_store.transaction() as session:
        from survindex.store.schema import ClaimRow

        row = session.get(ClaimRow, claim_id)
        assert row is not None
        setattr(row, column, value)


def test_upgrading_clears_stored_bad_values_and_records_it(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "old.db"))
    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("survindex.store").joinpath("migrations"))
    )
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    with sqlite3.connect(str(store.path)) as conn:
        conn.execute(
            "insert into sources(id, key, kind, producer, title) values (1, 'k', 'd', 'p', 't')"
        )
        rows = [(1, math.inf, 2019), (2, 5.0, 20255), (3, 7.0, 2019)]
        for claim_id, amount, year in rows:
            conn.execute(
                "insert into claims(id, source_id, country, status, financing_amount_usd, "
                "financing_year, confidence, claim_status, created_at) "
                "values (?, 1, 'KEN', 'deployed', ?, ?, 0.9, 'candidate', '2026-01-01')",
                (claim_id, amount, year),
            )
            conn.execute(
                "insert into reviews(claim_id, reviewer, at, decision, reason, changes) "
                "values (?, 'ana', '2026-01-01', 'edit', 'typo', '{}')",
                (claim_id,),
            )
    store.migrate()
    with sqlite3.connect(str(store.path)) as conn:
        assert conn.execute(
            "select id, financing_amount_usd, financing_year from claims order by id"
        ).fetchall() == [(1, None, 2019), (2, 5.0, None), (3, 7.0, 2019)]
        cleared = conn.execute(
            "select claim_id, changes from reviews where reviewer like 'survindex migration%' "
            "order by claim_id"
        ).fetchall()
        assert conn.execute("pragma foreign_key_check").fetchall() == []
        assert conn.execute("select count(*) from reviews").fetchone()[0] == 5
    assert [(c, json.loads(changes)) for c, changes in cleared] == [
        (1, {"financing_amount_usd": ["inf", None]}),
        (2, {"financing_year": ["20255", None]}),
    ]
