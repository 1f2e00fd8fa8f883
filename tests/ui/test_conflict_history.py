"""The conflict inbox opens at any time, with nothing open too, and keeps the history; a count resolves
a negative-stock conflict. Against the real backend."""

from PySide6.QtCore import Qt
from sqlalchemy import text

from app.services import inventory
from tests.conftest import gtin_of, piece_product_ids
from tests.ui.conftest import login, pay_exact, screenshot
from tests.ui.test_sale_screen import wedge_scan


def backend_stock(backend, pid: int) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = :p"),
                         {"p": pid}).scalar_one()


def oversell(window, reg, backend, qtbot, pid: int, beyond: int) -> None:
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(reg.replica, pid))
    line = screen.sale.cart.lines[0]
    screen.run_op(lambda: screen.sale.set_quantity(line.line_id, backend_stock(backend, pid) + beyond))
    pay_exact(window, qtbot)


def open_inbox(window, qtbot):
    button = window.sale_screen.sync_indicator.conflicts
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.conflict_inbox is not None and window.conflict_inbox.isVisible(), timeout=2000)
    return window.conflict_inbox


def test_the_manager_opens_the_inbox_with_nothing_open_and_sees_the_history(synced_window, backend, qtbot,
                                                                            tmp_path):
    window, reg = synced_window
    login(window, qtbot, 3, "987654")  # Jonas, the manager
    button = window.sale_screen.sync_indicator.conflicts
    qtbot.waitUntil(lambda: "Online" in window.sale_screen.sync_indicator.label.text(), timeout=5000)
    inbox = open_inbox(window, qtbot)  # nothing ever happened: it opens all the same
    assert inbox.table.rowCount() == 0 and "Keine Konflikte" in inbox.summary.text()
    inbox.accept()

    counted, acknowledged = piece_product_ids(reg.replica, 3)[1:]
    oversell(window, reg, backend, qtbot, counted, 2)
    oversell(window, reg, backend, qtbot, acknowledged, 1)
    qtbot.waitUntil(lambda: "2 Konflikte" in button.text(), timeout=8000)
    screen = window.sale_screen
    inventory.count_stock(screen.sale.ctx, screen.sale.associate, product_id=counted, counted=4)
    window.sync.wake()
    qtbot.waitUntil(lambda: "1 Konflikte" in button.text(), timeout=8000)  # the count resolved one
    inbox = open_inbox(window, qtbot)
    assert [inbox.table.item(r, 2).text().split(":")[0] for r in range(2)] == ["offen", "gelöst"]
    assert "Bestand gezählt: 4" in inbox.table.item(1, 2).text() and "Gezählt: 4" in inbox.table.item(1, 1).text()
    inbox.table.selectRow(1)
    assert not inbox.ack.isEnabled()  # the history is to read
    inbox.table.selectRow(0)
    assert inbox.ack.isEnabled()
    qtbot.mouseClick(inbox.ack, Qt.LeftButton)
    qtbot.waitUntil(lambda: all(inbox.table.item(r, 2).text() != "offen" for r in range(2)), timeout=5000)
    inbox.accept()

    window.sync.wake()
    qtbot.waitUntil(lambda: button.text() == "Konflikte", timeout=8000)  # nothing open any more
    inbox = open_inbox(window, qtbot)
    assert inbox.table.rowCount() == 2 and "0 offen · 2 erledigt" in inbox.summary.text()
    inbox.resize(1280, 800)
    path = screenshot(inbox, "conflict_history_1280x800.png", tmp_path)
    assert path.exists()


def test_an_associate_reads_the_inbox_but_cannot_answer(synced_window, qtbot):
    window, _reg = synced_window
    login(window, qtbot, 1, "1234")
    inbox = open_inbox(window, qtbot)
    assert not inbox.ack.isEnabled() and "Marktleitung" in inbox.status.text()
