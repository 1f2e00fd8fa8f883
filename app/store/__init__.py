"""The local replica: SQLModel tables on SQLite, migrated by Alembic."""
