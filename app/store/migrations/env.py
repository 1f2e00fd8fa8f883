"""Alembic environment: migrations run on the engine handed in by app.store.db."""

from alembic import context
from sqlmodel import SQLModel

import app.store.models  # noqa: F401  (registers the tables)

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,
    )
    context.run_migrations()
