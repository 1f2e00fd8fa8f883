"""The bell and the store's notifications on a register syncing with the real backend (issue 15 §1): a web order
for this store rings and shows on the bell, the associate acknowledges it (Enter), opens the order in the click &
collect dialog and marks it ready there (the customer's e-mail is written at the backend)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import text

from tests.sync.test_notifications import pickup_order, stocked
from tests.ui.conftest import login, screenshot


def test_a_web_order_rings_and_is_acknowledged(synced_window, backend, qtbot, tmp_path):
    window, _reg = synced_window
    login(window, qtbot)
    bell = window.bell
    qtbot.waitUntil(lambda: window.sync.listener is not None and window.sync.listener.connected.is_set(),
                    timeout=30000)
    assert bell.count == 0 and bell.rang == 0
    order = pickup_order(backend, "CC-UI-1", {stocked(backend, "1001"): 2})
    qtbot.waitUntil(lambda: bell.count == 1, timeout=30000)
    assert bell.rang == 1 and "1" in bell.text() and bell.property("kind") == "warn"
    assert "CC-UI-1" in bell.toolTip()
    screenshot(window, "notification-bell.png", tmp_path)

    dialog = window.show_notifications()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Neue Abholbestellung"
    assert "CC-UI-1" in dialog.table.item(0, 2).text() and "2 Artikel" in dialog.table.item(0, 2).text()
    screenshot(dialog, "notifications-dialog.png", tmp_path)
    qtbot.keyClick(dialog.table, Qt.Key_Return)
    assert dialog.table.rowCount() == 0 and dialog.summary.text() == "Nichts offen."
    dialog.history.setChecked(True)
    assert dialog.table.rowCount() == 1 and "Lena Schmidt" in dialog.table.item(0, 3).text()
    dialog.accept()
    assert bell.count == 0
    key = f"pickup_order:{order['id']}"
    qtbot.waitUntil(lambda: _acknowledged(backend, key), timeout=30000)


def test_the_order_opens_in_the_pickup_dialog_and_is_marked_ready(synced_window, backend, qtbot, tmp_path):
    window, _reg = synced_window
    login(window, qtbot)
    order = pickup_order(backend, "CC-UI-2", {stocked(backend, "1001"): 1})
    qtbot.waitUntil(lambda: window.bell.count == 1, timeout=30000)
    dialog = window.show_notifications()
    assert dialog.order.isEnabled()
    dialog.order.click()
    pickup_dialog = window.sale_screen.channels.pickup_dialog
    qtbot.waitUntil(lambda: pickup_dialog is not None and pickup_dialog.isVisible())
    assert pickup_dialog.order is not None and pickup_dialog.order.order_no == "CC-UI-2"
    assert pickup_dialog.ready_button.isEnabled()
    pickup_dialog.ready_button.click()
    assert "bereitgestellt" in pickup_dialog.status.text() and not pickup_dialog.ready_button.isEnabled()
    assert "bereitgestellt" in pickup_dialog.info.text()
    screenshot(pickup_dialog, "pickup-ready.png", tmp_path)
    qtbot.waitUntil(lambda: _mail_written(backend, order["id"]), timeout=30000)
    pickup_dialog.reject()


def test_a_locked_register_shows_but_does_not_acknowledge(synced_window, backend, qtbot):
    window, _reg = synced_window
    pickup_order(backend, "CC-UI-3", {stocked(backend, "1001"): 1})
    qtbot.waitUntil(lambda: window.bell.count == 1, timeout=30000)
    dialog = window.show_notifications()  # from the login screen: nobody logged in
    assert dialog.table.rowCount() == 1 and not dialog.ack.isEnabled()
    assert "anmelden" in dialog.status.text()
    qtbot.keyClick(dialog.table, Qt.Key_Return)
    assert window.bell.count == 1
    dialog.accept()


def _acknowledged(backend, key: str) -> bool:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT acknowledged_at IS NOT NULL FROM notification WHERE id = :i"),
                         {"i": key}).scalar() in (True, 1)


def _mail_written(backend, order_id: str) -> bool:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM mailoutbox WHERE id = :i"),
                         {"i": f"pickup_ready:{order_id}"}).scalar() == 1
