"""Customer lookup at the counter (Strg+K or scanning the loyalty card), against the real backend."""

import logging

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from tests.sync.conftest import SHOP_KEY
from tests.ui.conftest import login, pay_exact, screenshot
from tests.ui.test_sale_screen import wedge_scan


def new_customer(backend, card="KD20000001", email="mia.koch@example.org", phone="+49 30 5556667"):
    r = httpx.post(f"{backend.url}/v1/shop/customers", headers={"X-Shop-Key": SHOP_KEY},
                   json={"name": "Mia Koch", "email": email, "phone": phone, "card_no": card})
    assert r.status_code == 201, r.text
    return r.json()


def sale_customer(backend):
    with backend.engine.connect() as c:
        return c.execute(text("SELECT customer_id FROM sale")).scalar()


def test_loyalty_card_finds_the_customer_with_history_and_attaches_her(synced_window, backend, qtbot, tmp_path,
                                                                       caplog):
    caplog.set_level(logging.DEBUG)
    window, _reg = synced_window
    customer = new_customer(backend)
    assert httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-7701", "customer_email": "mia.koch@example.org",
        "lines": [{"product_id": 2, "quantity": 1}]}).status_code == 201
    screen = login(window, qtbot)
    wedge_scan(screen.search, "KD20000001")  # the loyalty card, scanned on the sale screen
    qtbot.waitUntil(lambda: screen.channels.customer_dialog is not None, timeout=10000)
    dialog = screen.channels.customer_dialog
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=5000)
    assert "Mia Koch" in dialog.list.item(0).text()
    assert dialog.history.rowCount() == 1 and dialog.history.item(0, 2).text() == "WEB-7701"
    points = dialog.found[0].points  # earned with the web order (issue 14): shown with the balance
    assert points > 0 and f"Treuepunkte: {points}" in dialog.points.text()
    screenshot(dialog, "customer_1280x800.png", tmp_path)
    QTest.keyClick(dialog.query, Qt.Key_Return)  # Enter again on what was found attaches her: no mouse needed
    # the cart keeps what the sale needs: who, the card, the points and coupons the lookup reported; nothing more
    assert screen.sale.cart.customer == {"id": customer["id"], "name": "Mia Koch", "card_no": "KD20000001",
                                         "points": points, "coupons": [], "coupons_used": {}}
    assert "Kunde: Mia Koch" in screen.totals.text()
    screen.run_op(lambda: screen.sale.add_product(3))
    pay_exact(window, qtbot)
    window.sync.wake()
    qtbot.waitUntil(lambda: sale_customer(backend) == customer["id"], timeout=8000)
    # by phone, in another spelling: the store sale is in the history now
    dialog = screen.channels.open_customer()
    # Typed by a person: set as text, then Enter. (QTest.keyClicks types as fast as the machine allows: on
    # a quiet machine that is a scanner's burst, and the wedge filter rightly takes it for a scan.)
    dialog.query.setText("030 555 6667")
    QTest.keyClick(dialog.query, Qt.Key_Return)
    qtbot.waitUntil(lambda: dialog.history.rowCount() == 2, timeout=5000)
    assert {dialog.history.item(r, 1).text() for r in range(2)} == {"Online", "Markt 1001"}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "mia.koch" not in logged and "5556667" not in logged and "Mia Koch" not in logged


def test_offline_the_card_is_noted_and_resolved_later(synced_window, backend, qtbot):
    window, _reg = synced_window
    customer = new_customer(backend, card="KD20000002", email="ole@example.org", phone="0401112223")
    screen = login(window, qtbot)
    backend.stop()
    wedge_scan(screen.search, "KD20000002")
    qtbot.waitUntil(lambda: screen.channels.customer_dialog is not None, timeout=10000)
    dialog = screen.channels.customer_dialog
    qtbot.waitUntil(dialog.card_button.isVisible, timeout=8000)
    assert "nicht" in dialog.status.text()
    qtbot.mouseClick(dialog.card_button, Qt.LeftButton)
    assert screen.sale.cart.customer["card_no"] == "KD20000002" and screen.sale.cart.customer["id"] is None
    screen.run_op(lambda: screen.sale.add_product(3))
    pay_exact(window, qtbot)
    backend.start()
    window.sync.wake()
    qtbot.waitUntil(lambda: sale_customer(backend) == customer["id"], timeout=8000)


def test_the_customer_dialog_closes_when_the_register_locks(synced_window, qtbot):
    window, _reg = synced_window
    screen = login(window, qtbot)
    dialog = screen.channels.open_customer()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    window.lock("gesperrt")
    assert not dialog.isVisible() and window.stack.currentWidget() is window.login
