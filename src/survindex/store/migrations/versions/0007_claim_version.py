"""claims.version: optimistic locking, so two reviewers writing the same claim lose no update

Every claim starts at version 1; each UPDATE through the ORM (survindex.store.schema.ClaimRow's
``version_id_col``) requires the version it read and adds one. Of two reviewers who read a
claim and then both decide it, the second's UPDATE matches no row, and the review workflow says
"changed by someone else: reload the claim (now version N)" instead of overwriting the first.

A plain ``ADD COLUMN`` (and ``DROP COLUMN`` to go back) on both SQLite and PostgreSQL: the table
is not rebuilt, so the search triggers of migration 0006 stay in place.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "claims",
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
    )


def downgrade() -> None:
    op.drop_column("claims", "version")  # SQLite 3.35+ drops it in place, triggers and all
