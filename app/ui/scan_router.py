"""Where a scan goes: the open dialog that takes scans, or the sale screen.

Wedge and camera scans take the same way. A dialog that takes scans has
`handle_scan(text)`, `status` (a label) and `SCAN_KINDS`, the kinds of code it
expects (app.scanning.codes). A code of another kind is refused with a message
in the dialog and the error sound, and the dialog's content stays as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.scanning.codes import classify
from app.ui.feedback import show_status

__all__ = ["ScanRouter", "kind_name"]


def kind_name(kind: str) -> str:
    names = {
        "product": QCoreApplication.translate("ScanRouter", "ein Artikel-Barcode"),
        "cart": QCoreApplication.translate("ScanRouter", "ein Online-Warenkorb-Code"),
        "order": QCoreApplication.translate("ScanRouter", "ein Bestell- oder Abholcode"),
        "receipt": QCoreApplication.translate("ScanRouter", "ein Bon-Barcode"),
        "customer": QCoreApplication.translate("ScanRouter", "eine Kundenkarte"),
    }
    return names.get(kind, kind)


class ScanRouter:
    def __init__(self, sale_screen):
        self.sale_screen = sale_screen

    @staticmethod
    def scan_dialog():
        """The open modal dialog, if it takes scans."""
        modal = QApplication.activeModalWidget()
        return modal if modal is not None and hasattr(modal, "handle_scan") else None

    def takes_scans(self) -> bool:
        """Whether a wedge burst now is a scan for us (the sale screen, or a dialog that takes scans)."""
        return self.sale_screen.is_scan_target() or (
            self.scan_dialog() is not None and self.sale_screen.sale is not None)

    def route(self, text: str) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if self.sale_screen.isVisible() and self.sale_screen.sale is not None:
                self.sale_screen.handle_scan(text)
            return
        if not hasattr(dialog, "handle_scan"):  # a dialog without scans (payment, approval): say so
            self.sale_screen.sounds.play("error")
            if hasattr(dialog, "status"):
                show_status(dialog.status, QCoreApplication.translate(
                    "ScanRouter", "Hier wird nichts gescannt – erst diesen Dialog abschließen."), "error")
            return
        expected = getattr(dialog, "SCAN_KINDS", ())
        kind = classify(text).kind
        if expected and kind not in expected:
            self.sale_screen.sounds.play("error")
            show_status(dialog.status, QCoreApplication.translate(
                "ScanRouter", "Das war {0} – hier bitte {1} scannen. Nichts wurde geändert.").format(
                kind_name(kind), QCoreApplication.translate("ScanRouter", " oder ").join(
                    kind_name(k) for k in expected)), "error")
            return
        self.sale_screen.sounds.play("ok")
        dialog.handle_scan(text)
