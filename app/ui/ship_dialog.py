"""Ship from store (Strg+S): the store's shipments, picking by scanning, packing with the label, handing over.

Scanning a product counts it for the selected shipment (a product the shipment does not hold is refused with the
error sound); scanning a parcel label when the carrier comes hands that parcel over, whichever shipment is
selected. Works offline on the replicated shipments.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from app.printing.shipping_label import LabelData, save_label
from app.services import shipping
from app.services.auth import AuthError
from app.ui.feedback import show_status
from app.ui.texts import describe
from sync.protocol import MissingReason

__all__ = ["ShipDialog", "error_text"]

def _status(status: str) -> str:
    return {"routed": QCoreApplication.translate("ShipDialog", "kommissionieren"),
            "packed": QCoreApplication.translate("ShipDialog", "gepackt – wartet auf Abholung"),
            "missing": QCoreApplication.translate("ShipDialog", "nichts gefunden"),
            "handed_over": QCoreApplication.translate("ShipDialog", "übergeben")}.get(status, status)


def _reason(reason: MissingReason) -> str:
    return {MissingReason.NOT_FOUND: QCoreApplication.translate("ShipDialog", "nicht auffindbar"),
            MissingReason.DAMAGED: QCoreApplication.translate("ShipDialog", "beschädigt"),
            MissingReason.COUNT_WRONG: QCoreApplication.translate("ShipDialog", "Bestand stimmt nicht")}[reason]


def error_text(exc: shipping.ShippingError) -> str:
    texts = {
        "unknown_code": QCoreApplication.translate("ShipDialog", "„{scanned}“ ist kein Artikel des Sortiments."),
        "not_in_shipment": QCoreApplication.translate("ShipDialog", "{name} gehört nicht zu dieser Sendung – bitte "
                                                                    "zurücklegen."),
        "already_picked": QCoreApplication.translate("ShipDialog", "{name}: alle {quantity} schon gescannt."),
        "not_complete": QCoreApplication.translate("ShipDialog", "{order_no}: erst alle Artikel scannen oder als "
                                                                 "fehlend melden."),
        "packed_before": QCoreApplication.translate("ShipDialog", "{order_no} ist schon gepackt."),
        "not_a_parcel": QCoreApplication.translate("ShipDialog", "„{scanned}“ ist kein Paketetikett."),
        "unknown_parcel": QCoreApplication.translate("ShipDialog", "Paket {parcel} ist keine Sendung dieses Markts."),
        "handed_over_before": QCoreApplication.translate("ShipDialog", "{order_no} wurde schon übergeben."),
        "unknown_shipment": QCoreApplication.translate("ShipDialog", "Diese Sendung gibt es in diesem Markt nicht."),
    }
    worded = texts.get(exc.code)
    return worded.format(**exc.params) if worded is not None else describe(exc)


class ShipDialog(QDialog):
    SCAN_KINDS = ("product",)  # products, and parcel labels (GS1-128 digits)
    booked = Signal()  # packed or handed over: worth a sync now (the shop shows the parcel's state)

    def __init__(self, parent, sale_session, *, pdf_dir: Path | None, sender: tuple[str, ...]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Versand aus dem Markt"))
        self.setObjectName("shipDialog")
        self.resize(1180, 720)
        self.sale, self.pdf_dir, self.sender = sale_session, pdf_dir, sender
        self.items: list[shipping.Shipment] = []
        self.picking: shipping.Picking | None = None
        self.last_label: Path | None = None
        self.scan_field = QLineEdit(self)
        self.scan_field.setObjectName("orderField")
        self.scan_field.setPlaceholderText(self.tr("Artikel scannen (kommissionieren) oder Paketetikett scannen "
                                                   "(an den Versand übergeben)"))
        self.scan_field.returnPressed.connect(lambda: self.handle_scan(self.scan_field.text()))
        self.show_done = QCheckBox(self.tr("auch übergebene"), self)
        self.show_done.toggled.connect(lambda _c: self.refresh())
        self.list = QTableWidget(0, 4, self)
        self.list.setHorizontalHeaderLabels([self.tr("Status"), self.tr("Bestellung"), self.tr("Kunde"),
                                             self.tr("Artikel")])
        self.lines = QTableWidget(0, 4, self)
        self.lines.setHorizontalHeaderLabels([self.tr("Artikel"), self.tr("bestellt"), self.tr("gescannt"),
                                              self.tr("fehlt")])
        for table, stretch in ((self.list, 2), (self.lines, 0)):
            table.setSelectionBehavior(QAbstractItemView.SelectRows)
            table.setSelectionMode(QAbstractItemView.SingleSelection)
            table.setEditTriggers(QAbstractItemView.NoEditTriggers)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
            table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.Stretch)
        self.list.itemSelectionChanged.connect(self._selected)
        self.info = QLabel("", self)
        self.info.setObjectName("pickupInfo")
        self.info.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.missing_button = QPushButton(self.tr("Fehlt … (Grund)"), self)
        self.missing_menu = QMenu(self)
        for reason in MissingReason:
            self.missing_menu.addAction(_reason(reason), lambda r=reason: self.report_missing(r))
        self.missing_button.setMenu(self.missing_menu)
        self.reprint_button = QPushButton(self.tr("Etikett erneut"), self)
        self.reprint_button.clicked.connect(self.reprint)
        self.pack_button = QPushButton(self.tr("Packen und Etikett drucken"), self)
        self.pack_button.setObjectName("primaryButton")
        self.pack_button.clicked.connect(self.pack)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        for b in (self.missing_button, self.reprint_button, self.pack_button, close):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.scan_field, 1)
        top.addWidget(self.show_done)
        right = QVBoxLayout()
        right.addWidget(self.info)
        right.addWidget(self.lines, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 5)
        middle.addLayout(right, 6)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.missing_button)
        bottom.addWidget(self.reprint_button)
        bottom.addWidget(close)
        bottom.addWidget(self.pack_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.refresh()

    # -- the list -----------------------------------------------------------------
    def refresh(self, keep: str | None = None) -> None:
        self.items = shipping.shipments(self.sale.ctx, include_done=self.show_done.isChecked())
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.items))
        for r, s in enumerate(self.items):
            cells = (_status(s.status), s.order_no, s.customer_name,
                     str(sum(l.quantity for l in s.lines)))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if s.status == "routed":
                    item.setBackground(QColor("#fdefc8"))
                self.list.setItem(r, c, item)
        self.list.blockSignals(False)
        row = next((r for r, s in enumerate(self.items) if s.id == keep),
                   next((r for r, s in enumerate(self.items) if s.status == "routed"), -1))
        if row >= 0:
            self.list.selectRow(row)
        self._selected()

    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        shipment = self.items[rows[0].row()] if rows else None
        if shipment is None:
            self.picking = None
        elif self.picking is None or self.picking.shipment != shipment:  # another one, or packed meanwhile
            self.picking = shipping.Picking(shipment)
        self._show()

    def _show(self) -> None:
        p = self.picking
        if p is None:
            self.info.setText(self.tr("Keine Sendung gewählt. Neue Sendungen kommen als Mitteilung (Strg+M)."))
            self.lines.setRowCount(0)
            self._enable()
            return
        s = p.shipment
        parcel = " · " + self.tr("Paket {0}").format(s.parcel_no) if s.parcel_no else ""
        self.info.setText(f"<b>{s.order_no}</b> · {s.customer_name}<br>{s.address}<br>"
                          f"{_status(s.status)}{parcel}")
        self.lines.setRowCount(len(s.lines))
        for r, line in enumerate(s.lines):
            missing = p.missing.get(line.product_id)
            picked = p.picked.get(line.product_id, 0) if s.status == "routed" else line.quantity
            cells = (line.name, str(line.quantity), str(picked),
                     f"{missing[0]} · {_reason(missing[1])}" if missing else "")
            done = p.open(line.product_id) == 0 or s.status != "routed"
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if done:
                    item.setBackground(QColor("#d5f0dd"))
                self.lines.setItem(r, c, item)
        if s.status == "routed" and not self.lines.selectionModel().selectedRows():
            open_row = next((r for r, l in enumerate(s.lines) if p.open(l.product_id) > 0), -1)
            if open_row >= 0:
                self.lines.selectRow(open_row)
        self._enable()

    def _enable(self) -> None:
        routed = self.picking is not None and self.picking.shipment.status == "routed"
        self.pack_button.setEnabled(routed and self.picking.complete)
        self.missing_button.setEnabled(routed)
        self.reprint_button.setEnabled(self.picking is not None and self.picking.shipment.status == "packed"
                                       and self.pdf_dir is not None)

    # -- scanning, missing, packing, handing over ---------------------------------------
    def handle_scan(self, text: str) -> None:
        self.scan_field.clear()
        if shipping.parcel_from_scan(text) is not None:
            self.hand_over(text)
            return
        if self.picking is None or self.picking.shipment.status != "routed":
            self._error(self.tr("Erst eine Sendung zum Kommissionieren wählen."))
            return
        try:
            line = self.picking.scan(self.sale.ctx, text)
        except shipping.ShippingError as exc:
            self._error(error_text(exc))
            return
        self._show()
        left = self.picking.open(line.product_id)
        show_status(self.status, self.tr("✓ {0} – noch {1}").format(line.name, left) if left else
                    self.tr("✓ {0} – vollständig").format(line.name), "ok")

    def report_missing(self, reason: MissingReason) -> None:
        if self.picking is None:
            return
        rows = self.lines.selectionModel().selectedRows()
        if not rows:
            self._error(self.tr("Erst die fehlende Zeile wählen."))
            return
        line = self.picking.shipment.lines[rows[0].row()]
        try:
            pieces = self.picking.report_missing(line.product_id, reason)
        except shipping.ShippingError as exc:
            self._error(error_text(exc))
            return
        self._show()
        show_status(self.status, self.tr("{0}: {1} als fehlend gemeldet – die Zentrale leitet sie weiter.")
                    .format(line.name, pieces), "warn")

    def pack(self) -> None:
        if self.picking is None:
            return
        try:
            parcel = shipping.pack(self.sale.ctx, self.sale.associate, self.picking)
        except shipping.ShippingError as exc:
            self._error(error_text(exc))
            return
        except AuthError as exc:
            self._error(describe(exc))
            return
        s = self.picking.shipment
        if parcel is None:
            self.refresh()
            show_status(self.status, self.tr("{0}: nichts gefunden – die Zentrale leitet die Bestellung weiter.")
                        .format(s.order_no), "warn")
            return
        pieces = sum(self.picking.picked.values())
        self.last_label = None
        if self.pdf_dir is not None:
            try:
                self.last_label = self._save_label(s, parcel, pieces)
            except OSError as exc:  # a full disk: the parcel is packed and booked; "Etikett erneut" makes it again
                self._error(self.tr("Gepackt, aber das Etikett konnte nicht gespeichert werden: {0} – "
                                    "„Etikett erneut“ versucht es noch einmal.").format(exc.strerror or describe(exc)))
                self.refresh(keep=s.id)
                self.booked.emit()
                return
        self.refresh(keep=s.id)
        self.booked.emit()
        where = self.tr(" · Etikett: {0} (Bons/labels)").format(self.last_label.name) if self.last_label else ""
        show_status(self.status, self.tr("{0} gepackt, Paket {1}{2}. Beim Abholen durch den Versand das Etikett "
                                         "scannen.").format(s.order_no, parcel, where), "ok")

    def _label_path(self, parcel: str) -> Path:
        return self.pdf_dir / "labels" / f"label-{parcel}.pdf"

    def _save_label(self, s: shipping.Shipment, parcel: str, pieces: int) -> Path:
        return save_label(LabelData(self.sender, s.customer_name, s.address, s.order_no, parcel, pieces),
                          self._label_path(parcel))

    def reprint(self) -> None:
        """The label of a packed parcel once more (the printer jammed, the file was lost)."""
        s = self.picking.shipment if self.picking is not None else None
        if s is None or s.status != "packed" or not s.parcel_no or self.pdf_dir is None:
            return
        try:
            self.last_label = self._save_label(s, s.parcel_no, sum(l.quantity for l in s.lines))
        except OSError as exc:
            self._error(self.tr("Etikett konnte nicht gespeichert werden: {0}").format(exc.strerror or describe(exc)))
            return
        show_status(self.status, self.tr("Etikett erneut: {0} (Bons/labels)").format(self.last_label.name), "ok")

    def hand_over(self, scanned: str) -> None:
        try:
            shipment = shipping.hand_over(self.sale.ctx, self.sale.associate, scanned=scanned)
        except shipping.ShippingError as exc:
            self._error(error_text(exc))
            return
        except AuthError as exc:
            self._error(describe(exc))
            return
        self.picking = None
        if self.pdf_dir is not None and shipment.parcel_no:  # the label holds the address: gone with the parcel
            self._label_path(shipment.parcel_no).unlink(missing_ok=True)
        self.refresh()
        self.booked.emit()
        show_status(self.status, self.tr("{0}: Paket an den Versand übergeben.").format(shipment.order_no), "ok")

    def _error(self, text: str) -> None:
        show_status(self.status, text, "error")
        sounds = getattr(self.parent(), "sounds", None)
        if sounds is not None:
            sounds.play("error")

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not self.scan_field.hasFocus():
            return  # Enter belongs to the scan field; nothing is packed by accident
        super().keyPressEvent(event)
