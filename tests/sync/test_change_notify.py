"""The push channel's NOTIFY (sync/server/db.py): sent once the transaction commits, never at a savepoint's release,
and on a connection outside the pool (issue 17: a busy worker's threads each held a pooled connection and waited
for a second one to notify)."""

from __future__ import annotations

import psycopg
from sqlalchemy import text
from sqlmodel import Session

from sync.server.db import CHANGE_CHANNEL, create_schema, make_engine, record_change
from tests.sync.conftest import postgres_database


def notifications_before(listener, marker: str) -> list[str]:
    """What the listener heard before `marker`: notifications arrive in commit order."""
    heard = []
    for note in listener.notifies(timeout=30):
        if note.payload == marker:
            return heard
        heard.append(note.payload)
    raise AssertionError("the marker never arrived")


def test_a_savepoint_release_notifies_nothing_the_commit_does_and_the_pool_may_be_full():
    url, drop = postgres_database()
    engine = make_engine(url)
    create_schema(engine)
    plain = url.replace("postgresql+psycopg", "postgresql")
    try:
        with psycopg.connect(plain, autocommit=True) as listener, psycopg.connect(plain, autocommit=True) as other:
            listener.execute(f"LISTEN {CHANGE_CHANNEL}")
            with Session(engine) as s:
                with s.begin_nested():
                    record_change(s, kind="stock", key="1001:1", data={"quantity": 1}, store_id="1001")
                other.execute(f"SELECT pg_notify('{CHANGE_CHANNEL}', 'marker-1')")
                assert notifications_before(listener, "marker-1") == []  # not yet committed: nothing to pull
                held = [engine.connect() for _ in range(engine.pool.size() + engine.pool._max_overflow - 1)]
                s.commit()  # the pool is full now: the notification needs none of its connections
                other.execute(f"SELECT pg_notify('{CHANGE_CHANNEL}', 'marker-2')")
                assert notifications_before(listener, "marker-2") == ["1001"]
                for c in held:
                    c.close()
            with engine.connect() as c:
                assert c.execute(text("SELECT store_id FROM change WHERE key = '1001:1'")).scalar_one() == "1001"
    finally:
        engine.dispose()
        drop()
