"""Card payments of a sale session, journalled so a terminal timeout never charges twice.

Every card payment is written to the journal (CardPayment) before the terminal
is asked. While its outcome is unknown, no other card payment starts and the
sale cannot complete; the terminal is asked what really happened, also after a
crash. A mixin of SaleSession: it works on the session's cart and payment.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.core.tenders import TenderError
from app.payment.terminal import NO_TERMINAL, TerminalOutcome, TerminalResult, TerminalTimeout, TerminalUnavailable
from app.store.db import transaction
from app.store.models import CardPayment, utcnow
from sync.common.messages import message_of


class PaymentError(ValueError):
    """A payment step refused; the message is for the associate."""


@dataclass(frozen=True)
class CardAttempt:
    """A card payment begun: its reference is in the journal before the terminal is asked."""

    reference: str
    amount_cents: int


class CardPayments:
    """Needs from the session: ctx, cart, payment, _check_payable, _editing, _save."""

    def pending_card(self) -> CardAttempt | None:
        with Session(self.ctx.engine) as s:
            row = s.exec(select(CardPayment).where(CardPayment.cart_id == self.cart.cart_id,
                                                   CardPayment.status == "pending")).first()
        return CardAttempt(row.reference, row.amount_cents) if row else None

    def begin_card(self, amount_cents: int) -> CardAttempt:
        """Journal a card payment before the terminal is asked (see CardPayment). A register without a card
        terminal refuses at once: nothing is journalled, the sale is paid in cash."""
        if not self.ctx.terminal.available:
            raise PaymentError(NO_TERMINAL)
        self._check_payable()
        self.payment.total_cents = self.cart.total_cents
        try:
            self.payment.check_card_amount(amount_cents)
        except TenderError as exc:
            raise PaymentError(message_of(exc) or str(exc)) from exc
        attempt = CardAttempt(uuid.uuid4().hex, amount_cents)
        with transaction(self.ctx.engine) as s:
            self._save(s)
            s.add(CardPayment(reference=attempt.reference, cart_id=self.cart.cart_id, amount_cents=amount_cents))
        return attempt

    def finish_card(self, attempt: CardAttempt, result: TerminalResult | None, error: Exception | None = None) -> str:
        """Record what the terminal said. Returns approved, declined, unknown or unavailable.

        `unknown` (a timeout) keeps the journal row pending: the associate must
        ask the terminal (`resolve_card`) before any other card payment.
        """
        with self._editing():
            if isinstance(error, TerminalTimeout):
                return "unknown"
            if isinstance(error, TerminalUnavailable):
                self._set_card_status(attempt, "not_charged")
                return "unavailable"
            if error is not None:
                raise error
            assert result is not None
            if result.outcome is TerminalOutcome.APPROVED:
                self.payment.card(attempt.amount_cents, reference=attempt.reference, approval_code=result.approval_code)
                self._set_card_status(attempt, "approved", result.approval_code)
                return "approved"
            self._set_card_status(attempt, "declined")
            return "declined"

    def _set_card_status(self, attempt: CardAttempt, status: str, approval_code: str | None = None) -> None:
        with transaction(self.ctx.engine) as s:
            row = s.get(CardPayment, attempt.reference)
            row.status, row.approval_code, row.updated_at = status, approval_code, utcnow()
            s.add(row)
            self._save(s)  # the card tender joins the cart document in the same transaction

    def pay_card(self, amount_cents: int) -> str:
        """The whole card flow in one call (the UI runs the terminal part off the GUI thread)."""
        attempt = self.begin_card(amount_cents)
        return self.run_card(attempt)

    def run_card(self, attempt: CardAttempt) -> str:
        try:
            result = self.ctx.terminal.authorize(reference=attempt.reference, amount_cents=attempt.amount_cents)
        except (TerminalTimeout, TerminalUnavailable) as exc:
            return self.finish_card(attempt, None, exc)
        return self.finish_card(attempt, result)

    def resolve_card(self) -> str:
        """Ask the terminal what became of the pending card payment."""
        attempt = self.pending_card()
        if attempt is None:
            return "none"
        try:
            result = self.ctx.terminal.lookup(reference=attempt.reference)
        except (TerminalTimeout, TerminalUnavailable):
            return "unknown"
        return self.apply_lookup(attempt, result)

    def apply_lookup(self, attempt: CardAttempt, result: TerminalResult | None) -> str:
        """Record the terminal's answer to `lookup`: None means the card was never charged."""
        if result is None:
            self._set_card_status(attempt, "not_charged")
            return "not_charged"
        return self.finish_card(attempt, result)
