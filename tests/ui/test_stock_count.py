"""Counting stock from the stock dialog (Strg+B, "Bestand zählen"), against the real backend."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from app.ui.prompts import ManagerApprovalDialog
from app.ui.stock_dialog import CountDialog
from tests.ui.conftest import answer_modal, login


def backend_stock(backend, product_id: int) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = :p"),
                         {"p": product_id}).scalar_one()


def answer(qtbot, kind, handler, seen: list):
    answer_modal(kind, handler, seen)


def open_stock(window, qtbot, query: str):
    screen = window.sale_screen
    screen.search.setText(query)
    screen.run_search()
    dialog = screen.channels.show_stock()  # Strg+B; the key itself is the sale screen's
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    return dialog


def count_in_dialog(dialog, qtbot, quantity: int, seen: list):
    def type_count(counting):
        counting.quantity.setValue(quantity)
        QTest.keyClick(counting.quantity, Qt.Key_Return)
    answer(qtbot, CountDialog, type_count, seen)
    qtbot.mouseClick(dialog.count_button, Qt.LeftButton)


def test_an_associate_counts_with_the_managers_pin_and_the_backend_gets_it(synced_window, backend, qtbot):
    window, reg = synced_window
    login(window, qtbot, 1, "1234")  # Lena, an associate
    dialog = open_stock(window, qtbot, "kräutertee")
    pid = dialog.product.product_id
    seen = []

    def manager(approval):
        QTest.keyClicks(approval.pad.field, "987654")
        QTest.keyClick(approval.pad.field, Qt.Key_Return)

    answer(qtbot, ManagerApprovalDialog, manager, seen)
    count_in_dialog(dialog, qtbot, 17, seen)
    assert [type(d) for d in seen] == [CountDialog, ManagerApprovalDialog]  # what is counted, then who approves
    assert "Bestand gezählt: 17" in dialog.status.text()
    assert dialog.table.item(0, 2).text().startswith("17 ")  # this store's row, at once
    qtbot.waitUntil(lambda: backend_stock(backend, pid) == 17, timeout=8000)
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT reason FROM stockmovement WHERE product_id = :p AND register_id = '1001-01'"),
                         {"p": pid}).scalar_one() == "inventory"


def test_a_wrong_pin_changes_nothing(synced_window, qtbot):
    window, reg = synced_window
    login(window, qtbot, 1, "1234")
    dialog = open_stock(window, qtbot, "kräutertee")
    before = dialog.table.item(0, 2).text()
    seen = []

    def wrong(approval):
        QTest.keyClicks(approval.pad.field, "1234")
        QTest.keyClick(approval.pad.field, Qt.Key_Return)

    answer(qtbot, ManagerApprovalDialog, wrong, seen)
    count_in_dialog(dialog, qtbot, 3, seen)
    assert "Marktleiter-PIN" in dialog.status.text() and dialog.table.item(0, 2).text() == before
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM outboxentry WHERE op = 'stock.counted'").scalar_one() == 0


def test_a_manager_counts_without_a_pin(synced_window, backend, qtbot):
    window, reg = synced_window
    login(window, qtbot, 3, "987654")  # Jonas, the manager
    dialog = open_stock(window, qtbot, "kräutertee")
    seen = []
    count_in_dialog(dialog, qtbot, 0, seen)
    assert [type(d) for d in seen] == [CountDialog] and "Bestand gezählt: 0" in dialog.status.text()
    qtbot.waitUntil(lambda: backend_stock(backend, dialog.product.product_id) == 0, timeout=8000)
