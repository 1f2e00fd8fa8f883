"""Customer (Strg+K): find a customer by loyalty card, e-mail or phone; see purchases; attach to the sale.

Customer data is only shown here, to a logged-in associate; the dialog closes
when the register locks, and nothing of it is logged.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.scanning.codes import classify
from app.services import customers
from app.ui.feedback import show_status
from app.ui.texts import describe
from sync.common.loyalty import value_of


def _point_kind(kind: str) -> str:
    return {"earn": QCoreApplication.translate("CustomerDialog", "gesammelt"),
            "redeem": QCoreApplication.translate("CustomerDialog", "eingelöst"),
            "return": QCoreApplication.translate("CustomerDialog", "Rückgabe"),
            "expire": QCoreApplication.translate("CustomerDialog", "verfallen")}.get(kind, kind)


def _where(entry: dict) -> str:
    if entry["channel"] == "web":
        return QCoreApplication.translate("CustomerDialog", "online")
    return QCoreApplication.translate("CustomerDialog", "Markt {0}").format(entry["store_id"] or "")


def points_text(dialog, customer) -> str:
    """Balance and the latest entries of the customer's points, in every channel."""
    if customer.points is None:
        return ""
    latest = ", ".join(
        f"{e['points']:+d} {_point_kind(e['kind'])} ({_where(e)}, {e['at'][8:10]}.{e['at'][5:7]}.)"
        for e in customer.points_history[:5])
    text = QCoreApplication.translate("CustomerDialog", "Treuepunkte: {0} (= {1})").format(
        customer.points, format_eur(value_of(customer.points)))
    return text + (QCoreApplication.translate("CustomerDialog", "   ·   zuletzt: {0}").format(latest) if latest else "")


class CustomerDialog(QDialog):
    SCAN_KINDS = ("customer",)  # app.ui.scan_router: other codes are refused, nothing changes
    attached = Signal(object)  # the Customer, or None to remove
    redeem_wanted = Signal()  # the attached customer's points, to spend on the cart

    def __init__(self, parent, executor, client, current: dict | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kunde"))
        self.setObjectName("customerDialog")
        self.setProperty("closeOnLock", True)
        self.resize(980, 640)
        self.executor, self.client = executor, client
        self.found: list[customers.Customer] = []
        self._searched = ""
        self.busy = False
        self.query = QLineEdit(self)
        self.query.setObjectName("orderField")
        self.query.setPlaceholderText(self.tr("Kundenkarte scannen, oder E-Mail bzw. Telefonnummer eingeben"))
        self.query.returnPressed.connect(self.search)
        find = QPushButton(self.tr("Suchen"), self)
        find.clicked.connect(self.search)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(150)
        self.list.currentRowChanged.connect(self._show)
        self.history = QTableWidget(0, 4, self)
        self.history.setHorizontalHeaderLabels([self.tr("Datum"), self.tr("Kanal"), self.tr("Einkauf"),
                                                self.tr("Summe")])
        self.history.horizontalHeader().setSectionResizeMode(2, QHeaderView.Stretch)
        self.history.verticalHeader().setVisible(False)
        self.history.setEditTriggers(QTableWidget.NoEditTriggers)
        self.points = QLabel("", self)
        self.points.setObjectName("pointsLabel")
        self.points.setWordWrap(True)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.attach_button = QPushButton(self.tr("Dem Bon zuordnen"), self)
        self.attach_button.setObjectName("primaryButton")
        self.attach_button.clicked.connect(self.attach)
        self.attach_button.setEnabled(False)
        self.card_button = QPushButton(self.tr("Nur Kundenkarte notieren"), self)
        self.card_button.clicked.connect(self._attach_card)
        self.card_button.hide()
        remove = QPushButton(self.tr("Kunde vom Bon nehmen"), self)
        remove.clicked.connect(self._remove)
        remove.setVisible(bool(current))
        self.redeem_button = QPushButton(self.tr("Punkte einlösen …"), self)
        self.redeem_button.clicked.connect(self._redeem)
        self.redeem_button.setVisible(bool(current))
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.reject)
        for b in (find, self.attach_button, self.card_button, remove, self.redeem_button, close):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(find)
        bottom = QHBoxLayout()
        bottom.addWidget(remove)
        bottom.addWidget(self.redeem_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(self.card_button)
        bottom.addWidget(self.attach_button)
        layout = QVBoxLayout(self)
        if current:
            known = current.get("points")
            layout.addWidget(QLabel(self.tr("Am Bon: {0}").format(current.get("name", "")) + (
                self.tr("   ·   Treuepunkte: {0}").format(known) if known is not None else ""), self))
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.history, 1)
        layout.addWidget(self.points)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

    def handle_scan(self, text: str) -> None:
        """A camera scan while this dialog is open: the loyalty card."""
        self.query.setText(text)
        self.search()

    def search(self) -> None:
        if self.busy:
            return
        text = self.query.text().strip()
        if self.found and text == self._searched and self.attach_button.isEnabled():
            self.attach()  # Enter again on what was found: attach (no mouse at a busy counter)
            return
        self._searched = text
        if len(text) < 3:
            show_status(self.status, self.tr("Bitte Kundenkarte, E-Mail oder Telefonnummer eingeben."), "error")
            return
        self.busy = True
        self.card_button.hide()
        show_status(self.status, self.tr("Suche …"), "info")
        client = self.client
        self.executor.submit(lambda _s: customers.lookup(client, text), self._found)

    def _found(self, found, exc) -> None:
        self.busy = False
        self.list.clear()
        self.history.setRowCount(0)
        self.found = found or []
        if isinstance(exc, customers.CustomerOffline):
            card = classify(self.query.text())
            if card.kind == "customer":
                self.card_button.show()
                show_status(self.status, describe(exc) + self.tr(". Die Kundenkarte kann trotzdem am Bon "
                                                                 "notiert werden."), "warn")
            else:
                show_status(self.status, describe(exc), "error")
            return
        if exc is not None:
            show_status(self.status, describe(exc), "error")
            return
        if not self.found:
            show_status(self.status, self.tr("Keine Kundin und kein Kunde gefunden."), "error")
            return
        for c in self.found:
            card = c.card_no or self.tr("ohne Karte")
            item = QListWidgetItem(f"{c.name}   ·   {card}   ·   {c.email}")
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        show_status(self.status, self.tr("{0} gefunden.").format(len(self.found)), "ok")

    def _show(self, row: int) -> None:
        self.attach_button.setEnabled(0 <= row < len(self.found))
        if not 0 <= row < len(self.found):
            return
        customer = self.found[row]
        text = points_text(self, customer)
        if customer.coupons:
            text += ("\n" if text else "") + self.tr("Persönliche Coupons: {0}").format(
                ", ".join(f"{c['code']} ({c['name']})" for c in customer.coupons))
        self.points.setText(text)
        rows = customer.history
        self.history.setRowCount(len(rows))
        for r, h in enumerate(rows):
            for c, value in enumerate((h["at"][:10], h["channel"], h["what"], format_eur(h["total_cents"]))):
                item = QTableWidgetItem(value)
                if c == 3:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.history.setItem(r, c, item)

    def _redeem(self) -> None:
        self.redeem_wanted.emit()
        self.accept()

    def attach(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.found):
            self.attached.emit(self.found[row])
            self.accept()

    def _attach_card(self) -> None:
        self.attached.emit(customers.card_only(classify(self.query.text()).value))
        self.accept()

    def _remove(self) -> None:
        self.attached.emit(None)
        self.accept()
