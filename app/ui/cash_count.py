"""Counting a drawer by denomination: one row per coin and note, big enough for a finger, the total below.

Used to open the day (the float) and to close it (the blind count: nothing here shows what is expected)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from app.core.cash import COINS, NOTES, CashCount
from app.core.money import format_eur


def _name(cents: int) -> str:
    return f"{cents // 100} €" if cents >= 100 else f"{cents} ct"


class CashCountWidget(QWidget):
    changed = Signal(int)  # the total in cents

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("cashCount")
        self.spins: dict[int, QSpinBox] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(16)
        for column, (title, values) in enumerate(((self.tr("Scheine"), sorted(NOTES, reverse=True)),
                                                  (self.tr("Münzen"), sorted(COINS, reverse=True)))):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column * 2, 1, 2)
            for row, cents in enumerate(values, start=1):
                spin = QSpinBox(self)
                spin.setRange(0, 9999)
                spin.setMinimumHeight(40)
                spin.setMinimumWidth(110)
                spin.setAccessibleName(self.tr("Anzahl {0}").format(_name(cents)))
                spin.valueChanged.connect(self._changed)
                self.spins[cents] = spin
                grid.addWidget(QLabel(_name(cents), self), row, column * 2, alignment=Qt.AlignRight)
                grid.addWidget(spin, row, column * 2 + 1)
        self.total = QLabel(self)
        self.total.setObjectName("countTotal")
        self.total.setMinimumWidth(260)
        self.total.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        grid.addWidget(self.total, len(COINS) + 1, 0, 1, 4, alignment=Qt.AlignRight)
        self._changed()

    def count(self) -> CashCount:
        return CashCount({cents: spin.value() for cents, spin in self.spins.items() if spin.value()})

    def set_count(self, count: CashCount) -> None:
        for cents, spin in self.spins.items():
            spin.setValue(count.pieces.get(cents, 0))

    def _changed(self, *_args) -> None:
        total = self.count().total_cents
        self.total.setText(self.tr("Gezählt: {0}").format(format_eur(total)))
        self.changed.emit(total)
