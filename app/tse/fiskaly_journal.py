"""The fiskaly adapter's own small journal: which transaction UUID and revision a request used, written
to disk BEFORE the request leaves the register.

fiskaly SIGN DE v2 addresses a transaction by a UUID the caller makes (`PUT /tss/{tss_id}/tx/{tx_id}`) and
every change of it by a revision (`?tx_revision=n`, 1 for the start, +1 for each update, finish or cancel).
When an answer is lost (a timeout after fiskaly applied the request), only the same UUID and the same
revision with the same body make the retry land on what was already signed; a fresh UUID would start a
second transaction, a fresh revision would sign a second finish. So the UUID, the revision, the state and
the exact body are stored first, the call follows, and `answered` is set once the answer has arrived.

One SQLite file the caller names (e.g. next to the replica). Every change is one autocommitted statement
(WAL, synchronous=FULL): durable when the method returns, so a register that dies during the call finds
the pending request on its next start.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

__all__ = ["FiskalyJournal", "JournalEntry"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS fiskaly_tx (
    tx_id TEXT PRIMARY KEY,             -- the transaction UUID sent to fiskaly
    tss_id TEXT NOT NULL,
    client_serial TEXT NOT NULL,        -- the register's serial (the Tse interface's client_id)
    reference TEXT,                     -- the caller's own id for the transaction (start retries)
    number INTEGER,                     -- fiskaly's transaction number, once an answer told it
    revision INTEGER NOT NULL,          -- the last revision sent
    state TEXT NOT NULL,                -- ACTIVE | FINISHED | CANCELLED asked for by that revision
    body TEXT NOT NULL,                 -- that revision's exact request body (JSON)
    answered INTEGER NOT NULL DEFAULT 0,-- 1 once that revision's answer arrived
    created_at TEXT NOT NULL,
    UNIQUE (tss_id, reference)
);
CREATE INDEX IF NOT EXISTS fiskaly_tx_number ON fiskaly_tx (tss_id, number);
"""


@dataclass(frozen=True)
class JournalEntry:
    tx_id: str
    tss_id: str
    client_serial: str
    reference: str | None
    number: int | None
    revision: int
    state: str
    body: dict
    answered: bool


class FiskalyJournal:
    def __init__(self, path: str | os.PathLike):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _one(self, where: str, args: tuple) -> JournalEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT tx_id, tss_id, client_serial, reference, number, revision, state, body, answered "
                f"FROM fiskaly_tx WHERE {where}", args).fetchone()
        if row is None:
            return None
        return JournalEntry(*row[:7], body=json.loads(row[7]), answered=bool(row[8]))

    def get(self, tx_id: str) -> JournalEntry | None:
        return self._one("tx_id = ?", (tx_id,))

    def by_reference(self, tss_id: str, reference: str) -> JournalEntry | None:
        return self._one("tss_id = ? AND reference = ?", (tss_id, reference))

    def by_number(self, tss_id: str, number: int) -> JournalEntry | None:
        return self._one("tss_id = ? AND number = ?", (tss_id, number))

    def add(self, entry: JournalEntry) -> JournalEntry:
        """A new transaction, before its first request is sent."""
        with self._lock:
            self._db.execute(
                "INSERT INTO fiskaly_tx (tx_id, tss_id, client_serial, reference, number, revision, state, body, "
                "answered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.tx_id, entry.tss_id, entry.client_serial, entry.reference, entry.number, entry.revision,
                 entry.state, _dump(entry.body), int(entry.answered), datetime.now(timezone.utc).isoformat()))
        return entry

    def send(self, tx_id: str, revision: int, state: str, body: dict) -> JournalEntry:
        """The next revision of a transaction, before it is sent."""
        with self._lock:
            self._db.execute("UPDATE fiskaly_tx SET revision = ?, state = ?, body = ?, answered = 0 WHERE tx_id = ?",
                             (revision, state, _dump(body), tx_id))
        return self.get(tx_id)

    def answered(self, tx_id: str, revision: int, number: int) -> None:
        """The answer to `revision` arrived (a later revision may already be pending: then nothing changes)."""
        with self._lock:
            self._db.execute("UPDATE fiskaly_tx SET answered = 1, number = ? WHERE tx_id = ? AND revision = ?",
                             (number, tx_id, revision))


def _dump(body: dict) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"))
