"""Paying at the counter: cash, card (approve, decline, timeout), split; the receipt."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlmodel import Session, func, select

from app.store.models import Sale
from tests.conftest import gtin_of
from tests.ui.test_sale_screen import wedge_scan


def sales(engine):
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(Sale)).one()


@pytest.fixture
def basket(window, engine):
    for pid in (2, 3, 10):
        wedge_scan(window.sale_screen.search, gtin_of(engine, pid))
    return window.sale_screen.sale.cart.total_cents


def open_payment(window, qtbot):
    QTest.keyClick(window.sale_screen, Qt.Key_F12)
    dialog = window.sale_screen.payment_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10000)
    return dialog


def test_cash_with_change_and_receipt(window, basket, engine, qtbot, tmp_path):
    dialog = open_payment(window, qtbot)
    note = next(b for b in dialog.note_buttons if b.isVisible())
    given = int(note.property("cents"))
    qtbot.mouseClick(note, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible(), timeout=10000)
    receipt = window.receipt_dialog.receipt
    assert receipt.total_cents == basket and receipt.change_cents == given - basket
    assert sales(engine) == 1
    assert window.sale_screen.model.rowCount() == 0  # the next customer starts with an empty cart

    rd = window.receipt_dialog
    pdf = rd.save_pdf()
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2000
    rd.print_receipt()
    window.executor.wait()
    qtbot.waitUntil(lambda: rd.status.property("kind") == "ok", timeout=3000)
    printed = (tmp_path / "printer.bin").read_bytes()
    assert b"SUMME EUR" in printed and b"\x1dV" in printed
    QTest.keyClick(rd, Qt.Key_Return)
    qtbot.waitUntil(lambda: not rd.isVisible(), timeout=10000)


def test_card_approved(window, basket, terminal, engine, qtbot):
    dialog = open_payment(window, qtbot)
    QTest.keyClick(dialog, Qt.Key_F8)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=3000)
    assert terminal.charged_cents == basket and sales(engine) == 1
    assert window.receipt_dialog.receipt.tenders[0].kind.value == "card"


def test_card_declined_then_cash(window, basket, terminal, engine, qtbot):
    terminal.mode = "decline"
    dialog = open_payment(window, qtbot)
    qtbot.mouseClick(dialog.card_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "abgelehnt" in dialog.status.text(), timeout=3000)
    assert sales(engine) == 0 and dialog.isVisible()
    QTest.keyClick(dialog, Qt.Key_F5)  # exact cash
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    assert terminal.charged_cents == 0 and sales(engine) == 1


@pytest.mark.parametrize("charged", [True, False])
def test_card_timeout_is_resolved_without_double_charge(window, basket, terminal, engine, qtbot, charged):
    terminal.mode, terminal.charge_on_timeout = "timeout", charged
    dialog = open_payment(window, qtbot)
    qtbot.mouseClick(dialog.card_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "unklar" in dialog.status.text(), timeout=3000)
    assert not dialog.card_button.isEnabled() and not dialog.cash_button.isEnabled()
    assert dialog.resolve_button.isVisible()
    QTest.keyClick(dialog, Qt.Key_F8)  # trying the card again is refused while unclear
    assert terminal.charged_cents == (basket if charged else 0)
    terminal.mode = "approve"
    qtbot.mouseClick(dialog.resolve_button, Qt.LeftButton)
    if charged:
        qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=3000)
    else:
        qtbot.waitUntil(lambda: "nichts abgebucht" in dialog.status.text(), timeout=3000)
        assert dialog.card_button.isEnabled()
        qtbot.mouseClick(dialog.card_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=3000)
    assert terminal.charged_cents == basket and sales(engine) == 1


def test_split_card_then_cash(window, basket, terminal, engine, qtbot):
    dialog = open_payment(window, qtbot)
    dialog.amount.setText("2,00")
    qtbot.mouseClick(dialog.card_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.tenders.count() == 1, timeout=3000)
    assert "Offen" in dialog.paid.text() and dialog.amount.text().replace(",", "") == str(basket - 200)
    dialog.amount.setText("50")
    QTest.keyClick(dialog.amount, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    receipt = window.receipt_dialog.receipt
    assert [t.kind.value for t in receipt.tenders] == ["card", "cash"]
    assert receipt.change_cents == 5000 - (basket - 200) and terminal.charged_cents == 200


def test_bad_amount_is_a_message(window, basket, qtbot):
    dialog = open_payment(window, qtbot)
    dialog.amount.setText("zwölf")
    QTest.keyClick(dialog.amount, Qt.Key_Return)
    assert "kein gültiger Betrag" in dialog.status.text() and dialog.isVisible()


def test_escape_returns_to_cart_unchanged(window, basket, qtbot):
    dialog = open_payment(window, qtbot)
    QTest.keyClick(dialog, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    assert window.sale_screen.sale.cart.total_cents == basket


# -- one key press is one action (issue 9) ------------------------------------------------------------------

def add_voucher(engine, code="GS1234567890", cents=1000):
    from app.store.models import VoucherRecord
    with Session(engine) as s:
        s.add(VoucherRecord(code=code, amount_cents=cents))
        s.commit()
    return code


def type_keys(qtbot, text: str) -> None:
    """Type as the associate does: into whatever has the keyboard focus."""
    for ch in text:
        target = QApplication.focusWidget()
        assert target is not None, "no widget has the keyboard focus"
        QTest.keyClicks(target, ch)


def press(key) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    QTest.keyClick(target, key)


def test_split_cash_enter_books_only_the_amount_given(window, basket, engine, qtbot):
    dialog = open_payment(window, qtbot)
    type_keys(qtbot, "5")
    press(Qt.Key_Return)
    assert [(t.kind.value, t.given_cents, t.amount_cents) for t in window.sale_screen.sale.payment.tenders] == [
        ("cash", 500, 500)]
    assert dialog.isVisible() and sales(engine) == 0
    assert window.sale_screen.sale.remaining_cents == basket - 500


def test_voucher_scanned_into_amount_field_books_only_the_voucher(window, basket, engine, qtbot):
    code = add_voucher(engine, cents=300)
    dialog = open_payment(window, qtbot)
    type_keys(qtbot, code)
    press(Qt.Key_Return)
    tenders = window.sale_screen.sale.payment.tenders
    assert [(t.kind.value, t.amount_cents) for t in tenders] == [("voucher", 300)]
    assert dialog.isVisible() and sales(engine) == 0


def test_after_a_card_part_the_typed_amount_counts(window, basket, terminal, engine, qtbot):
    dialog = open_payment(window, qtbot)
    dialog.amount.setText("2,00")
    press(Qt.Key_F8)
    qtbot.waitUntil(lambda: dialog.tenders.count() == 1 and dialog.amount.isEnabled(), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount, timeout=10000)
    type_keys(qtbot, "100")
    press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    receipt = window.receipt_dialog.receipt
    cash = [t for t in receipt.tenders if t.kind.value == "cash"]
    assert cash[0].given_cents == 10_000 and receipt.change_cents == 10_000 - (basket - 200)


@pytest.mark.parametrize("how", ["enter", "F5"])
def test_a_zero_total_sale_completes_with_a_receipt(window, basket, engine, qtbot, how):
    from app.core.cart import Discount
    sale = window.sale_screen.sale
    window.sale_screen.run_op(lambda: sale.set_basket_discount(Discount("percent", 10_000), approver_pin="987654"))
    assert sale.cart.total_cents == 0
    dialog = open_payment(window, qtbot)
    press(Qt.Key_Return if how == "enter" else Qt.Key_F5)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    assert window.receipt_dialog.receipt.total_cents == 0 and window.receipt_dialog.receipt.tenders == ()
    assert sales(engine) == 1 and not dialog.isVisible()


def test_a_voucher_covering_the_total_completes(window, engine, qtbot):
    wedge_scan(window.sale_screen.search, gtin_of(engine, 3))
    total = window.sale_screen.sale.cart.total_cents
    code = add_voucher(engine, cents=total)
    open_payment(window, qtbot)
    type_keys(qtbot, code)
    press(Qt.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    assert [(t.kind.value, t.amount_cents) for t in window.receipt_dialog.receipt.tenders] == [("voucher", total)]
    assert sales(engine) == 1


def test_a_held_enter_books_once(window, basket, engine, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    dialog = open_payment(window, qtbot)
    type_keys(qtbot, "5")
    for repeat in (False, True, True, True):  # the key held down: the window system repeats it
        QApplication.sendEvent(dialog.amount, QKeyEvent(QEvent.KeyPress, Qt.Key_Return, Qt.NoModifier, "\r",
                                                        repeat))
    assert [t.given_cents for t in window.sale_screen.sale.payment.tenders] == [500] and sales(engine) == 0
