"""Stock of a product in this store, the other stores and the central warehouse (Ctrl+B)."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from app.services.labels import LabelError, print_labels
from app.services.stock import stock_overview
from app.ui.feedback import show_status


def age_text(pulled: datetime | None) -> str:
    if pulled is None:
        return "Stand: unbekannt (noch nie mit der Zentrale abgeglichen)"
    minutes = int((datetime.now(timezone.utc) - pulled).total_seconds() // 60)
    when = pulled.astimezone().strftime("%d.%m. %H:%M")
    return f"Stand: {when} (vor {minutes} min)" if minutes < 120 else f"Stand: {when} – veraltet, Kasse offline?"


class StockDialog(QDialog):
    def __init__(self, parent, ctx, product, label_dir=None):
        super().__init__(parent)
        self.ctx, self.product, self.label_dir = ctx, product, label_dir
        self.setWindowTitle(self.tr("Bestand: {0}").format(product.name))
        self.resize(760, 420)
        rows, pulled = stock_overview(ctx, product_id=product.product_id)
        unit = "g" if product.weighed else self.tr("Stk")
        self.table = QTableWidget(len(rows), 5, self)
        self.table.setHorizontalHeaderLabels([self.tr("Ort"), self.tr("Region"), self.tr("Bestand"),
                                              self.tr("reserviert"), self.tr("frei")])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        for r, s in enumerate(rows):
            name = s.name + (self.tr(" (dieser Markt)") if s.location_id == ctx.store.id else "")
            for c, value in enumerate((name, s.region, f"{s.quantity} {unit}", f"{s.reserved}", f"{s.free} {unit}")):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.age = QLabel(self.tr(age_text(pulled)), self)
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
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(label)
        row.addWidget(close)
        layout.addLayout(row)

    def save_label(self) -> None:
        try:
            path = print_labels(self.ctx, [self.product.product_id], self.label_dir)
        except (LabelError, OSError) as exc:
            show_status(self.status, str(exc), "error")
            return
        self.label_path = path
        show_status(self.status, self.tr("Etikett gespeichert: {0}").format(path), "ok")
