"""Payment: cash with change, card through the terminal, or split across several.

The terminal is asked on the network executor, never on the GUI thread. A
timeout leaves the card payment "unklar": the associate asks the terminal
before anything else happens, so nobody pays twice.

One key press is one action: no button is a default button (Enter belongs to
the amount field alone), no button takes the focus, and the amount field has
the focus whenever it can be typed into, so what the associate types is what
is booked. A voucher is scanned or typed into the same field (F6 prepares it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout,
)

from app.core.money import format_eur, parse_eur
from app.core.receipt import Receipt
from app.core.tenders import TenderError
from app.services.sale_session import PaymentError, SaleSession
from app.services.vouchers import VOUCHER_CODE, VoucherError, balance_cents
from app.ui.background import NetworkExecutor
from app.ui.feedback import show_status
from app.ui.texts import describe

def suggested_notes(remaining: int) -> list[int]:
    """Round amounts a customer is likely to hand over: 26,71 € -> 30, 50, 100 €."""
    candidates = set()
    for step in (500, 1000, 2000, 5000, 10_000, 20_000):
        candidates.add(-(-remaining // step) * step)
    return sorted(c for c in candidates if c > remaining)[:3]


class PaymentDialog(QDialog):
    completed = Signal(object)  # the Receipt

    def __init__(self, parent, sale: SaleSession, executor: NetworkExecutor):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bezahlen"))
        self.setObjectName("paymentDialog")
        self.setModal(True)
        self.resize(720, 560)
        self.sale, self.executor = sale, executor
        self.receipt: Receipt | None = None
        self._busy = False

        self.due = QLabel(self)
        self.due.setObjectName("dueLabel")
        self.paid = QLabel(self)
        self.tenders = QListWidget(self)
        self.tenders.setObjectName("tenderList")
        self.tenders.setFocusPolicy(Qt.NoFocus)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amountField")
        self.amount.setPlaceholderText(self.tr("Betrag"))
        self.amount.returnPressed.connect(self.pay_cash)
        self.amount.installEventFilter(self)  # a held Enter books once
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)

        self.cash_button = QPushButton(self.tr("Bar (Enter)"), self)
        self.cash_button.clicked.connect(self.pay_cash)
        self.exact_button = QPushButton(self.tr("Passend (F5)"), self)
        self.exact_button.clicked.connect(self.pay_exact)
        self.card_button = QPushButton(self.tr("Karte (F8)"), self)
        self.card_button.setObjectName("cardButton")
        if not sale.ctx.terminal.available:
            self.card_button.setText(self.tr("Karte: kein Terminal"))
            self.card_button.setToolTip(self.tr("An dieser Kasse ist kein Kartenterminal eingerichtet – bitte bar "
                                                "zahlen. Einstellungen (Kasse) im Menü Kasse."))
        self.card_button.clicked.connect(self.pay_card)
        self.voucher_button = QPushButton(self.tr("Gutschein (F6)"), self)
        self.voucher_button.clicked.connect(self.ask_voucher)
        self.resolve_button = QPushButton(self.tr("Terminal fragen (F7)"), self)
        self.resolve_button.clicked.connect(self.resolve_card)
        self.cancel_button = QPushButton(self.tr("Zurück (Esc)"), self)
        self.cancel_button.clicked.connect(self.reject)
        self.note_buttons = [QPushButton(self) for _ in range(3)]
        for b in self.note_buttons:
            b.clicked.connect(lambda _=False, btn=b: self._pay_note(btn))

        grid = QGridLayout()
        for i, b in enumerate(self.note_buttons):
            grid.addWidget(b, 0, i)
        grid.addWidget(self.exact_button, 1, 0)
        grid.addWidget(self.cash_button, 1, 1)
        grid.addWidget(self.card_button, 1, 2)
        grid.addWidget(self.voucher_button, 0, 3)
        row = QHBoxLayout()
        row.addWidget(self.amount, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.due)
        layout.addWidget(self.paid)
        layout.addWidget(self.tenders, 1)
        layout.addLayout(row)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.resolve_button)
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)
        for b in (self.cash_button, self.exact_button, self.card_button, self.voucher_button, self.resolve_button,
                  self.cancel_button, *self.note_buttons):
            b.setAutoDefault(False)  # Enter is the amount field's alone: one key press, one tender
            b.setDefault(False)
            b.setFocusPolicy(Qt.NoFocus)  # a tap on a button leaves the focus in the amount field
        for key, slot in (("F5", self.pay_exact), ("F8", self.pay_card), ("F7", self.resolve_card),
                          ("F6", self.ask_voucher)):
            QShortcut(QKeySequence(key), self, activated=slot, autoRepeat=False)  # a held key acts once
        self.refresh()
        if self.sale.pending_card() is not None:
            self._show_status(self.tr("Eine Kartenzahlung ist ungeklärt. Bitte zuerst das Terminal fragen (F7)."),
                              "warn")

    # -- state ---------------------------------------------------------------
    def refresh(self) -> None:
        remaining = self.sale.remaining_cents
        self.due.setText(self.tr("Zu zahlen: {0}").format(format_eur(self.sale.cart.total_cents)))
        self.paid.setText(self.tr("Offen: {0}").format(format_eur(remaining)))
        self.tenders.clear()
        for t in self.sale.payment.tenders:
            if t.kind.value == "cash":
                text = self.tr("Bar {0} gegeben").format(format_eur(t.given_cents))
            elif t.kind.value == "voucher":
                text = self.tr("Gutschein {0}: {1}").format(t.reference, format_eur(t.amount_cents))
            else:
                text = self.tr("Karte {0} – genehmigt {1}").format(format_eur(t.amount_cents), t.approval_code or "")
            self.tenders.addItem(text)
        self.amount.setText(format_eur(remaining, symbol=False))
        self.amount.setPlaceholderText(self.tr("Betrag"))
        for button, note in zip(self.note_buttons, suggested_notes(remaining) + [None] * 3):
            button.setVisible(note is not None)
            if note is not None:
                button.setText(format_eur(note))
                button.setProperty("cents", note)
        pending = self.sale.pending_card() is not None
        for b in (self.cash_button, self.exact_button, self.card_button, self.voucher_button, *self.note_buttons):
            b.setEnabled(not self._busy and not pending)
        if not self.sale.ctx.terminal.available:  # this register has no card terminal: say so on the button
            self.card_button.setEnabled(False)
        self.amount.setEnabled(not self._busy and not pending)
        self.resolve_button.setVisible(pending)
        self.resolve_button.setEnabled(not self._busy)
        self.cancel_button.setEnabled(not self._busy)
        self.cash_button.setText(self.tr("Bar (Enter)") if remaining else self.tr("Abschließen (Enter)"))
        self._focus_amount()

    def _focus_amount(self) -> None:
        """After every step the associate types into the amount field (enabled first, or the focus is lost)."""
        if self.amount.isEnabled():
            self.amount.setFocus(Qt.OtherFocusReason)
            self.amount.selectAll()

    def _show_status(self, text: str, kind: str = "info") -> None:
        show_status(self.status, text, kind)

    def _amount_cents(self) -> int | None:
        try:
            return parse_eur(self.amount.text())
        except ValueError as exc:
            self._show_status(describe(exc), "error")
            return None

    # -- cash ------------------------------------------------------------------
    def pay_cash(self) -> None:
        if VOUCHER_CODE.match(self.amount.text().strip().upper()):  # a voucher scanned into the amount field
            self.pay_voucher(self.amount.text())
            return
        cents = self._amount_cents()
        if cents is not None:
            self._cash(cents)

    def pay_exact(self) -> None:
        self._cash(self.sale.remaining_cents)

    def _pay_note(self, button) -> None:
        self._cash(int(button.property("cents")))

    def _cash(self, cents: int) -> None:
        if self._busy or self.sale.pending_card() is not None:
            return
        if self.sale.remaining_cents == 0:  # nothing (more) to pay: a 0,00 € sale completes with its receipt
            self._after_tender()
            return
        try:
            tender = self.sale.pay_cash(cents)
        except (TenderError, PaymentError) as exc:
            self._show_status(describe(exc), "error")
            return
        if tender.change_cents:
            self._show_status(self.tr("Rückgeld: {0}").format(format_eur(tender.change_cents)), "ok")
        self._after_tender()

    # -- voucher -------------------------------------------------------------------
    def ask_voucher(self) -> None:
        """F6: the amount field takes the voucher code (scanned or typed, then Enter)."""
        if self._busy or not self.amount.isEnabled():
            return
        self.amount.clear()
        self.amount.setPlaceholderText(self.tr("Gutschein oder Geschenkkarte (GS…, GK…) scannen, dann Enter"))
        self._show_status(self.tr("Gutschein scannen oder Code eingeben und Enter drücken."), "info")
        self._focus_amount()

    def pay_voucher(self, code: str) -> None:
        if self._busy or self.sale.pending_card() is not None:
            return
        try:
            tender = self.sale.pay_voucher(code)
        except (TenderError, PaymentError, VoucherError) as exc:
            self._show_status(describe(exc), "error")
            return
        left = balance_cents(self.sale.ctx, tender.reference)  # after this sale (it is not completed yet)
        kind = self.tr("Geschenkkarte") if tender.reference.startswith("GK") else self.tr("Gutschein")
        self._show_status(self.tr("{0} {1}: {2} angerechnet, Restguthaben {3}.").format(
            kind, tender.reference, format_eur(tender.amount_cents), format_eur(left - tender.amount_cents)), "ok")
        self._after_tender()

    # -- card ------------------------------------------------------------------
    def pay_card(self) -> None:
        if self._busy or self.sale.pending_card() is not None:
            return
        if not self.sale.ctx.terminal.available:  # F8 at a register without a terminal
            self._show_status(self.tr("Kein Kartenterminal an dieser Kasse – bitte bar zahlen."), "error")
            return
        cents = self._amount_cents()
        if cents is None:
            return
        try:
            attempt = self.sale.begin_card(cents)
        except PaymentError as exc:
            self._show_status(describe(exc), "error")
            return
        self._busy = True
        self._show_status(self.tr("Bitte Karte an das Terminal halten oder einstecken … {0}").format(
            format_eur(cents)), "info")
        self.refresh()
        terminal = self.sale.ctx.terminal
        self.executor.submit(lambda _state: terminal.authorize(reference=attempt.reference, amount_cents=cents),
                             lambda result, exc: self._card_done(attempt, result, exc))

    def _card_done(self, attempt, result, exc) -> None:
        self._busy = False
        try:
            outcome = self.sale.finish_card(attempt, result, exc)
        except Exception as error:  # an unexpected terminal error: the journal row stays pending
            outcome, detail = "unknown", describe(error)
        else:
            detail = ""
        self._show_card_outcome(outcome, detail)

    def resolve_card(self) -> None:
        attempt = self.sale.pending_card()
        if attempt is None or self._busy:
            return
        self._busy = True
        self._show_status(self.tr("Frage das Terminal nach der letzten Zahlung …"), "info")
        self.refresh()
        terminal = self.sale.ctx.terminal
        self.executor.submit(lambda _state: terminal.lookup(reference=attempt.reference),
                             lambda result, exc: self._lookup_done(attempt, result, exc))

    def _lookup_done(self, attempt, result, exc) -> None:
        self._busy = False
        outcome = "unknown" if exc is not None else self.sale.apply_lookup(attempt, result)
        self._show_card_outcome(outcome)

    def _show_card_outcome(self, outcome: str, detail: str = "") -> None:
        messages = {
            "approved": (self.tr("Karte genehmigt."), "ok"),
            "declined": (self.tr("Karte abgelehnt. Bitte andere Karte oder bar."), "error"),
            "unavailable": (self.tr("Kartenterminal nicht erreichbar. Nichts wurde abgebucht – bitte bar "
                                    "oder später erneut."), "error"),
            "not_charged": (self.tr("Das Terminal hat nichts abgebucht. Sie können erneut mit Karte zahlen."),
                            "warn"),
            "unknown": (self.tr("Keine Antwort vom Terminal – ob abgebucht wurde, ist unklar. Bitte NICHT "
                                "erneut zahlen lassen, sondern das Terminal fragen (F7).") +
                        (f"\n{detail}" if detail else ""), "warn"),
        }
        text, kind = messages.get(outcome, (outcome, "info"))
        self._show_status(text, kind)
        self._after_tender()

    # -- done --------------------------------------------------------------------
    def _after_tender(self) -> None:
        self.sale.payment.total_cents = self.sale.cart.total_cents
        if self.sale.payment.is_complete and self.sale.pending_card() is None:
            try:
                self.receipt = self.sale.complete()
            except Exception as exc:  # e.g. a full disk: nothing is lost, the cart stays open
                self._show_status(self.tr("Bon konnte nicht gespeichert werden: {0}").format(describe(exc)), "error")
                self.refresh()
                return
            self.completed.emit(self.receipt)
            self.accept()
            return
        self.refresh()

    def reject(self) -> None:
        if self._busy:
            return  # the terminal is working: wait for its answer
        super().reject()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.amount and event.type() == QEvent.KeyPress and event.isAutoRepeat() \
                and event.key() in (Qt.Key_Return, Qt.Key_Enter):
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_Escape and self._busy:
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            self._focus_amount()  # Enter outside the amount field books nothing
            return
        super().keyPressEvent(event)
