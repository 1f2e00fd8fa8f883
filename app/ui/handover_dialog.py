"""Cart handover (Strg+U): scan the QR on the customer's phone or type the short code.

The claim goes to the backend on the network executor; the lines then appear in
the sale screen's cart at today's prices, and price differences to the web shop
are listed here before the associate goes on to payment.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.scanning.codes import classify, is_cart_code
from app.services import handover
from app.services.changes import Changes
from app.ui.feedback import show_status
from app.ui.texts import describe


class HandoverDialog(QDialog):
    SCAN_KINDS = ("cart",)  # app.ui.scan_router: other codes are refused, nothing changes
    taken_over = Signal(object)  # Changes for the sale screen
    local_cart_wanted = Signal()

    def __init__(self, parent, sale_session, executor, client):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Online-Warenkorb übernehmen"))
        self.setObjectName("handoverDialog")
        self.resize(860, 560)
        self.sale, self.executor, self.client = sale_session, executor, client
        self.claimed: dict | None = None
        self.differences: list[handover.PriceDifference] = []
        self.busy = False
        hint = QLabel(self.tr("QR-Code auf dem Handy der Kundin scannen oder den 6-stelligen Code eintippen."), self)
        hint.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setObjectName("handoverCode")
        self.code.setPlaceholderText(self.tr("z. B. TRE5EN"))
        self.code.setMaxLength(40)
        self.code.returnPressed.connect(self.submit)
        self.claim_button = QPushButton(self.tr("Übernehmen"), self)
        self.claim_button.clicked.connect(self.submit)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Artikel"), self.tr("Menge"), self.tr("Preis online"),
                                              self.tr("Preis hier")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.table.hide()
        self.local_button = QPushButton(self.tr("Neuen Bon beginnen"), self)
        self.local_button.clicked.connect(self._local_cart)
        self.local_button.hide()
        self.done_button = QPushButton(self.tr("Weiter zum Bon (Enter)"), self)
        self.done_button.setObjectName("primaryButton")
        self.done_button.clicked.connect(self.accept)
        self.done_button.hide()
        close = QPushButton(self.tr("Abbrechen (Esc)"), self)
        close.clicked.connect(self.reject)
        for b in (self.claim_button, self.local_button, close):
            b.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.claim_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(self.local_button)
        bottom.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addStretch(0)
        layout.addLayout(bottom)

    def handle_scan(self, text: str) -> None:
        """A scan while this dialog is open: the QR code from the phone."""
        self.code.setText(text)
        self.submit()

    def submit(self) -> None:
        if self.busy or self.claimed is not None:
            return
        scanned = classify(self.code.text())
        code = scanned.value if scanned.kind == "cart" else self.code.text().strip().upper()
        if not is_cart_code(code):
            show_status(self.status, self.tr("Das ist kein Übergabe-Code. Er hat 6 Zeichen, z. B. TRE5EN."), "error")
            return
        if self.sale.cart.lines:
            show_status(self.status, self.tr("Bitte zuerst den offenen Bon abschließen oder parken (F7)."), "error")
            return
        self.busy = True
        self.claim_button.setEnabled(False)
        show_status(self.status, self.tr("Warenkorb {0} wird übernommen …").format(code), "info")
        client = self.client
        self.executor.submit(lambda _state: handover.claim(client, code), self._claimed)

    def _claimed(self, claimed, error) -> None:
        self.busy = False
        self.claim_button.setEnabled(True)
        if isinstance(error, handover.HandoverOffline):
            show_status(self.status, describe(error), "error")
            self.local_button.show()
            return
        if error is not None:
            show_status(self.status, describe(error) if isinstance(error, handover.HandoverError)
                        else self.tr("Übernahme fehlgeschlagen: {0}").format(describe(error)), "error")
            return
        try:
            changes: Changes = self.sale.take_over_online_cart(claimed)
        except ValueError as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.claimed = claimed
        self.differences = handover.price_differences(claimed, self.sale.cart)
        self.taken_over.emit(changes)
        count = sum(l["quantity"] for l in claimed["lines"])
        self._show_lines(claimed)
        self.code.setText(claimed["code"])
        if self.differences:
            show_status(self.status, self.tr("%n Artikel übernommen. Preise weichen ab – es gilt der Preis hier "
                                             "an der Kasse; bitte der Kundin sagen.", "", count), "warn")
        else:
            show_status(self.status, self.tr("%n Artikel übernommen, alle Preise wie online.", "", count), "ok")
        self.code.setEnabled(False)
        self.claim_button.hide()
        self.done_button.show()
        self.done_button.setDefault(True)
        self.done_button.setFocus()

    def _show_lines(self, claimed: dict) -> None:
        """Every line as it is now in the cart; a changed price in bold with an arrow."""
        here = {line.product_id: line for line in self.sale.cart.lines}
        self.table.setRowCount(len(claimed["lines"]))
        for r, line in enumerate(claimed["lines"]):
            counter = here.get(line["product_id"])
            online = line.get("unit_price_cents")
            now = counter.unit_price_cents if counter else None
            changed = online is not None and now is not None and online != now
            cells = (counter.name if counter else line.get("name", ""), str(line["quantity"]),
                     format_eur(online) if online is not None else "–",
                     (("▼ " if now < online else "▲ ") if changed else "") + (format_eur(now) if now is not None else ""))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if changed:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.show()

    def _local_cart(self) -> None:
        self.local_cart_wanted.emit()
        self.reject()
