"""One unprocessable operation never blocks the outbox (issue 10, reliability 2): every operation is
validated against the protocol models with their types enforced, and whatever goes wrong applying one
rejects that one with its reason; the operations beside it are applied. Real backend, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest
from sqlalchemy import text

from app.services.outbox import add_outbox
from sync.protocol import Op, Operation, ReturnLinePayload, ReturnPayload
from tests.conftest import gtin_of


def hexid() -> str:
    return uuid.uuid4().hex


def sold(reg, pid: int = 3) -> tuple[dict, tuple]:
    """A real sale of one piece, pushed; returns its payload and its outbox row."""
    reg.sell(gtin_of(reg.replica, pid))
    with reg.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed' ORDER BY seq DESC LIMIT 1").one()
    return json.loads(row[3]), row


def forged_sale(payload: dict, seq: int, **line_changes) -> Operation:
    line = {**payload["lines"][0], "movement_id": hexid(), **line_changes}
    return Operation(id=hexid(), seq=seq, op=Op.SALE_COMPLETED.value,
                     payload={**payload, "sale_id": hexid(), "lines": [line]})


def results(reg, operations: list[Operation]) -> list[tuple[str, str]]:
    return [(r.status, r.reason) for r in reg.client.push(operations).results]


def a_good_one(reg, payload: dict, seq: int) -> Operation:
    return forged_sale(payload, seq)


def test_a_quantity_sent_as_a_string_is_rejected_and_the_rest_of_the_batch_applied(make_register, backend):
    reg = make_register()
    payload, row = sold(reg)
    stringly = forged_sale(payload, row[1] + 1, quantity="2")
    good = a_good_one(reg, payload, row[1] + 2)
    (status, reason), (good_status, _) = results(reg, [stringly, good])
    assert status == "rejected" and "quantity" in reason and good_status == "applied"
    with backend.engine.connect() as c:
        ids = {r[0] for r in c.execute(text("SELECT id FROM sale"))}
    assert stringly.payload["sale_id"] not in ids and good.payload["sale_id"] in ids


def test_a_voucher_tender_without_an_amount_is_rejected_alone(make_register, backend):
    reg = make_register()
    payload, row = sold(reg)
    no_amount = Operation(id=hexid(), seq=row[1] + 1, op=Op.SALE_COMPLETED.value, payload={
        **payload, "sale_id": hexid(), "lines": [{**payload["lines"][0], "movement_id": hexid()}],
        "tenders": [{"kind": "voucher", "reference": "GS0000000001"}]})
    (status, reason), (good_status, _) = results(reg, [no_amount, a_good_one(reg, payload, row[1] + 2)])
    assert status == "rejected" and "amount_cents" in reason and good_status == "applied"


def test_integers_beyond_32_bits_are_stored_on_every_database(make_register, backend):
    """The protocol's integers are 64-bit; on PostgreSQL the columns were INTEGER and the batch a 500."""
    reg = make_register()
    payload, row = sold(reg)
    big = Operation(id=hexid(), seq=2**40, op=Op.SALE_COMPLETED.value,
                    payload={**payload, "sale_id": hexid(), "receipt_no": 2**35, "total_cents": 2**33,
                             "lines": [{**payload["lines"][0], "movement_id": hexid()}]})
    assert results(reg, [big]) == [("applied", "")]
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT receipt_no, total_cents FROM sale WHERE id = :i"),
                         {"i": big.payload["sale_id"]}).one() == (2**35, 2**33)


def test_a_return_listing_one_product_on_two_lines_is_applied(make_register, backend):
    """One piece back as new, one damaged: two lines of one product (a 500 on the line table's key)."""
    reg = make_register()
    reg.sale.scan(gtin_of(reg.replica, 3))
    reg.sale.set_quantity(reg.sale.cart.lines[0].line_id, 2)
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    reg.sync.sync_once()
    with reg.replica.connect() as c:
        sale_id, price = c.exec_driver_sql(
            "SELECT s.id, l.unit_price_cents FROM sale s JOIN saleline l ON l.sale_id = s.id").one()
    ret = ReturnPayload(return_id=hexid(), source="sale", source_id=sale_id, register_id="1001-01",
                        location_id="1001", refund_cents=2 * price, refund_method="cash", at="2026-11-30T10:00:00",
                        lines=[ReturnLinePayload(product_id=3, quantity=1, refund_cents=price, resellable=True,
                                                 movement_id=hexid()),
                               ReturnLinePayload(product_id=3, quantity=1, refund_cents=price, resellable=False)])
    op = Operation(id=hexid(), seq=100, op=Op.RETURN_RECORDED.value, payload=ret.model_dump())
    assert results(reg, [op]) == [("applied", "")]
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT sum(quantity), sum(refund_cents) FROM returnline WHERE return_id = :r"),
                         {"r": ret.return_id}).one() == (2, 2 * price)


def test_an_unexpected_error_rejects_that_operation_with_its_reason_and_never_the_batch(make_register, backend):
    """A failure no rule foresaw (here: a trigger standing in for a broken database constraint) rejects the
    one operation, logged and recorded for IT; the sales behind it are applied."""
    reg = make_register()
    payload, row = sold(reg)
    poisoned = forged_sale(payload, row[1] + 1)
    with backend.engine.begin() as c:
        if backend.engine.dialect.name == "postgresql":
            c.execute(text("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.id = '"
                           + poisoned.payload["sale_id"] + "' THEN RAISE EXCEPTION 'disk on fire'; END IF;"
                           " RETURN NEW; END $$ LANGUAGE plpgsql"))
            c.execute(text("CREATE TRIGGER poison BEFORE INSERT ON sale FOR EACH ROW EXECUTE FUNCTION poison()"))
        else:
            c.execute(text("CREATE TRIGGER poison BEFORE INSERT ON sale WHEN NEW.id = '"
                           + poisoned.payload["sale_id"] + "' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"))
    good = a_good_one(reg, payload, row[1] + 2)
    (status, reason), (good_status, _) = results(reg, [poisoned, good])
    assert status == "rejected" and "could not be applied" in reason and good_status == "applied"
    assert results(reg, [poisoned]) == [(status, reason)]  # the answer stays the same
    with backend.engine.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM conflict WHERE entity_id = :e"),
                                  {"e": poisoned.id}).one()
    assert kind == "unprocessable" and (json.loads(details) if isinstance(details, str) else details)["op"] \
        == Op.SALE_COMPLETED.value


def test_the_register_builds_what_it_sends_from_the_protocol_models(make_register):
    """A typo in a service's payload fails at the register, before it is stored or sent."""
    from sqlmodel import Session

    reg = make_register()
    payload, _ = sold(reg)
    with Session(reg.replica) as s:
        with pytest.raises(ValueError, match="quantity"):
            add_outbox(s, op=Op.SALE_COMPLETED.value, entity_id=hexid(),
                       payload={**payload, "lines": [{**payload["lines"][0], "quantity": "2"}]})
        with pytest.raises(ValueError, match="unknown operation"):
            add_outbox(s, op="sale.complete", entity_id=hexid(), payload=payload)


class FailsOn(httpx.HTTPTransport):
    """A backend bug stand-in: every push carrying one operation gets a 500; everything else reaches the
    real backend."""

    def __init__(self):
        super().__init__()
        self.poison: str | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if self.poison and request.url.path == "/v1/push" and self.poison.encode() in request.content:
            return httpx.Response(500, json={"detail": "Internal Server Error"}, request=request)
        return super().handle_request(request)


def test_a_register_that_keeps_getting_5xx_isolates_the_operation_and_pushes_the_others(make_register, backend):
    from sync.client.http import BackendUnavailable

    transport = FailsOn()
    reg = make_register(transport=transport)
    for pid in (2, 3, 4):
        reg.sell(gtin_of(reg.replica, pid))
    with reg.replica.connect() as c:
        ids = [r[0] for r in c.exec_driver_sql("SELECT entity_id FROM outboxentry WHERE op = 'sale.completed' ORDER BY seq")]
        transport.poison = c.exec_driver_sql("SELECT id FROM outboxentry WHERE op = 'sale.completed' ORDER BY seq LIMIT 1 OFFSET 1").scalar_one()
    with pytest.raises(BackendUnavailable):  # once: maybe passing, the round ends
        reg.sync.sync_once()
    reg.sync.sync_once()  # again: the one it fails on is found, the others go through
    with backend.engine.connect() as c:
        recorded = {r[0] for r in c.execute(text("SELECT id FROM sale"))}
    assert recorded == {ids[0], ids[2]} and reg.sync.pending_count() == 1
    reg.sell(gtin_of(reg.replica, 2))  # the suspect does not hold up later sales either
    reg.sync.sync_once()
    assert reg.sync.pending_count() == 1
    transport.poison = None  # the backend mended: it goes through with the next round
    reg.sync.sync_once()
    assert reg.sync.pending_count() == 0


def test_a_database_from_an_earlier_version_gets_64_bit_columns(backend):
    if backend.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's INTEGER is 64-bit already")
    from sync.server.db import create_schema
    from tests.sync.test_backend_migrations import as_before_alembic

    as_before_alembic(backend.engine)
    with backend.engine.begin() as c:
        c.execute(text("ALTER TABLE sale ALTER COLUMN receipt_no TYPE INTEGER"))  # as an earlier version made it
    create_schema(backend.engine)
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT data_type FROM information_schema.columns WHERE table_name = 'sale'"
                              " AND column_name = 'receipt_no'")).scalar_one() == "bigint"


def test_an_error_inside_an_orm_flush_rejects_that_operation_alone(make_register, backend):
    """Found by review: a failing flush (here the conflict for an unknown voucher) rolled the whole session
    back, and the push was a 500."""
    reg = make_register()
    payload, row = sold(reg)
    poisoned = Operation(id=hexid(), seq=row[1] + 2, op=Op.SALE_COMPLETED.value, payload={
        **payload, "sale_id": hexid(), "lines": [{**payload["lines"][0], "movement_id": hexid()}],
        "tenders": [{"kind": "voucher", "amount_cents": payload["total_cents"], "reference": "GS0000000042"}]})
    with backend.engine.begin() as c:
        if backend.engine.dialect.name == "postgresql":
            c.execute(text("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN IF NEW.entity_id = 'GS0000000042'"
                           " THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql"))
            c.execute(text("CREATE TRIGGER poison BEFORE INSERT ON conflict FOR EACH ROW EXECUTE FUNCTION poison()"))
        else:
            c.execute(text("CREATE TRIGGER poison BEFORE INSERT ON conflict WHEN NEW.entity_id = 'GS0000000042'"
                           " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"))
    before, after = forged_sale(payload, row[1] + 1), forged_sale(payload, row[1] + 3)
    statuses = [s for s, _ in results(reg, [before, poisoned, after])]
    assert statuses == ["applied", "rejected", "applied"]


class Always(httpx.HTTPTransport):
    """A gateway in front of a backend that is down: every push is answered `status`; counted."""

    def __init__(self, status: int):
        super().__init__()
        self.status, self.pushes = status, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/push" and self.status:
            self.pushes += 1
            return httpx.Response(self.status, json={"detail": "down"}, request=request)
        return super().handle_request(request)


@pytest.mark.parametrize("status", [503, 500])
def test_an_outage_costs_one_request_a_round_and_marks_no_operation(make_register, backend, status):
    """Found by review: during an outage each round isolated again and made suspects of innocent sales."""
    from sync.client.http import BackendUnavailable

    transport = Always(0)
    reg = make_register(transport=transport)
    for pid in (2, 3, 4, 2, 3):
        reg.sell(gtin_of(reg.replica, pid))
    transport.status = status
    requests = []
    for _ in range(6):
        before = transport.pushes
        with pytest.raises(BackendUnavailable):
            reg.sync.sync_once()
        requests.append(transport.pushes - before)
    # 503: one a round. 500: the second round tries one alone, then a second one, and sees the backend down.
    assert max(requests) <= (1 if status == 503 else 3) and not reg.sync._suspects
    transport.status = 0
    reg.sync.sync_once()
    assert reg.sync.pending_count() == 0


def test_a_return_of_a_held_back_sale_waits_for_it(make_register, backend):
    from sync.client.http import BackendUnavailable
    from tests.sync.test_refund_limits import cash_return

    transport = FailsOn()
    reg = make_register(transport=transport)
    reg.sell(gtin_of(reg.replica, 2))
    barcode = reg.sell(gtin_of(reg.replica, 3))
    cash_return(reg, barcode, {3: 1})
    with reg.replica.connect() as c:
        transport.poison = c.exec_driver_sql("SELECT id FROM outboxentry WHERE op = 'sale.completed'"
                                             " ORDER BY seq DESC LIMIT 1").scalar_one()
    with pytest.raises(BackendUnavailable):
        reg.sync.sync_once()
    reg.sync.sync_once()
    with reg.replica.connect() as c:
        assert dict(c.exec_driver_sql("SELECT op, status FROM outboxentry WHERE status <> 'applied'").all()) \
            == {"sale.completed": "pending", "return.recorded": "pending"}  # not rejected: "sale unknown"
    transport.poison = None
    reg.sync.sync_once()
    assert reg.sync.pending_count() == 0
