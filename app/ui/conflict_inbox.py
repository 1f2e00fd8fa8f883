"""The manager's conflict inbox: each conflict with its evidence, to acknowledge or resolve; below the
open ones, the history of those already acknowledged or resolved."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.core.money import format_eur
from app.ui.feedback import show_status

KINDS = {"negative_stock": "Negativer Bestand", "over_refund": "Zu viel erstattet",
         "double_purchase": "Doppelt bezahlt", "over_collection": "Zu viel ausgegeben",
         "voucher_unknown": "Gutschein unbekannt", "voucher_overdrawn": "Gutschein überzogen",
         "id_clash": "Bon-ID doppelt (IT)", "refund_above_paid": "Erstattung über Bezahltem",
         "voucher_held": "Gesperrter Gutschein eingelöst", "unprocessable": "Vorgang nicht verbucht (IT)",
         "journal_broken": "Journal verändert (IT)", "journal_gap": "Journal lückenhaft (IT)",
         "coupon_overused": "Coupon zu oft eingelöst", "coupon_unknown": "Coupon unbekannt",
         "loyalty_negative": "Treuepunkte im Minus", "loyalty_unknown": "Treuepunkte: Karte unbekannt",
         "shipment_packed_twice": "Sendung doppelt gepackt"}


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


MOVEMENT_REASONS = {"delivery": "Lieferauftrag", "pickup": "Abholung", "sale": "Verkauf"}


def evidence(c: dict, names: dict[int, str] | None = None) -> str:
    d = c["details"]
    name = (names or {}).get(d.get("product_id"))
    if c["kind"] == "negative_stock":
        sales = d.get("sale_count", 1)
        text = (f"{name or 'Artikel'} ({d.get('sku')}): Bestand {d.get('quantity')}"
                + (f", tiefster Stand {d['lowest']}" if d.get("lowest", d.get("quantity")) != d.get("quantity") else "")
                + (f" – {sales} Abgänge ins Minus, zuletzt" if sales > 1 else " nach")
                + (f" Bon {d.get('receipt_no')} an Kasse {d.get('register_id')}," if d.get("receipt_no") else
                   f" {MOVEMENT_REASONS.get(d.get('reason'), d.get('reason') or 'Abgang')}"
                   + (f" (Kasse {d['register_id']})," if d.get("register_id") else ","))
                + f" {str(d.get('at', ''))[:16].replace('T', ' ')}")
        if d.get("count"):
            n = d["count"]
            text += (f". Gezählt: {n.get('counted')} (Bestand danach {n.get('quantity')})"
                     f" an Kasse {n.get('register_id')},"
                     f" {str(n.get('at', ''))[:16].replace('T', ' ')}")
        return text
    if c["kind"] == "id_clash":
        return (f"Bon {d.get('receipt_no')} von Kasse {d.get('sent_by')} trägt die ID eines Bons von Kasse "
                f"{d.get('recorded_for')} – nicht verbucht, bitte IT verständigen")
    if c["kind"] == "over_refund":
        where = ", ".join(f"{r['register_id']} ({r['quantity']} Stk, {r['refund_cents'] / 100:.2f} €)".replace(".", ",")
                          for r in d.get("returns", []))
        return (f"{name or 'Artikel ' + str(d.get('product_id'))}: verkauft {d.get('sold')},"
                f" zurückgenommen {d.get('returned')}"
                f" – {d.get('excess')} zu viel. Rücknahmen: {where}")
    if c["kind"] == "refund_above_paid":
        products = d.get("products", [])
        above = sum(max(0, p.get("refunded_cents", 0) - p.get("allowed_cents", 0)) for p in products) \
            + max(0, (d.get("refund_cents") or 0) - (d.get("lines_cents") or 0))
        held = {"voucher": f" – Gutschein {d.get('voucher_code')} gesperrt, bis Sie hier bestätigen",
                "online": " – Online-Erstattung angehalten, bis Sie hier bestätigen"}.get(d.get("refund_method"), "")
        return (f"Rückgabe an Kasse {d.get('register_id')} (Bon {d.get('receipt_no') or '–'}): erstattet "
                f"{_euro(d.get('refund_cents'))}, davon {_euro(above)} mehr als bezahlt" + held)
    if c["kind"] == "voucher_held":
        return (f"Gutschein {d.get('code')} an Kasse {d.get('register_id')} mit {_euro(d.get('amount_cents'))}"
                f" eingelöst, obwohl er zur Prüfung gesperrt ist – der Verkauf steht")
    if c["kind"] == "unprocessable":
        what = {"sale.completed": "Verkauf", "return.recorded": "Rückgabe", "order.collected": "Abholung",
                "order.placed": "Lieferauftrag", "stock.counted": "Zählung"}.get(d.get("op"), "Vorgang")
        return (f"{what} Nr. {d.get('seq')} von Kasse {d.get('register_id')} konnte die Zentrale nicht verbuchen"
                " (technischer Fehler, für die IT protokolliert) – bitte IT verständigen")
    if c["kind"] in ("journal_broken", "journal_gap"):
        what = ("Eintrag {seq} des Kassenjournals von Kasse {register_id} ist verändert oder passt nicht in die "
                "Kette" if c["kind"] == "journal_broken" else
                "Vor Eintrag {seq} des Kassenjournals von Kasse {register_id} fehlt ein Eintrag")
        return what.format(seq=d.get("seq"), register_id=d.get("register_id")) + " – bitte IT verständigen"
    if c["kind"] == "coupon_overused" and d.get("reason") in ("owner", "per_customer"):
        where = f"an Kasse {d.get('register_id')}" if d.get("register_id") else "im Online-Shop"
        if d.get("customer_id") is None:
            what = "ohne Kunde eingelöst"
        elif d["reason"] == "owner":
            what = "für einen anderen als den Kunden eingelöst, dem er gehört"
        else:
            what = f"vom selben Kunden öfter als {d.get('per_customer')}× eingelöst"
        return f"Coupon {d.get('code')} {where} {what} – der Verkauf steht; bitte prüfen"
    if c["kind"] == "coupon_overused":
        limit = (f"erlaubt {d['max_uses']}×" if d.get("max_uses") is not None else
                 f"je Kunde {d.get('per_customer')}×")
        return (f"Coupon {d.get('code')} {d.get('uses')}× eingelöst ({limit}), zuletzt an Kasse"
                f" {d.get('register_id') or 'Online-Shop'} – der Verkauf steht; bitte prüfen")
    if c["kind"] == "coupon_unknown":
        return (f"Coupon {d.get('code')} an Kasse {d.get('register_id')} eingelöst, der Zentrale aber unbekannt –"
                f" bitte prüfen")
    if c["kind"] == "loyalty_negative":
        return (f"Kundenkarte {d.get('card_no') or d.get('customer_id')}: {d.get('points')} Punkte an Kasse"
                f" {d.get('register_id')} eingelöst, Punktestand jetzt {d.get('balance')} – ohne Verbindung an zwei"
                f" Kassen eingelöst; der Verkauf steht, bitte mit der Kundin klären")
    if c["kind"] == "loyalty_unknown":
        return (f"Kundenkarte {d.get('card_no')} ist der Zentrale unbekannt, an Kasse {d.get('register_id')} wurden"
                f" {d.get('points')} Punkte eingelöst – bitte prüfen")
    if c["kind"] == "shipment_packed_twice":
        return (f"Sendung {d.get('shipment_id')} wurde an Kasse {d.get('register_id')} ein zweites Mal gepackt (Paket"
                f" {d.get('parcel_no')}; gebucht ist Paket {d.get('booked_parcel_no')}) – das zweite Paket nicht"
                f" versenden, die Ware zurück ins Regal")
    if c["kind"] == "double_purchase":
        return (f"Warenkorb {d.get('cart_code')} online bestellt und an Kasse {d.get('register_id')} bezahlt –"
                f" eine Zahlung erstatten")
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
            for col, value in enumerate((KINDS.get(c["kind"], c["kind"]), evidence(c, names), status,
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
