"""The register's fiscal journal: every fiscal event, append-only, each entry holding the hash of the one
before, so that an edited, removed or inserted entry breaks the chain.

The database refuses UPDATE and DELETE on the table (triggers, migration 0011). An entry is written in
the caller's transaction, together with what it records (a sale, a return, a void …), and queued for the
backend as a `fiscal.event` operation in the same transaction; the backend re-computes every hash and
checks every link (sync/server/journal.py) and raises a conflict for IT on a break or a gap.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from sqlmodel import Session

from app.core import clock
from app.services.outbox import add_outbox
from sync.protocol import FiscalEventKind, Op, journal_hash

__all__ = ["append", "verify", "JournalBroken"]


class JournalBroken(Exception):
    """The chain does not verify at `seq`."""

    def __init__(self, seq: int, reason: str):
        super().__init__(f"fiscal journal broken at entry {seq}: {reason}")
        self.seq, self.reason = seq, reason


def _chain(conn) -> str:
    """This PC's journal: its install id (made once, the same one it enrolls with)."""
    conn.exec_driver_sql("INSERT OR IGNORE INTO setting (key, value) VALUES ('install_id', ?)", (uuid.uuid4().hex,))
    return conn.exec_driver_sql("SELECT value FROM setting WHERE key = 'install_id'").scalar_one()


def append(session: Session, *, kind: FiscalEventKind, register_id: str, location_id: str, data: dict,
           entity_id: str = "", at: datetime | None = None) -> dict:
    """Add an entry in the caller's transaction and queue it for the backend; returns the entry."""
    session.flush()  # what the caller has pending is written first: the transaction holds the write lock ...
    conn = session.connection()
    chain = _chain(conn)  # ... or takes it here (a write), before the last entry is read: no other writer can
    last = conn.exec_driver_sql("SELECT seq, hash FROM fiscalevent ORDER BY seq DESC LIMIT 1").first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, "")  # append between this read and the insert
    canonical = json.loads(json.dumps(data, sort_keys=True, default=str))  # what is hashed is what is stored
    entry = {"chain": chain, "seq": seq, "at": (at or clock.now()).isoformat(),
             "register_id": register_id, "location_id": location_id, "kind": FiscalEventKind(kind).value,
             "entity_id": entity_id, "data": canonical, "prev_hash": prev_hash}
    entry["hash"] = journal_hash(prev_hash, entry)
    conn.exec_driver_sql(
        "INSERT INTO fiscalevent (seq, chain, at, register_id, location_id, kind, entity_id, data, prev_hash, hash)"
        " VALUES (?,?,?,?,?,?,?,?,?,?)",
        (seq, entry["chain"], entry["at"], register_id, location_id, entry["kind"], entity_id,
         json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False), prev_hash, entry["hash"]))
    add_outbox(session, op=Op.FISCAL_EVENT.value, entity_id=entry["hash"][:32], payload=entry)
    return entry


def verify(session: Session) -> int:
    """Check the whole chain on this register; returns the number of entries, or raises JournalBroken."""
    prev_hash, count = "", 0
    for row in session.connection().exec_driver_sql(
            "SELECT seq, chain, at, register_id, location_id, kind, entity_id, data, prev_hash, hash"
            " FROM fiscalevent ORDER BY seq"):
        seq, chain, at, register_id, location_id, kind, entity_id, data, prev, stored = row
        if seq != count + 1:
            raise JournalBroken(seq, f"entry {count + 1} is missing")
        if prev != prev_hash:
            raise JournalBroken(seq, "does not follow the entry before")
        fields = {"chain": chain, "seq": seq, "at": at, "register_id": register_id, "location_id": location_id,
                  "kind": kind, "entity_id": entity_id, "data": json.loads(data)}
        if journal_hash(prev, fields) != stored:
            raise JournalBroken(seq, "its content does not match its hash")
        prev_hash, count = stored, seq
    return count
