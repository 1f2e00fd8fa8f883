"""The backend's database: SQLite by default, PostgreSQL for a chain (a connection URL)."""

from __future__ import annotations

import json
import logging
import threading
import weakref
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BASELINE = "0001"  # the schema the backend made before Alembic (migrations/versions/0001_baseline.py)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(conn, _rec):
            conn.isolation_level = None  # transactions are begun below, not by the driver
            cur = conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            # Take the write lock at the start: a transaction that read first and wrote later
            # would fail when another request committed in between (a stale WAL snapshot).
            # SQLite serves the demo and tests; a chain runs PostgreSQL.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        engine = create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    return engine


#: PostgreSQL error classes that say nothing about the request: transaction rollback (a deadlock, a
#: serialization failure), connection exceptions, an administrator's shutdown, a lock not available.
_TRANSIENT_PG = ("40", "08", "57P", "55P03")


def is_transient(exc: BaseException) -> bool:
    """A database error that says nothing about the request: the request is answered 503 and sent again,
    never rejected for good. A deterministic error (a statement timeout, a schema error) is not one."""
    if isinstance(exc, DisconnectionError) or (isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return True
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code is not None:
        return code.startswith(_TRANSIENT_PG)
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)  # SQLite


def alembic_config(connection: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def create_schema(engine: Engine) -> None:
    """Bring the database to the current schema (Alembic, sync/server/migrations): an empty one is created, one of
    an earlier version upgraded in place, also one made before Alembic. Backends starting together on PostgreSQL
    take turns (a session advisory lock), so no two migrate at once."""
    if engine.dialect.name != "postgresql":
        _migrate(engine)
        return
    with engine.connect() as lock:
        lock.exec_driver_sql("SELECT pg_advisory_lock(hashtextextended('tresen-schema', 0))")
        try:
            _migrate(engine)
        finally:
            lock.exec_driver_sql("SELECT pg_advisory_unlock(hashtextextended('tresen-schema', 0))")
            lock.commit()


def _migrate(engine: Engine) -> None:
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        conn.rollback()  # the migration begins its own transaction
        pre_alembic = bool(tables) and "alembic_version" not in tables
        if pre_alembic:
            _adopt_pre_alembic(conn)
        command.upgrade(alembic_config(conn), "head")
    if pre_alembic:
        from sync.server.order_feed import rescope_order_feed  # it writes the feed through this module

        rescope_order_feed(engine)  # orders the version before put in every register's feed, with the e-mail


def _adopt_pre_alembic(conn: Connection) -> None:
    """A database the backend made before Alembic: brought to the baseline as that backend brought its database
    up to date when it started (the tables it lacks created, 32-bit integers widened on PostgreSQL), then stamped.
    Done again if the process dies before the stamp: each step finds nothing left to do."""
    cfg = alembic_config(conn)
    baseline = ScriptDirectory.from_config(cfg).get_revision(BASELINE).module.METADATA
    with conn.begin():
        baseline.create_all(conn)
        if conn.dialect.name == "postgresql":
            widen_integer_columns(conn, list(baseline.tables))
    command.stamp(cfg, BASELINE)


def widen_integer_columns(conn: Connection, tables: list[str]) -> None:
    """A database made by an earlier version has 32-bit INTEGER columns (and sequences): make them BIGINT,
    as the protocol's integers are 64-bit; one ALTER a table (each rewrites its table once; afterwards
    there is nothing to do)."""
    narrow: dict[str, list[str]] = {}
    for table, column in conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND data_type = 'integer' AND table_name = ANY(:tables)"), {"tables": tables}):
        narrow.setdefault(table, []).append(column)
    for table, columns in narrow.items():
        conn.exec_driver_sql(f'ALTER TABLE "{table}" '
                             + ", ".join(f'ALTER COLUMN "{c}" TYPE BIGINT' for c in columns))
    for (sequence,) in conn.execute(text(
            "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()"
            " AND data_type = 'integer'")):
        conn.exec_driver_sql(f'ALTER SEQUENCE "{sequence}" AS BIGINT')


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


_DELETE_CHANGE = text("DELETE FROM change WHERE kind = :k AND key = :key")
_INSERT_CHANGE = text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (:t, :k, :key, :s, :d)")


class _Notifier:
    """One connection per engine for the NOTIFYs, outside the pool: the committing session still holds its pooled
    connection when it notifies, and a second one from the pool, with every thread of a busy worker doing the
    same, left them all waiting for each other (tests.bench.chain)."""

    def __init__(self, engine: Engine):
        self.url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self.lock = threading.Lock()
        self.conn = None

    def notify(self, stores: list[str]) -> None:
        import psycopg

        with self.lock:
            try:
                if self.conn is None or self.conn.closed:
                    # Bounded, so that a database gone without a word (a failover, a cut network) fails this
                    # quickly instead of holding every committing thread at the lock for the kernel's TCP timeout.
                    self.conn = psycopg.connect(self.url, autocommit=True, connect_timeout=3, tcp_user_timeout=3000,
                                                keepalives=1, keepalives_idle=5, keepalives_interval=2,
                                                keepalives_count=2, options="-c statement_timeout=2000")
                for store in stores:
                    self.conn.execute(f"SELECT pg_notify('{CHANGE_CHANNEL}', %s)", (store,))
            except Exception:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                raise


_notifiers: "weakref.WeakKeyDictionary[Engine, _Notifier]" = weakref.WeakKeyDictionary()
_notifiers_lock = threading.Lock()


def _notifier(engine: Engine) -> _Notifier:
    with _notifiers_lock:
        if engine not in _notifiers:
            _notifiers[engine] = _Notifier(engine)
        return _notifiers[engine]


#: The PostgreSQL channel a commit with changes notifies, the payload a store id ('' : chain-wide); the push channel
#: listens on it (sync/server/events.py).
CHANGE_CHANNEL = "tresen_change"
_NOTIFY = "tresen_notify_stores"  # Session.info: the stores whose feed this transaction changed


@event.listens_for(Session, "after_commit")
def _notify_after_commit(session: Session) -> None:
    """Tell the push channel which stores' feeds grew, once the changes are committed, on a connection of its own:
    a NOTIFY inside the business transaction would make PostgreSQL commit such transactions one at a time (a
    NOTIFY holds a database-wide lock until its transaction's commit is flushed). A savepoint's release is no
    commit: the stores wait for the transaction's own."""
    if session.in_nested_transaction():
        return
    stores = session.info.pop(_NOTIFY, None)
    if not stores:
        return
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if engine.dialect.name != "postgresql":
        return  # SQLite: the push channel reads the feed's highest id
    try:
        _notifier(engine).notify(sorted(stores))
    except Exception:  # noqa: BLE001 - committed already; the registers' own pulls bring it a little later
        log.warning("push channel: NOTIFY failed", exc_info=True)


def record_change(session: Session, *, kind: str, key: str, data: dict | None, store_id: str | None = None) -> None:
    """Put the entity at the end of the feed (compacted: its older row goes)."""
    record_changes(session, kind=kind, items=[(key, data)], store_id=store_id)


def record_changes(session: Session, *, kind: str, items: list[tuple[str, dict | None]],
                   store_id: str | None = None) -> None:
    """Several entities of one kind at once (two statements, however many); keys must be distinct."""
    if not items:
        return
    conn = session.connection()
    conn.execute(_DELETE_CHANGE, [{"k": kind, "key": key} for key, _ in items])
    txid = 0  # SQLite: one writer at a time, the ids alone order the feed
    if conn.dialect.name == "postgresql":
        txid = conn.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one()
    session.info.setdefault(_NOTIFY, set()).add(store_id or "")  # for the push channel, after the commit
    conn.execute(_INSERT_CHANGE, [{"t": txid, "k": kind, "key": key, "s": store_id,
                                   "d": json.dumps(data) if data is not None else None} for key, data in items])


_LOCKABLE = {"onlineorder": "id", "sale": "id", "voucher": "code", "enrollmentsecret": "secret_hash", "coupon": "code",
             "customer": "id", "shipment": "id"}


def lock_register_pushes(session: Session, register_id: str) -> None:
    """Until the transaction ends: one push of a register at a time (a retry arriving while the first attempt
    still runs waits for it, then finds its operations done), and a revocation of the register's PC waits for
    the push under way, so a replacement PC's high-water marks include it. An advisory lock, not the register's
    row: its other requests (a cart claim, a lookup) do not wait. SQLite's writers are one at a time anyway."""
    if is_postgres(session):
        session.connection().execute(text("SELECT pg_advisory_xact_lock(hashtextextended('tresen-push:' || :r, 0))"),
                                     {"r": register_id})


def lock_row(session: Session, table: str, key: str) -> None:
    """Serialise writers that read-then-write one entity (returns of one purchase, redemptions of one
    voucher). PostgreSQL runs them concurrently, and two transactions would each miss the other's
    insert; SQLite's writers are already one at a time (BEGIN IMMEDIATE)."""
    if is_postgres(session):
        session.connection().execute(text(f"SELECT 1 FROM {table} WHERE {_LOCKABLE[table]} = :k FOR UPDATE"),
                                     {"k": key})
