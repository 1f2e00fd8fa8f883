"""Several stateless backend workers on one PostgreSQL (issue 13 §4): two `python -m sync.server` processes,
registers of one store enrolled and syncing through different ones, each seeing what the other's register
did. PostgreSQL only: SQLite is one file for one process."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from sync.server.db import create_schema, make_engine
from sync.server.seed import seed_backend
from tests.conftest import gtin_of
from tests.served import BackendProcess
from tests.sync.conftest import SHOP_KEY, create_register, memory_keyring, postgres_database, sync_until  # noqa: F401


@dataclass
class Worker:
    """One backend process: what create_register needs of a backend (its URL and the database)."""

    url: str
    engine: object
    process: BackendProcess


def start_worker(db_url: str, *args: str) -> BackendProcess:
    return BackendProcess(*args, env={"TRESEN_BACKEND_DB": db_url, "TRESEN_SHOP_KEY": SHOP_KEY}).wait_ready(60)


@pytest.fixture(params=["two processes", "one with --workers 2"])
def workers(request):
    """Two backends on one database: two `python -m sync.server`, or one serving through two worker processes
    (`--workers 2`: the kernel hands each connection to either), reached at the same address twice."""
    url, drop = postgres_database()
    engine = make_engine(url)
    create_schema(engine)
    seed_backend(engine, products=200)
    started = []
    try:
        if request.param == "two processes":
            for _ in range(2):
                process = start_worker(url)
                started.append(Worker(process.url, engine, process))
        else:
            process = start_worker(url, "--workers", "2")
            started = [Worker(process.url, engine, process)] * 2
        yield started
    finally:
        for w in {id(w): w for w in started}.values():
            w.process.stop()
        engine.dispose()
        drop()


def stock(replica, product_id: int, store_id: str = "1001") -> int:
    with replica.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :s AND product_id = :p"),
                         {"s": store_id, "p": product_id}).scalar_one()


def test_two_workers_one_database_registers_see_each_other(workers, memory_keyring, tmp_path):  # noqa: F811
    a, b = workers
    first = create_register(a, tmp_path, "1001", 1)  # enrolls and syncs through worker A
    second = create_register(b, tmp_path, "1001", 2)  # through worker B
    with second.replica.connect() as c:
        product = c.execute(text("SELECT s.product_id FROM stock s JOIN product p ON p.id = s.product_id WHERE"
                                 " s.location_id = '1001' AND NOT p.weighed AND s.quantity > 10 ORDER BY 1")).first()[0]
    before = stock(second.replica, product)
    first.sell(gtin_of(first.replica, product), gtin_of(first.replica, product))
    assert first.sync.sync_once().rejected == 0  # pushed through A ...
    sync_until(second, lambda: stock(second.replica, product) == before - 2)  # ... pulled through B
    second.sell(gtin_of(second.replica, product))
    assert second.sync.sync_once().rejected == 0
    sync_until(first, lambda: stock(first.replica, product) == before - 3)
    with a.engine.connect() as c:
        sales = c.execute(text("SELECT register_id, count(*) FROM sale GROUP BY register_id ORDER BY 1")).all()
    assert [tuple(r) for r in sales] == [("1001-01", 1), ("1001-02", 1)]  # each sale once, whichever worker took it
    for reg in (first, second):
        reg.client.close()
        reg.replica.dispose()


def test_two_workers_started_at_once_on_a_new_database_both_come_up():
    """Both find an empty database and migrate it (sync/server/migrations): they take turns under PostgreSQL's
    advisory lock, so neither fails on a table the other just created, and the schema is made once."""
    url, drop = postgres_database()
    started = [BackendProcess(env={"TRESEN_BACKEND_DB": url}) for _ in range(2)]  # neither waits for the other
    try:
        for process in started:
            process.wait_ready(60)
        engine = make_engine(url)
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        engine.dispose()
    finally:
        for process in started:
            process.stop()
        drop()


def test_several_workers_need_postgresql(tmp_path):
    out = subprocess.run([sys.executable, "-m", "sync.server", "--db", f"sqlite:///{tmp_path / 'b.sqlite3'}",
                          "--workers", "2"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "need PostgreSQL" in out.stderr


def test_a_worker_count_out_of_bounds_is_refused(tmp_path):
    out = subprocess.run([sys.executable, "-m", "sync.server", "--db", f"sqlite:///{tmp_path / 'b.sqlite3'}",
                          "--workers", "0"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "workers: Input should be greater than or equal to 1" in out.stderr
