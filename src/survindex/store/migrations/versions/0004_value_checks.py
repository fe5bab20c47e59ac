"""claims: CHECK constraints keep impossible financing amounts, years and cities out

Reviewers' edits are checked in survindex.domain.validation; these constraints are the backstop
for anything that reaches the table another way. SQLite stores NaN as NULL and accepts
infinity in a REAL column, and ``amount = amount`` does not exclude infinity, so the amount is
held to a range, which excludes both. A CHECK cannot read the clock, so the year range here is
wider than the one reviewers get (1990 to five years ahead): 1900 to 2100 also admits the years
the extractor reads from text (1980 onwards).

A database that already holds such values (edits made before these checks existed) has them
cleared, and each clearing is recorded in the claim's review history, so no value disappears
without a trace.

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29
"""

import json
from datetime import UTC, datetime
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECKS = {
    "ck_claims_financing_amount_usd": (
        "financing_amount_usd",
        "financing_amount_usd IS NULL OR "
        "(financing_amount_usd >= 0 AND financing_amount_usd <= 1e13)",
    ),
    "ck_claims_financing_year": (
        "financing_year",
        "financing_year IS NULL OR (financing_year >= 1900 AND financing_year <= 2100)",
    ),
    "ck_claims_city_length": ("city", "city IS NULL OR length(city) <= 200"),
}
REVIEWER = "survindex migration 0004"


def _clear_values_that_break_the_checks() -> None:
    bind = op.get_bind()
    cleared: dict[int, dict[str, list[object]]] = {}
    for column, condition in CHECKS.values():
        rows = bind.execute(
            sa.text(f"SELECT id, {column} FROM claims WHERE NOT ({condition})")
        ).fetchall()
        for claim_id, value in rows:
            cleared.setdefault(claim_id, {})[column] = [str(value), None]
            bind.execute(
                sa.text(f"UPDATE claims SET {column} = NULL WHERE id = :id"),
                {"id": claim_id},
            )
    for claim_id, changes in cleared.items():
        bind.execute(
            sa.text(
                "INSERT INTO reviews (claim_id, reviewer, at, decision, reason, changes) "
                "VALUES (:claim_id, :reviewer, :at, 'edit', :reason, :changes)"
            ),
            {
                "claim_id": claim_id,
                "reviewer": REVIEWER,
                "at": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                "reason": "value outside what SurvIndex accepts (not finite, or out of range); "
                "cleared when the database learnt to refuse such values",
                "changes": json.dumps(changes, sort_keys=True),
            },
        )


def _recreate() -> Literal["always", "auto"]:
    """SQLite adds a CHECK only by rebuilding the table; PostgreSQL adds it in place (rebuilding
    there would drop the primary key that ``reviews`` and ``financing`` refer to)."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    _clear_values_that_break_the_checks()
    with op.batch_alter_table("claims", recreate=_recreate()) as batch:
        for name, (_column, condition) in CHECKS.items():
            batch.create_check_constraint(name, condition)


def downgrade() -> None:
    with op.batch_alter_table("claims", recreate=_recreate()) as batch:
        for name in CHECKS:
            batch.drop_constraint(name, type_="check")
