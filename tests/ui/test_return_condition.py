"""In a return the goods' condition follows the reason (defective: written off), and nothing of one
return carries over to the next: reason, condition, quantities, refund route. Against the real backend."""

from PySide6.QtCore import Qt

from app.services import returns
from app.services.auth import AssociateSession, Role
from tests.conftest import gtin_of
from tests.ui.conftest import login
from tests.ui.test_return_dialog import sell


def return_movements(reg, return_id: str) -> int:
    with reg.replica.connect() as c:
        return c.exec_driver_sql(
            "SELECT count(*) FROM stockmovement WHERE reason = 'return' AND id IN (SELECT json_extract(l.value,"
            " '$.movement_id') FROM returnrecord r, json_each(r.data, '$.lines') l WHERE r.id = ?)",
            (return_id,)).scalar_one()


def assert_fresh(dialog) -> None:
    assert dialog.reason.currentIndex() == -1 and dialog.resellable.isChecked()
    assert all(spin.value() == 0 for _pid, spin in dialog.spins)


def test_defective_goods_are_written_off_by_default_in_the_service(synced_window):
    _window, reg = synced_window
    lena = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
    receipt = reg.sell(gtin_of(reg.replica, 2), gtin_of(reg.replica, 2))
    source = returns.find_source(reg.sale.ctx, receipt)
    broken = returns.record_return(reg.sale.ctx, lena, source=source, quantities={2: 1}, reason="defect")
    fine = returns.record_return(reg.sale.ctx, lena, source=source, quantities={2: 1}, reason="dislike")
    assert [l["resellable"] for l in broken.data["lines"]] == [False] and return_movements(reg, broken.id) == 0
    assert [l["resellable"] for l in fine.data["lines"]] == [True] and return_movements(reg, fine.id) == 1


def test_condition_follows_the_reason_and_the_next_return_starts_afresh(synced_window, qtbot):
    window, reg = synced_window
    screen = login(window, qtbot)
    receipt = sell(window, reg, qtbot, {2: 3, 3: 2})
    window.receipt_dialog.accept()
    dialog = screen.channels.open_returns()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    dialog.order_no.setText(receipt.barcode)
    dialog.find()
    assert dialog.source is not None
    defect, dislike = dialog.reason.findData("defect"), dialog.reason.findData("dislike")
    dialog.reason.setCurrentIndex(defect)
    assert not dialog.resellable.isChecked()  # defective: written off
    dialog.reason.setCurrentIndex(dislike)
    assert dialog.resellable.isChecked()  # back on the shelf
    dialog.reason.setCurrentIndex(defect)
    dialog.spins[0][1].setValue(1)
    dialog.method.setCurrentIndex(dialog.method.findData("voucher"))
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    record = dialog.record
    assert record.data["reason"] == "defect" and record.data["lines"][0]["resellable"] is False
    assert return_movements(reg, record.id) == 0
    window.receipt_dialog.accept()

    # the next return of the same purchase: nothing of the first carries over
    assert_fresh(dialog)
    assert dialog.method.currentData() == "cash"
    dialog.spins[1][1].setValue(1)
    dialog.reason.setCurrentIndex(defect)
    dialog.resellable.setChecked(True)  # the associate may still decide otherwise
    dialog.accept()

    # opened again (a new dialog, or this one reopened): a clean slate
    again = screen.channels.open_returns()
    qtbot.waitUntil(again.isVisible, timeout=10000)
    assert again.source is None and again.order_no.text() == "" and again.table.rowCount() == 0
    assert_fresh(again)
    again.reject()
    dialog.open()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    assert dialog.source is None and dialog.order_no.text() == "" and dialog.table.rowCount() == 0
    assert_fresh(dialog) and dialog.method.count() == 0
    assert "Erstattung 0,00" in dialog.total.text() and not dialog.refund_button.isEnabled()
