"""What an unexpected error looks like at the counter: a short message in the associate's words, never a traceback;
the traceback goes to the register's log (app/logs.py); the window stays open and usable.

Installed once at start (`install`): Python errors in Qt's slots and event handlers reach `sys.excepthook` (PySide6),
those of other threads `threading.excepthook`; both are logged, and the message is shown on the GUI thread, one at a
time (a burst of the same error is one message).
"""

from __future__ import annotations

import logging
import sys
import threading

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["CrashReporter", "install"]

log = logging.getLogger("tresen.crash")


class CrashReporter(QObject):
    occurred = Signal(str)  # where (the thread's name): carried to the GUI thread

    def __init__(self, parent=None):
        super().__init__(parent)
        self.shown = 0  # messages shown (tests)
        self.box: QMessageBox | None = None
        self.occurred.connect(self._show)

    def report(self, exc_type, exc, tb, where: str = "GUI") -> None:
        if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error (%s)", where, exc_info=(exc_type, exc, tb))
        self.occurred.emit(where)

    @Slot(str)
    def _show(self, _where: str) -> None:
        if self.box is not None and shiboken6.isValid(self.box) and self.box.isVisible():
            return  # one message at a time
        parent = QApplication.activeWindow()
        self.box = QMessageBox(QMessageBox.Warning, self.tr("Tresen"), self.tr(
            "Ein unerwarteter Fehler ist aufgetreten. Die Kasse arbeitet weiter; der letzte Schritt wurde vielleicht "
            "nicht ausgeführt – bitte prüfen. Die Einzelheiten stehen im Protokoll der Kasse; tritt es wieder auf, "
            "bitte IT verständigen."), QMessageBox.Ok, parent)
        self.box.setObjectName("crashMessage")
        self.box.setAttribute(Qt.WA_DeleteOnClose)  # gone when dismissed, or with its window
        self.shown += 1
        self.box.open()


def install(app: QApplication) -> CrashReporter:
    reporter = CrashReporter(app)
    sys.excepthook = reporter.report
    threading.excepthook = lambda args: reporter.report(args.exc_type, args.exc_value, args.exc_traceback,
                                                        args.thread.name if args.thread else "thread")
    return reporter
