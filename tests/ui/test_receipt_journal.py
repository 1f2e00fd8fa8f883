"""The receipt journal (Strg+R): the last receipts of this register, reprinted and saved as marked copies."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from app.core.money import format_eur
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.ui.receipt_journal import ReceiptJournal
from tests.printing.devices import closed_port
from tests.ui.conftest import screenshot
from tests.ui.test_receipt_printing import sell


def two_sales_and_a_return(window, engine, qtbot):
    receipts = []
    for pids in ((2, 2, 7), (10,)):
        rd = sell(window, engine, qtbot, *pids)
        qtbot.waitUntil(lambda: rd.status.text() == "Gedruckt.", timeout=5000)
        receipts.append(rd.receipt)
        rd.accept()
    sale = window.sale_screen.sale
    refund = record_return(sale.ctx, sale.associate, source=find_source(sale.ctx, receipts[0].barcode),
                           quantities={2: 1}, refund_method="cash", reason="dislike")
    return receipts, refund


def open_journal(window, qtbot) -> ReceiptJournal:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
    QTest.keyClick(window.sale_screen, Qt.Key_R, Qt.ControlModifier)
    journal = window.sale_screen.channels.journal_dialog
    assert journal is not None
    qtbot.addWidget(journal)  # closed after the test, so no modal dialog is left over the next one
    qtbot.waitUntil(lambda: QApplication.activeWindow() is journal, timeout=10000)
    return journal


def cells(journal, row):
    return [journal.table.item(row, c).text() for c in range(journal.table.columnCount())]


def test_journal_lists_newest_first_and_reprints_marked_copies(window, engine, qtbot, tmp_path):
    (first, second), refund = two_sales_and_a_return(window, engine, qtbot)
    journal = open_journal(window, qtbot)
    journal.resize(1280, 800)

    n = first.receipt_no  # (the day's float was a receipt before it: the last row)
    assert journal.table.rowCount() == 4 and cells(journal, 3)[:2] == [str(n - 1), "Kassenbewegung"]
    assert cells(journal, 0)[:2] == [str(n + 2), "Rückgabe"] and cells(journal, 0)[3] == format_eur(-refund.refund_cents)
    assert cells(journal, 1)[:2] == [str(n + 1), "Verkauf"] and cells(journal, 1)[3] == format_eur(second.total_cents)
    assert cells(journal, 2)[0] == str(n) and cells(journal, 2)[4] == "Lena Schmidt"
    assert cells(journal, 2)[2] == first.ended_at.strftime("%H:%M:%S")
    assert journal.receipt.kind == "return" and "RÜCKGABE" in journal.preview.toPlainText()  # newest selected

    journal.table.selectRow(2)
    assert journal.receipt == first and f"Bon-Nr. {n}" in journal.preview.toPlainText()
    screenshot(journal, "receipt_journal.png", tmp_path)

    QTest.keyClick(journal, Qt.Key_F4)
    qtbot.waitUntil(lambda: journal.status.text() == f"Kopie von Bon {n} gedruckt.", timeout=5000)
    printed = (tmp_path / "printer.bin").read_bytes()
    assert f"Bon-Nr. {n} ".encode() in printed and printed.count(b"*** KOPIE ***") == 2 and b"Duplikat, gedruckt" in printed

    QTest.keyClick(journal, Qt.Key_F6)
    pdf = tmp_path / "pdf" / f"Bon-{first.register_id}-{n:06d}-Kopie.pdf"
    assert journal.pdf_path == pdf and pdf.read_bytes().startswith(b"%PDF")
    assert journal.status.text() == f"Kopie gespeichert: {pdf}"

    QTest.keyClick(journal, Qt.Key_Escape)
    qtbot.waitUntil(lambda: not journal.isVisible(), timeout=10000)
    assert window.focusWidget() is window.sale_screen.search  # back to the search for the next scan


def test_reprint_with_the_printer_off_says_so_and_can_be_tried_again(window, engine, qtbot):
    two_sales_and_a_return(window, engine, qtbot)
    port = closed_port()
    window.printer_spec = f"network:127.0.0.1:{port}"
    journal = open_journal(window, qtbot)
    journal.print_copy()
    assert not journal.print_button.isEnabled()  # the job runs on the executor
    qtbot.waitUntil(lambda: journal.status.property("kind") == "error", timeout=5000)
    assert journal.status.text() == (f"Bondrucker 127.0.0.1:{port} nimmt keine Verbindung an – eingeschaltet? "
                                     "Richtiger Port?")
    assert journal.print_button.isEnabled()


def test_a_scanned_receipt_is_selected(window, engine, qtbot):
    (first, _second), _refund = two_sales_and_a_return(window, engine, qtbot)
    journal = open_journal(window, qtbot)
    journal.handle_scan(first.barcode)
    assert journal.table.currentRow() == 2 and journal.receipt == first
    journal.handle_scan("R10019900000001")  # another register's receipt
    assert journal.status.text() == "Bitte den Barcode eines Bons dieser Kasse scannen."


def test_journal_by_touch_is_empty_at_a_new_register_and_closes_on_lock(make_window, engine, qtbot):
    window = make_window(engine, open_day=False)
    window.login.select(3)
    window.login.try_login("987654")
    window.open_till.open_till()  # a float of nothing (no receipt): asked once more ...
    assert "ohne Wechselgeld" in window.open_till.status.text()
    window.open_till.open_till()  # ... and confirmed
    assert window.stack.currentWidget() is window.sale_screen
    assert window.width() == 1280  # the seventh button still lets the sale screen fit 1280 px
    button = next(b for b in window.sale_screen.findChildren(QPushButton) if b.text().startswith("Bons"))
    assert "Strg+R" in button.toolTip()
    qtbot.mouseClick(button, Qt.LeftButton)
    journal = window.sale_screen.channels.journal_dialog
    qtbot.addWidget(journal)
    qtbot.waitUntil(journal.isVisible, timeout=10000)
    assert journal.table.rowCount() == 0 and not journal.print_button.isEnabled()
    assert journal.status.text() == "An dieser Kasse gibt es noch keine Bons."
    window.lock()
    assert not journal.isVisible()  # no customer's purchases left on an unattended screen
    assert window.sale_screen.channels.open_journal() is None  # and none without a login
