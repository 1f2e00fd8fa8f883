"""The one interface every TSE (technische Sicherheitseinrichtung) is used through, shaped after the
BSI SE API (TR-03151): start, update, finish and cancel a transaction; info; self-test, time update and
client registration; the open transactions; the export of the log messages.

Implementations: `app.tse.simulator.TseSimulator` (a certified device's behaviour, real signatures; the
demo and the tests run on it) and `app.tse.fiskaly.FiskalyTse` (the fiskaly SIGN DE v2 cloud TSE).
The services never see which one they talk to.

Errors form one tree: `TseError` is the root. `TseUnavailable` means the device cannot be reached or
cannot sign now (the counter goes on without it: an outage, AEAO zu § 146a Nr. 7); `TseRejected` means
the request itself was wrong (a bug: never retried as it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

__all__ = [
    "ProcessType", "Tse", "TseError", "TseInfo", "TseRejected", "TseTimeNotSet", "TseUnavailable",
    "TransactionLog", "OpenTransaction",
]


class ProcessType:
    """`processType` values of the DSFinV-K (Anhang I)."""

    RECEIPT = "Kassenbeleg-V1"
    ORDER = "Bestellung-V1"
    OTHER = "SonstigerVorgang"


class TseError(Exception):
    """Anything a TSE call went wrong with. `code` is stable (for the UI to word and for the log)."""

    code = "tse_error"


class TseUnavailable(TseError):
    """Not reachable, offline, failed, not ready (self-test due, time not set, too many open transactions):
    the counter keeps selling and records an outage."""

    code = "tse_unavailable"


class TseTimeNotSet(TseUnavailable):
    """The device's clock is not set (SE API ErrorTimeNotSet): `update_time` first."""

    code = "tse_time_not_set"


class TseRejected(TseError):
    """The request was refused for what it is (an unknown transaction, a client not registered, data too
    long): retrying the same request cannot help."""

    code = "tse_rejected"


@dataclass(frozen=True)
class TseInfo:
    serial_hex: str  # SHA-256 of the public key, hex (TSE_SERIAL in DSFinV-K tse.csv)
    public_key_b64: str  # uncompressed EC point, base64 ("BO8S…")
    certificate_pem: str
    signature_algorithm: str  # "ecdsa-plain-SHA256" | "ecdsa-plain-SHA384"
    time_format: str  # "unixTime" | "utcTime" | "utcTimeWithSeconds" | "generalizedTime" | …
    process_data_encoding: str  # "UTF-8"
    signature_counter: int
    open_transactions: int
    max_open_transactions: int
    description: str = ""  # e.g. "Tresen TSE-Simulator", "fiskaly SIGN DE"


@dataclass(frozen=True)
class TransactionLog:
    """What one signed log message (start, update or finish) gave back: everything the receipt, its QR
    and DSFinV-K transactions_tse.csv need."""

    client_id: str
    transaction_number: int
    operation: str  # "StartTransaction" | "UpdateTransaction" | "FinishTransaction"
    process_type: str
    process_data: str  # exactly as signed
    log_time: datetime  # UTC, from the TSE
    start_time: datetime  # the transaction's StartTransaction log time
    signature_counter: int
    signature_b64: str  # "plain" r||s, base64
    serial_hex: str
    public_key_b64: str
    signature_algorithm: str
    time_format: str


@dataclass(frozen=True)
class OpenTransaction:
    client_id: str
    transaction_number: int
    start_time: datetime


@runtime_checkable
class Tse(Protocol):
    def info(self) -> TseInfo: ...

    def register_client(self, client_id: str) -> None:
        """Idempotent. The client id is the register's serial number (Kassen-Seriennummer)."""

    def self_test(self) -> None: ...

    def update_time(self, now: datetime | None = None) -> None: ...

    def start_transaction(self, client_id: str, *, process_type: str = "", process_data: str = "",
                          reference: str | None = None) -> TransactionLog:
        """`reference`: the caller's own id for this transaction, stored before the call, so that a retry
        after a lost answer finds the transaction instead of starting a second one (a cloud TSE's tx id)."""

    def update_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog: ...

    def finish_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog:
        """Finishing a transaction that is already finished with the same data answers its log again."""

    def cancel_transaction(self, client_id: str, transaction_number: int) -> TransactionLog:
        """Finish as an aborted receipt (`AVBelegabbruch`)."""

    def open_transactions(self, client_id: str | None = None) -> list[OpenTransaction]: ...

    def export_logs(self) -> bytes:
        """The log messages as a TAR (TR-03151 export), for an audit."""
