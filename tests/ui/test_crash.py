"""An unexpected error at the counter (issue 16 §3): logged with its traceback, shown as a short message without
one, and the counter goes on selling."""

from __future__ import annotations

import logging
import sys
import threading

from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui import crash
from tests.ui.conftest import login
from tests.ui.test_sale_screen import wedge_scan


def test_an_error_in_a_slot_is_a_short_message_and_the_counter_sells_on(window, qtbot, caplog, engine):
    screen = login(window, qtbot)
    previous = sys.excepthook, threading.excepthook
    reporter = crash.install(QApplication.instance())
    try:
        def broken():
            raise RuntimeError("boom: a bug in a slot")

        with caplog.at_level(logging.CRITICAL, logger="tresen.crash"):
            # as PySide6 reports an exception raised in a slot
            try:
                broken()
            except RuntimeError:
                sys.excepthook(*sys.exc_info())
            qtbot.waitUntil(lambda: reporter.shown == 1)
        box = reporter.box
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "unerwarteter Fehler" in box.text() and "Traceback" not in box.text() and "boom" not in box.text()
        assert "boom: a bug in a slot" in caplog.text and "Traceback" in caplog.text  # the log has the details
        # an error in another thread: logged, and no second box while the first is open
        worker = threading.Thread(target=broken, name="tresen-test-worker")
        worker.start()
        worker.join()
        QApplication.processEvents()
        assert reporter.shown == 1
        box.accept()
        QApplication.processEvents()
        with engine.connect() as c:
            gtin = c.exec_driver_sql("SELECT gtin FROM productgtin LIMIT 1").scalar_one()
        wedge_scan(screen.search, gtin[1:] if gtin.startswith("0") else gtin)
        qtbot.waitUntil(lambda: bool(screen.sale.cart.lines))  # the counter sells on
    finally:
        sys.excepthook, threading.excepthook = previous
        reporter.deleteLater()  # nothing of it outlives the test (the next window restyles every widget)
        QApplication.processEvents()
