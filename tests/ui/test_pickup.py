"""Click & collect at the counter (Strg+H or scanning the pickup code), against the real backend."""

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from app.services.stock import stock_overview
from tests.sync.conftest import SHOP_KEY
from tests.ui.test_sale_screen import wedge_scan
from tests.ui.conftest import login, pay_exact, screenshot


def stocked_products(engine, n: int, at_least: int = 5) -> list[int]:
    with engine.connect() as c:
        return [r[0] for r in c.execute(text(
            "SELECT p.id FROM product p JOIN stock s ON s.product_id = p.id AND s.location_id = '1001'"
            " WHERE NOT p.weighed AND s.quantity >= :n ORDER BY p.id LIMIT :k"), {"n": at_least, "k": n})]


def pickup_order(backend, reg, qtbot, window, order_no, lines, *, paid=True, name="Karla Yilmaz"):
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": order_no, "customer_email": "karla@example.org", "customer_name": name, "paid_online": paid,
        "fulfilment": "pickup", "pickup_store_id": "1001",
        "lines": [{"product_id": p, "quantity": q} for p, q in lines.items()]})
    assert r.status_code == 201, r.text
    window.sync.wake()
    with reg.replica.connect() as c:
        qtbot.waitUntil(lambda: c.execute(text("SELECT count(*) FROM onlineorder WHERE order_no = :n"),
                                          {"n": order_no}).scalar_one() == 1, timeout=5000)
    return r.json()


def backend_count(backend, sql):
    with backend.engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def test_pickup_handed_out_in_two_parts_offline_and_synced_later(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    a, b = stocked_products(reg.replica, 2)
    order = pickup_order(backend, reg, qtbot, window, "WEB-4711", {a: 2, b: 1})
    screen = login(window, qtbot)
    before = stock_overview(screen.sale.ctx, product_id=a)[0][0]
    assert before.reserved == 2
    screen.search.setText("")
    QTest.keyClicks(screen.search, "x")  # the search field has the focus: Strg+H must still open the list
    QTest.keyClick(screen.search, Qt.Key_H, Qt.ControlModifier)
    qtbot.waitUntil(lambda: screen.channels.pickup_dialog is not None, timeout=10000)
    dialog = screen.channels.pickup_dialog
    QTest.keyClicks(dialog.search, "yilmaz")  # by name
    QTest.keyClick(dialog.search, Qt.Key_Return)
    assert dialog.order is not None and dialog.order.order_no == "WEB-4711" and dialog.order.status == "ready"
    screenshot(dialog, "pickup_1280x800.png", tmp_path)

    backend.stop()  # the link drops; the counter carries on
    dialog.spins[0][1].setValue(1)  # the customer takes one of the two now
    dialog.spins[1][1].setValue(1)
    qtbot.mouseClick(dialog.hand_out_button, Qt.LeftButton)
    assert "Ausweis" in dialog.status.text()  # identity first
    dialog.identity.setChecked(True)
    qtbot.mouseClick(dialog.hand_out_button, Qt.LeftButton)
    assert "2 Artikel übergeben" in dialog.status.text()
    assert [l.open for l in dialog.order.lines] == [1, 0]
    after = stock_overview(screen.sale.ctx, product_id=a)[0][0]
    assert (after.quantity, after.reserved, after.free) == (before.quantity - 1, 1, before.free)

    dialog.identity.setChecked(True)  # the rest, the next day
    qtbot.mouseClick(dialog.hand_out_button, Qt.LeftButton)
    assert dialog.order is None or dialog.order.open_items == 0
    assert not any(o.order_no == "WEB-4711" for o in dialog.orders)  # collected: off the list

    backend.start()
    window.sync.wake()
    qtbot.waitUntil(lambda: backend_count(backend, "SELECT count(*) FROM collection") == 2, timeout=8000)
    assert backend_count(backend, f"SELECT sum(quantity) FROM collectionline WHERE order_id = '{order['id']}'") == 3
    with reg.replica.connect() as c:
        qtbot.waitUntil(lambda: c.execute(text("SELECT pickup_open FROM onlineorder WHERE order_no = 'WEB-4711'"))
                        .scalar_one() == 0, timeout=8000)
    assert stock_overview(screen.sale.ctx, product_id=a)[0][0].reserved == 0


def test_unpaid_order_is_paid_at_the_counter_then_handed_out(synced_window, backend, qtbot):
    window, reg = synced_window
    (a,) = stocked_products(reg.replica, 1)
    order = pickup_order(backend, reg, qtbot, window, "WEB-4712", {a: 3}, paid=False)
    with backend.engine.connect() as c:
        stock_before = c.execute(text(f"SELECT quantity FROM stock WHERE location_id='1001' AND product_id={a}"))\
            .scalar_one()
    screen = login(window, qtbot)
    wedge_scan(screen.search, "TRESEN-ORDER:WEB-4712")  # the pickup code from the customer's e-mail
    qtbot.waitUntil(lambda: screen.channels.pickup_dialog is not None, timeout=10000)
    dialog = screen.channels.pickup_dialog
    assert dialog.order.order_no == "WEB-4712" and "NOCH NICHT BEZAHLT" in dialog.info.text()
    assert dialog.hand_out_button.text() == "Kassieren und übergeben"
    dialog.identity.setChecked(True)
    qtbot.mouseClick(dialog.hand_out_button, Qt.LeftButton)
    assert not dialog.isVisible()
    line = screen.sale.cart.lines[0]
    assert (line.product_id, line.quantity, line.unit_price_cents) == (a, 3, order["lines"][0]["unit_price_cents"])
    pay_exact(window, qtbot)
    window.sync.wake()
    qtbot.waitUntil(lambda: backend_count(backend, "SELECT count(*) FROM collection WHERE sale_id IS NOT NULL") == 1,
                    timeout=8000)
    with backend.engine.connect() as c:  # stock left once, with the sale
        assert c.execute(text(f"SELECT quantity FROM stock WHERE location_id='1001' AND product_id={a}"))\
            .scalar_one() == stock_before - 3


def test_reserved_stock_is_shown_and_a_walk_in_sale_warned(synced_window, backend, qtbot):
    window, reg = synced_window
    (a,) = stocked_products(reg.replica, 1)
    with reg.replica.connect() as c:
        have = c.execute(text(f"SELECT quantity FROM stock WHERE location_id='1001' AND product_id={a}")).scalar_one()
    pickup_order(backend, reg, qtbot, window, "WEB-4713", {a: have - 1})  # all but one are reserved
    screen = login(window, qtbot)
    with reg.replica.connect() as c:
        sku, gtin = c.execute(text(f"SELECT p.sku, g.gtin FROM product p JOIN productgtin g ON g.product_id = p.id"
                                   f" WHERE p.id = {a} LIMIT 1")).one()
    screen.search.setText(sku)
    screen.run_search()
    assert f"1 frei ({have - 1} für Abholung reserviert)" in screen.results.item(0).text()
    wedge_scan(screen.search, gtin)
    assert "Achtung" not in screen.banner.text()  # one is free
    wedge_scan(screen.search, gtin)
    assert "nur 1 frei" in screen.banner.text()
