"""The receipt prints by itself after payment, off the GUI thread; a printer that is down says so in German."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.printing import escpos_receipt
from tests.conftest import gtin_of, set_store_settings
from tests.printing.devices import StuckPrinter, TcpPrinter, closed_port
from tests.ui.test_sale_screen import wedge_scan


def sell(window, engine, qtbot, *product_ids):
    """Scan, pay exact cash; the receipt dialog, left open."""
    window.receipt_dialog = None
    for pid in product_ids:
        wedge_scan(window.sale_screen.search, gtin_of(engine, pid))
    dialog = window.sale_screen.open_payment()
    qtbot.waitUntil(dialog.isVisible)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible(), timeout=3000)
    return window.receipt_dialog


def login(window):
    window.login.select(1)
    window.login.try_login("1234")
    assert window.stack.currentWidget() is window.sale_screen


def test_receipt_prints_after_payment_and_a_second_print_is_a_copy(window, engine, qtbot, tmp_path):
    assert window.ctx.settings.auto_print
    rd = sell(window, engine, qtbot, 2, 7)
    qtbot.waitUntil(lambda: rd.status.text() == "Gedruckt.", timeout=5000)
    printed = (tmp_path / "printer.bin").read_bytes()  # the file printer holds the last job
    assert b"SUMME EUR" in printed and f"Bon-Nr. {rd.receipt.receipt_no}".encode() in printed
    assert b"KOPIE" not in printed

    qtbot.waitUntil(lambda: QApplication.activeWindow() is rd, timeout=10000)
    QTest.keyClick(rd, Qt.Key_F4)
    qtbot.waitUntil(lambda: rd.status.text() == "Kopie gedruckt.", timeout=5000)
    again = (tmp_path / "printer.bin").read_bytes()
    assert again.count(b"*** KOPIE ***") == 2 and b"Duplikat, gedruckt" in again
    assert rd.print_button.text() == "Kopie drucken (F4)"


def test_no_automatic_print_when_the_store_turns_it_off(make_window, engine, qtbot, tmp_path):
    set_store_settings(engine, auto_print=False)
    window = make_window(engine)
    login(window)
    assert not window.ctx.settings.auto_print
    rd = sell(window, engine, qtbot, 2)
    window.executor.wait()  # had a job been sent, it would have written the file by now
    assert not (tmp_path / "printer.bin").exists() and rd.status.text() == ""
    rd.print_receipt()  # by hand it still prints, as the original
    qtbot.waitUntil(lambda: rd.status.text() == "Gedruckt.", timeout=5000)
    assert b"KOPIE" not in (tmp_path / "printer.bin").read_bytes()


def test_printer_off_then_on_again_prints_the_kept_receipt(window, engine, qtbot):
    port = closed_port()
    window.printer_spec = f"network:127.0.0.1:{port}"
    rd = sell(window, engine, qtbot, 3)
    qtbot.waitUntil(lambda: rd.status.property("kind") == "error", timeout=5000)
    assert rd.status.text() == (f"Bondrucker 127.0.0.1:{port} nimmt keine Verbindung an – eingeschaltet? "
                                "Richtiger Port?\nDer Bon bleibt gespeichert: erneut drucken mit F4 oder später "
                                "im Bonjournal (Strg+R).")
    assert rd.print_button.isEnabled() and rd.isVisible()

    printer = TcpPrinter(port)  # switched on again, same address
    try:
        rd.print_receipt()
        qtbot.waitUntil(lambda: rd.status.text() == "Gedruckt.", timeout=5000)
        (job,) = printer.wait_for_jobs(1)
    finally:
        printer.close()
    assert b"SUMME EUR" in job and b"KOPIE" not in job  # the first paper receipt is the original


def test_printing_never_blocks_the_counter(window, engine, qtbot, monkeypatch):
    """A printer that does not answer: the receipt shows at once and the GUI thread keeps running."""
    monkeypatch.setattr(escpos_receipt, "NETWORK_TIMEOUT_S", 1.0)
    stuck = StuckPrinter()
    window.printer_spec = f"network:127.0.0.1:{stuck.port}"
    try:
        rd = sell(window, engine, qtbot, 2)
        # back in the GUI thread while the job still waits for the printer
        assert rd.status.text() == "Drucke …" and not rd.print_button.isEnabled()
        qtbot.waitUntil(lambda: rd.status.property("kind") == "error", timeout=5000)
    finally:
        stuck.close()
    assert rd.status.text().startswith(f"Bondrucker 127.0.0.1:{stuck.port} antwortet nicht (Zeitüberschreitung)")
    assert rd.print_button.isEnabled()


def test_a_print_failing_after_the_next_customer_started_shows_on_the_sale_screen(window, engine, qtbot, monkeypatch):
    monkeypatch.setattr(escpos_receipt, "NETWORK_TIMEOUT_S", 1.0)
    stuck = StuckPrinter()
    window.printer_spec = f"network:127.0.0.1:{stuck.port}"
    try:
        rd = sell(window, engine, qtbot, 2)
        assert rd.status.text() == "Drucke …"
        rd.accept()  # "Nächster Kunde" while the printer is still being waited for
        banner = window.sale_screen.banner
        qtbot.waitUntil(lambda: banner.kind == "error", timeout=5000)
    finally:
        stuck.close()
    assert banner.text() == (f"Bon {rd.receipt.receipt_no} nicht gedruckt: Bondrucker 127.0.0.1:{stuck.port} "
                             "antwortet nicht (Zeitüberschreitung) – eingeschaltet und im Netz? "
                             "Nachdruck im Bonjournal (Strg+R).")
