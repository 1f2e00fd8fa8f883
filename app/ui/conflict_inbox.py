"""The manager's conflict inbox: each conflict with its evidence, to acknowledge or resolve; below the
open ones, the history of those already acknowledged or resolved."""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.ui.feedback import show_status


def kind_name(kind: str) -> str:
    """What kind of conflict, in the manager's language (the code itself for one this register does not know)."""
    return {
        "negative_stock": QCoreApplication.translate("ConflictInbox", "Negativer Bestand"),
        "over_refund": QCoreApplication.translate("ConflictInbox", "Zu viel erstattet"),
        "double_purchase": QCoreApplication.translate("ConflictInbox", "Doppelt bezahlt"),
        "over_collection": QCoreApplication.translate("ConflictInbox", "Zu viel ausgegeben"),
        "voucher_unknown": QCoreApplication.translate("ConflictInbox", "Gutschein unbekannt"),
        "voucher_overdrawn": QCoreApplication.translate("ConflictInbox", "Gutschein überzogen"),
        "id_clash": QCoreApplication.translate("ConflictInbox", "Bon-ID doppelt (IT)"),
        "refund_above_paid": QCoreApplication.translate("ConflictInbox", "Erstattung über Bezahltem"),
        "voucher_held": QCoreApplication.translate("ConflictInbox", "Gesperrter Gutschein eingelöst"),
        "unprocessable": QCoreApplication.translate("ConflictInbox", "Vorgang nicht verbucht (IT)"),
        "journal_broken": QCoreApplication.translate("ConflictInbox", "Journal verändert (IT)"),
        "journal_gap": QCoreApplication.translate("ConflictInbox", "Journal lückenhaft (IT)"),
        "coupon_overused": QCoreApplication.translate("ConflictInbox", "Coupon zu oft eingelöst"),
        "coupon_unknown": QCoreApplication.translate("ConflictInbox", "Coupon unbekannt"),
        "loyalty_negative": QCoreApplication.translate("ConflictInbox", "Treuepunkte im Minus"),
        "loyalty_unknown": QCoreApplication.translate("ConflictInbox", "Treuepunkte: Karte unbekannt"),
        "shipment_packed_twice": QCoreApplication.translate("ConflictInbox", "Sendung doppelt gepackt"),
    }.get(kind, kind)


def _euro(cents) -> str:
    return format_eur(int(cents or 0))


def load_conflicts(replica) -> list[dict]:
    with replica.connect() as c:
        rows = c.exec_driver_sql("SELECT id, kind, entity_id, details, status, resolution, created_at FROM conflict"
                                 " ORDER BY status = 'open' DESC, id DESC").all()
    return [{"id": r[0], "kind": r[1], "entity_id": r[2], "details": json.loads(r[3]), "status": r[4],
             "resolution": r[5], "created_at": r[6]} for r in rows]


def product_names(replica, conflicts: list[dict]) -> dict[int, str]:
    ids = {c["details"].get("product_id") for c in conflicts} - {None}
    if not ids:
        return {}
    with replica.connect() as conn:
        marks = ",".join("?" * len(ids))
        return dict(conn.exec_driver_sql(f"SELECT id, name FROM product WHERE id IN ({marks})", tuple(ids)).all())


def _movement(reason: str | None) -> str:
    """Why stock went out (a negative stock's last movement)."""
    names = {"delivery": QCoreApplication.translate("ConflictInbox", "Lieferauftrag"),
             "pickup": QCoreApplication.translate("ConflictInbox", "Abholung"),
             "sale": QCoreApplication.translate("ConflictInbox", "Verkauf")}
    return names.get(reason) or reason or QCoreApplication.translate("ConflictInbox", "Abgang")


def _operation(op: str | None) -> str:
    """The operation the backend could not book."""
    names = {"sale.completed": QCoreApplication.translate("ConflictInbox", "Verkauf"),
             "return.recorded": QCoreApplication.translate("ConflictInbox", "Rückgabe"),
             "order.collected": QCoreApplication.translate("ConflictInbox", "Abholung"),
             "order.placed": QCoreApplication.translate("ConflictInbox", "Lieferauftrag"),
             "stock.counted": QCoreApplication.translate("ConflictInbox", "Zählung")}
    return names.get(op) or QCoreApplication.translate("ConflictInbox", "Vorgang")


def _at(value) -> str:
    return str(value or "")[:16].replace("T", " ")


def evidence(c: dict, names: dict[int, str] | None = None) -> str:
    """What the conflict is about, in the manager's words (from its details)."""
    d = c["details"]
    name = (names or {}).get(d.get("product_id"))
    kind = c["kind"]
    if kind == "negative_stock":
        sales = d.get("sale_count", 1)
        head = QCoreApplication.translate("ConflictInbox", "{0} ({1}): Bestand {2}").format(
            name or QCoreApplication.translate("ConflictInbox", "Artikel"), d.get("sku"), d.get("quantity"))
        if d.get("lowest", d.get("quantity")) != d.get("quantity"):
            head += QCoreApplication.translate("ConflictInbox", ", tiefster Stand {0}").format(d["lowest"])
        if d.get("receipt_no"):
            what = QCoreApplication.translate("ConflictInbox", "Bon {0} an Kasse {1}").format(
                d.get("receipt_no"), d.get("register_id"))
        else:
            what = _movement(d.get("reason"))
            if d.get("register_id"):
                what = QCoreApplication.translate("ConflictInbox", "{0} (Kasse {1})").format(what, d["register_id"])
        if sales > 1:
            text = QCoreApplication.translate("ConflictInbox", "{0} – {1} Abgänge ins Minus, zuletzt {2}, {3}")
        else:
            text = QCoreApplication.translate("ConflictInbox", "{0} nach {2}, {3}")
        text = text.format(head, sales, what, _at(d.get("at")))
        if d.get("count"):
            n = d["count"]
            text += QCoreApplication.translate(
                "ConflictInbox", ". Gezählt: {0} (Bestand danach {1}) an Kasse {2}, {3}").format(
                n.get("counted"), n.get("quantity"), n.get("register_id"), _at(n.get("at")))
        return text
    if kind == "id_clash":
        text = QCoreApplication.translate("ConflictInbox", "Bon {0} von Kasse {1} trägt die ID eines Bons von Kasse {2}"
                                                           " – nicht verbucht, bitte IT verständigen")
        return text.format(d.get("receipt_no"), d.get("sent_by"), d.get("recorded_for"))
    if kind == "over_refund":
        where = ", ".join(QCoreApplication.translate("ConflictInbox", "{0} ({1} Stk, {2})").format(
            r["register_id"], r["quantity"], _euro(r["refund_cents"])) for r in d.get("returns", []))
        text = QCoreApplication.translate("ConflictInbox", "{0}: verkauft {1}, zurückgenommen {2} – {3} zu viel. "
                                                           "Rücknahmen: {4}")
        name = name or QCoreApplication.translate("ConflictInbox", "Artikel {0}").format(d.get("product_id"))
        return text.format(name, d.get("sold"), d.get("returned"), d.get("excess"), where)
    if kind == "refund_above_paid":
        products = d.get("products", [])
        above = sum(max(0, p.get("refunded_cents", 0) - p.get("allowed_cents", 0)) for p in products) \
            + max(0, (d.get("refund_cents") or 0) - (d.get("lines_cents") or 0))
        text = QCoreApplication.translate("ConflictInbox", "Rückgabe an Kasse {0} (Bon {1}): erstattet {2}, davon {3} "
                                                           "mehr als bezahlt").format(
            d.get("register_id"), d.get("receipt_no") or "–", _euro(d.get("refund_cents")), _euro(above))
        if d.get("refund_method") == "voucher":
            text += QCoreApplication.translate("ConflictInbox", " – Gutschein {0} gesperrt, bis Sie hier "
                                                                "bestätigen").format(d.get("voucher_code"))
        elif d.get("refund_method") == "online":
            text += QCoreApplication.translate("ConflictInbox", " – Online-Erstattung angehalten, bis Sie hier "
                                                                "bestätigen")
        return text
    if kind == "voucher_held":
        text = QCoreApplication.translate("ConflictInbox", "Gutschein {0} an Kasse {1} mit {2} eingelöst, obwohl er "
                                                           "zur Prüfung gesperrt ist – der Verkauf steht")
        return text.format(d.get("code"), d.get("register_id"), _euro(d.get("amount_cents")))
    if kind == "unprocessable":
        what = _operation(d.get("op"))
        text = QCoreApplication.translate("ConflictInbox", "{0} Nr. {1} von Kasse {2} konnte die Zentrale nicht "
                                                           "verbuchen (technischer Fehler, für die IT protokolliert) – "
                                                           "bitte IT verständigen")
        return text.format(what, d.get("seq"), d.get("register_id"))
    if kind in ("journal_broken", "journal_gap"):
        if kind == "journal_broken":
            text = QCoreApplication.translate("ConflictInbox", "Eintrag {0} des Kassenjournals von Kasse {1} ist "
                                                               "verändert oder passt nicht in die Kette – bitte IT "
                                                               "verständigen")
        else:
            text = QCoreApplication.translate("ConflictInbox", "Vor Eintrag {0} des Kassenjournals von Kasse {1} "
                                                               "fehlt ein Eintrag – bitte IT verständigen")
        return text.format(d.get("seq"), d.get("register_id"))
    if kind == "coupon_overused" and d.get("reason") in ("owner", "per_customer"):
        if d.get("register_id"):
            where = QCoreApplication.translate("ConflictInbox", "an Kasse {0}").format(d.get("register_id"))
        else:
            where = QCoreApplication.translate("ConflictInbox", "im Online-Shop")
        if d.get("customer_id") is None:
            what = QCoreApplication.translate("ConflictInbox", "ohne Kunde eingelöst")
        elif d["reason"] == "owner":
            what = QCoreApplication.translate("ConflictInbox", "für einen anderen als den Kunden eingelöst, dem er "
                                                               "gehört")
        else:
            what = QCoreApplication.translate("ConflictInbox", "vom selben Kunden öfter als {0}× eingelöst").format(
                d.get("per_customer"))
        text = QCoreApplication.translate("ConflictInbox", "Coupon {0} {1} {2} – der Verkauf steht; bitte prüfen")
        return text.format(d.get("code"), where, what)
    if kind == "coupon_overused":
        if d.get("max_uses") is not None:
            limit = QCoreApplication.translate("ConflictInbox", "erlaubt {0}×").format(d["max_uses"])
        else:
            limit = QCoreApplication.translate("ConflictInbox", "je Kunde {0}×").format(d.get("per_customer"))
        text = QCoreApplication.translate("ConflictInbox", "Coupon {0} {1}× eingelöst ({2}), zuletzt an Kasse {3} – "
                                                           "der Verkauf steht; bitte prüfen")
        return text.format(d.get("code"), d.get("uses"), limit,
                           d.get("register_id") or QCoreApplication.translate("ConflictInbox", "Online-Shop"))
    if kind == "coupon_unknown":
        text = QCoreApplication.translate("ConflictInbox", "Coupon {0} an Kasse {1} eingelöst, der Zentrale aber "
                                                           "unbekannt – bitte prüfen")
        return text.format(d.get("code"), d.get("register_id"))
    if kind == "loyalty_negative":
        text = QCoreApplication.translate("ConflictInbox", "Kundenkarte {0}: {1} Punkte an Kasse {2} eingelöst, "
                                                           "Punktestand jetzt {3} – ohne Verbindung an zwei Kassen "
                                                           "eingelöst; der Verkauf steht, bitte mit der Kundin klären")
        return text.format(d.get("card_no") or d.get("customer_id"), d.get("points"), d.get("register_id"),
                           d.get("balance"))
    if kind == "loyalty_unknown":
        text = QCoreApplication.translate("ConflictInbox", "Kundenkarte {0} ist der Zentrale unbekannt, an Kasse {1} "
                                                           "wurden {2} Punkte eingelöst – bitte prüfen")
        return text.format(d.get("card_no"), d.get("register_id"), d.get("points"))
    if kind == "shipment_packed_twice":
        text = QCoreApplication.translate("ConflictInbox", "Sendung {0} wurde an Kasse {1} ein zweites Mal gepackt "
                                                           "(Paket {2}; gebucht ist Paket {3}) – das zweite Paket "
                                                           "nicht versenden, die Ware zurück ins Regal")
        return text.format(d.get("shipment_id"), d.get("register_id"), d.get("parcel_no"),
                           d.get("booked_parcel_no"))
    if kind == "double_purchase":
        text = QCoreApplication.translate("ConflictInbox", "Warenkorb {0} online bestellt und an Kasse {1} bezahlt – "
                                                           "eine Zahlung erstatten")
        return text.format(d.get("cart_code"), d.get("register_id"))
    return ", ".join(f"{k}: {v}" for k, v in d.items())


class ConflictInbox(QDialog):
    def __init__(self, parent, replica, *, acknowledge, is_manager: bool):
        """`acknowledge(conflict_id, resolution, on_done)` sends the answer to the backend."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Konflikte"))
        self.resize(1000, 520)
        self.replica, self._acknowledge, self.is_manager = replica, acknowledge, is_manager
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Art"), self.tr("Nachweis"), self.tr("Status"),
                                              self.tr("Seit")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in (0, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)  # wrap long evidence
        self.table.setWordWrap(True)
        self.summary = QLabel("", self)
        self.status = QLabel("", self)
        self.ack = QPushButton(self.tr("Zur Kenntnis genommen"), self)
        self.ack.clicked.connect(lambda: self._answer(""))
        self.resolve = QPushButton(self.tr("Gelöst … (mit Notiz)"), self)
        self.resolve.clicked.connect(self._resolve)
        close = QPushButton(self.tr("Schließen"), self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.ack, self.resolve):
            b.setEnabled(is_manager)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._enable_answers)
        if not is_manager:
            show_status(self.status, self.tr("Nur die Marktleitung kann Konflikte bearbeiten."), "warn")
        self.refresh()

    def refresh(self) -> None:
        """Reload from the replica (after each sync round while open), keeping the selected conflict."""
        selected = self._selected()
        self.conflicts = load_conflicts(self.replica)
        names = product_names(self.replica, self.conflicts)
        self.table.setRowCount(len(self.conflicts))
        still_open = sum(c["status"] == "open" for c in self.conflicts)
        self.summary.setText(self.tr("{0} offen · {1} erledigt (Verlauf)").format(
            still_open, len(self.conflicts) - still_open) if self.conflicts else self.tr("Keine Konflikte."))
        for row, c in enumerate(self.conflicts):
            status = {"open": self.tr("offen"), "acknowledged": self.tr("zur Kenntnis"),
                      "resolved": self.tr("gelöst")}.get(c["status"], c["status"])
            if c["status"] == "resolved" and c["resolution"]:
                status += f": {c['resolution']}"
            for col, value in enumerate((kind_name(c["kind"]), evidence(c, names), status,
                                         c["created_at"][:16].replace("T", " "))):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, c["id"])
                self.table.setItem(row, col, item)
        if self.conflicts:
            ids = [c["id"] for c in self.conflicts]
            self.table.selectRow(ids.index(selected) if selected in ids else 0)
        self._enable_answers()

    def _enable_answers(self) -> None:
        """Only an open conflict can be acknowledged or resolved; the history is to read."""
        selected = self._selected()
        is_open = any(c["id"] == selected and c["status"] == "open" for c in self.conflicts)
        for b in (self.ack, self.resolve):
            b.setEnabled(self.is_manager and is_open)

    def _selected(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _resolve(self) -> None:
        note, ok = QInputDialog.getText(self, self.tr("Konflikt lösen"), self.tr("Was wurde getan?"))
        if ok and note.strip():
            self._answer(note.strip())

    def _answer(self, resolution: str) -> None:
        conflict_id = self._selected()
        if conflict_id is None or not self.is_manager:
            return
        show_status(self.status, self.tr("Sende an die Zentrale …"), "info")

        def done(_result, exc):
            if exc is None:
                show_status(self.status, self.tr("Gespeichert."), "ok")
            else:
                show_status(self.status, self.tr("Nicht gesendet – die Zentrale ist nicht erreichbar. "
                                                 "Bitte später erneut."), "error")
            self.refresh()

        self._acknowledge(conflict_id, resolution, done)
