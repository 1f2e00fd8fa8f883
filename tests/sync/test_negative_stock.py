"""Negative stock: one open conflict per product and store, deepened by later sales, even when two
registers push at once; acknowledged, the next shortfall opens a new one. Against the real backend."""

import json
import threading

from sqlalchemy import text

from tests.conftest import gtin_of, piece_product_ids
from tests.sync.conftest import sync_until


def stock_of(backend, location, product) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :l AND product_id = :p"),
                         {"l": location, "p": product}).scalar_one()


def conflicts(backend, product) -> list[tuple[int, str, dict]]:
    with backend.engine.connect() as c:
        rows = c.execute(text("SELECT id, status, details FROM conflict WHERE kind = 'negative_stock'"
                              " AND entity_id = :e ORDER BY id"), {"e": str(product)}).all()
    return [(i, s, json.loads(d) if isinstance(d, str) else d) for i, s, d in rows]


def sell(reg, pid: int, quantity: int) -> None:
    reg.sale.scan(gtin_of(reg.replica, pid))
    reg.sale.set_quantity(reg.sale.cart.lines[0].line_id, quantity)
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()


def test_later_sales_deepen_the_one_open_conflict_and_an_acknowledged_one_stays_closed(make_register, backend):
    reg = make_register()
    pid, other = piece_product_ids(reg.replica, 2)
    have = stock_of(backend, "1001", pid)
    sell(reg, pid, have + 2)
    assert reg.sync.sync_once().conflicts == 1
    sell(reg, pid, 1)
    sell(reg, pid, 3)
    sell(reg, other, stock_of(backend, "1001", other) + 1)  # another product: a conflict of its own
    report = reg.sync.sync_once()
    assert report.conflicts == 3 and stock_of(backend, "1001", pid) == -6
    [(first, status, details)] = conflicts(backend, pid)
    assert status == "open" and details["quantity"] == -6 and details["shortfall"] == 6
    assert details["sale_count"] == 3 and [s["delta"] for s in details["sales"]] == [-(have + 2), -1, -3]
    assert [s["quantity"] for s in details["sales"]] == [-2, -3, -6]
    assert len({s["receipt_no"] for s in details["sales"]}) == 3 and details["register_id"] == "1001-01"
    assert len(conflicts(backend, other)) == 1

    def in_inbox():  # the register's inbox has the updated one, once
        with reg.replica.connect() as c:
            rows = c.exec_driver_sql("SELECT details FROM conflict WHERE kind = 'negative_stock' AND entity_id = ?",
                                     (str(pid),)).all()
        assert len(rows) <= 1
        return rows and json.loads(rows[0][0])["shortfall"] == 6

    sync_until(reg, in_inbox)

    reg.client.acknowledge_conflict(first, "")
    sell(reg, pid, 1)
    assert reg.sync.sync_once().conflicts == 1
    (_, old_status, old), (_, new_status, new) = conflicts(backend, pid)
    assert old_status == "acknowledged" and old["shortfall"] == 6  # the acknowledged one is history
    assert new_status == "open" and new["shortfall"] == 7 and new["sale_count"] == 1


def test_two_registers_pushing_at_once_share_one_open_conflict(make_register, backend):
    """Both registers sold the product into the negative offline and push at the same moment. On
    PostgreSQL the two pushes run concurrently; neither may open a second conflict."""
    first, second = make_register("1001", 1), make_register("1001", 2)
    pids = piece_product_ids(first.replica, 6)[2:]
    for pid in pids:
        have = stock_of(backend, "1001", pid)
        for reg in (first, second):
            for _ in range(3):
                sell(reg, pid, have + 1)
    errors = []
    start = threading.Barrier(2)

    def push(reg):
        try:
            start.wait(5)
            reg.sync.push_pending()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=push, args=(reg,)) for reg in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    for pid in pids:
        [(_, status, details)] = conflicts(backend, pid)
        assert status == "open" and details["sale_count"] == 6
        assert {s["register_id"] for s in details["sales"]} == {"1001-01", "1001-02"}
        assert details["quantity"] == stock_of(backend, "1001", pid) < 0


def set_stock(backend, location, product, quantity) -> None:
    with backend.engine.begin() as c:
        c.execute(text("UPDATE stock SET quantity = :q WHERE location_id = :l AND product_id = :p"),
                  {"q": quantity, "l": location, "p": product})


def conflicts_at(backend, location, product) -> list[dict]:
    with backend.engine.connect() as c:
        rows = c.execute(text("SELECT details FROM conflict WHERE kind = 'negative_stock' AND store_id = :l"
                              " AND entity_id = :e AND status = 'open'"), {"l": location, "e": str(product)}).all()
    return [json.loads(d) if isinstance(d, str) else d for (d,) in rows]


def test_deliveries_and_prepaid_pickups_below_zero_are_flagged_like_sales(make_register, backend):
    """Issue 10.4: a delivery took the warehouse below zero, a pickup the store, and nobody was told."""
    import httpx

    from app.services import delivery, pickup
    from tests.sync.conftest import SHOP_KEY

    reg = make_register()
    pid, other = piece_product_ids(reg.replica, 2)
    set_stock(backend, "9000", pid, 1)
    set_stock(backend, "1001", other, 1)
    # an order for delivery from the warehouse, placed and paid at the counter
    reg.sale.scan(gtin_of(reg.replica, pid))
    reg.sale.set_quantity(reg.sale.cart.lines[0].line_id, 3)
    reg.sale.set_links(delivery=delivery.prepare(reg.sale.ctx, ship_from="9000", customer_name="Karla Yilmaz",
                                                 address="Lindenweg 4, 34117 Kassel"))
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    # a click & collect order paid online, handed out in this store
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-7401", "customer_email": "karla@example.org", "customer_name": "Karla Yilmaz",
        "paid_online": True, "fulfilment": "pickup", "pickup_store_id": "1001",
        "lines": [{"product_id": other, "quantity": 4}]})
    assert r.status_code == 201, r.text
    order_id = r.json()["id"]

    def has_order():
        with reg.replica.connect() as c:
            return c.exec_driver_sql("SELECT count(*) FROM onlineorder WHERE id = ?", (order_id,)).scalar_one()

    sync_until(reg, has_order)
    pickup.hand_out(reg.sale.ctx, reg.sale.associate, order_id=order_id, quantities={other: 4}, identity_checked=True)
    sync_until(reg, lambda: stock_of(backend, "1001", other) == -3)
    assert stock_of(backend, "9000", pid) == -2
    [shipped] = conflicts_at(backend, "9000", pid)
    assert (shipped["quantity"], shipped["reason"], shipped["register_id"]) == (-2, "delivery", "1001-01")
    [handed] = conflicts_at(backend, "1001", other)
    assert (handed["quantity"], handed["shortfall"], handed["reason"]) == (-3, 3, "pickup")
