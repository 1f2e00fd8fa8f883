"""Returns of online orders at the counter (F10): find the order, pick what comes back, refund.

Works offline against orders already in the replica; an over-return across stores
is flagged later by the backend. Refunds are paid out in cash for now.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSpinBox,
    QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.services import returns
from app.services.auth import AuthError
from app.ui import prompts
from app.ui.feedback import show_status


class ReturnDialog(QDialog):
    def __init__(self, parent, sale_session):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Rückgabe einer Online-Bestellung"))
        self.setObjectName("returnDialog")
        self.resize(1000, 640)
        self.sale = sale_session
        self.order = None
        self.record = None
        self.order_no = QLineEdit(self)
        self.order_no.setObjectName("orderField")
        self.order_no.setPlaceholderText(self.tr("Bestellnummer scannen oder eingeben, z. B. WEB-100001"))
        self.order_no.returnPressed.connect(self.find)
        find = QPushButton(self.tr("Suchen"), self)
        find.clicked.connect(self.find)
        self.info = QLabel("", self)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Artikel"), self.tr("Gekauft"), self.tr("Rückgabefähig"),
                                              self.tr("Zurück")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Fixed)
        header.resizeSection(3, 150)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.reason = QComboBox(self)
        for key, label in returns.REASONS.items():
            self.reason.addItem(self.tr(label), key)
        self.reason.setCurrentIndex(-1)
        self.reason.setPlaceholderText(self.tr("Grund wählen"))
        self.resellable = QCheckBox(self.tr("Ware ist wieder verkaufbar (zurück in den Bestand)"), self)
        self.resellable.setChecked(True)
        self.total = QLabel(self)
        self.total.setObjectName("totalLabel")
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.refund_button = QPushButton(self.tr("Bar erstatten"), self)
        self.refund_button.setObjectName("primaryButton")
        self.refund_button.clicked.connect(self.refund)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        for button in (find, self.refund_button, close):
            button.setAutoDefault(False)  # Enter in the order field searches, and only that
        top = QHBoxLayout()
        top.addWidget(self.order_no, 1)
        top.addWidget(find)
        options = QHBoxLayout()
        options.addWidget(QLabel(self.tr("Grund:"), self))
        options.addWidget(self.reason)
        options.addSpacing(24)
        options.addWidget(self.resellable, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.total, 1)
        bottom.addWidget(close)
        bottom.addWidget(self.refund_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addLayout(bottom)
        self._update_total()

    def find(self) -> None:
        try:
            self.order = returns.find_order(self.sale.ctx, order_no=self.order_no.text().strip().upper())
            lines = returns.returnable(self.sale.ctx, order_id=self.order.id)
        except returns.ReturnError as exc:
            self.order = None
            self.table.setRowCount(0)
            show_status(self.status, str(exc), "error")
            self._update_total()
            return
        self.info.setText(self.tr("{0} · {1} · {2}").format(
            self.order.order_no, self.order.customer_email or self.tr("ohne E-Mail"),
            self.tr("online bezahlt") if self.order.paid_online else self.tr("noch nicht bezahlt")))
        self.table.setRowCount(len(lines))
        self.spins = []
        for row, line in enumerate(lines):
            item = QTableWidgetItem(f"{line.name}  ({format_eur(line.unit_price_cents)})")
            item.setData(Qt.UserRole, line.product_id)
            self.table.setItem(row, 0, item)
            self.table.setItem(row, 1, QTableWidgetItem(str(line.sold)))
            self.table.setItem(row, 2, QTableWidgetItem(str(line.returnable)))
            spin = QSpinBox()  # no parent until the table places it
            spin.setRange(0, line.returnable)
            spin.setMinimumHeight(44)
            spin.setStyleSheet("QSpinBox { font-size: 20px; } QSpinBox::up-button, QSpinBox::down-button"
                               " { width: 40px; }")  # big enough to tap
            spin.setProperty("price", line.unit_price_cents)
            spin.valueChanged.connect(self._update_total)
            self.table.setCellWidget(row, 3, spin)
            self.spins.append((line.product_id, spin))
        show_status(self.status, self.tr("Menge je Artikel wählen, Grund angeben, dann erstatten.")
                    if any(l.returnable for l in lines) else self.tr("Von dieser Bestellung ist nichts mehr "
                                                                    "rückgabefähig."), "info")
        self._update_total()

    def quantities(self) -> dict[int, int]:
        return {pid: spin.value() for pid, spin in getattr(self, "spins", []) if spin.value()}

    def _update_total(self) -> None:
        cents = sum(spin.value() * spin.property("price") for _, spin in getattr(self, "spins", []))
        self.total.setText(self.tr("Erstattung {0}").format(format_eur(cents)))
        self.refund_button.setEnabled(self.order is not None and cents > 0)

    def refund(self, approver_pin: str | None = None) -> None:
        if self.order is None:
            return
        try:
            self.record = returns.record_return(
                self.sale.ctx, self.sale.associate, order_id=self.order.id, quantities=self.quantities(),
                resellable=self.resellable.isChecked(), reason=self.reason.currentData() or "",
                approver_pin=approver_pin)
        except returns.ReturnApprovalNeeded as exc:
            dialog = prompts.ManagerApprovalDialog(self, str(exc))
            if dialog.exec() and dialog.pin:
                self.refund(approver_pin=dialog.pin)
            return
        except (returns.ReturnError, AuthError) as exc:
            show_status(self.status, str(exc), "error")
            return
        self.find()  # show what is still returnable, then what to pay out
        show_status(self.status, self.tr("Rückgabe gebucht. Bitte {0} bar auszahlen.").format(
            format_eur(self.record.refund_cents)), "ok")
