"""Reviewer edits are checked once, in the domain: finite amounts, plausible years, known values.

Before, `claims edit --set financing_amount_usd=1e999` stored infinity, `nan` stored NULL while
the history said "-inf -> nan", years -5 and 20255 were kept, 99999999999999999999 crashed the
web server, and refusals spoke of Python ("could not convert string to float").
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from survindex.interfaces.cli import app

AddCandidate = Callable[..., int]
runner = CliRunner()
NEXT_YEARS = date.today().year + 5


def edit(db: str, claim_id: int, assignment: str) -> Any:
    return runner.invoke(
        app,
        ["--db", db, "claims", "edit", str(claim_id), "--set", assignment, "--reason", "fix"],
        env={"SURVINDEX_REVIEWER": "ana"},
    )


def stored(db: str, claim_id: int) -> tuple[Any, ...]:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "select financing_type, financing_amount_usd, financing_year, city, "
            "financing_lender, status from claims where id = ?",
            (claim_id,),
        ).fetchone()
        reviews = conn.execute("select count(*) from reviews where claim_id = ?", (claim_id,))
        return (*row, reviews.fetchone()[0])


#: (assignment, words the one-line refusal must contain)
REFUSED = [
    ("financing_amount_usd=1e999", ["financing_amount_usd", "'1e999'", "from 0 to 1e+13"]),
    ("financing_amount_usd=inf", ["financing_amount_usd", "'inf'"]),
    ("financing_amount_usd=-inf", ["financing_amount_usd"]),
    ("financing_amount_usd=nan", ["financing_amount_usd", "'nan'"]),
    ("financing_amount_usd=-5", ["financing_amount_usd", "from 0"]),
    ("financing_amount_usd=120m", ["financing_amount_usd", "'120m'", "e.g. 120000000"]),
    ("financing_amount_usd=99999999999999999999", ["financing_amount_usd"]),
    ("financing_year=-5", ["financing_year", f"from 1990 to {NEXT_YEARS}"]),
    ("financing_year=20255", ["financing_year", f"from 1990 to {NEXT_YEARS}"]),
    ("financing_year=99999999999999999999", ["financing_year", "from 1990"]),
    ("financing_year=1850", ["financing_year"]),
    ("financing_year=2019.5", ["financing_year"]),
    (
        "financing_type=bogus",
        ["financing_type", "'bogus'", "loan, soft_loan, grant, commercial, vendor_financing"],
    ),
    ("status=maybe", ["status", "deployed, contracted, proposed"]),
    ("technology=drones", ["technology", "safe_city", "facial_recognition"]),
    ("city=" + "N" * 201, ["city", "at most 200 characters"]),
    ("financing_lender=" + "L" * 301, ["financing_lender", "at most 300 characters"]),
]


@pytest.mark.parametrize(("assignment", "words"), REFUSED, ids=[a[:40] for a, _ in REFUSED])
def test_bad_values_are_refused_in_one_line_and_nothing_changes(
    review_db: str, add_candidate: AddCandidate, assignment: str, words: list[str]
) -> None:
    claim_id = add_candidate()
    before = stored(review_db, claim_id)
    result = edit(review_db, claim_id, assignment)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: bad value for"), result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    for python_words in ("is not a valid", "could not convert", "invalid literal", "Traceback"):
        assert python_words not in result.output
    assert stored(review_db, claim_id) == before


def test_good_values_are_stored_as_numbers_and_history_is_json(
    review_db: str, add_candidate: AddCandidate
) -> None:
    claim_id = add_candidate()
    for assignment in (
        "financing_amount_usd=120000000",
        "financing_year=2019",
        "financing_type=loan",
        "city= Dodoma ",
    ):
        assert edit(review_db, claim_id, assignment).exit_code == 0
    financing_type, amount, year, city, _lender, _status, reviews = stored(review_db, claim_id)
    assert (financing_type, amount, year, city, reviews) == ("loan", 120000000.0, 2019, "Dodoma", 4)
    history = runner.invoke(
        app, ["--db", review_db, "claims", "history", str(claim_id), "--format", "json"]
    )
    changes = [record["changes"] for record in json.loads(history.stdout)]
    assert {"financing_amount_usd": [None, 120000000.0]} in changes
    assert "Infinity" not in history.stdout and "NaN" not in history.stdout


def test_an_overlong_reason_is_refused(review_db: str, add_candidate: AddCandidate) -> None:
    claim_id = add_candidate()
    result = runner.invoke(
        app,
        ["--db", review_db, "claims", "accept", str(claim_id), "--reason", "r" * 2001],
        env={"SURVINDEX_REVIEWER": "ana"},
    )
    assert result.exit_code == 1 and "reason" in result.stderr and "2000" in result.stderr
    assert stored(review_db, claim_id)[-1] == 0
