"""Stock of a product in this store, the other stores and the central warehouse (Ctrl+B);
a manager counts this store's stock here ("Bestand zählen"). This store and the warehouses come
from the replica; the other stores are asked of the backend when the dialog opens (they are
not in this register's feed), in the background."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.services import inventory
from app.services.auth import AuthError
from app.services.labels import LabelError, print_labels
from app.services.stock import look_up_elsewhere, stock_overview
from app.ui import prompts
from app.ui.feedback import show_status
from app.ui.texts import describe


def age_text(pulled: datetime | None) -> str:
    if pulled is None:
        return QCoreApplication.translate("StockDialog", "Stand: unbekannt (noch nie mit der Zentrale abgeglichen)")
    minutes = int((datetime.now(timezone.utc) - pulled).total_seconds() // 60)
    when = pulled.astimezone().strftime("%d.%m. %H:%M")
    if minutes < 120:
        return QCoreApplication.translate("StockDialog", "Stand: {0} (vor {1} min)").format(when, minutes)
    return QCoreApplication.translate("StockDialog", "Stand: {0} – veraltet, Kasse offline?").format(when)


class CountDialog(QDialog):
    """Asks the counted quantity of one product in this store."""

    def __init__(self, parent, name: str, current: int, unit: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bestand zählen"))
        self.setObjectName("countDialog")
        self.setMinimumWidth(460)
        text = QLabel(self.tr("{0}\nLaut Kasse im Markt: {1} {2}. Wie viel ist tatsächlich da?").format(
            name, current, unit), self)
        text.setWordWrap(True)
        self.quantity = QSpinBox(self)
        self.quantity.setRange(0, inventory.MAX_COUNT)
        self.quantity.setValue(max(current, 0))
        self.quantity.setSuffix(f" {unit}")
        self.quantity.setMinimumHeight(44)
        self.quantity.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Bestand übernehmen"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("Abbrechen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.quantity)
        layout.addWidget(buttons)


class StockDialog(QDialog):
    def __init__(self, parent, ctx, product, label_dir=None, associate=None, *, client=None, executor=None):
        """`associate`: who is logged in (counting needs a manager, or a manager's PIN); `client` and `executor`:
        the backend client (None: this register does not sync) and the network executor, for other stores."""
        super().__init__(parent)
        self.ctx, self.product, self.label_dir, self.associate = ctx, product, label_dir, associate
        self.client, self.executor = client, executor
        self.elsewhere = None  # other stores' stock, once the backend has answered
        self.lookup = None
        self.elsewhere_note = ""
        self.setWindowTitle(self.tr("Bestand: {0}").format(product.name))
        self.resize(760, 420)
        self.unit = "g" if product.weighed else self.tr("Stk")
        self.table = QTableWidget(0, 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Ort"), self.tr("Region"), self.tr("Bestand"),
                                              self.tr("reserviert"), self.tr("frei")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.age = QLabel("", self)
        self.age.setWordWrap(True)
        close = QPushButton(self.tr("Schließen"), self)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.age)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        label = QPushButton(self.tr("Regaletikett als PDF"), self)
        label.clicked.connect(self.save_label)
        label.setEnabled(label_dir is not None)
        self.count_button = QPushButton(self.tr("Bestand zählen …"), self)
        self.count_button.clicked.connect(lambda: self.count_stock())
        self.count_button.setEnabled(associate is not None)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.count_button)
        row.addWidget(label)
        row.addWidget(close)
        layout.addLayout(row)
        self.refresh()
        self.look_up()

    def look_up(self) -> None:
        """Other stores' stock, asked of the backend in the background."""
        if self.client is None or self.executor is None:
            self.elsewhere_note = self.tr("Andere Märkte: nur mit Verbindung zur Zentrale.")
        else:
            self.elsewhere_note = self.tr("Andere Märkte: werden bei der Zentrale abgefragt …")
            client, product_id = self.client, self.product.product_id
            self.lookup = self.executor.submit(lambda _state: look_up_elsewhere(client, [product_id]),
                                               self._looked_up)
        self.refresh()

    def _looked_up(self, levels, exc) -> None:
        if exc is not None:
            self.elsewhere_note = self.tr("Andere Märkte: nicht abrufbar ({0}).").format(describe(exc))
        else:
            self.elsewhere = levels
            self.elsewhere_note = self.tr("Andere Märkte: Stand jetzt, von der Zentrale.")
        self.refresh()

    def done(self, result: int) -> None:
        if self.lookup is not None:
            self.lookup.cancel()  # an answer after closing has no table to fill
        super().done(result)

    def refresh(self) -> None:
        rows, pulled = stock_overview(self.ctx, product_id=self.product.product_id, elsewhere=self.elsewhere)
        self.here = next((s.quantity for s in rows if s.location_id == self.ctx.store.id), 0)
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            name = s.name + (self.tr(" (dieser Markt)") if s.location_id == self.ctx.store.id else "")
            for c, value in enumerate((name, s.region, f"{s.quantity} {self.unit}", f"{s.reserved}",
                                       f"{s.free} {self.unit}")):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.age.setText("\n".join(t for t in (age_text(pulled), self.elsewhere_note) if t))

    def count_stock(self, counted: int | None = None, approver_pin: str | None = None) -> None:
        """Ask what is on the shelf and record it as this store's stock; an associate needs a manager's PIN."""
        if counted is None:
            dialog = CountDialog(self, self.product.name, self.here, self.unit)
            self.count_dialog = dialog
            if not dialog.exec():
                return
            counted = dialog.quantity.value()
        try:
            result = inventory.count_stock(self.ctx, self.associate, product_id=self.product.product_id,
                                           counted=counted, approver_pin=approver_pin)
        except inventory.CountApprovalNeeded as exc:
            approval = prompts.ManagerApprovalDialog(self, describe(exc))
            if approval.exec() and approval.pin:
                self.count_stock(counted, approval.pin)
            else:
                show_status(self.status, self.tr("Abgebrochen – Bestand nicht geändert."), "info")
            return
        except (inventory.CountError, AuthError) as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.refresh()
        show_status(self.status, self.tr("Bestand gezählt: {0} {1} (Differenz {2:+d}). Geht an die Zentrale.")
                    .format(result.counted, self.unit, result.delta), "ok")

    def save_label(self) -> None:
        try:
            path = print_labels(self.ctx, [self.product.product_id], self.label_dir)
        except (LabelError, OSError) as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.label_path = path
        show_status(self.status, self.tr("Etikett gespeichert: {0}").format(path), "ok")
