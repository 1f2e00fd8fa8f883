"""Opening the replica: SQLite in WAL mode with foreign keys, migrated to head.

Durability matters more than a millisecond here: a sale must survive a power
cut, so commits use synchronous=FULL.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from sync.common.messages import translate

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class StoreError(RuntimeError):
    """The replica cannot be opened or written; the message is for the user."""


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: Path | str) -> Engine:
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(translate("store", "Datenordner {folder} kann nicht angelegt werden: {reason}").format(
                                   folder=path.parent, reason=exc.strerror)) from exc
    _private(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _private(path: Path) -> None:
    """The replica (PIN hashes, customers' names, sales) is readable by this user only. SQLite gives its
    WAL and shared-memory files the database file's permissions, so making that one 0600 covers all."""
    try:
        if not path.exists():
            path.touch(mode=0o600)
        for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if file.exists() and file.stat().st_mode & 0o077:
                file.chmod(0o600)
    except OSError as exc:
        raise StoreError(translate("store", "Die lokale Datenbank {path} kann nicht geschützt werden: {reason}").format(
                                   path=path, reason=exc.strerror)) from exc


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the replica's schema to `revision` in place, keeping its data."""
    command.upgrade(alembic_config(engine), revision)


def open_replica(path: Path | str) -> Engine:
    engine = make_engine(path)
    try:
        migrate(engine)
    except Exception as exc:  # sqlite3 errors arrive wrapped by SQLAlchemy/Alembic
        raise StoreError(translate("store", "Die lokale Datenbank {path} kann nicht geöffnet werden: {reason}").format(
                                   path=path, reason=exc)) from exc
    return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
