"""Alembic environment: migrations run on the engine handed in by app.store.db.

SQLite rebuilds a table to change it, which foreign keys would forbid; so
migrations run with them off, and `foreign_key_check` must come back clean
before the migration commits.
"""

from alembic import context
from sqlmodel import SQLModel

import app.store.models  # noqa: F401  (registers the tables)

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
    connection.commit()
    try:
        with connection.begin():
            context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True)
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken references: {broken[:5]}")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
