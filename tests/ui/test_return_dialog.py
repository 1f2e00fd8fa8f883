"""Returning an online order at the counter (F10), against the real backend."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from tests.sync.conftest import place_order
from tests.ui.test_sale_screen import _answer_next_dialog


def count(engine, sql: str) -> int:
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def open_returns(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    QTest.keyClick(window.sale_screen, Qt.Key_F10)
    qtbot.waitUntil(lambda: window.sale_screen.channels.return_dialog is not None, timeout=2000)
    dialog = window.sale_screen.channels.return_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def order_in_return_dialog(window, reg, backend, qtbot, order_no: str, lines: dict[int, int], typed: str):
    """Place an order in the web shop, wait until the register has it, and look it up at F10."""
    order = place_order(backend, order_no, lines)
    window.sync.wake()
    qtbot.waitUntil(lambda: count(reg.replica, "SELECT count(*) FROM onlineorder") == 1, timeout=5000)
    window.login.select(1)
    window.login.try_login("1234")
    dialog = open_returns(window, qtbot)
    QTest.keyClicks(dialog.order_no, typed)
    QTest.keyClick(dialog.order_no, Qt.Key_Return)
    return order, dialog


def test_partial_return_then_the_rest_offline_capable(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-5005", {2: 2, 3: 1}, "web-5005")
    assert dialog.table.rowCount() == 2 and "WEB-5005" in dialog.info.text()
    assert not dialog.refund_button.isEnabled()
    dialog.spins[0][1].setValue(1)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabegrund" in dialog.status.text()  # a reason is required
    dialog.reason.setCurrentIndex(1)
    out = Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(out / "return_1280x800.png"))
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    assert dialog.table.item(0, 2).text() == "1"  # one of the two is still returnable
    window.sync.wake()
    qtbot.waitUntil(lambda: count(backend.engine, "SELECT count(*) FROM returnrecord") == 1, timeout=5000)
    assert order["lines"][0]["quantity"] == 2


def test_unknown_order_says_so(synced_window, qtbot):
    window, _reg = synced_window
    window.login.select(1)
    window.login.try_login("1234")
    dialog = window.sale_screen.channels.open_returns()  # the key itself is covered above
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    QTest.keyClicks(dialog.order_no, "WEB-0000")
    QTest.keyClick(dialog.order_no, Qt.Key_Return)
    assert "nicht bekannt" in dialog.status.text() and dialog.table.rowCount() == 0


def test_refund_above_limit_needs_the_manager_pin(synced_window, backend, qtbot):
    window, reg = synced_window
    with backend.engine.connect() as c:
        pid = c.execute(text("SELECT id FROM product WHERE gross_price_cents > 500 AND NOT weighed LIMIT 1")).scalar_one()
    _order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-6006", {pid: 60}, "WEB-6006")
    dialog.spins[0][1].setValue(60)
    dialog.reason.setCurrentIndex(0)

    def manager(approval):
        QTest.keyClicks(approval.pad.field, "9876")
        QTest.keyClick(approval.pad.field, Qt.Key_Return)

    _answer_next_dialog(qtbot, manager)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    assert dialog.record.data["approved_by"] == 3


def test_stock_in_other_stores_with_reservations_and_age(synced_window, backend, qtbot):
    from app.services.stock import stock_overview
    window, reg = synced_window
    import httpx
    from tests.sync.conftest import SHOP_KEY
    assert httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-7007", "paid_online": False, "fulfilment": "pickup", "pickup_store_id": "1001",
        "lines": [{"product_id": 2, "quantity": 2}]}).status_code == 201
    window.sync.wake()
    qtbot.waitUntil(lambda: count(reg.replica, "SELECT count(*) FROM onlineorder") == 1, timeout=5000)
    rows, pulled = stock_overview(reg.sale.ctx, product_id=2)
    assert rows[0].location_id == "1001" and rows[0].reserved == 2 and rows[0].free == rows[0].quantity - 2
    assert {r.location_id for r in rows} == {"1001", "1002", "1003", "1004", "9000"} and rows[-1].kind == "warehouse"
    assert pulled is not None
    window.login.select(1)
    window.login.try_login("1234")
    screen = window.sale_screen
    screen.search.setText("kräutertee")
    screen.run_search()
    dialog = screen.channels.show_stock()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    assert dialog.table.rowCount() == 5 and "dieser Markt" in dialog.table.item(0, 0).text()
    assert dialog.age.text().startswith("Stand:")
