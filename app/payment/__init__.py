"""Card payment terminals: the interface the services use, and a simulator."""

from app.payment.terminal import (
    NoTerminal,
    PaymentTerminal,
    TerminalOutcome,
    TerminalResult,
    TerminalTimeout,
    TerminalUnavailable,
)
from app.payment.simulator import TerminalSimulator

__all__ = [
    "NoTerminal",
    "PaymentTerminal",
    "TerminalOutcome",
    "TerminalResult",
    "TerminalSimulator",
    "TerminalTimeout",
    "TerminalUnavailable",
]
