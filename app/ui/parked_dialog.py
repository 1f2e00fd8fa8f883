"""The list of parked carts to resume."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from app.core.money import format_eur


class ParkedDialog(QDialog):
    def __init__(self, parent, parked):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Geparkte Bons"))
        self.resize(560, 420)
        self.cart_id: str | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("parkedList")
        for p in parked:
            when = p.parked_at.astimezone().strftime("%H:%M")
            label = self.tr("{0}  ·  {1} Artikel  ·  {2}").format(when, p.item_count, format_eur(p.total_cents))
            if p.label:
                label += f"  ·  {p.label}"
            item = QListWidgetItem(label)
            item.setData(Qt.UserRole, p.cart_id)
            self.list.addItem(item)
        if parked:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._accept())
        buttons = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        resume = buttons.addButton(self.tr("Fortsetzen"), QDialogButtonBox.AcceptRole)
        resume.setEnabled(bool(parked))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not parked:
            layout.addWidget(QLabel(self.tr("Keine geparkten Bons."), self))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.cart_id = item.data(Qt.UserRole)
            self.accept()
