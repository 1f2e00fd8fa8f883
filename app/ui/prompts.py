"""Small dialogs of the sale screen: quantity, discount, manager approval, park label."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QInputDialog, QLabel, QLineEdit, QMessageBox, QPushButton, QHBoxLayout,
    QVBoxLayout, QWidget,
)

from app.core.cart import Discount
from app.core.money import parse_eur
from app.ui.pin_pad import PinPad
from app.ui.texts import describe


def ask_quantity(parent: QWidget, current: int) -> int | None:
    value, ok = QInputDialog.getInt(parent, QCoreApplication.translate("Prompts", "Menge"),
                                    QCoreApplication.translate("Prompts", "Neue Menge:"), current, 1, 9999)
    return value if ok else None


def ask_park_label(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("Prompts", "Bon parken"),
                                    QCoreApplication.translate("Prompts", "Notiz (z. B. Name oder Grund), "
                                                                          "optional:"))
    return text.strip() if ok else None


def ask_gift_card_amount(parent: QWidget) -> int | None:
    """The amount of a gift card in cents (5 to 500 €); None when cancelled."""
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("Prompts", "Geschenkkarte verkaufen"),
                                    QCoreApplication.translate("Prompts", "Betrag der Geschenkkarte (5 bis 500 €):"),
                                    text="25")
    if not ok:
        return None
    try:
        return parse_eur(text)
    except ValueError as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("Prompts", "Geschenkkarte"), describe(exc))
        return None


def ask_voucher_code(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("Prompts", "Geschenkkarte prüfen"),
                                    QCoreApplication.translate("Prompts", "Code der Geschenkkarte oder des Gutscheins "
                                                                          "(GK…, GS…) scannen oder eingeben:"))
    return text.strip().upper() if ok and text.strip() else None


def ask_coupon(parent: QWidget, on_cart: str) -> str | None:
    """The coupon code, upper case; None when cancelled."""
    label = QCoreApplication.translate("Prompts", "Coupon-Code (gedruckte Coupons einfach scannen):")
    if on_cart:
        label += "\n" + QCoreApplication.translate("Prompts", "Auf dem Bon: {0} – denselben Code eingeben entfernt "
                                                              "ihn.").format(on_cart)
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("Prompts", "Coupon"), label)
    return text.strip().upper() if ok and text.strip() else None


class DiscountDialog(QDialog):
    """Percent or amount; the value is checked before the dialog closes."""

    def __init__(self, parent: QWidget, title: str):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.discount: Discount | None = None
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(self.tr("z. B. 10 oder 2,50"))
        self.percent = QPushButton(self.tr("%"), self, checkable=True, checked=True)
        self.amount = QPushButton(self.tr("€"), self, checkable=True)
        group = QButtonGroup(self)
        group.addButton(self.percent)
        group.addButton(self.amount)
        self.error = QLabel("", self)
        self.error.setObjectName("dialogError")
        row = QHBoxLayout()
        row.addWidget(self.value, 1)
        row.addWidget(self.percent)
        row.addWidget(self.amount)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        remove = buttons.addButton(self.tr("Rabatt entfernen"), QDialogButtonBox.ResetRole)
        remove.clicked.connect(self._remove)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Rabatt:"), self))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.removed = False

    def _remove(self) -> None:
        self.removed = True
        self.accept()

    def _accept(self) -> None:
        try:
            if self.percent.isChecked():
                value = parse_eur(self.value.text())  # "12,5" -> 1250 = basis points
                if not 0 < value <= 10_000:
                    raise ValueError(self.tr("Prozent zwischen 0 und 100"))
                self.discount = Discount("percent", value)
            else:
                value = parse_eur(self.value.text())
                if value <= 0:
                    raise ValueError(self.tr("Betrag größer als 0"))
                self.discount = Discount("amount", value)
        except ValueError as exc:
            self.error.setText(describe(exc))
            return
        self.accept()


class ManagerApprovalDialog(QDialog):
    """A manager types the PIN at this register to approve one action."""

    def __init__(self, parent: QWidget, reason: str):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Freigabe durch Marktleitung"))
        self.pin: str | None = None
        text = QLabel(reason + "\n" + self.tr("Marktleitung: bitte PIN eingeben."), self)
        text.setWordWrap(True)
        self.pad = PinPad(self)
        self.pad.submitted.connect(self._submitted)
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.pad, alignment=Qt.AlignCenter)
        layout.addWidget(cancel)

    def _submitted(self, pin: str) -> None:
        self.pin = pin
        self.accept()
