"""The interface to a card payment terminal.

Every authorisation carries a reference chosen by the register. A terminal
must answer a later `lookup(reference)` with what really happened to it; that
is what lets a register recover from a timeout without charging twice: it
asks before it tries again, and a retry reuses the same reference.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import Enum

from sync.common.messages import Message, translate


class TerminalOutcome(str, Enum):
    APPROVED = "approved"
    DECLINED = "declined"


@dataclass(frozen=True)
class TerminalResult:
    reference: str
    outcome: TerminalOutcome
    amount_cents: int
    approval_code: str | None = None
    message: Message | str = ""  # the terminal's own words, for the associate


class TerminalTimeout(Exception):
    """No answer in time: the card may or may not have been charged."""


class TerminalUnavailable(Exception):
    """The terminal cannot be reached at all: nothing was charged."""


class PaymentTerminal(ABC):
    #: False: this register has no card terminal (NoTerminal); card payments and refunds are refused up front.
    available: bool = True

    @abstractmethod
    def authorize(self, *, reference: str, amount_cents: int) -> TerminalResult:
        """Charge `amount_cents`. Idempotent per reference. May raise TerminalTimeout."""

    @abstractmethod
    def refund(self, *, reference: str, amount_cents: int) -> TerminalResult:
        """Pay `amount_cents` back to the card the customer presents. Idempotent per reference."""

    @abstractmethod
    def lookup_refund(self, *, reference: str) -> TerminalResult | None:
        """What happened to the refund `reference`; None if the terminal never paid it out. May raise
        TerminalTimeout or TerminalUnavailable."""

    @abstractmethod
    def lookup(self, *, reference: str) -> TerminalResult | None:
        """What happened to `reference`; None if the terminal never charged it.

        May raise TerminalTimeout or TerminalUnavailable when the terminal still
        cannot be asked.
        """


NO_TERMINAL = translate("payment", "Kein Kartenterminal an dieser Kasse – bitte bar zahlen")


class NoTerminal(PaymentTerminal):
    """This register has no card terminal (the setting `terminal = none`, the default outside the demo).

    The services refuse a card payment or refund before anything is journalled (`available` is False); should
    one reach the terminal anyway, nothing is charged. There is no driver for a real terminal yet (ZVT/OPI).
    """

    available = False

    def authorize(self, *, reference: str, amount_cents: int) -> TerminalResult:
        raise TerminalUnavailable(NO_TERMINAL)

    def refund(self, *, reference: str, amount_cents: int) -> TerminalResult:
        raise TerminalUnavailable(NO_TERMINAL)

    def lookup_refund(self, *, reference: str) -> TerminalResult | None:
        raise TerminalUnavailable(NO_TERMINAL)  # nobody can say what another terminal did

    def lookup(self, *, reference: str) -> TerminalResult | None:
        raise TerminalUnavailable(NO_TERMINAL)
