"""Technical security devices (TSE, KassenSichV): the interface the services use, and its implementations."""

from app.tse.interface import (
    OpenTransaction, ProcessType, Tse, TseError, TseInfo, TseRejected, TseTimeNotSet, TseUnavailable,
    TransactionLog,
)

__all__ = [
    "OpenTransaction", "ProcessType", "Tse", "TseError", "TseInfo", "TseRejected", "TseTimeNotSet",
    "TseUnavailable", "TransactionLog",
]
