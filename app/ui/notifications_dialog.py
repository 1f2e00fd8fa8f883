"""The store's notifications: what is open (newest first, urgent ones marked), acknowledging, and the history.

Opened from the bell on the sale screen (F9). A pickup order or a customer waiting can be opened in the
click & collect dialog straight away.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.services import notifications as service
from app.ui.feedback import show_status
from app.ui.conflict_inbox import kind_name
from sync.protocol import NotificationKind

__all__ = ["NotificationsDialog", "describe", "when"]

URGENT_COLOUR = "#fdefc8"


def describe(n: service.StoreNotification) -> tuple[str, str]:
    """(what, details) in the associate's language."""
    p = n.params
    if n.kind == NotificationKind.PICKUP_ORDER:
        if p.get("paid_online"):
            paid = QCoreApplication.translate("Notifications", "bezahlt")
        else:
            paid = QCoreApplication.translate("Notifications", "Zahlung an der Kasse")
        return (QCoreApplication.translate("Notifications", "Neue Abholbestellung"),
                QCoreApplication.translate("Notifications", "{0} · {1} · {2} Artikel · {3}").format(
                    p.get("order_no", ""), p.get("customer_name", ""), p.get("pieces", "?"), paid))
    if n.kind == NotificationKind.CUSTOMER_ARRIVED:
        return (QCoreApplication.translate("Notifications", "Kundin / Kunde wartet"),
                QCoreApplication.translate("Notifications", "{0} · {1} ist zur Abholung da").format(
                    p.get("order_no", ""), p.get("customer_name", "")))
    if n.kind == NotificationKind.SHIP_ORDER:
        return (QCoreApplication.translate("Notifications", "Versand aus dem Markt"),
                QCoreApplication.translate("Notifications", "{0} · {1} Artikel kommissionieren und versenden").format(
                    p.get("order_no", ""), p.get("pieces", "?")))
    if n.kind == NotificationKind.LOW_STOCK:
        return (QCoreApplication.translate("Notifications", "Wenig freier Bestand"),
                QCoreApplication.translate("Notifications", "{0}: {1} frei, {2} für Abholungen reserviert").format(
                    p.get("name", ""), p.get("free", "?"), p.get("reserved", "?")))
    if n.kind == NotificationKind.CONFLICT:
        return (QCoreApplication.translate("Notifications", "Konflikt"),
                QCoreApplication.translate("Notifications", "{0} – im Konflikt-Eingang").format(
                    kind_name(p.get("conflict_kind", ""))))
    if n.kind == NotificationKind.TSE_OUTAGE:
        return (QCoreApplication.translate("Notifications", "TSE-Ausfall"),
                QCoreApplication.translate("Notifications", "Kasse {0} verkauft ohne TSE").format(
                    p.get("register_id", "")))
    return n.kind, ", ".join(f"{k}: {v}" for k, v in p.items() if not isinstance(v, (dict, list)))


def when(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        at = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return at.strftime("%H:%M") if at.date() == datetime.now().astimezone().date() else at.strftime("%d.%m. %H:%M")


class NotificationsDialog(QDialog):
    open_order = Signal(str)  # an order number for the click & collect dialog

    def __init__(self, parent, ctx, *, associate):
        """`associate`: who is logged in (None: the register is locked; nothing can be acknowledged)."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mitteilungen des Markts"))
        self.setObjectName("notificationsDialog")
        self.resize(1000, 560)
        self.ctx, self.associate = ctx, associate
        self.items: list[service.StoreNotification] = []
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Zeit"), self.tr("Mitteilung"), self.tr("Details"),
                                              self.tr("Erledigt von")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (0, 1, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemActivated.connect(lambda _i: self.acknowledge())
        self.history = QCheckBox(self.tr("Verlauf (auch erledigte)"), self)
        self.history.toggled.connect(lambda _c: self.refresh())
        self.summary = QLabel("", self)
        self.summary.setObjectName("pickupInfo")
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.ack = QPushButton(self.tr("Erledigt (Enter)"), self)
        self.ack.setObjectName("primaryButton")
        self.ack.clicked.connect(self.acknowledge)
        self.order = QPushButton(self.tr("Bestellung öffnen"), self)
        self.order.clicked.connect(self._open_order)
        close = QPushButton(self.tr("Schließen (Esc)"), self)
        close.clicked.connect(self.accept)
        for b in (self.ack, self.order, close):
            b.setAutoDefault(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.history)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.order)
        buttons.addWidget(close)
        buttons.addWidget(self.ack)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if associate is None:
            show_status(self.status, self.tr("Zum Erledigen bitte anmelden."), "warn")
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected().id if self.selected() else None
        self.items = service.history(self.ctx) if self.history.isChecked() else service.open_notifications(self.ctx)
        open_now = service.open_count(self.ctx)
        self.summary.setText(self.tr("{0} offen").format(open_now) if open_now else self.tr("Nichts offen."))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        bold = QFont()
        bold.setBold(True)
        for r, n in enumerate(self.items):
            what, details = describe(n)
            done = f"{n.acknowledged_by or ''} {when(n.acknowledged_at)}".strip() if not n.is_open else ""
            for c, value in enumerate((when(n.created_at), what, details, done)):
                item = QTableWidgetItem(value)
                item.setToolTip(details)
                if n.is_open:
                    item.setFont(bold)
                    if n.urgent:
                        item.setBackground(QColor(URGENT_COLOUR))
                else:
                    item.setForeground(QColor("#5f6b7a"))
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        row = next((r for r, n in enumerate(self.items) if n.id == keep), 0 if self.items else -1)
        if row >= 0:
            self.table.selectRow(row)
        self._enable()

    def selected(self) -> service.StoreNotification | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def _enable(self) -> None:
        n = self.selected()
        self.ack.setEnabled(n is not None and n.is_open and self.associate is not None)
        self.order.setEnabled(n is not None and n.kind in (NotificationKind.PICKUP_ORDER,
                                                           NotificationKind.CUSTOMER_ARRIVED))

    def acknowledge(self) -> None:
        n = self.selected()
        if n is None or not n.is_open or self.associate is None:
            return
        try:
            service.acknowledge(self.ctx, self.associate, notification_id=n.id)
        except service.NotificationError:
            show_status(self.status, self.tr("Diese Mitteilung gibt es nicht mehr."), "error")
            return
        show_status(self.status, self.tr("Erledigt: {0}").format(describe(n)[0]), "ok")
        self.refresh()

    def _open_order(self) -> None:
        n = self.selected()
        if n is not None and n.params.get("order_no"):
            self.open_order.emit(n.params["order_no"])

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self.acknowledge()
            return
        super().keyPressEvent(event)
