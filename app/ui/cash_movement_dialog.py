"""Cash into or out of the drawer without a sale, with its business case (issue 12): to the safe or the bank,
a parcel paid from the drawer, wages, a private withdrawal. Above the store's limit a manager approves."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout

from app.core.cash import CashMovementKind
from app.core.money import format_eur, parse_eur
from app.services import till
from app.ui.feedback import show_status

def labels() -> dict[CashMovementKind, str]:
    """The business cases, in the associate's language."""
    return {
        CashMovementKind.TRANSIT_OUT: QCoreApplication.translate("CashMovementDialog", "Geldtransit: in den Tresor / zur Bank"),
        CashMovementKind.TRANSIT_IN: QCoreApplication.translate("CashMovementDialog", "Geldtransit: aus dem Tresor / von der Bank"),
        CashMovementKind.PAY_IN: QCoreApplication.translate("CashMovementDialog", "Einzahlung"),
        CashMovementKind.PAY_OUT: QCoreApplication.translate("CashMovementDialog", "Auszahlung (z. B. Paketdienst, Kleinbeträge)"),
        CashMovementKind.WAGES: QCoreApplication.translate("CashMovementDialog", "Lohnzahlung"),
        CashMovementKind.TIP_TO_STAFF: QCoreApplication.translate("CashMovementDialog", "Trinkgeld an Mitarbeitende"),
        CashMovementKind.OWNER_WITHDRAWAL: QCoreApplication.translate("CashMovementDialog", "Privatentnahme"),
        CashMovementKind.OWNER_DEPOSIT: QCoreApplication.translate("CashMovementDialog", "Privateinlage"),
    }


class CashMovementDialog(QDialog):
    def __init__(self, screen):
        super().__init__(screen)
        self.setObjectName("cashMovementDialog")
        self.setWindowTitle(self.tr("Bargeld ein- oder auszahlen"))
        self.screen, self.movement = screen, None
        self.kind = QComboBox(self)
        for kind, label in labels().items():
            self.kind.addItem(label, kind)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("0,00")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("z. B. Tresor, DHL-Nachnahme, Name"))
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Grund"), self.kind)
        form.addRow(self.tr("Betrag (€)"), self.amount)
        form.addRow(self.tr("Vermerk"), self.note)
        self.book_button = QPushButton(self.tr("Buchen"), self)
        self.book_button.setObjectName("primaryButton")
        self.book_button.clicked.connect(self.book)
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.book_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.amount.setFocus()

    def book(self) -> None:
        try:
            cents = parse_eur(self.amount.text())
        except ValueError:
            show_status(self.status, self.tr("Bitte einen Betrag wie 50,00 eingeben"), "error")
            return
        kind, note, sale = self.kind.currentData(), self.note.text(), self.screen.sale
        ctx, who = sale.ctx, sale.associate
        movement = self.screen.run_op(
            lambda: till.move_cash(ctx, who, kind=kind, amount_cents=cents, note=note),
            retry_with_pin=lambda pin: till.move_cash(ctx, who, kind=kind, amount_cents=cents, note=note,
                                                      approver_pin=pin))
        if movement is None:
            show_status(self.status, self.screen.banner.text(), "error")
            return
        self.movement = movement
        self.screen.banner.show_message(self.tr("{0}: {1} gebucht (Beleg {2}).").format(
            self.kind.currentText(), format_eur(abs(movement.amount_cents)), movement.receipt_no), "ok")
        self.accept()
