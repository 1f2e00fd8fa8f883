"""The register's outbox and its numbering: what every use case writes in its own transaction.

`add_outbox` queues an operation for the backend as its protocol model; `next_number` counts receipts,
delivery orders and operations (continued by a replaced PC from the backend's high-water marks).
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from app.store.models import OutboxEntry
from sync.protocol import Counter, parse_payload

__all__ = ["add_outbox", "next_number"]


def next_number(session: Session, name: str) -> int:
    """Increment and return a register counter inside the caller's transaction."""
    conn = session.connection()
    name = str(name)
    conn.exec_driver_sql("INSERT OR IGNORE INTO counter (name, value) VALUES (?, 0)", (name,))
    conn.exec_driver_sql("UPDATE counter SET value = value + 1 WHERE name = ?", (name,))
    return conn.exec_driver_sql("SELECT value FROM counter WHERE name = ?", (name,)).scalar_one()


def add_outbox(session: Session, *, op: str, entity_id: str, payload: dict) -> OutboxEntry:
    """Queue an operation for the backend, as its protocol model (sync.protocol.PAYLOADS) with types
    enforced: a typo in a payload fails here, in the caller's transaction, and never leaves the register."""
    model = parse_payload(op, payload)
    wire = model.model_dump(mode="json")
    unknown = _unknown_keys(payload, wire)
    if unknown:
        raise ValueError(f"{op}: fields the protocol does not know: {', '.join(unknown)}")
    entry = OutboxEntry(id=uuid.uuid4().hex, seq=next_number(session, Counter.OUTBOX_SEQ), op=op,
                        entity_id=entity_id, payload=wire)
    session.add(entry)
    return entry


def _unknown_keys(given, known, where: str = "") -> list[str]:
    """Keys of `given` that the model's dump `known` lacks (the model ignored them), at any depth."""
    if isinstance(given, dict) and isinstance(known, dict):
        return [k for key, value in given.items()
                for k in ([f"{where}{key}"] if key not in known else _unknown_keys(value, known[key], f"{where}{key}."))]
    if isinstance(given, list) and isinstance(known, list):
        return [k for i, (g, n) in enumerate(zip(given, known)) for k in _unknown_keys(g, n, f"{where}{i}.")]
    return []
