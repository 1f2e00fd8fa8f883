"""A terminal simulator for the demo and the tests: approve, decline or time out."""

from __future__ import annotations

import secrets
import threading
import time
from typing import Literal

from app.payment.terminal import (
    PaymentTerminal,
    TerminalOutcome,
    TerminalResult,
    TerminalTimeout,
    TerminalUnavailable,
)
from sync.common.messages import translate

Mode = Literal["approve", "decline", "timeout", "offline"]


class TerminalSimulator(PaymentTerminal):
    """Behaves like a real terminal with a journal of what it charged.

    `mode="timeout"` drops the answer; with `charge_on_timeout` the card was
    charged anyway (the dangerous case), without it nothing happened.
    """

    def __init__(self, mode: Mode = "approve", *, charge_on_timeout: bool = True, delay_s: float = 0.0):
        self.mode: Mode = mode
        self.charge_on_timeout = charge_on_timeout
        self.delay_s = delay_s
        self._journal: dict[str, TerminalResult] = {}
        self._refunds: dict[str, TerminalResult] = {}
        self._lock = threading.Lock()

    @property
    def charged_cents(self) -> int:
        """Total the simulated customers' cards were really charged."""
        return sum(r.amount_cents for r in self._journal.values() if r.outcome is TerminalOutcome.APPROVED)

    def authorize(self, *, reference: str, amount_cents: int) -> TerminalResult:
        if self.delay_s:
            time.sleep(self.delay_s)
        with self._lock:
            if self.mode == "offline":
                raise TerminalUnavailable(translate("payment", "Kartenterminal nicht erreichbar"))
            if reference in self._journal:  # a retry of the same payment
                return self._journal[reference]
            if self.mode == "decline":
                result = TerminalResult(reference, TerminalOutcome.DECLINED, amount_cents,
                                        message=translate("payment", "Karte abgelehnt"))
                self._journal[reference] = result
                return result
            result = TerminalResult(
                reference, TerminalOutcome.APPROVED, amount_cents, approval_code=f"{secrets.randbelow(10**6):06d}"
            )
            if self.mode == "timeout":
                if self.charge_on_timeout:
                    self._journal[reference] = result
                raise TerminalTimeout(translate("payment", "Keine Antwort vom Kartenterminal"))
            self._journal[reference] = result
            return result

    @property
    def refunded_cents(self) -> int:
        return sum(r.amount_cents for r in self._refunds.values())

    def refund(self, *, reference: str, amount_cents: int) -> TerminalResult:
        if self.delay_s:
            time.sleep(self.delay_s)
        with self._lock:
            if self.mode == "offline":
                raise TerminalUnavailable(translate("payment", "Kartenterminal nicht erreichbar"))
            if self.mode == "decline":
                return TerminalResult(reference, TerminalOutcome.DECLINED, amount_cents,
                                      message=translate("payment", "Gutschrift abgelehnt"))
            if reference not in self._refunds and (self.mode != "timeout" or self.charge_on_timeout):
                self._refunds[reference] = TerminalResult(reference, TerminalOutcome.APPROVED, amount_cents,
                                                          approval_code=f"{secrets.randbelow(10**6):06d}")
            if self.mode == "timeout":
                raise TerminalTimeout(translate("payment", "Keine Antwort vom Kartenterminal"))
            return self._refunds[reference]

    def lookup_refund(self, *, reference: str) -> TerminalResult | None:
        with self._lock:
            if self.mode == "offline":
                raise TerminalUnavailable(translate("payment", "Kartenterminal nicht erreichbar"))
            return self._refunds.get(reference)

    def lookup(self, *, reference: str) -> TerminalResult | None:
        with self._lock:
            if self.mode == "offline":
                raise TerminalUnavailable(translate("payment", "Kartenterminal nicht erreichbar"))
            return self._journal.get(reference)
