"""On PostgreSQL, ids are handed out before commit: a cursor over ids alone skips rows that
commit late. These tests reproduce that hazard with real concurrent transactions and show
the feed's cursor never skips. They need a PostgreSQL server on 127.0.0.1:5432."""

from __future__ import annotations

import random
import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session

from sync.server.db import create_schema, make_engine, record_change
from sync.server.feed import read_page
from sync.server.models import Location
from tests.sync.conftest import postgres_database

@pytest.fixture
def pg():
    url, drop = postgres_database()
    engine = make_engine(url)
    create_schema(engine)
    with Session(engine) as s:
        s.add(Location(id="1001", name="Markt"))
        s.commit()
    yield engine
    engine.dispose()
    drop()


def naive_page(engine, after_id: int) -> tuple[list[str], int]:
    """What a feed keyed by id alone would return."""
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, key FROM change WHERE id > :i ORDER BY id"), {"i": after_id}).all()
    return [r[1] for r in rows], (rows[-1][0] if rows else after_id)


def feed_page(engine, cursor):
    with Session(engine) as s:
        page = read_page(s, store_id="1001", cursor=cursor, limit=1000)
    return [c.key for c in page.changes], page.cursor


def write(engine, key: str) -> Session:
    s = Session(engine)
    record_change(s, kind="location", key=key, data={"key": key})
    s.flush()  # the id is taken now, the commit comes later
    return s


def test_late_commit_is_not_skipped(pg):
    slow = write(pg, "slow")  # takes the smaller id, commits last
    fast = write(pg, "fast")
    fast.commit()
    naive, naive_cursor = naive_page(pg, 0)
    ours, cursor = feed_page(pg, None)
    assert naive == ["fast"]  # a naive reader has now moved past the slow row's id
    assert ours == []  # ours waits: an older transaction is still running
    slow.commit()
    slow.close()
    fast.close()
    assert naive_page(pg, naive_cursor)[0] == []  # ... and never sees "slow"
    assert feed_page(pg, cursor)[0] == ["slow", "fast"]


def test_concurrent_writers_and_a_reader_never_lose_a_change(pg):
    written: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(n: int) -> None:
        rng = random.Random(n)
        for i in range(25):
            s = write(pg, f"w{n}-{i}")
            time.sleep(rng.uniform(0, 0.02))  # commit in a different order than the ids were taken
            s.commit()
            s.close()
            with lock:
                written.append(f"w{n}-{i}")

    seen: set[str] = set()

    def reader() -> None:
        cursor = None
        while not stop.is_set():
            keys, cursor = feed_page(pg, cursor)
            seen.update(keys)
            time.sleep(0.002)
        for _ in range(3):  # after the writers: read to the end
            keys, cursor = feed_page(pg, cursor)
            seen.update(keys)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    r = threading.Thread(target=reader)
    r.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    r.join()
    assert len(written) == 100
    assert set(written) <= seen
