"""The card refund of a return at the counter: the terminal on the network executor, a timeout
resolved by asking the terminal (F7), never a second refund route while it is unclear.

Composed into the return dialog; it uses the dialog's public `sale`, `executor`,
`status`, `method`, `refund_button` and `refunded(record, method)`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QPushButton

from app.core.money import format_eur
from app.services import card_refunds, returns
from app.services.auth import AuthError
from app.ui import prompts
from app.ui.feedback import show_status
from app.ui.texts import describe


class CardRefundFlow(QObject):
    def __init__(self, dialog):
        super().__init__()  # a QObject for `self.tr`
        self.dialog = dialog
        self.unclear: card_refunds.RefundAttempt | None = None
        self.busy = False
        self.resolve_button = QPushButton(self.tr("Terminal fragen (F7)"), dialog)
        self.resolve_button.setAutoDefault(False)
        self.resolve_button.clicked.connect(self.resolve)
        self.resolve_button.hide()

    @property
    def ctx(self):
        return self.dialog.sale.ctx

    def _say(self, text: str, kind: str) -> None:
        show_status(self.dialog.status, text, kind)

    def _lock_routes(self) -> None:
        """While a refund is unclear, or the terminal is busy, no other refund can start."""
        blocked = self.busy or self.unclear is not None
        self.dialog.method.setEnabled(not blocked)
        self.resolve_button.setVisible(self.unclear is not None)
        self.resolve_button.setEnabled(not self.busy)
        self.dialog.update_total()

    @property
    def blocking(self) -> bool:
        return self.busy or self.unclear is not None

    def check_source(self, source) -> None:
        """A purchase shown: is a card refund of it still unclear (also from before a restart)?"""
        self.unclear = card_refunds.pending_refund(self.ctx, source_id=source.id) if source is not None else None
        if self.unclear is not None:
            self._say(self.tr("Eine Kartengutschrift über {0} ist ungeklärt. Bitte das Terminal fragen (F7), "
                              "bevor anders erstattet wird.").format(format_eur(self.unclear.amount_cents)), "warn")
        self._lock_routes()

    def start(self, plan, approver_pin: str | None = None) -> None:
        if self.blocking:
            return
        customer = self.dialog.sale.cart.customer or None
        try:
            attempt = card_refunds.begin_card_refund(self.ctx, self.dialog.sale.associate, plan, customer=customer,
                                                     approver_pin=approver_pin)
        except returns.ReturnApprovalNeeded as exc:
            approval = prompts.ManagerApprovalDialog(self.dialog, describe(exc))
            if approval.exec() and approval.pin:
                self.start(plan, approver_pin=approval.pin)
            return
        except (returns.ReturnError, AuthError) as exc:
            self._say(describe(exc), "error")
            return
        self.busy = True
        self._lock_routes()
        self._say(self.tr("Bitte Karte an das Terminal halten – Gutschrift {0} …").format(
            format_eur(attempt.amount_cents)), "info")
        terminal = self.ctx.terminal
        self.dialog.executor.submit(
            lambda _s: terminal.refund(reference=attempt.reference, amount_cents=attempt.amount_cents),
            lambda result, exc: self._answered(attempt, lambda: card_refunds.finish_card_refund(
                self.ctx, attempt, result, exc), exc))

    def resolve(self) -> None:
        attempt = self.unclear
        if attempt is None or self.busy:
            return
        self.busy = True
        self._lock_routes()
        self._say(self.tr("Frage das Terminal nach der Gutschrift …"), "info")
        terminal = self.ctx.terminal
        self.dialog.executor.submit(
            lambda _s: terminal.lookup_refund(reference=attempt.reference),
            lambda result, exc: self._answered(attempt, lambda: (
                ("unknown", None) if exc is not None else card_refunds.apply_lookup(self.ctx, attempt, result)), exc))

    def _answered(self, attempt, outcome_of, exc) -> None:
        self.busy = False
        try:
            outcome, record = outcome_of()
        except Exception as error:  # noqa: BLE001 - an unexpected terminal error: the journal row stays pending
            outcome, record, exc = "unknown", None, error
        self.unclear = attempt if outcome == "unknown" else None
        self._lock_routes()
        if record is not None:
            self.dialog.refunded(record, "card")
            return
        detail = f" ({describe(exc)})" if exc is not None and outcome in ("unavailable", "unknown") else ""
        texts = {
            "unknown": (self.tr("Keine Antwort vom Terminal – ob erstattet wurde, ist unklar. Bitte NICHT anders "
                                "erstatten, sondern das Terminal fragen (F7).") + detail, "warn"),
            "declined": (self.tr("Kartengutschrift abgelehnt. Nichts wurde gebucht – erneut versuchen oder anders "
                                 "erstatten."), "error"),
            "unavailable": (self.tr("Kartenterminal nicht erreichbar. Nichts wurde erstattet – bitte später erneut "
                                    "oder anders erstatten.") + detail, "error"),
            "not_refunded": (self.tr("Das Terminal hat nichts erstattet. Sie können erneut oder anders erstatten."),
                             "warn"),
        }
        self._say(*texts.get(outcome, (outcome, "info")))
