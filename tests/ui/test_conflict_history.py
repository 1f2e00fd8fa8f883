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
    qtbot.waitUntil(lambda: window.conflict_inbox is not None and window.conflict_inbox.isVisible(), timeout=10000)
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


def test_the_manager_releases_a_held_voucher_from_the_inbox(synced_window, backend, qtbot, tmp_path):
    """A return refunded far above what was paid: the inbox says by how much and that the voucher is held;
    acknowledging it releases the voucher in every store (issue 10, security 2)."""
    from app.services.vouchers import VoucherError, balance_cents
    from tests.sync.test_refund_limits import forged_return

    window, reg = synced_window
    screen = login(window, qtbot, 3, "987654")
    wedge_scan(screen.search, gtin_of(reg.replica, 3))
    pay_exact(window, qtbot)
    qtbot.waitUntil(lambda: reg.sync.pending_count() == 0, timeout=8000)
    with reg.replica.connect() as c:
        sale_id = c.exec_driver_sql("SELECT id FROM sale").scalar_one()
    assert reg.client.push([forged_return(sale_id, 1_000_000_000, voucher="GS5555555555")]).results[0].status \
        == "conflict"
    window.sync.wake()
    qtbot.waitUntil(lambda: reg.sync.open_conflicts() == 1, timeout=8000)
    inbox = open_inbox(window, qtbot)
    text_shown = inbox.table.item(0, 1).text()
    assert "erstattet 10.000.000,00 €" in text_shown and "Gutschein GS5555555555 gesperrt" in text_shown
    screenshot(inbox, "inbox_refund_above_paid.png", tmp_path)
    try:
        balance_cents(reg.sale.ctx, "GS5555555555")
        raise AssertionError("a held voucher was redeemable")
    except VoucherError as exc:
        assert "gesperrt" in str(exc)
    qtbot.mouseClick(inbox.ack, Qt.LeftButton)
    qtbot.waitUntil(lambda: "zur Kenntnis" in inbox.table.item(0, 2).text(), timeout=8000)
    window.sync.wake()
    qtbot.waitUntil(lambda: _redeemable(reg, "GS5555555555"), timeout=8000)


def _redeemable(reg, code: str) -> bool:
    from app.services.vouchers import VoucherError, balance_cents

    try:
        return balance_cents(reg.sale.ctx, code) > 0
    except VoucherError:
        return False
