"""Order for delivery (Strg+L): the items in the cart ship to the customer's home; paid here first.

Shows where the goods can come from (warehouse or another store, from the
replica's stock), takes name, address and e-mail, and marks the cart as a
delivery; F12 then takes the payment as usual.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout,
)

from app.core.money import format_eur
from app.services import delivery
from app.ui.feedback import show_status
from app.ui.texts import describe


class DeliveryDialog(QDialog):
    prepared = Signal(object)  # the cart's delivery link

    def __init__(self, parent, sale_session):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lieferung nach Hause"))
        self.setObjectName("deliveryDialog")
        self.resize(820, 600)
        self.sale = sale_session
        cart = sale_session.cart
        summary = QLabel(self.tr("%n Artikel, {0} – werden an die Kundin / den Kunden geliefert.", "",
                                 cart.item_count).format(format_eur(cart.total_cents)), self)
        summary.setWordWrap(True)
        self.ship_from = QComboBox(self)
        self.options = delivery.ship_from_options(sale_session.ctx, cart)
        for o in self.options:
            state = self.tr("alles vorrätig") if o.complete else self.tr("fehlt: {0}").format(", ".join(o.short))
            self.ship_from.addItem(f"{o.name} – {state}", o.location_id)
        self.name = QLineEdit(self)
        self.email = QLineEdit(self)
        self.email.setPlaceholderText(self.tr("für die Versandbestätigung (optional)"))
        self.address = QPlainTextEdit(self)
        self.address.setPlaceholderText(self.tr("Straße Hausnummer\nPLZ Ort"))
        self.address.setMaximumHeight(110)
        if cart.customer and cart.customer.get("id"):
            self.name.setText(cart.customer.get("name", ""))
        form = QFormLayout()
        form.addRow(self.tr("Versand aus:"), self.ship_from)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Lieferadresse:"), self.address)
        form.addRow(self.tr("E-Mail:"), self.email)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        ok = QPushButton(self.tr("Als Lieferung kassieren"), self)
        ok.setObjectName("primaryButton")
        ok.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Abbrechen (Esc)"), self)
        cancel.clicked.connect(self.reject)
        for b in (ok, cancel):
            b.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(cancel)
        bottom.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def submit(self) -> None:
        option = self.options[self.ship_from.currentIndex()] if self.options else None
        if option is None:
            show_status(self.status, self.tr("Kein Lager und kein anderer Markt bekannt."), "error")
            return
        try:
            link = delivery.prepare(self.sale.ctx, ship_from=option.location_id, customer_name=self.name.text(),
                                    address=self.address.toPlainText(), customer_email=self.email.text())
        except delivery.DeliveryError as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.prepared.emit(link)
        self.accept()
