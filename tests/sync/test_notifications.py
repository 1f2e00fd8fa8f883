"""Store notifications (issue 15 §1) against the real backend: made once per event, in the right store's feed only,
pushed to an online register through the event stream, kept for a register that was away, acknowledged at one
register and seen acknowledged at the others."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.services import notifications as service
from sync.client.events import EventListener
from sync.client.worker import SyncWorker
from sync.protocol import NotificationKind
from sync.server.conflicts import raise_conflict
from sync.server.notifications import notify
from tests.sync.conftest import SHOP_KEY, sync_until


def wait_for(condition, what: str, timeout: float = 30.0):
    """A condition, with a generous bound for a loaded machine (the 2-second target is the benchmark's:
    tests.bench.notify)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"never happened: {what}"
        time.sleep(0.02)


def pickup_order(backend, order_no: str, lines: dict[int, int], store: str = "1001", **extra) -> dict:
    response = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": order_no, "customer_email": "kundin@example.org", "customer_name": "Eva Berg",
        "fulfilment": "pickup", "pickup_store_id": store, **extra,
        "lines": [{"product_id": p, "quantity": q} for p, q in lines.items()]})
    assert response.status_code == 201, response.text
    return response.json()


def stocked(backend, store: str, at_least: int = 5) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT product_id FROM stock WHERE location_id = :s AND quantity >= :q"
                              " ORDER BY product_id LIMIT 1"), {"s": store, "q": at_least}).scalar_one()


def notes(reg) -> dict[str, service.StoreNotification]:
    return {n.id: n for n in service.history(reg.sale.ctx)}


def test_a_pickup_order_tells_its_store_and_only_its_store(backend, make_register):
    here, other = make_register("1001", 1), make_register("1002", 1)
    order = pickup_order(backend, "CC-N-1", {stocked(backend, "1001"): 1})
    key = f"pickup_order:{order['id']}"
    sync_until(here, lambda: key in notes(here))
    n = notes(here)[key]
    assert (n.kind, n.ref, n.is_open) == (NotificationKind.PICKUP_ORDER, order["id"], True)
    assert n.params == {"order_no": "CC-N-1", "customer_name": "Eva Berg", "pieces": 1, "paid_online": True}
    other.sync.sync_once()
    assert key not in notes(other)
    assert service.open_count(here.sale.ctx) == 1


def test_the_same_event_twice_is_one_notification(backend):
    with Session(backend.engine) as s:
        assert notify(s, store_id="1001", kind=NotificationKind.TSE_OUTAGE, ref="1001-01", key="1001-01:7")
        assert not notify(s, store_id="1001", kind=NotificationKind.TSE_OUTAGE, ref="1001-01", key="1001-01:7")
        s.commit()
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM notification")).scalar_one() == 1
        assert c.execute(text("SELECT count(*) FROM change WHERE kind = 'notification'")).scalar_one() == 1


def test_an_online_register_hears_of_a_new_order_through_the_event_stream(backend, make_register):
    """The worker's own timer is set to ten minutes: only the push channel can bring the order this soon."""
    reg = make_register("1001", 1)
    worker = SyncWorker(reg.sync, interval_s=600)
    listener = EventListener(reg.client, on_change=worker.wake)
    worker.start()
    listener.start()
    try:
        wait_for(listener.connected.is_set, "the event stream opened")
        wait_for(lambda: worker.status.online, "the first round after connecting")
        order = pickup_order(backend, "CC-N-2", {stocked(backend, "1001"): 1})
        wait_for(lambda: f"pickup_order:{order['id']}" in notes(reg), "the order's notification at the register")
    finally:
        listener.stop()
        worker.stop()
    assert listener.events >= 2  # once at connecting, once for the order


def test_the_stream_refuses_a_register_without_a_token(backend):
    response = httpx.get(f"{backend.url}/v1/events")
    assert response.status_code == 401
    response = httpx.get(f"{backend.url}/v1/events", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_a_register_that_was_away_gets_what_it_missed(backend, make_register):
    reg = make_register("1001", 1)
    backend.stop()  # the register's network is gone; the web shop's is not (the backend runs on)
    with Session(backend.engine) as s:
        notify(s, store_id="1001", kind=NotificationKind.TSE_OUTAGE, ref="1001-02", key="1001-02:3",
               params={"register_id": "1001-02", "at": "2026-11-30T10:00:00+00:00"})
        s.commit()
    backend.start()
    sync_until(reg, lambda: "tse_outage:1001-02:3" in notes(reg))


def test_acknowledged_at_one_register_is_acknowledged_at_the_others(backend, make_register):
    first, second = make_register("1001", 1), make_register("1001", 2)
    order = pickup_order(backend, "CC-N-3", {stocked(backend, "1001"): 1})
    key = f"pickup_order:{order['id']}"
    sync_until(first, lambda: key in notes(first))
    sync_until(second, lambda: key in notes(second))
    service.acknowledge(first.sale.ctx, first.sale.associate, notification_id=key)
    assert not notes(first)[key].is_open and notes(first)[key].acknowledged_by == "Lena Schmidt"
    first.sync.sync_once()
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT acknowledged_by FROM notification WHERE id = :i"), {"i": key}).scalar() == "1"
    sync_until(second, lambda: not notes(second)[key].is_open)
    assert service.open_count(second.sale.ctx) == 0
    # acknowledged again (at the second register, before it heard): nothing more goes to the backend
    service.acknowledge(second.sale.ctx, second.sale.associate, notification_id=key)
    assert second.sync.pending_count() == 0


def test_an_acknowledgement_offline_survives_the_pull_that_has_not_seen_it(backend, make_register):
    reg = make_register("1001", 1)
    order = pickup_order(backend, "CC-N-4", {stocked(backend, "1001"): 1})
    key = f"pickup_order:{order['id']}"
    sync_until(reg, lambda: key in notes(reg))
    service.acknowledge(reg.sale.ctx, reg.sale.associate, notification_id=key)
    with Session(backend.engine) as s:  # the backend sends the notification again, still open (e.g. params changed)
        from sync.server.notifications import _publish
        _publish(s, key)
        s.commit()
    reg.sync.pull_all()  # a pull without the push before it
    assert not notes(reg)[key].is_open


def test_a_conflict_and_a_tse_outage_tell_the_store(backend, make_register):
    reg = make_register("1001", 1)
    with Session(backend.engine) as s:
        conflict = raise_conflict(s, kind="voucher_unknown", store_id="1001", entity_id="GS0000000001",
                                  details={"code": "GS0000000001"})
        s.commit()
        conflict_id = conflict.id
    sync_until(reg, lambda: f"conflict:{conflict_id}" in notes(reg))
    assert notes(reg)[f"conflict:{conflict_id}"].params == {"conflict_kind": "voucher_unknown",
                                                            "entity_id": "GS0000000001"}


def test_a_customer_arriving_tells_the_pickup_store(backend, make_register):
    reg = make_register("1001", 1)
    order = pickup_order(backend, "CC-N-5", {stocked(backend, "1001"): 1})
    response = httpx.post(f"{backend.url}/v1/shop/orders/{order['id']}/arrived", headers={"X-Shop-Key": SHOP_KEY})
    assert response.status_code == 200 and response.json()["store_id"] == "1001"
    sync_until(reg, lambda: any(n.kind == NotificationKind.CUSTOMER_ARRIVED for n in notes(reg).values()))
    arrived = next(n for n in notes(reg).values() if n.kind == NotificationKind.CUSTOMER_ARRIVED)
    assert arrived.params == {"order_no": "CC-N-5", "customer_name": "Eva Berg"} and arrived.ref == order["id"]
    assert httpx.post(f"{backend.url}/v1/shop/orders/nope/arrived", headers={"X-Shop-Key": SHOP_KEY}
                      ).status_code == 404
    assert httpx.post(f"{backend.url}/v1/shop/orders/{order['id']}/arrived").status_code == 401


def test_low_free_stock_of_a_product_reserved_online(backend, make_register):
    reg = make_register("1001", 1)
    product = stocked(backend, "1001", at_least=4)
    with backend.engine.connect() as c:
        in_store = c.execute(text("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = :p"),
                             {"p": product}).scalar_one()
    if in_store - 1 > 2:  # a first order that leaves enough: no warning
        pickup_order(backend, "CC-N-6", {product: 1})
        reg.sync.sync_once()
        assert not any(n.kind == NotificationKind.LOW_STOCK for n in notes(reg).values())
    order = pickup_order(backend, "CC-N-7", {product: max(1, in_store - 2 - (1 if in_store - 1 > 2 else 0))})
    sync_until(reg, lambda: any(n.kind == NotificationKind.LOW_STOCK for n in notes(reg).values()))
    low = next(n for n in notes(reg).values() if n.kind == NotificationKind.LOW_STOCK)
    assert low.ref == str(product) and low.params["free"] <= 2
    assert low.params["reserved"] == sum(l["quantity"] for l in order["lines"]) + (1 if in_store - 1 > 2 else 0)


def test_an_acknowledgement_of_another_stores_notification_is_rejected(backend, make_register):
    reg = make_register("1001", 1)
    with Session(backend.engine) as s:
        notify(s, store_id="1002", kind=NotificationKind.TSE_OUTAGE, ref="1002-01", key="1002-01:1")
        s.commit()
    with reg.replica.begin() as c:  # a replica tampered with: it holds the other store's notification
        c.exec_driver_sql("INSERT INTO notification (id, kind, ref, params, created_at) VALUES"
                          " ('tse_outage:1002-01:1', 'tse_outage', '1002-01', '{}', '2026-11-30T10:00:00+00:00')")
    service.acknowledge(reg.sale.ctx, reg.sale.associate, notification_id="tse_outage:1002-01:1")
    report = reg.sync.sync_once()
    assert report.rejected == 1 and "another store" in report.rejected_reasons[0]
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT acknowledged_at FROM notification")).scalar() is None


def test_an_unknown_notification_cannot_be_acknowledged(backend, make_register):
    reg = make_register("1001", 1)
    with pytest.raises(service.NotificationError) as refused:
        service.acknowledge(reg.sale.ctx, reg.sale.associate, notification_id="pickup_order:nope")
    assert refused.value.code == "notification_unknown"


def test_the_stream_ends_when_the_backend_stops_and_comes_back_after(backend, make_register):
    reg = make_register("1001", 1)
    woken = threading.Event()
    listener = EventListener(reg.client, on_change=woken.set, base_backoff_s=0.05, max_backoff_s=0.2)
    listener.start()
    try:
        wait_for(listener.connected.is_set, "the event stream opened")
        backend.stop()
        wait_for(lambda: not listener.connected.is_set(), "the listener noticed the backend went away")
        woken.clear()
        backend.start()
        wait_for(woken.is_set, "the stream opened again and said to pull")
    finally:
        listener.stop()


def test_an_order_handed_out_settles_its_notifications(backend, make_register):
    from app.services import pickup

    reg = make_register("1001", 1)
    product = stocked(backend, "1001")
    order = pickup_order(backend, "CC-N-8", {product: 2})
    httpx.post(f"{backend.url}/v1/shop/orders/{order['id']}/arrived", headers={"X-Shop-Key": SHOP_KEY})
    sync_until(reg, lambda: service.open_count(reg.sale.ctx) == 2)
    ctx, lena = reg.sale.ctx, reg.sale.associate
    pickup.hand_out(ctx, lena, order_id=order["id"], quantities={product: 1}, identity_checked=True)
    reg.sync.sync_once()
    assert service.open_count(ctx) == 2  # one piece is still to be handed out
    pickup.hand_out(ctx, lena, order_id=order["id"], quantities={product: 1}, identity_checked=True)
    sync_until(reg, lambda: service.open_count(ctx) == 0)
    assert {n.acknowledged_by for n in service.history(ctx)} == {"1001-01"}  # done by this register's handout


def test_a_register_selling_without_its_tse_tells_the_stores_other_registers(backend, make_register):
    from tests.conftest import gtin_of

    selling, other = make_register("1001", 1), make_register("1001", 2)
    selling.sale.ctx.tse.go_offline()  # the TSE is unplugged: the counter sells on, the outage is journalled
    selling.sell(gtin_of(selling.replica, 3))
    selling.sync.sync_once()
    sync_until(other, lambda: any(n.kind == NotificationKind.TSE_OUTAGE for n in notes(other).values()))
    outage = next(n for n in notes(other).values() if n.kind == NotificationKind.TSE_OUTAGE)
    assert outage.ref == "1001-01" and outage.params["register_id"] == "1001-01" and outage.urgent
