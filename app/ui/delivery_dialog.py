"""Order for delivery (Strg+L): the items in the cart ship to the customer's home; paid here first.

Shows where the goods can come from (the warehouse from the replica's stock; another
store once the backend has said what it holds, asked in the background), takes name,
address and e-mail, and marks the cart as a delivery; F12 then takes the payment as usual.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout,
)

from app.core.money import format_eur
from app.services import delivery
from app.services.stock import look_up_elsewhere
from app.ui.feedback import show_status
from app.ui.texts import describe


class DeliveryDialog(QDialog):
    prepared = Signal(object)  # the cart's delivery link

    def __init__(self, parent, sale_session, *, client=None, executor=None):
        """`client`, `executor`: the backend client (None: this register does not sync) and the network executor,
        to ask which other stores have the goods."""
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
        self.show_options()
        self.stores_note = QLabel("", self)
        self.stores_note.setWordWrap(True)
        self.lookup = None
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
        form.addRow("", self.stores_note)
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
        if client is not None and executor is not None:
            self.stores_note.setText(self.tr("Andere Märkte werden bei der Zentrale abgefragt …"))
            products = sorted({line.product_id for line in cart.lines})
            self.lookup = executor.submit(lambda _state: look_up_elsewhere(client, products), self._looked_up)
        else:
            self.stores_note.setText(self.tr("Andere Märkte nur mit Verbindung zur Zentrale."))

    def show_options(self) -> None:
        chosen = self.ship_from.currentData()
        self.ship_from.clear()
        for o in self.options:
            state = self.tr("alles vorrätig") if o.complete else self.tr("fehlt: {0}").format(", ".join(o.short))
            self.ship_from.addItem(f"{o.name} – {state}", o.location_id)
        if chosen is not None and self.ship_from.findData(chosen) >= 0:
            self.ship_from.setCurrentIndex(self.ship_from.findData(chosen))

    def _looked_up(self, levels, exc) -> None:
        if exc is not None:
            self.stores_note.setText(self.tr("Andere Märkte nicht abrufbar ({0}).").format(describe(exc)))
            return
        try:
            self.options = delivery.ship_from_options(self.sale.ctx, self.sale.cart, elsewhere=levels)
        except delivery.DeliveryError as exc:  # the cart changed meanwhile: what was shown stays
            self.stores_note.setText(describe(exc))
            return
        self.show_options()
        self.stores_note.setText(self.tr("Bestände der anderen Märkte: Stand jetzt, von der Zentrale."))

    def done(self, result: int) -> None:
        if self.lookup is not None:
            self.lookup.cancel()
        super().done(result)

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
