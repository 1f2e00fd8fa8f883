"""The TSE simulator's secure element: its key pair and certificate, and its persistent state in its own
SQLite file (counters, registered clients, transactions, every log message).

Every device call runs in one SQLite transaction (`BEGIN IMMEDIATE` … `COMMIT`, WAL, synchronous=FULL):
a process killed in the middle of a call leaves the state as it was before the call, and several
processes (registers sharing one TSE) take turns.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

__all__ = ["CURVES", "DeviceKey", "SimulatorStorage", "StoredLog", "StoredTransaction", "utc_from_unix"]


@dataclass(frozen=True)
class _Curve:
    curve: type[ec.EllipticCurve]
    hash: type[hashes.HashAlgorithm]
    signature_algorithm: str
    scalar_bytes: int


CURVES = {
    "P-256": _Curve(ec.SECP256R1, hashes.SHA256, "ecdsa-plain-SHA256", 32),
    "brainpoolP384r1": _Curve(ec.BrainpoolP384R1, hashes.SHA384, "ecdsa-plain-SHA384", 48),
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS device (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    curve TEXT NOT NULL,
    private_key_pem BLOB NOT NULL,
    certificate_pem TEXT NOT NULL,
    signature_counter INTEGER NOT NULL,    -- the last value used (global: system logs use it too)
    transaction_counter INTEGER NOT NULL,  -- the last transaction number given out
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS client (
    client_id TEXT PRIMARY KEY,
    registered_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS txn (
    number INTEGER PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES client(client_id),
    reference TEXT UNIQUE,
    start_time INTEGER NOT NULL,
    start_counter INTEGER NOT NULL REFERENCES log(signature_counter),
    finish_counter INTEGER REFERENCES log(signature_counter)  -- NULL while open
);
CREATE INDEX IF NOT EXISTS txn_open ON txn(finish_counter) WHERE finish_counter IS NULL;
CREATE TABLE IF NOT EXISTS log (
    signature_counter INTEGER PRIMARY KEY,
    operation TEXT NOT NULL,
    transaction_number INTEGER,            -- NULL for a system log
    client_id TEXT,
    process_type TEXT,
    process_data TEXT,
    log_time INTEGER NOT NULL,             -- unixTime
    signature BLOB NOT NULL,               -- plain r||s
    message BLOB NOT NULL,                 -- the complete DER log message
    filename TEXT NOT NULL
);
"""


class DeviceKey:
    """The signing key: ECDSA with the curve's hash, signatures in the "plain" r||s form (BSI TR-03111)."""

    def __init__(self, curve_name: str, private_key: ec.EllipticCurvePrivateKey):
        self.curve_name = curve_name
        self._curve = CURVES[curve_name]
        self._private_key = private_key
        self.public_key_bytes = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        self.serial = hashlib.sha256(self.public_key_bytes).digest()
        self.signature_algorithm = self._curve.signature_algorithm

    @classmethod
    def generate(cls, curve_name: str) -> "DeviceKey":
        if curve_name not in CURVES:
            raise ValueError(f"unknown curve {curve_name!r}; one of {', '.join(CURVES)}")
        return cls(curve_name, ec.generate_private_key(CURVES[curve_name].curve()))

    @classmethod
    def from_pem(cls, curve_name: str, pem: bytes) -> "DeviceKey":
        key = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return cls(curve_name, key)

    def private_pem(self) -> bytes:
        return self._private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption())

    def sign_plain(self, data: bytes) -> bytes:
        r, s = decode_dss_signature(self._private_key.sign(data, ec.ECDSA(self._curve.hash())))
        n = self._curve.scalar_bytes
        return r.to_bytes(n, "big") + s.to_bytes(n, "big")

    def self_signed_certificate(self, now: datetime) -> str:
        """A certificate for DSFinV-K tse.csv (TSE_ZERTIFIKAT_I): self-signed, so clearly not a BSI one."""
        name = x509.Name([
            # stays German: the device's description in the TSE export
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Tresen TSE-Simulator (nicht zertifiziert)"),
            x509.NameAttribute(NameOID.COMMON_NAME, self.serial.hex()[:64]),
        ])
        certificate = (x509.CertificateBuilder()
                       .subject_name(name).issuer_name(name)
                       .public_key(self._private_key.public_key())
                       .serial_number(int.from_bytes(self.serial[:16], "big") >> 1)
                       .not_valid_before(now - timedelta(minutes=1))
                       .not_valid_after(now + timedelta(days=8 * 365))
                       .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                       .sign(self._private_key, self._curve.hash()))
        return certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


@dataclass(frozen=True)
class StoredLog:
    signature_counter: int
    operation: str
    transaction_number: int | None
    client_id: str | None
    process_type: str | None
    process_data: str | None
    log_time: int
    signature: bytes
    message: bytes
    filename: str


@dataclass(frozen=True)
class StoredTransaction:
    number: int
    client_id: str
    reference: str | None
    start_time: int
    start_counter: int
    finish_counter: int | None


class SimulatorStorage:
    """The SQLite file. `call()` wraps one device call: everything in it commits together or not at all."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._lock:
            self._db.executescript(_SCHEMA)  # idempotent (IF NOT EXISTS); executescript runs outside `call()`

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def call(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # Reads and writes below run inside `call()`.

    def device_row(self) -> dict | None:
        cursor = self._db.execute("SELECT * FROM device WHERE id = 1")
        row = cursor.fetchone()
        return None if row is None else dict(zip([d[0] for d in cursor.description], row))

    def create_device(self, key: DeviceKey, certificate_pem: str, now_unix: int) -> None:
        self._db.execute("INSERT INTO device (id, curve, private_key_pem, certificate_pem, signature_counter,"
                         " transaction_counter, created_at) VALUES (1, ?, ?, ?, 0, 0, ?)",
                         (key.curve_name, key.private_pem(), certificate_pem, now_unix))

    def next_signature_counter(self) -> int:
        self._db.execute("UPDATE device SET signature_counter = signature_counter + 1 WHERE id = 1")
        return self._db.execute("SELECT signature_counter FROM device WHERE id = 1").fetchone()[0]

    def next_transaction_number(self) -> int:
        self._db.execute("UPDATE device SET transaction_counter = transaction_counter + 1 WHERE id = 1")
        return self._db.execute("SELECT transaction_counter FROM device WHERE id = 1").fetchone()[0]

    def counters(self) -> tuple[int, int]:
        row = self._db.execute("SELECT signature_counter, transaction_counter FROM device WHERE id = 1").fetchone()
        return row[0], row[1]

    def add_log(self, log: StoredLog) -> None:
        self._db.execute("INSERT INTO log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         (log.signature_counter, log.operation, log.transaction_number, log.client_id,
                          log.process_type, log.process_data, log.log_time, log.signature, log.message,
                          log.filename))

    def log(self, signature_counter: int) -> StoredLog:
        row = self._db.execute("SELECT * FROM log WHERE signature_counter = ?", (signature_counter,)).fetchone()
        return StoredLog(*row)

    def logs(self) -> list[StoredLog]:
        return [StoredLog(*row) for row in self._db.execute("SELECT * FROM log ORDER BY signature_counter")]

    def has_client(self, client_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM client WHERE client_id = ?", (client_id,)).fetchone() is not None

    def add_client(self, client_id: str, now_unix: int) -> None:
        self._db.execute("INSERT INTO client VALUES (?, ?)", (client_id, now_unix))

    def add_transaction(self, txn: StoredTransaction) -> None:
        self._db.execute("INSERT INTO txn VALUES (?, ?, ?, ?, ?, ?)",
                         (txn.number, txn.client_id, txn.reference, txn.start_time, txn.start_counter,
                          txn.finish_counter))

    def transaction(self, number: int) -> StoredTransaction | None:
        row = self._db.execute("SELECT * FROM txn WHERE number = ?", (number,)).fetchone()
        return StoredTransaction(*row) if row else None

    def transaction_by_reference(self, reference: str) -> StoredTransaction | None:
        row = self._db.execute("SELECT * FROM txn WHERE reference = ?", (reference,)).fetchone()
        return StoredTransaction(*row) if row else None

    def mark_finished(self, number: int, finish_counter: int) -> None:
        self._db.execute("UPDATE txn SET finish_counter = ? WHERE number = ? AND finish_counter IS NULL",
                         (finish_counter, number))

    def open_transactions(self, client_id: str | None = None) -> list[StoredTransaction]:
        sql, args = "SELECT * FROM txn WHERE finish_counter IS NULL", ()
        if client_id is not None:
            sql, args = sql + " AND client_id = ?", (client_id,)
        return [StoredTransaction(*row) for row in self._db.execute(sql + " ORDER BY number", args)]

    def open_count(self) -> int:
        return self._db.execute("SELECT count(*) FROM txn WHERE finish_counter IS NULL").fetchone()[0]


def utc_from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)
