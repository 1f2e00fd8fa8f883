"""Closing the day (Z): the drawer is counted blind — nothing here shows what should be in it — then the
difference is booked, the Z number given and the Z report shown (issue 12)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.services import day_closing
from app.ui.cash_count import CashCountWidget
from app.ui.feedback import show_status


class CloseDayDialog(QDialog):
    def __init__(self, screen):
        super().__init__(screen)
        self.setObjectName("closeDayDialog")
        self.setWindowTitle(self.tr("Tagesabschluss (Z) – Kasse zählen"))
        self.screen, self.closing = screen, None
        intro = QLabel(self.tr("Bitte die ganze Schublade zählen. Der Soll-Bestand wird erst nach dem Zählen "
                               "gezeigt (Blindzählung)."), self)
        intro.setWordWrap(True)
        self.counter = CashCountWidget(self)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Gezählt – Tag abschließen"), self)
        self.close_button.setObjectName("primaryButton")
        self.close_button.clicked.connect(self.close_day)
        self.close_button.setAutoDefault(False)  # Enter in a count field does not close the day half counted
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.counter)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def close_day(self) -> None:
        sale, counted = self.screen.sale, self.counter.count()
        ctx, who = sale.ctx, sale.associate
        held = []

        def close():
            try:
                return day_closing.close_day(ctx, who, counted=counted)
            except day_closing.DifferenceApprovalNeeded:
                held.append(counted)
                raise

        closing = self.screen.run_op(
            close, retry_with_pin=lambda pin: day_closing.close_day(ctx, who, counted=counted, approver_pin=pin))
        if closing is None:
            if held:  # the count stands as given (and is on record): no recounting towards the expected amount
                self.counter.setEnabled(False)
                self.close_button.setText(self.tr("Marktleitung holen …"))
                show_status(self.status, self.tr(
                    "Die Zählung steht fest und ist gespeichert. Den Tag schließt eine Marktleitung ab."), "error")
            else:
                show_status(self.status, self.screen.banner.text(), "error")
            return
        self.closing = closing
        self.accept()
