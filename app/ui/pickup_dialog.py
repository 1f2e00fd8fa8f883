"""Click & collect (Strg+H): the orders waiting at this store, and handing one out.

Scanning the pickup code (from the customer's e-mail or app) opens the order;
the associate checks identity, hands out all or part, and an unpaid
reserve-and-collect order goes to the sale screen to be paid first.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.scanning.codes import classify
from app.services import pickup
from app.services.auth import AuthError
from app.ui.feedback import show_status
from app.ui.texts import describe

STATUS_COLOURS = {"overdue": "#f9d7d3", "ready": "#d5f0dd", "waiting": "#fdefc8", "collected": "#e6e9ee"}


def _table(parent, headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(44)
    table.setEditTriggers(QTableWidget.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectRows)
    table.setSelectionMode(QTableWidget.SingleSelection)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        header.setSectionResizeMode(col, QHeaderView.Stretch if col == stretch else QHeaderView.ResizeToContents)
    return table


class PickupDialog(QDialog):
    SCAN_KINDS = ("order",)  # app.ui.scan_router: other codes are refused, nothing changes
    pay_requested = Signal(object, object)  # cart items, pickup link

    def __init__(self, parent, sale_session):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Click & Collect – Abholungen in diesem Markt"))
        self.setObjectName("pickupDialog")
        self.resize(1180, 720)
        self.sale = sale_session
        self.orders: list[pickup.PickupOrder] = []
        self.order: pickup.PickupOrder | None = None
        self.spins: list[tuple[int, QSpinBox]] = []
        self.search = QLineEdit(self)
        self.search.setObjectName("orderField")
        self.search.setPlaceholderText(self.tr("Abholcode scannen, oder Bestellnr. bzw. Name suchen"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(lambda _t: self.refresh())
        self.search.returnPressed.connect(self._enter)
        self.show_collected = QCheckBox(self.tr("auch abgeholte"), self)
        self.show_collected.toggled.connect(lambda _c: self.refresh())
        self.list = _table(self, [self.tr("Status"), self.tr("Bestellung"), self.tr("Kundin / Kunde"),
                                  self.tr("Artikel"), self.tr("Tage")], 2)
        self.list.itemSelectionChanged.connect(self._selected)
        self.info = QLabel("", self)
        self.info.setObjectName("pickupInfo")
        self.info.setWordWrap(True)
        self.lines = _table(self, [self.tr("Artikel"), self.tr("bestellt"), self.tr("abgeholt"),
                                   self.tr("im Markt"), self.tr("jetzt übergeben")], 0)
        self.lines.horizontalHeader().setSectionResizeMode(4, QHeaderView.Fixed)
        self.lines.horizontalHeader().resizeSection(4, 150)
        self.identity = QCheckBox(self.tr("Ausweis bzw. Abholcode geprüft"), self)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.hand_out_button = QPushButton(self.tr("Übergeben"), self)
        self.hand_out_button.setObjectName("primaryButton")
        self.hand_out_button.clicked.connect(self.hand_out)
        self.ready_button = QPushButton(self.tr("Bereitgestellt – Kundin/Kunde benachrichtigen"), self)
        self.ready_button.setToolTip(self.tr("Die Ware liegt an der Kasse: die Zentrale schickt die E-Mail"))
        self.ready_button.clicked.connect(self.mark_ready)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        for b in (self.hand_out_button, self.ready_button, close):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.show_collected)
        right = QVBoxLayout()
        right.addWidget(self.info)
        right.addWidget(self.lines, 1)
        right.addWidget(self.identity)
        middle = QHBoxLayout()
        middle.addWidget(self.list, 5)
        middle.addLayout(right, 6)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.ready_button)
        bottom.addWidget(close)
        bottom.addWidget(self.hand_out_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom)
        self.refresh()

    # -- the list -----------------------------------------------------------------
    def refresh(self, keep: str | None = None) -> None:
        text = self.search.text()
        scanned = classify(text)
        query = scanned.value if scanned.kind == "order" else text
        self.orders = pickup.pickup_orders(self.sale.ctx, query=query,
                                           include_collected=self.show_collected.isChecked())
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.orders))
        for r, o in enumerate(self.orders):
            cells = (describe(pickup.STATUS_TEXT[o.status]), o.order_no, o.customer_name,
                     str(o.open_items), "" if o.age_days is None else str(o.age_days))
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setBackground(QColor(STATUS_COLOURS[o.status]))
                self.list.setItem(r, c, item)
        self.list.blockSignals(False)
        row = next((r for r, o in enumerate(self.orders) if o.id == keep), 0 if len(self.orders) == 1 else -1)
        if row >= 0:
            self.list.selectRow(row)
        self._selected()

    def _enter(self) -> None:
        """Enter or a scan: open the one matching order."""
        self.refresh()
        if len(self.orders) == 1:
            self.list.selectRow(0)
            self.identity.setFocus()
        elif not self.orders:
            show_status(self.status, self.tr("Keine Abholung zu „{0}“ in diesem Markt.").format(
                self.search.text().strip()), "error")

    def handle_scan(self, text: str) -> None:
        """A camera scan while this dialog is open: the pickup code."""
        self.open_order(text)

    def open_order(self, order_no: str) -> None:
        self.search.setText(order_no)
        self._enter()

    # -- one order ------------------------------------------------------------------
    def _selected(self) -> None:
        rows = self.list.selectionModel().selectedRows()
        order = self.orders[rows[0].row()] if rows else None
        if order is not None and order == self.order and self.spins:
            return  # the same order, unchanged: keep what the associate entered
        self.order = order
        self.lines.setRowCount(0)
        self.spins = []
        self.identity.setChecked(False)
        if self.order is None:
            self.info.setText(self.tr("Bestellung in der Liste wählen oder Abholcode scannen."))
            self.lines.setRowCount(0)
            self._update_button()
            return
        o = self.order
        paid = self.tr("bezahlt") if o.paid else self.tr("NOCH NICHT BEZAHLT – {0} an der Kasse").format(
            format_eur(o.open_cents))
        prepared = " · " + self.tr("bereitgestellt") if o.prepared else ""
        self.info.setText(f"<b>{o.order_no}</b> · {o.customer_name}<br>"
                          f"{describe(pickup.STATUS_TEXT[o.status])}{prepared} · {paid}")
        self.lines.setRowCount(len(o.lines))
        for r, line in enumerate(o.lines):
            for c, value in enumerate((line.name, str(line.ordered), str(line.collected), str(line.in_store))):
                self.lines.setItem(r, c, QTableWidgetItem(value))
            spin = QSpinBox()
            spin.setRange(0, line.open)
            spin.setValue(min(line.open, max(line.in_store, 0)))
            spin.setMinimumHeight(40)
            spin.valueChanged.connect(self._update_button)
            self.lines.setCellWidget(r, 4, spin)
            self.spins.append((line.product_id, spin))
        self.status.setText("")
        self._update_button()

    def quantities(self) -> dict[int, int]:
        return {pid: spin.value() for pid, spin in self.spins if spin.value()}

    def _update_button(self) -> None:
        o = self.order
        self.ready_button.setEnabled(o is not None and not o.prepared and o.status in ("ready", "overdue"))
        self.hand_out_button.setEnabled(o is not None and bool(self.quantities()))
        self.hand_out_button.setText(self.tr("Übergeben") if o is None or o.paid
                                     else self.tr("Kassieren und übergeben"))

    def mark_ready(self) -> None:
        """Picked and put at the counter: the customer gets an e-mail (once, also when marked offline)."""
        if self.order is None:
            return
        try:
            pickup.mark_ready(self.sale.ctx, self.sale.associate, order_id=self.order.id)
        except (pickup.PickupError, AuthError) as exc:
            show_status(self.status, describe(exc), "error")
            return
        order_no, order_id = self.order.order_no, self.order.id
        self.refresh(keep=order_id)
        show_status(self.status, self.tr("{0} bereitgestellt: die Kundin / der Kunde bekommt eine E-Mail.")
                    .format(order_no), "ok")

    def hand_out(self) -> None:
        if self.order is None:
            return
        try:
            if self.order.paid:
                pickup.hand_out(self.sale.ctx, self.sale.associate, order_id=self.order.id,
                                quantities=self.quantities(), identity_checked=self.identity.isChecked())
            else:
                items, link = pickup.cart_for_payment(self.sale.ctx, order_id=self.order.id,
                                                      quantities=self.quantities(),
                                                      identity_checked=self.identity.isChecked())
                self.pay_requested.emit(items, link)
                self.accept()
                return
        except pickup.PickupError as exc:
            show_status(self.status, describe(exc), "error")
            return
        handed = sum(self.quantities().values())
        order_no, order_id = self.order.order_no, self.order.id
        self.refresh(keep=order_id)
        show_status(self.status, self.tr("{0}: {1} Artikel übergeben.").format(order_no, handed), "ok")
