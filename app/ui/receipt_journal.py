"""The receipt journal (Strg+R): this register's last receipts, sales and returns, to give out again.

Newest first with number, time, total and associate; the selected receipt is shown
as it was printed. A reprint, on paper or as PDF, is marked as a copy (KOPIE /
Duplikat), as German practice requires. Printing runs on the network executor.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)
from sqlalchemy.exc import SQLAlchemyError

from app.core.money import format_eur
from app.core.receipt import Receipt, as_copy, layout, parse_receipt_barcode
from app.printing.escpos_receipt import PrinterError, open_printer, print_receipt
from app.services.context import RegisterContext
from app.services.receipts import JournalEntry, ReceiptNotFound, load_journal_receipt, recent_receipts
from app.ui.background import NetworkExecutor
from app.ui.feedback import show_status
from app.ui.receipt_pdf import save_receipt_pdf
from app.ui.texts import describe

log = logging.getLogger(__name__)

LIMIT = 50


class ReceiptJournal(QDialog):
    SCAN_KINDS = ("receipt",)  # app.ui.scan_router: other codes are refused, nothing changes

    def __init__(self, parent, ctx: RegisterContext, *, printer_spec: str | None, pdf_dir: Path | None,
                 executor: NetworkExecutor, limit: int = LIMIT):
        super().__init__(parent)
        self.ctx, self.printer_spec, self.pdf_dir, self.executor = ctx, printer_spec, pdf_dir, executor
        self.setObjectName("receiptJournal")
        self.setProperty("closeOnLock", True)  # customers' purchases are not left on an unattended screen
        self.setWindowTitle(self.tr("Bonjournal – Kasse {0}").format(ctx.register_id))
        self.resize(1180, 720)
        self.entries: list[JournalEntry] = recent_receipts(ctx, limit=limit)
        self.printing = False
        self.pdf_path: Path | None = None

        heading = QLabel(self.tr("Die letzten {0} Bons dieser Kasse, der neueste oben. Nachdrucke sind als "
                                 "Kopie gekennzeichnet.").format(limit), self)
        heading.setWordWrap(True)
        self.table = QTableWidget(len(self.entries), 5, self)
        self.table.setObjectName("journalTable")
        self.table.setHorizontalHeaderLabels([self.tr("Bon-Nr."), self.tr("Art"), self.tr("Zeit"),
                                              self.tr("Summe"), self.tr("Bediener")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(40)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.Stretch)
        today = datetime.now().astimezone().date()
        for row, e in enumerate(self.entries):
            when = e.at.strftime("%H:%M:%S") if e.at.date() == today else e.at.strftime("%d.%m. %H:%M")
            kind = {"return": self.tr("Rückgabe"), "cash": self.tr("Kassenbewegung")}.get(e.kind, self.tr("Verkauf"))
            for col, text in enumerate((str(e.receipt_no), kind, when, format_eur(e.total_cents), e.associate)):
                item = QTableWidgetItem(text)
                if col in (0, 3):
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))

        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("journalPreview")
        self.preview.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.Monospace)
        font.setPointSize(10)
        self.preview.setFont(font)
        self.preview.setMinimumWidth(430)

        self.status = QLabel("", self)
        self.status.setObjectName("receiptStatus")
        self.status.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Kopie drucken (F4)"), self)
        self.print_button.clicked.connect(self.print_copy)
        self.pdf_button = QPushButton(self.tr("Kopie als PDF (F6)"), self)
        self.pdf_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(close)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 3)
        middle.addWidget(self.preview, 2)
        layout_ = QVBoxLayout(self)
        layout_.addWidget(heading)
        layout_.addLayout(middle, 1)
        layout_.addLayout(buttons)
        QShortcut(QKeySequence("F4"), self, activated=self.print_copy)
        QShortcut(QKeySequence("F6"), self, activated=self.save_pdf)

        self.receipt: Receipt | None = None
        if self.entries:
            self.table.selectRow(0)
        else:
            self._say(self.tr("An dieser Kasse gibt es noch keine Bons."), "info")
        self._enable()

    # -- selection -------------------------------------------------------------------
    def _say(self, text: str, kind: str) -> None:
        show_status(self.status, text, kind)

    def _enable(self) -> None:
        self.print_button.setEnabled(self.receipt is not None and not self.printing)
        self.pdf_button.setEnabled(self.receipt is not None and self.pdf_dir is not None)

    def _show(self, row: int) -> None:
        self.receipt = None
        self.preview.clear()
        if 0 <= row < len(self.entries):
            try:
                self.receipt = load_journal_receipt(self.ctx, entry=self.entries[row])
            except (ReceiptNotFound, SQLAlchemyError, KeyError) as exc:
                log.error("journal: receipt %s not loadable", self.entries[row].receipt_no, exc_info=exc)
                self._say(self.tr("Bon {0} lässt sich nicht laden.").format(self.entries[row].receipt_no), "error")
            else:
                self.preview.setPlainText("\n".join(layout(self.receipt)))
        self._enable()

    def select_receipt(self, receipt_no: int) -> bool:
        for row, e in enumerate(self.entries):
            if e.receipt_no == receipt_no:
                self.table.selectRow(row)
                self.table.scrollToItem(self.table.item(row, 0))
                return True
        self._say(self.tr("Bon {0} ist nicht unter den letzten Bons dieser Kasse.").format(receipt_no), "warn")
        return False

    def handle_scan(self, text: str) -> None:
        """A scanned receipt barcode selects that receipt."""
        parsed = parse_receipt_barcode(text)
        if parsed is None or parsed[0] != self.ctx.register_id:
            self._say(self.tr("Bitte den Barcode eines Bons dieser Kasse scannen."), "warn")
            return
        self.select_receipt(parsed[1])

    # -- giving it out again ------------------------------------------------------------
    def print_copy(self) -> None:
        if self.receipt is None or self.printing:
            return
        if not self.printer_spec:
            self._say(self.tr("Kein Bondrucker eingerichtet (Kasse → Einstellungen (Kasse)). Die Kopie geht "
                              "als PDF (F6)."), "warn")
            return
        spec, copy = self.printer_spec, as_copy(self.receipt, at=datetime.now().astimezone())
        self.printing = True
        self._enable()
        self._say(self.tr("Drucke Kopie von Bon {0} …").format(copy.receipt_no), "info")

        def done(_result, exc):
            self.printing = False
            self._enable()
            if exc is None:
                self._say(self.tr("Kopie von Bon {0} gedruckt.").format(copy.receipt_no), "ok")
                return
            if not isinstance(exc, PrinterError):
                log.error("journal: printing receipt %s failed", copy.receipt_no, exc_info=exc)
            self._say(describe(exc) if isinstance(exc, PrinterError) else self.tr("Die Kopie wurde nicht gedruckt."),
                      "error")

        self.executor.submit(lambda _state: print_receipt(open_printer(spec), copy), done)

    def save_pdf(self) -> Path | None:
        if self.receipt is None or self.pdf_dir is None:
            return None
        copy = as_copy(self.receipt, at=datetime.now().astimezone())
        # stays German: a PDF's file name
        path = self.pdf_dir / f"Bon-{copy.register_id}-{copy.receipt_no:06d}-Kopie.pdf"
        try:
            self.pdf_dir.mkdir(parents=True, exist_ok=True)
            self.pdf_path = save_receipt_pdf(copy, path)
        except OSError as exc:
            self._say(self.tr("PDF konnte nicht gespeichert werden: {0}").format(exc.strerror or describe(exc)),
                      "error")
            return None
        self._say(self.tr("Kopie gespeichert: {0}").format(path), "ok")
        return self.pdf_path
