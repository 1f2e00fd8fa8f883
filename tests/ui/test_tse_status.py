"""The TSE on the sale screen: an outage turns the button red and keeps the counter selling; the manager sees
the outage with its reason and its unsigned receipts; the probe's news turns it back; training mode."""

from PySide6.QtCore import Qt

from app.core.receipt import TSE_FAILED_MARK, layout
from tests.tse.qr_verifier import verify_qr
from tests.ui.conftest import login, pay_exact, screenshot


def test_an_outage_is_shown_recorded_and_ends_with_the_probe(make_window, engine, qtbot, tmp_path):
    window = make_window(engine)
    screen = login(window, qtbot)
    device = window.ctx.tse
    assert screen.tse_indicator.property("kind") == "ok"
    device.go_offline()
    screen.run_op(lambda: screen.sale.add_product(2))  # the start fails on the signing thread
    qtbot.waitUntil(lambda: screen.tse_indicator.property("kind") == "error")  # its news, on the GUI thread
    assert "AUSGEFALLEN" in screen.tse_indicator.text()
    pay_exact(window, qtbot)  # the counter keeps selling
    receipt = window.receipt_dialog.receipt
    assert not receipt.fiscal.signed and TSE_FAILED_MARK in "\n".join(layout(receipt))
    assert "TSE ausgefallen" in window.receipt_dialog.tse_note.text() and window.receipt_dialog.qr_label is None
    indicator = screen.tse_indicator
    qtbot.waitUntil(lambda: indicator.width() >= indicator.minimumWidth()
                    and indicator.geometry().right() < screen.totals.geometry().left())  # nothing hides it
    screenshot(window, "tse-outage-sale-screen.png", tmp_path)

    dialog = window.show_tse()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "1"
    assert "TSE nicht erreichbar (TSE offline)" == dialog.table.item(0, 3).text() and dialog.table.item(0, 1).text() == "andauernd"
    screenshot(dialog, "tse-dialog-outage.png", tmp_path)
    qtbot.mouseClick(dialog.check_button, Qt.LeftButton)  # still offline: nothing changes
    qtbot.waitUntil(lambda: dialog.check_button.isEnabled())
    assert not window.ctx.signing.available

    device.go_online()
    qtbot.mouseClick(dialog.check_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.ctx.signing.available and dialog.check_button.isEnabled())
    qtbot.waitUntil(lambda: screen.tse_indicator.property("kind") == "ok")  # the bridge's queued news
    assert dialog.table.item(0, 1).text() != "andauernd"
    dialog.reject()
    screen.run_op(lambda: screen.sale.add_product(3))
    pay_exact(window, qtbot)
    assert verify_qr(window.receipt_dialog.receipt.fiscal.qr)


def test_a_manager_switches_the_training_mode_and_its_receipts_say_so(make_window, engine, qtbot, tmp_path):
    window = make_window(engine)
    screen = login(window, qtbot, number=3, pin="987654")  # the demo's manager
    dialog = window.show_tse()
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.training_button, Qt.LeftButton)
    assert screen.sale.training and "SCHULUNG" in screen.tse_indicator.text()
    assert dialog.training_button.text() == "Schulungsmodus beenden"
    dialog.reject()
    screen.run_op(lambda: screen.sale.add_product(2))
    pay_exact(window, qtbot)
    receipt = window.receipt_dialog.receipt
    assert receipt.fiscal.training and verify_qr(receipt.fiscal.qr)
    assert "TRAININGSBON" in "\n".join(layout(receipt)) and "SCHULUNG" in window.receipt_dialog.tse_note.text()
    screenshot(window.receipt_dialog, "tse-training-receipt.png", tmp_path)


def test_other_channels_stay_closed_in_training(make_window, engine, qtbot):
    window = make_window(engine)
    screen = login(window, qtbot, number=3, pin="987654")
    screen.run_op(lambda: screen.sale.set_training(True))
    for opener in (screen.channels.open_returns, screen.channels.open_pickup, screen.channels.open_handover,
                   screen.channels.open_delivery):
        assert opener() is None
        assert "Schulungsmodus" in screen.banner.text()
