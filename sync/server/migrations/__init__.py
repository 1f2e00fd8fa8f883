"""The backend's schema, migrated with Alembic: `create_schema` (sync/server/db.py) runs `upgrade head` whenever a
backend starts (on PostgreSQL under an advisory lock: workers starting together take turns). 0001 is the schema
the backend made before Alembic; a database from then is brought to it and stamped, then upgraded.

Adding a backend migration, when a table or column in sync/server/models.py changes:

1. Change the model.
2. Generate the migration against a database at head (an empty SQLite file will do; run from the repository)::

       .venv/bin/python -c "
       from alembic import command; from sync.server.db import alembic_config, create_schema, make_engine
       engine = make_engine('sqlite:////tmp/head.sqlite3'); create_schema(engine)
       with engine.connect() as conn:
           command.revision(alembic_config(conn), message='what it does', autogenerate=True, rev_id='0004')"

   The file lands in versions/; rename it `0004_<what>.py` (revision ids are numbered, as the register's are).
3. Read it and tidy it: autogenerate writes sqlmodel's types (use `sa.String(n)`, `sa.DateTime(timezone=True)`),
   may miss a server default or a partial index's condition, and cannot tell a rename from a drop and an add.
   Integers are 64-bit on PostgreSQL (`sa.BigInteger().with_variant(sa.Integer(), "sqlite")`), as in models.py.
   SQLite changes a table by rebuilding it: alter columns inside `op.batch_alter_table` (env.py turns foreign
   keys off meanwhile and checks them before the commit). A migration never imports the models (they move on);
   data it needs to change, it changes with SQL.
4. Test it on SQLite and PostgreSQL: tests/sync/test_backend_migrations.py upgrades a pre-Alembic database and
   compares the migrated schema with the models (`compare_metadata`: no difference may be left).
"""
