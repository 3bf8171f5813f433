"""Alembic runs migrations on the connection the plan opener hands it."""

from alembic import context

from smarket_planner.storage import model
from smarket_planner.storage.base import Base

assert model  # the tables register themselves on Base.metadata when imported

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
