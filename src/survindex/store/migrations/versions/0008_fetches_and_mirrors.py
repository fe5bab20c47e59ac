"""fetches, mirrors, seen feed entries, and each document's MinHash signature

``fetches`` records every HTTP fetch (and every WARC response record read): the URL asked for,
where redirects ended, the status, when, the content type, the ETag and Last-Modified that make
the next fetch conditional, an archive link when there is one, and what the body became.
``mirrors`` holds other outlets' near-identical copies of a stored document, attached to its
source. ``seen_entries`` remembers the feed and sitemap entries `survindex watch` has handed to
ingest. ``documents.minhash`` keeps each text's MinHash signature, so that the near-duplicate
index is rebuilt from the database instead of from every text.

New tables and one ``ADD COLUMN``: no table is rebuilt, so the search triggers of migration 0006
stay in place on SQLite.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("minhash", sa.LargeBinary(), nullable=True))
    op.create_table(
        "fetches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("url_sha256", sa.String(length=64), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("archive_url", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_fetches_url_sha256"), "fetches", ["url_sha256"], unique=False)
    op.create_index(op.f("ix_fetches_source_id"), "fetches", ["source_id"], unique=False)
    op.create_table(
        "mirrors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("publisher", sa.String(length=300), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("text_sha256"),
    )
    op.create_index(op.f("ix_mirrors_source_id"), "mirrors", ["source_id"], unique=False)
    op.create_table(
        "seen_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("feed", sa.Text(), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("seen_entries")
    op.drop_index(op.f("ix_mirrors_source_id"), table_name="mirrors")
    op.drop_table("mirrors")
    op.drop_index(op.f("ix_fetches_source_id"), table_name="fetches")
    op.drop_index(op.f("ix_fetches_url_sha256"), table_name="fetches")
    op.drop_table("fetches")
    op.drop_column("documents", "minhash")  # SQLite 3.35+ drops it in place
