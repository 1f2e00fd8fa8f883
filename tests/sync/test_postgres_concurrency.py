"""PostgreSQL under concurrency (issue 10, reliability 6): two registers of one store pushing the same
products in a different order never deadlock, and a retry that arrives while the first push still runs is
answered from the first, never a 500. A trigger slows each stock update down so the pushes overlap (it
makes the overlap likely; what is checked is only the outcome)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from sync.client.http import BackendUnavailable
from sync.protocol import Operation
from tests.conftest import gtin_of, piece_product_ids


@pytest.fixture
def slow_stock(backend):
    if backend.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's writers are one at a time: no deadlock, no concurrent retry")
    with backend.engine.begin() as c:
        c.execute(text("CREATE FUNCTION slow_stock() RETURNS trigger AS $$ BEGIN PERFORM pg_sleep(0.15);"
                       " RETURN NEW; END $$ LANGUAGE plpgsql"))
        c.execute(text("CREATE TRIGGER slow_stock BEFORE UPDATE ON stock FOR EACH ROW EXECUTE FUNCTION slow_stock()"))


def outbox(reg) -> list[Operation]:
    import json

    with reg.replica.connect() as c:
        return [Operation(id=r[0], seq=r[1], op=r[2], payload=json.loads(r[3])) for r in c.exec_driver_sql(
            "SELECT id, seq, op, payload FROM outboxentry WHERE sent_at IS NULL ORDER BY seq")]


def at_once(*calls):
    """Run the calls in threads released together; their results or exceptions, in order."""
    start = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i, call):
        start.wait()
        try:
            out[i] = call()
        except Exception as exc:  # collected: the test looks at them
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def test_two_registers_pushing_products_in_opposite_order_do_not_deadlock(make_register, backend, slow_stock):
    one, two = make_register("1001", 1), make_register("1001", 2)
    a, b, c = piece_product_ids(one.replica, 3)
    for reg, order in ((one, (a, b, c)), (two, (c, b, a))):
        for pid in order:  # one sale per product: one batch, the rows taken one after another
            reg.sell(gtin_of(reg.replica, pid))
    first, second = at_once(lambda: one.client.push(outbox(one)), lambda: two.client.push(outbox(two)))
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    assert {r.status for r in first.results + second.results} <= {"applied", "conflict"}


def test_a_retry_during_the_first_push_is_answered_from_the_first(make_register, backend, slow_stock):
    reg = make_register()
    for pid in piece_product_ids(reg.replica, 3):
        reg.sell(gtin_of(reg.replica, pid))
    ops = outbox(reg)
    first, retry = at_once(lambda: reg.client.push(ops), lambda: reg.client.push(ops))
    assert not isinstance(first, (BackendUnavailable, Exception)), first
    assert not isinstance(retry, Exception), retry
    assert [(r.id, r.status, r.reason) for r in first.results] == [(r.id, r.status, r.reason) for r in retry.results]
    with backend.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sale")).scalar_one() == 3
        assert conn.execute(text("SELECT count(*) FROM appliedop WHERE op = 'sale.completed'")).scalar_one() == 3
