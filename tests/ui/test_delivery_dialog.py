"""Order for delivery at the counter (Strg+L): paid here, shipped from the warehouse, an online order on the backend."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from app.core.receipt import layout
from app.services.return_sources import find_order
from tests.ui.conftest import login, pay_exact, screenshot


def stock(engine, location, product):
    with engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :l AND product_id = :p"),
                         {"l": location, "p": product}).scalar_one()


def test_order_for_delivery_from_the_warehouse(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    with backend.engine.connect() as c:
        pid = c.execute(text("SELECT p.id FROM product p JOIN stock s ON s.product_id = p.id"
                             " WHERE s.location_id = '9000' AND s.quantity >= 5 AND NOT p.weighed LIMIT 1")).scalar_one()
    store_before, warehouse_before = stock(reg.replica, "1001", pid), stock(backend.engine, "9000", pid)
    screen = login(window, qtbot)
    screen.run_op(lambda: screen.sale.add_product(pid))
    screen.run_op(lambda: screen.sale.set_quantity(screen.sale.cart.lines[0].line_id, 2))
    QTest.keyClick(screen.search, Qt.Key_L, Qt.ControlModifier)
    qtbot.waitUntil(lambda: screen.channels.delivery_dialog is not None, timeout=10000)
    dialog = screen.channels.delivery_dialog
    assert dialog.ship_from.currentData() == "9000" and "alles vorrätig" in dialog.ship_from.currentText()
    dialog.name.setText("Paula Schröder")  # QTest types ASCII only
    dialog.submit()
    assert "Lieferadresse" in dialog.status.text() and dialog.isVisible()  # no address yet
    dialog.address.setPlainText("Lindenstraße 12\n10969 Berlin")
    dialog.email.setText("paula@example.org")
    screenshot(dialog, "delivery_1280x800.png", tmp_path)
    dialog.submit()
    assert not dialog.isVisible() and screen.sale.cart.delivery["ship_from"] == "9000"
    assert "LIEFERUNG an Paula Schröder" in screen.totals.text()
    pay_exact(window, qtbot)
    printed = "\n".join(layout(window.receipt_dialog.receipt))
    assert "Lieferauftrag LF-1001-01-00001 an Paula Schröder, Lindenstraße 12 10969 Berlin" in printed.replace("\n", " ")
    assert stock(reg.replica, "1001", pid) == store_before  # nothing left this store's shelf
    window.sync.wake()
    qtbot.waitUntil(lambda: _count(backend.engine, "SELECT count(*) FROM onlineorder WHERE origin = 'counter'") == 1,
                    timeout=8000)
    with backend.engine.connect() as c:
        order_no, address, ship_from, total = c.execute(text(
            "SELECT order_no, address, ship_from, total_cents FROM onlineorder")).one()
    assert (order_no, ship_from) == ("LF-1001-01-00001", "9000") and "10969 Berlin" in address
    assert total == window.receipt_dialog.receipt.total_cents
    assert stock(backend.engine, "9000", pid) == warehouse_before - 2
    # the customer can bring it back to any store: a register looks it up online, none holds it
    assert find_order(reg.sale.ctx, order_no=order_no, client=reg.client).label == f"Bestellung {order_no}"
    assert _count(reg.replica, "SELECT count(*) FROM onlineorder") == 0


def _count(engine, sql) -> int:
    """A fresh connection per poll: a held one would keep the backend's SQLite write lock."""
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def test_delivery_needs_items_first(synced_window, qtbot):
    window, _reg = synced_window
    screen = login(window, qtbot)
    assert screen.channels.open_delivery() is None
    assert "Erst die Artikel" in screen.banner.text()
