"""Returns of online orders: exactly once, returnable across channels, over-returns flagged.

A register holds only the orders collected in its store; a delivered order is looked up online
(`client`), and the return is recorded at the counter and pushed whenever the link allows."""

import json

import httpx
import pytest
from sqlalchemy import text

from app.services.auth import AssociateSession, Role
from app.services.returns import ReturnError, find_order, record_return, returnable
from tests.sync.conftest import place_order, sync_until

LENA = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)


def ctx(reg):
    return reg.sale.ctx


def lookup(reg, order_no):
    return find_order(ctx(reg), order_no=order_no, client=reg.client)


def left(reg, order_no):
    return {l.product_id: l.returnable for l in returnable(ctx(reg), lookup(reg, order_no))}


def give_back(reg, order_no, quantities, source=None, **kw):
    return record_return(ctx(reg), LENA, source=source or lookup(reg, order_no), quantities=quantities, **kw)


def backend_stock(backend, location, product):
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :l AND product_id = :p"),
                         {"l": location, "p": product}).scalar_one()


def test_shop_api_needs_its_key(backend):
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": "wrong"},
                   json={"order_no": "WEB-1", "lines": [{"product_id": 2, "quantity": 1}]})
    assert r.status_code == 401 and "X-Shop-Key" in r.json()["detail"]


def test_partial_return_then_the_rest(make_register, backend):
    order = place_order(backend, "WEB-1001", {2: 3, 3: 1})
    reg = make_register()
    reg.sync.sync_once()
    assert left(reg, "WEB-1001") == {2: 3, 3: 1}
    before = backend_stock(backend, "1001", 2)
    give_back(reg, "WEB-1001", {2: 2})
    assert left(reg, "WEB-1001") == {2: 1, 3: 1}  # offline already: its own return counts
    with pytest.raises(ReturnError, match="höchstens 1"):
        give_back(reg, "WEB-1001", {2: 2})
    reg.sync.sync_once()
    assert left(reg, "WEB-1001") == {2: 1, 3: 1}  # now known to the backend, counted once
    give_back(reg, "WEB-1001", {2: 1, 3: 1})
    report = reg.sync.sync_once()
    assert report.conflicts == 0 and left(reg, "WEB-1001") == {2: 0, 3: 0}
    assert backend_stock(backend, "1001", 2) == before + 3  # resellable: back in this store's stock

    def replica_stock() -> int:
        with reg.replica.connect() as c:
            return c.exec_driver_sql("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = 2"
                                     ).scalar_one()

    # The replica shows the backend's count, the returns counted once. (PostgreSQL's feed shows the change
    # once every older write transaction in the cluster has ended: another round, where other tests write.)
    sync_until(reg, lambda: replica_stock() == before + 3)
    assert replica_stock() == before + 3
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM stockmovement WHERE NOT synced").scalar_one() == 0
    assert order["total_cents"] > 0


def test_same_order_returned_at_two_offline_registers_is_flagged(make_register, backend):
    place_order(backend, "WEB-2002", {4: 2})
    berlin = make_register("1001", 1)
    hamburg = make_register("1002", 1)
    found = [lookup(reg, "WEB-2002") for reg in (berlin, hamburg)]  # a delivered order: looked up online
    backend.stop()  # then the link drops in both stores: each register lets the customer return both pieces
    give_back(berlin, "WEB-2002", {4: 2}, source=found[0])
    give_back(hamburg, "WEB-2002", {4: 2}, source=found[1])
    backend.start()
    first = berlin.sync.sync_once()
    second = hamburg.sync.sync_once()
    assert first.conflicts == 0 and second.conflicts == 1
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM returnrecord")).scalar_one() == 2  # both recorded
        kind, store, details = c.execute(text("SELECT kind, store_id, details FROM conflict")).one()
    details = json.loads(details) if isinstance(details, str) else details
    assert kind == "over_refund" and store == "1002"
    assert details["sold"] == 2 and details["returned"] == 4 and details["excess"] == 2
    assert {r["register_id"] for r in details["returns"]} == {"1001-01", "1002-01"}
    berlin.sync.sync_once()
    assert left(berlin, "WEB-2002") == {4: 0} and left(hamburg, "WEB-2002") == {4: 0}
    with hamburg.replica.connect() as c:  # the manager in Hamburg sees it in the inbox
        assert c.exec_driver_sql("SELECT kind FROM conflict").scalar_one() == "over_refund"


def test_unknown_order_is_a_clear_message(make_register):
    reg = make_register()
    with pytest.raises(ReturnError, match="nicht bekannt"):
        find_order(ctx(reg), order_no="WEB-9999")


def test_pickup_order_paid_online_later_reaches_the_register(make_register, backend):
    from tests.sync.conftest import SHOP_KEY
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-3003", "paid_online": False, "fulfilment": "pickup", "pickup_store_id": "1001",
        "lines": [{"product_id": 2, "quantity": 1}]})
    assert r.status_code == 201, r.text
    bad = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-3004", "fulfilment": "pickup", "lines": [{"product_id": 2, "quantity": 1}]})
    assert bad.status_code == 422 and "pickup" in bad.json()["detail"]
    reg = make_register()
    reg.sync.sync_once()
    order = find_order(ctx(reg), order_no="WEB-3003")
    assert not order.paid_online and order.kind == "order"
    assert httpx.post(f"{backend.url}/v1/shop/orders/{order.id}/pay",
                      headers={"X-Shop-Key": SHOP_KEY}).status_code == 200
    sync_until(reg, lambda: find_order(ctx(reg), order_no="WEB-3003").paid_online)


def test_damaged_goods_are_written_off_and_old_orders_need_a_manager(make_register, backend):
    from datetime import datetime, timedelta, timezone
    from app.services.returns import ReturnApprovalNeeded
    place_order(backend, "WEB-4004", {2: 2})
    reg = make_register()
    reg.sync.sync_once()
    later = datetime.now(timezone.utc) + timedelta(days=45)
    with pytest.raises(ReturnApprovalNeeded, match="45 Tage"):
        give_back(reg, "WEB-4004", {2: 1}, reason="defect", now=later)
    with pytest.raises(Exception, match="Marktleiter"):
        give_back(reg, "WEB-4004", {2: 1}, reason="defect", now=later, approver_pin="1234")
    before = backend_stock(backend, "1001", 2)
    record = give_back(reg, "WEB-4004", {2: 1}, reason="defect", resellable=False, now=later, approver_pin="987654")
    assert record.data["approved_by"] == 3 and record.data["reason"] == "defect"
    reg.sync.sync_once()
    assert backend_stock(backend, "1001", 2) == before  # damaged: written off, not back on the shelf
    with pytest.raises(ReturnError, match="Rückgabegrund"):
        give_back(reg, "WEB-4004", {2: 1}, reason="weil")


def test_concurrent_returns_of_one_order_at_two_stores_are_still_flagged(make_register, backend):
    """Two pushes at the same moment: the second waits for the first, so the over-return is seen
    (PostgreSQL would otherwise let each transaction miss the other's return)."""
    import threading

    from sqlmodel import Session, select

    from app.store.models import OutboxEntry
    from sync.protocol import Operation
    from sync.server.apply import apply_batch
    from sync.server.models import Register

    place_order(backend, "WEB-2003", {4: 2})
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    for reg in (berlin, hamburg):
        sync_until(reg, lambda reg=reg: _has_order(reg, "WEB-2003"))
    give_back(berlin, "WEB-2003", {4: 2})
    give_back(hamburg, "WEB-2003", {4: 2})
    with Session(berlin.replica) as s:
        entry = s.exec(select(OutboxEntry).where(OutboxEntry.op == "return.recorded")).one()
    op = Operation(id=entry.id, seq=entry.seq, op=entry.op, payload=entry.payload)
    first = Session(backend.engine)
    try:
        apply_batch(first, first.get(Register, "1001-01"), [op])  # applied, not yet committed
        second = threading.Thread(target=hamburg.sync.sync_once)
        second.start()
        second.join(0.5)
        first.commit()
    finally:
        first.close()
    second.join(30)
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM conflict WHERE kind = 'over_refund'")).scalar_one() == 1


def _has_order(reg, order_no) -> bool:
    try:
        lookup(reg, order_no)
    except ReturnError:
        return False
    return True
