"""The receipt on screen, with printing (ESC/POS) and saving as PDF.

Below the text: the TSE's QR code when the receipt is signed (a customer or an auditor can
scan it off the screen, 3 px a module), then the Code 128 that finds the sale again.

With a printer set up (and the store's `auto_print`), the receipt prints as the
dialog opens, on the network executor. Once it has come out of the printer, every
further print from here is marked as a copy. A failed print leaves the button
ready, and the receipt stays in the journal (Strg+R) for later.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from app.core.money import format_eur
from app.core.receipt import Receipt, as_copy, layout
from app.printing.barcode_image import code128_png
from app.printing.escpos_receipt import PrinterError, open_printer, print_receipt
from app.ui.background import NetworkExecutor
from app.ui.feedback import show_status
from app.ui.receipt_pdf import qr_image, receipt_qr_content, save_receipt_pdf
from app.ui.texts import describe, german_document_note

log = logging.getLogger(__name__)

SCREEN_QR_MODULE_PX = 3


class ReceiptDialog(QDialog):
    print_failed = Signal(str)  # a print that failed after the dialog was closed: the message, for the sale screen

    def __init__(self, parent, receipt: Receipt, *, printer_spec: str | None, pdf_dir: Path,
                 executor: NetworkExecutor, auto_print: bool = False, open_drawer: bool = True):
        """`open_drawer`: the printer's kick pulse opens the drawer for a receipt that moved cash (False: this
        register has no drawer at the printer)."""
        super().__init__(parent)
        self.open_drawer = open_drawer
        self.setWindowTitle(self.title(receipt))
        self.setObjectName("receiptDialog")
        self.resize(900, 700)
        self.receipt, self.printer_spec, self.pdf_dir, self.executor = receipt, printer_spec, pdf_dir, executor
        text = QPlainTextEdit(self)
        text.setObjectName("receiptText")
        text.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.Monospace)
        font.setPointSize(11)
        text.setFont(font)
        text.setPlainText("\n".join(layout(receipt)))
        text.setMinimumWidth(480)
        text.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the layout's lines fit: no bar to scroll
        qr = receipt_qr_content(receipt)
        self.qr_label: QLabel | None = None
        if qr:  # unscaled: every module exactly SCREEN_QR_MODULE_PX pixels, sharp enough to scan off the screen
            self.qr_label = QLabel(self)
            self.qr_label.setObjectName("receiptQr")
            self.qr_label.setAccessibleName(self.tr("TSE-QR-Code"))
            self.qr_label.setPixmap(QPixmap.fromImage(qr_image(qr, module_px=SCREEN_QR_MODULE_PX)))
            self.qr_label.setAlignment(Qt.AlignCenter)
        left = QVBoxLayout()
        left.addWidget(text, 1)
        if (note := german_document_note(self)) is not None:
            left.addWidget(note)
        if receipt.barcode:  # a cash movement's receipt has none: there is nothing to take back
            barcode = QLabel(self)
            pixmap = QPixmap()
            pixmap.loadFromData(code128_png(receipt.barcode))
            barcode.setPixmap(pixmap.scaledToWidth(420, Qt.SmoothTransformation))
            barcode.setAlignment(Qt.AlignCenter)
            left.addWidget(barcode)

        change = QLabel(self)
        change.setObjectName("changeLabel")
        if receipt.kind == "cash":
            change.setText((self.tr("In die Kasse\n{0}") if receipt.total_cents >= 0 else
                            self.tr("Aus der Kasse\n{0}")).format(format_eur(abs(receipt.total_cents))))
        elif receipt.kind == "return":
            change.setText(self.tr("Erstattet ({0})\n{1}").format(self.refund_method(receipt.refund_text),
                                                                  format_eur(-receipt.total_cents)))
        elif receipt.change_cents:
            change.setText(self.tr("Rückgeld\n{0}").format(format_eur(receipt.change_cents)))
        else:
            change.setText(self.tr("Bezahlt\n{0}").format(format_eur(receipt.total_cents)))
        change.setAlignment(Qt.AlignCenter)
        fiscal = receipt.fiscal
        self.tse_note: QLabel | None = None
        if fiscal is not None and (fiscal.training or not fiscal.signed):
            self.tse_note = QLabel(self.tr("SCHULUNG – kein Verkauf") if fiscal.training and fiscal.signed else
                                   self.tr("TSE ausgefallen – Bon ohne Signatur (steht auf dem Bon)"), self)
            self.tse_note.setObjectName("tseNote")
            self.tse_note.setWordWrap(True)
            self.tse_note.setAlignment(Qt.AlignCenter)
            show_status(self.tse_note, self.tse_note.text(), "warn")
        self.status = QLabel("", self)
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Drucken (F4)"), self)
        self.print_button.clicked.connect(self.print_receipt)
        self.pdf_button = QPushButton(self.tr("Als PDF (F6)"), self)
        self.pdf_button.clicked.connect(self.save_pdf)
        done = QPushButton(self.tr("Fertig (Enter)") if receipt.kind == "cash" else self.tr("Nächster Kunde (Enter)"),
                           self)
        done.setObjectName("primaryButton")
        done.setDefault(True)
        done.clicked.connect(self.accept)
        right = QVBoxLayout()
        right.addWidget(change)
        if self.tse_note is not None:
            right.addWidget(self.tse_note)
        right.addWidget(self.print_button)
        right.addWidget(self.pdf_button)
        right.addWidget(self.status)
        right.addStretch(1)
        if self.qr_label is not None:  # beside the text, which keeps its full height to read
            right.addWidget(self.qr_label)
            right.addStretch(1)
        right.addWidget(done)
        layout_ = QHBoxLayout(self)
        layout_.addLayout(left, 3)
        layout_.addLayout(right, 2)
        QShortcut(QKeySequence("F4"), self, activated=self.print_receipt)
        QShortcut(QKeySequence("F6"), self, activated=self.save_pdf)
        self.pdf_path: Path | None = None
        self.printed = False  # the original has come out of the printer: later prints are copies
        self.printing = False
        if auto_print and printer_spec:
            self.print_receipt()

    def refund_method(self, refund_text: str) -> str:
        """How the money went back, in the associate's words (the receipt's text is German: app/services/receipts.py
        REFUND_TEXT, "Gutschein GS…" for a voucher)."""
        for printed, shown in (("Bar", self.tr("Bar")), ("Karte", self.tr("Karte")),
                               # stays German: the receipt's printed text, matched
                               ("Gutschein", self.tr("Gutschein")), ("über den Online-Shop", self.tr("Online-Shop"))):
            if refund_text.startswith(printed):
                return shown
        return refund_text.split(" ")[0]

    def title(self, receipt: Receipt) -> str:
        """The receipt's name on screen (Receipt.title is the German one, for paper and PDF)."""
        if receipt.kind == "cash":
            return self.tr("Kassenbeleg {0}").format(receipt.receipt_no)
        if receipt.kind == "return":
            return self.tr("Rückgabe {0}").format(receipt.receipt_no)
        return self.tr("Bon {0}").format(receipt.receipt_no)

    def _say(self, text: str, kind: str) -> None:
        show_status(self.status, text, kind)

    def print_receipt(self) -> None:
        if not self.printer_spec:
            self._say(self.tr("Kein Bondrucker eingerichtet (Kasse → Einstellungen (Kasse)). Der Bon ist "
                              "gespeichert, als PDF mit F6."), "warn")
            return
        if self.printing:
            return
        spec = self.printer_spec
        copy = self.printed
        receipt = as_copy(self.receipt, at=datetime.now().astimezone()) if copy else self.receipt
        self.printing = True
        self.print_button.setEnabled(False)
        self._say(self.tr("Drucke Kopie …") if copy else self.tr("Drucke …"), "info")

        def done(_result, exc):
            self.printing = False
            self.print_button.setEnabled(True)
            if exc is None:
                self.printed = True
                self.print_button.setText(self.tr("Kopie drucken (F4)"))
                self._say(self.tr("Kopie gedruckt.") if copy else self.tr("Gedruckt."), "ok")
                return
            if not isinstance(exc, PrinterError):
                log.error("printing receipt %s failed", receipt.receipt_no, exc_info=exc)
            reason = describe(exc) if isinstance(exc, PrinterError) else self.tr("Der Bon wurde nicht gedruckt.")
            self._say(self.tr("{0}\nDer Bon bleibt gespeichert: erneut drucken mit F4 oder später im Bonjournal "
                              "(Strg+R).").format(reason), "error")
            if not self.isVisible():  # the associate has moved on to the next customer
                self.print_failed.emit(self.tr("{0} nicht gedruckt: {1} Nachdruck im Bonjournal (Strg+R).")
                                       .format(self.title(receipt), reason))

        kick = None if self.open_drawer else False
        self.executor.submit(lambda _state: print_receipt(open_printer(spec), receipt, open_drawer=kick), done)

    def save_pdf(self) -> Path | None:
        # stays German: a PDF's file name
        path = self.pdf_dir / f"Bon-{self.receipt.register_id}-{self.receipt.receipt_no:06d}.pdf"
        try:
            self.pdf_dir.mkdir(parents=True, exist_ok=True)
            self.pdf_path = save_receipt_pdf(self.receipt, path)
        except OSError as exc:
            self._say(self.tr("PDF konnte nicht gespeichert werden: {0}").format(exc.strerror or describe(exc)),
                      "error")
            return None
        self._say(self.tr("Gespeichert: {0}").format(path), "ok")
        return self.pdf_path
