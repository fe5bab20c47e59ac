"""Alembic environment: runs on the connection handed over by survindex.store.database.migrate."""

from alembic import context

from survindex.store.schema import Base

connection = context.config.attributes.get("connection")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
