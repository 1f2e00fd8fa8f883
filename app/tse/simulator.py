"""A TSE simulator that behaves like a certified device (BSI SE API, TR-03151), for the demo and the tests.

- Its own state in its own SQLite file (`app.tse.simulator_storage`): a key pair (P-256 or
  brainpoolP384r1), serial = SHA-256 of the public key, a self-signed certificate, registered clients,
  consecutive transaction numbers, open transactions, and every log message it signed.
- One global signature counter: every log message uses the next value, system events (initialisation,
  self-test, time update, client registration) as well as transactions.
- Real ECDSA signatures ("plain" r||s) over the TR-03151 log message (`app.tse.log_message`), unixTime.
- Finishing a finished transaction with the same data answers the same log (a retry after a lost answer);
  with other data it is refused. A start with a `reference` seen before answers that start again.
- `export_logs()`: a TAR with info.csv, the certificate and the log messages, named as in TR-03151.

Fault injection (never timing-dependent unless asked): `fail_next(n)`, `lose_next_answers(n)` (the call
takes effect, its answer is lost), `go_offline()`/`go_online()`, `set_latency()`, `lose_time()` (until
`update_time`), `require_self_test()` (until `self_test`), the open-transaction limit, and
`power_loss_during_next_call()` (the process ends inside the SQLite transaction: for a test's subprocess).
"""

from __future__ import annotations

import base64
import io
import os
import tarfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from app.core.fiscal import aborted_process_data
from app.tse.interface import (
    OpenTransaction, ProcessType, TransactionLog, TseInfo, TseRejected, TseTimeNotSet, TseUnavailable,
)
from app.tse.log_message import (
    TIME_FORMAT_UNIX, der_integer, der_printable_string, der_sequence, is_printable_string, log_message,
    system_log_filename, system_log_tbs, transaction_log_filename, transaction_log_tbs,
)
from app.tse.simulator_storage import (
    DeviceKey, SimulatorStorage, StoredLog, StoredTransaction, utc_from_unix,
)

__all__ = ["MAX_PROCESS_DATA_BYTES", "TseSimulator"]

MAX_PROCESS_DATA_BYTES = 64 * 1024
DESCRIPTION = "Tresen TSE-Simulator (nicht zertifiziert)"  # stays German: the device's description in the TSE export


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class TseSimulator:
    """`Tse` on a SQLite file. `curve=None` keeps an existing device's curve (a new one gets P-256)."""

    def __init__(self, path: Path | str, *, curve: str | None = None,
                 clock: Callable[[], datetime] = _utc_now, max_open_transactions: int = 64,
                 sleep: Callable[[float], None] = time.sleep):
        self._clock = clock
        self._sleep = sleep
        self.max_open_transactions = max_open_transactions
        self._time_offset = timedelta(0)  # the device clock = the given clock + this
        self._lock = threading.RLock()
        # Fault injection (this process only, like a device's power state).
        self._fail_next = 0
        self._lose_answers = 0
        self._offline = False
        self._latency: float | Callable[[], float] = 0.0
        self._time_set = True
        self._self_test_due = False
        self._power_loss = False
        self._storage = SimulatorStorage(path)
        with self._storage.call():
            row = self._storage.device_row()
            if row is None:
                key = DeviceKey.generate(curve or "P-256")
                now = self._device_now()
                self._storage.create_device(key, key.self_signed_certificate(now), int(now.timestamp()))
                self._key = key
                self._system_log("Initialize", der_sequence(der_printable_string("Tresen TSE-Simulator")))
            else:
                if curve is not None and curve != row["curve"]:
                    raise ValueError(f"{path} holds a {row['curve']} device, not {curve}")
                self._key = DeviceKey.from_pem(row["curve"], row["private_key_pem"])
        with self._storage.call():
            self._certificate_pem = self._storage.device_row()["certificate_pem"]

    def close(self) -> None:
        self._storage.close()

    # --- fault injection ---------------------------------------------------------------------------

    def fail_next(self, n: int = 1) -> None:
        """The next `n` device calls fail with TseUnavailable and change nothing."""
        self._fail_next = n

    def lose_next_answers(self, n: int = 1) -> None:
        """The next `n` device calls take effect, then fail with TseUnavailable (the answer was lost)."""
        self._lose_answers = n

    def go_offline(self) -> None:
        self._offline = True

    def go_online(self) -> None:
        self._offline = False

    def set_latency(self, latency: float | Callable[[], float]) -> None:
        """Seconds (or a callable giving them) to wait, with the `sleep` given, before each device call."""
        self._latency = latency

    def lose_time(self) -> None:
        """The clock is unset (as after a power cycle): signing fails with TseTimeNotSet until `update_time`."""
        self._time_set = False

    def require_self_test(self) -> None:
        """The self-test is due: the device refuses work (TseUnavailable) until `self_test`."""
        self._self_test_due = True

    def power_loss_during_next_call(self) -> None:
        """The process ends (os._exit) inside the next call's SQLite transaction, before it commits."""
        self._power_loss = True

    # --- the Tse protocol ---------------------------------------------------------------------------

    def info(self) -> TseInfo:
        with self._device_call("info"):
            signature_counter, _ = self._storage.counters()
            open_count = self._storage.open_count()
        return TseInfo(serial_hex=self._key.serial.hex(), public_key_b64=self._public_key_b64(),
                       certificate_pem=self._certificate_pem, signature_algorithm=self._key.signature_algorithm,
                       time_format=TIME_FORMAT_UNIX, process_data_encoding="UTF-8",
                       signature_counter=signature_counter, open_transactions=open_count,
                       max_open_transactions=self.max_open_transactions, description=DESCRIPTION)

    def register_client(self, client_id: str) -> None:
        with self._device_call("register_client", signs=True):
            if not client_id or not is_printable_string(client_id):
                raise TseRejected(f"client id {client_id!r}: only letters, digits, space and '()+,-./:=? allowed")
            if not self._storage.has_client(client_id):
                self._storage.add_client(client_id, self._log_time())
                self._system_log("RegisterClient", der_sequence(der_printable_string(client_id)))

    def self_test(self) -> None:
        with self._device_call("self_test", signs=True, needs_self_test=False, needs_time=False):
            self._system_log("SelfTest", der_sequence(der_integer(0)))  # 0: all components passed
            self._self_test_due = False

    def update_time(self, now: datetime | None = None) -> None:
        if now is not None and now.tzinfo is None:
            raise TseRejected("update_time needs an aware datetime (UTC)")
        with self._device_call("update_time", signs=True, needs_time=False):
            previous = self._time_offset
            self._time_offset = (now - self._clock()) if now is not None else timedelta(0)
            try:
                self._system_log("UpdateTime", der_sequence(der_integer(self._log_time())))
            except BaseException:
                self._time_offset = previous
                raise
            self._time_set = True

    def start_transaction(self, client_id: str, *, process_type: str = "", process_data: str = "",
                          reference: str | None = None) -> TransactionLog:
        with self._device_call("start_transaction", signs=True):
            if reference is not None:
                earlier = self._storage.transaction_by_reference(reference)
                if earlier is not None:
                    if earlier.client_id != client_id:
                        raise TseRejected(f"reference {reference!r} belongs to another client")
                    return self._transaction_log(self._storage.log(earlier.start_counter), earlier)
            self._check_client(client_id)
            self._check_process(process_type, process_data)
            if self._storage.open_count() >= self.max_open_transactions:
                raise TseUnavailable(f"too many open transactions ({self.max_open_transactions})")
            number = self._storage.next_transaction_number()
            log = self._transaction_log_message("StartTransaction", client_id, number, process_type, process_data)
            txn = StoredTransaction(number, client_id, reference, log.log_time, log.signature_counter, None)
            self._storage.add_transaction(txn)
            return self._transaction_log(log, txn)

    def update_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog:
        with self._device_call("update_transaction", signs=True):
            txn = self._own_transaction(client_id, transaction_number)
            if txn.finish_counter is not None:
                raise TseRejected(f"transaction {transaction_number} is finished")
            self._check_process(process_type, process_data)
            log = self._transaction_log_message("UpdateTransaction", client_id, transaction_number,
                                                process_type, process_data)
            return self._transaction_log(log, txn)

    def finish_transaction(self, client_id: str, transaction_number: int, *, process_type: str,
                           process_data: str) -> TransactionLog:
        with self._device_call("finish_transaction", signs=True):
            txn = self._own_transaction(client_id, transaction_number)
            if txn.finish_counter is not None:
                finished = self._storage.log(txn.finish_counter)
                if (finished.process_type, finished.process_data) != (process_type, process_data):
                    raise TseRejected(f"transaction {transaction_number} is finished with other data")
                return self._transaction_log(finished, txn)
            self._check_process(process_type, process_data)
            log = self._transaction_log_message("FinishTransaction", client_id, transaction_number,
                                                process_type, process_data)
            self._storage.mark_finished(transaction_number, log.signature_counter)
            return self._transaction_log(log, txn)

    def cancel_transaction(self, client_id: str, transaction_number: int) -> TransactionLog:
        return self.finish_transaction(client_id, transaction_number, process_type=ProcessType.RECEIPT,
                                       process_data=aborted_process_data())

    def open_transactions(self, client_id: str | None = None) -> list[OpenTransaction]:
        with self._device_call("open_transactions"):
            return [OpenTransaction(t.client_id, t.number, utc_from_unix(t.start_time))
                    for t in self._storage.open_transactions(client_id)]

    def export_logs(self) -> bytes:
        with self._device_call("export_logs"):
            logs = self._storage.logs()
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
            created = logs[0].log_time if logs else 0
            info = f'description:,"{DESCRIPTION}"\r\nmanufacturer:,"Tresen"\r\n'.encode("utf-8")
            _add_file(tar, "info.csv", info, created)
            certificate_der = _pem_to_der(self._certificate_pem)
            _add_file(tar, f"{self._key.serial.hex().upper()}_X509.cer", certificate_der, created)
            for log in logs:
                _add_file(tar, log.filename, log.message, log.log_time)
        return buffer.getvalue()

    # --- inside a call ------------------------------------------------------------------------------

    def _device_call(self, name: str, *, signs: bool = False, needs_self_test: bool = True,
                     needs_time: bool = True):
        return _DeviceCall(self, name, signs=signs, needs_self_test=needs_self_test, needs_time=needs_time)

    def _device_now(self) -> datetime:
        return self._clock() + self._time_offset

    def _log_time(self) -> int:
        return int(self._device_now().timestamp() // 1)

    def _public_key_b64(self) -> str:
        return base64.b64encode(self._key.public_key_bytes).decode("ascii")

    def _check_client(self, client_id: str) -> None:
        if not self._storage.has_client(client_id):
            raise TseRejected(f"client {client_id!r} is not registered")

    def _check_process(self, process_type: str, process_data: str) -> None:
        if not is_printable_string(process_type):
            raise TseRejected(f"process type {process_type!r} is not a PrintableString")
        if len(process_data.encode("utf-8")) > MAX_PROCESS_DATA_BYTES:
            raise TseRejected(f"process data longer than {MAX_PROCESS_DATA_BYTES} bytes")

    def _own_transaction(self, client_id: str, number: int) -> StoredTransaction:
        txn = self._storage.transaction(number)
        if txn is None:
            raise TseRejected(f"no transaction {number}")
        if txn.client_id != client_id:
            raise TseRejected(f"transaction {number} belongs to another client")
        return txn

    def _transaction_log_message(self, operation: str, client_id: str, number: int, process_type: str,
                                 process_data: str) -> StoredLog:
        counter, log_time = self._storage.next_signature_counter(), self._log_time()
        tbs = transaction_log_tbs(operation=operation, client_id=client_id, process_data=process_data.encode(),
                                  process_type=process_type, transaction_number=number, serial=self._key.serial,
                                  signature_algorithm=self._key.signature_algorithm, signature_counter=counter,
                                  log_time_unix=log_time)
        signature = self._key.sign_plain(tbs)
        filename = transaction_log_filename(log_time_unix=log_time, signature_counter=counter,
                                            transaction_number=number, operation=operation, client_id=client_id)
        log = StoredLog(counter, operation, number, client_id, process_type, process_data, log_time, signature,
                        log_message(tbs, signature), filename)
        self._storage.add_log(log)
        return log

    def _system_log(self, operation: str, system_operation_data: bytes) -> None:
        counter, log_time = self._storage.next_signature_counter(), self._log_time()
        tbs = system_log_tbs(operation=operation, system_operation_data=system_operation_data,
                             serial=self._key.serial, signature_algorithm=self._key.signature_algorithm,
                             signature_counter=counter, log_time_unix=log_time)
        signature = self._key.sign_plain(tbs)
        filename = system_log_filename(log_time_unix=log_time, signature_counter=counter, operation=operation)
        self._storage.add_log(StoredLog(counter, operation, None, None, None, None, log_time, signature,
                                        log_message(tbs, signature), filename))

    def _transaction_log(self, log: StoredLog, txn: StoredTransaction) -> TransactionLog:
        return TransactionLog(client_id=txn.client_id, transaction_number=txn.number, operation=log.operation,
                              process_type=log.process_type or "", process_data=log.process_data or "",
                              log_time=utc_from_unix(log.log_time), start_time=utc_from_unix(txn.start_time),
                              signature_counter=log.signature_counter,
                              signature_b64=base64.b64encode(log.signature).decode("ascii"),
                              serial_hex=self._key.serial.hex(), public_key_b64=self._public_key_b64(),
                              signature_algorithm=self._key.signature_algorithm, time_format=TIME_FORMAT_UNIX)


class _DeviceCall:
    """One device call: latency, the injected faults, the device state, then one SQLite transaction."""

    def __init__(self, device: TseSimulator, name: str, *, signs: bool, needs_self_test: bool, needs_time: bool):
        self.device, self.name = device, name
        self.signs, self.needs_self_test, self.needs_time = signs, needs_self_test, needs_time

    def __enter__(self):
        d = self.device
        d._lock.acquire()
        try:
            latency = d._latency() if callable(d._latency) else d._latency
            if latency:
                d._sleep(latency)
            if d._offline:
                raise TseUnavailable("TSE offline")
            if d._fail_next > 0:
                d._fail_next -= 1
                raise TseUnavailable(f"TSE failed ({self.name}, injected)")
            if self.signs and self.needs_self_test and d._self_test_due:
                raise TseUnavailable("TSE self-test due")
            if self.signs and self.needs_time and not d._time_set:
                raise TseTimeNotSet("TSE time not set")
            self._transaction = d._storage.call()
            self._transaction.__enter__()
        except BaseException:
            d._lock.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        d = self.device
        try:
            if exc_type is None and d._power_loss:
                os._exit(70)  # the simulated power loss: nothing of this call is committed
            self._transaction.__exit__(exc_type, exc, tb)
        finally:
            d._lock.release()
        if exc_type is None and d._lose_answers > 0:
            d._lose_answers -= 1
            raise TseUnavailable(f"TSE answer lost ({self.name}, injected)")
        return False


def _add_file(tar: tarfile.TarFile, name: str, data: bytes, mtime: int) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mtime, member.mode = len(data), mtime, 0o444
    tar.addfile(member, io.BytesIO(data))


def _pem_to_der(pem: str) -> bytes:
    body = "".join(line for line in pem.strip().splitlines() if not line.startswith("-----"))
    return base64.b64decode(body)
