"""Alembic environment of the backend: migrations run on the connection sync.server.db hands in (`create_schema`,
which holds PostgreSQL's advisory lock on a connection of its own), all of them in one transaction.

SQLite rebuilds a table to change it (batch mode), which foreign keys would forbid; so there migrations run with
them off, and `foreign_key_check` must come back clean before the migration commits.
"""

from alembic import context

from sync.server.models import ServerModel

connection = context.config.attributes["connection"]
sqlite = connection.dialect.name == "sqlite"


def _foreign_keys(on: bool) -> None:
    """Outside a transaction (SQLite ignores the pragma inside one); the backend's engine begins every
    transaction itself, so this goes to the driver's connection directly."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


if sqlite:
    _foreign_keys(False)
try:
    with connection.begin():
        context.configure(connection=connection, target_metadata=ServerModel.metadata, render_as_batch=sqlite)
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration left broken references: {broken[:5]}")
finally:
    if sqlite:
        _foreign_keys(True)
