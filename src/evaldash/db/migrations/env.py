"""Alembic environment: always run with a connection handed over by evaldash.db.migrate."""

from alembic import context

from evaldash.db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    compare_type=True,
    render_as_batch=False,
)
with context.begin_transaction():
    context.run_migrations()
