"""vendor candidates: suppliers named by ingested texts that no registry knows

``vendor_candidates`` holds one row per such name (casefolded ``key``, unique): the name as first
written, its home country when a text gave it, and the reviewers' decision (``new`` until one is
taken; ``confirmed``: a new vendor; ``merged``: an alias of a known vendor; ``rejected``), who
took it, when and why, and the vendor it became or joined. The claims themselves are unchanged:
they keep the name in ``vendor_name_in_source`` with ``vendor_id`` NULL until linked.

A new table only: ``claims`` is not rebuilt, so the search triggers of migration 0006 stay in
place on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vendor_candidates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("home_country", sa.String(length=3), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('new', 'confirmed', 'merged', 'rejected')",
            name="ck_vendor_candidates_status",
        ),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendors.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("vendor_candidates")
