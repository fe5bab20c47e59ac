"""financing and dates: lenders, financing records, and a date on every claim and deployment

Money: ``lenders`` (the lender registry) and ``financing`` (one row per financing commitment,
e.g. an AidData record, beside the claim it comes from, with the reviewer's decision and reason,
and optionally the deployment it pays for).

Time: each claim records the date of its source (``evidence_date``, with ``evidence_date_basis``
saying where it comes from) and, where the record states them, its contract or commitment year
and its in-service year; each deployment records the first and last evidence dates of its
claims. Existing rows are backfilled: a claim of Carnegie's 2022 edition takes the date of the
workbook (2022-03-09); any other claim takes its source's publication date where the source has
one. Carnegie's earlier edition gives no date (its PROVENANCE.md names none), so its claims stay
without one, and the basis says so rather than guessing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: A frozen copy of survindex.domain.vocab.EDITION_DATES as it stood when this was written:
#: a migration must give the same result whatever later code says.
EDITION_DATES = {"aigs-2022": date(2022, 3, 9)}
NO_DATE_V1 = "none: edition aigs-v1 states no date"


def _create_tables() -> None:
    op.create_table(
        "lenders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("state_owned", sa.Boolean(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug"),
    )
    op.create_table(
        "financing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("aiddata_record_id", sa.Integer(), nullable=True),
        sa.Column("lender_id", sa.Integer(), nullable=True),
        sa.Column("lender_name_in_source", sa.Text(), nullable=True),
        sa.Column("recipient", sa.String(length=3), nullable=False),
        sa.Column("flow_type", sa.String(length=30), nullable=True),
        sa.Column("flow_type_in_source", sa.Text(), nullable=True),
        sa.Column("amount_usd", sa.Float(), nullable=True),
        sa.Column("amount_usd_year", sa.Integer(), nullable=True),
        sa.Column("commitment_year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=True),
        sa.Column("umbrella", sa.Boolean(), nullable=True),
        sa.Column("recommended_for_aggregates", sa.Boolean(), nullable=True),
        sa.Column("parent_record_ids", sa.Text(), nullable=False),
        sa.Column("linked_record_ids", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("implementing_agencies", sa.Text(), nullable=True),
        sa.Column("contractors_in_source", sa.Text(), nullable=True),
        sa.Column("relevance", sa.String(length=20), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("provenance", sa.Text(), nullable=True),
        sa.Column("deployment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "amount_usd IS NULL OR (amount_usd >= 0 AND amount_usd <= 1e13)",
            name="ck_financing_amount_usd",
        ),
        sa.CheckConstraint(
            "commitment_year IS NULL OR (commitment_year >= 1900 AND commitment_year <= 2100)",
            name="ck_financing_commitment_year",
        ),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.ForeignKeyConstraint(["lender_id"], ["lenders.id"]),
        sa.ForeignKeyConstraint(["deployment_id"], ["deployments.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id"),
        sa.UniqueConstraint("aiddata_record_id"),
    )
    op.create_index("ix_financing_lender_id", "financing", ["lender_id"])
    op.create_index("ix_financing_recipient", "financing", ["recipient"])
    op.create_index("ix_financing_commitment_year", "financing", ["commitment_year"])
    op.create_index("ix_financing_relevance", "financing", ["relevance"])
    op.create_index("ix_financing_deployment_id", "financing", ["deployment_id"])


def _add_date_columns() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("evidence_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("evidence_date_basis", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("contract_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("in_service_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("deployments") as batch:
        batch.add_column(sa.Column("first_evidence_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_evidence_date", sa.Date(), nullable=True))


def _backfill_dates() -> None:
    bind = op.get_bind()
    editions: dict[str, int] = {
        str(slug): int(edition_id)
        for slug, edition_id in bind.execute(sa.text("SELECT slug, id FROM editions"))
    }
    for slug, day in EDITION_DATES.items():
        if slug in editions:
            bind.execute(
                sa.text(
                    "UPDATE claims SET evidence_date = :day, evidence_date_basis = :basis "
                    "WHERE edition_id = :edition"
                ),
                {"day": day, "basis": "edition date", "edition": editions[slug]},
            )
    bind.execute(
        sa.text(
            "UPDATE claims SET evidence_date = (SELECT published FROM sources "
            "WHERE sources.id = claims.source_id), evidence_date_basis = 'source published' "
            "WHERE evidence_date IS NULL AND (SELECT published FROM sources "
            "WHERE sources.id = claims.source_id) IS NOT NULL"
        )
    )
    if "aigs-v1" in editions:
        bind.execute(
            sa.text(
                "UPDATE claims SET evidence_date_basis = :basis "
                "WHERE evidence_date IS NULL AND edition_id = :edition"
            ),
            {"basis": NO_DATE_V1, "edition": editions["aigs-v1"]},
        )
    bind.execute(
        sa.text(
            "UPDATE deployments SET "
            "first_evidence_date = (SELECT min(evidence_date) FROM claims "
            "WHERE claims.deployment_id = deployments.id), "
            "last_evidence_date = (SELECT max(evidence_date) FROM claims "
            "WHERE claims.deployment_id = deployments.id)"
        )
    )


def upgrade() -> None:
    _create_tables()
    _add_date_columns()
    _backfill_dates()


def downgrade() -> None:
    with op.batch_alter_table("deployments") as batch:
        batch.drop_column("last_evidence_date")
        batch.drop_column("first_evidence_date")
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("in_service_year")
        batch.drop_column("contract_year")
        batch.drop_column("evidence_date_basis")
        batch.drop_column("evidence_date")
    op.drop_table("financing")
    op.drop_table("lenders")
