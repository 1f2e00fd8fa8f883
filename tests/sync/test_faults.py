"""The guarantees under faults: no sale lost, none counted twice, a bad page changes nothing."""

import json

import pytest
from sqlalchemy import text

from sync.client.http import BackendUnavailable, BadResponse
from tests.conftest import gtin_of, piece_product_ids
from tests.sync.conftest import sync_until
from tests.sync.faults import FaultTransport


def backend_sales(backend) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM sale")).scalar_one()


def backend_stock(backend, location, product) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :l AND product_id = :p"),
                         {"l": location, "p": product}).scalar_one()


def replica_state(reg) -> dict:
    with reg.replica.connect() as c:
        return {
            "cursor": c.exec_driver_sql("SELECT value FROM setting WHERE key = 'pull_cursor'").scalar(),
            "stock": c.exec_driver_sql("SELECT sum(quantity) FROM stock").scalar_one(),
            "products": c.exec_driver_sql("SELECT count(*), sum(gross_price_cents) FROM product").one(),
            "pending": c.exec_driver_sql("SELECT count(*) FROM outboxentry WHERE sent_at IS NULL").scalar_one(),
        }


@pytest.fixture
def faulty(make_register):
    transport = FaultTransport()
    return make_register(transport=transport), transport


@pytest.mark.parametrize("fault", ["down", "lost_response", "5xx"])
def test_push_fault_then_recovery_records_each_sale_once(faulty, backend, fault):
    reg, transport = faulty
    code = gtin_of(reg.replica, 2)
    before = backend_stock(backend, "1001", 2)
    reg.sell(code)
    reg.sell(code, code)
    transport.plan = [fault]
    with pytest.raises(BackendUnavailable):
        reg.sync.sync_once()
    assert reg.sync.pending_count() == 2  # nothing is marked sent without an answer
    expected_after_fault = 2 if fault == "lost_response" else 0
    assert backend_sales(backend) == expected_after_fault
    reg.sync.sync_once()
    assert backend_sales(backend) == 2 and reg.sync.pending_count() == 0
    assert backend_stock(backend, "1001", 2) == before - 3


def test_duplicated_request_applies_once(faulty, backend):
    reg, transport = faulty
    reg.sell(gtin_of(reg.replica, 2))
    transport.plan = ["duplicate"]
    reg.sync.sync_once()
    assert backend_sales(backend) == 1


def test_reordered_batches(make_register, backend):
    reg = make_register()
    for pid in piece_product_ids(reg.replica, 3):
        reg.sell(gtin_of(reg.replica, pid))
    from sync.protocol import Operation
    with reg.replica.connect() as c:
        rows = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed' ORDER BY seq DESC").all()
    newest = Operation(id=rows[0][0], seq=rows[0][1], op=rows[0][2], payload=json.loads(rows[0][3]))
    assert reg.client.push([newest]).results[0].status == "applied"  # the last batch arrives first
    reg.sync.sync_once()
    assert backend_sales(backend) == 3 and reg.sync.pending_count() == 0


@pytest.mark.parametrize("fault", ["truncate", "garble"])
def test_bad_pull_page_leaves_replica_unchanged(faulty, backend, fault):
    reg, transport = faulty
    # a price change on the backend, so the next pull has something to apply
    from sync.server.db import record_change
    from sqlmodel import Session
    with Session(backend.engine) as s:
        s.connection().execute(text("UPDATE product SET gross_price_cents = 4711 WHERE id = 2"))
        row = dict(s.connection().execute(text("SELECT * FROM product WHERE id = 2")).mappings().one())
        row["gtins"] = [r[0] for r in s.connection().execute(text("SELECT gtin FROM productgtin WHERE product_id = 2"))]
        record_change(s, kind="product", key="2", data=row)
        s.commit()
    state = replica_state(reg)
    assert reg.sync.pending_count() == 0  # so the first request is the pull
    transport.plan = [fault]
    with pytest.raises(BadResponse):
        reg.sync.sync_once()
    assert replica_state(reg) == state

    def price():
        with reg.replica.connect() as c:
            return c.exec_driver_sql("SELECT gross_price_cents FROM product WHERE id = 2").scalar_one()

    sync_until(reg, lambda: price() == 4711)


def test_backend_restart_between_syncs(make_register, backend):
    reg = make_register()
    reg.sell(gtin_of(reg.replica, 2))
    reg.sync.sync_once()
    backend.restart()
    reg.sell(gtin_of(reg.replica, 3))
    reg.sync.sync_once()
    assert backend_sales(backend) == 2


def test_rejected_operation_does_not_block_the_queue(make_register, backend):
    reg = make_register()
    with reg.replica.begin() as c:  # an entry the backend can never accept (say, written by a buggy build)
        c.exec_driver_sql("UPDATE counter SET value = value + 1 WHERE name = 'outbox_seq'")
        c.exec_driver_sql("INSERT INTO outboxentry (id, seq, op, entity_id, payload, created_at, status,"
                          " result_reason) VALUES (?, (SELECT value FROM counter WHERE name = 'outbox_seq'),"
                          " 'sale.completed', 'x', '{\"nonsense\": true}', '2026-11-25 08:00:00', 'pending', '')",
                          ("a" * 32,))
    reg.sell(gtin_of(reg.replica, 2))
    report = reg.sync.sync_once()
    assert report.rejected == 1 and "malformed sale" in report.rejected_reasons[0]
    assert backend_sales(backend) == 1 and reg.sync.pending_count() == 0
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT status FROM outboxentry WHERE id = ?", ("a" * 32,)).scalar_one() == "rejected"


def test_negative_stock_is_flagged_not_refused(make_register, backend):
    reg = make_register()
    pid = piece_product_ids(reg.replica, 1)[0]
    have = backend_stock(backend, "1001", pid)
    code = gtin_of(reg.replica, pid)
    reg.sale.scan(code)
    reg.sale.set_quantity(reg.sale.cart.lines[0].line_id, have + 3)
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    report = reg.sync.sync_once()
    assert report.conflicts == 1 and backend_sales(backend) == 1
    assert backend_stock(backend, "1001", pid) == -3
    sync_until(reg, lambda: reg.sync.open_conflicts() == 1)  # PostgreSQL: the feed may show it a round later
    with reg.replica.connect() as c:
        kind, details, status = c.exec_driver_sql("SELECT kind, details, status FROM conflict").one()
    assert kind == "negative_stock" and status == "open" and json.loads(details)["quantity"] == -3
    assert json.loads(details)["register_id"] == "1001-01"


def test_a_rejection_after_writes_rolls_back_alone_in_a_mixed_batch(make_register, backend):
    """Good sale, a sale of a product the backend does not know (rejected after its sale row was
    written), good sale: one batch. The bad one leaves nothing; the good ones count once each."""
    reg = make_register()
    pid = piece_product_ids(reg.replica, 1)[0]
    before = backend_stock(backend, "1001", pid)
    reg.sell(gtin_of(reg.replica, pid))
    reg.sell(gtin_of(reg.replica, pid))
    with reg.replica.begin() as c:  # doctor the first sale into one of an unknown product
        payload = c.exec_driver_sql("SELECT payload FROM outboxentry WHERE op = 'sale.completed' ORDER BY seq"
                                    " LIMIT 1").scalar_one()
        c.exec_driver_sql("UPDATE outboxentry SET payload = ? WHERE seq = (SELECT min(seq) FROM outboxentry"
                          " WHERE op = 'sale.completed')",
                          (payload.replace(f'"product_id": {pid}', '"product_id": 999999999'),))
    reg.sell(gtin_of(reg.replica, pid))
    report = reg.sync.sync_once()
    assert report.rejected == 1 and "cannot be moved" in report.rejected_reasons[0]
    assert backend_sales(backend) == 2 and backend_stock(backend, "1001", pid) == before - 2
