"""Registers' fiscal journals, checked as they arrive: every hash is re-computed from the entry's content
and every link to the entry before (and after, if that came first) is checked. A mismatch — an entry
edited, removed or inserted on the register — is a `journal_broken` conflict for the store and IT; an
entry whose predecessor never arrived is a `journal_gap`. The entry is kept either way: it is evidence.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ConflictKind, FiscalEventKind, FiscalEventPayload, NotificationKind, Operation, journal_hash
from sync.server.conflicts import raise_conflict
from sync.server.notifications import notify
from sync.server.models import Register
from sync.server.operations import validated

__all__ = ["apply_fiscal_event"]

_INSERT = text("INSERT INTO fiscaljournal (register_id, chain, seq, hash, prev_hash, kind, entity_id, at, data,"
               " verified) VALUES (:r, :c, :s, :h, :p, :k, :e, :at, :d, :v) ON CONFLICT DO NOTHING")
_AT = text("SELECT hash, prev_hash FROM fiscaljournal WHERE register_id = :r AND chain = :c AND seq = :s")


def apply_fiscal_event(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    entry = validated(FiscalEventPayload, op, register, "fiscal journal entry")
    conn = session.connection()
    fields = entry.model_dump(mode="json")
    problems = []
    if journal_hash(entry.prev_hash, fields) != entry.hash:
        problems.append("its content does not match its hash (edited on the register)")
    key = {"r": register.id, "c": entry.chain}
    before = conn.execute(_AT, {**key, "s": entry.seq - 1}).first() if entry.seq > 1 else None
    if entry.seq == 1 and entry.prev_hash:
        problems.append("the first entry names a predecessor")
    if before is not None and before[0] != entry.prev_hash:
        problems.append(f"it does not follow entry {entry.seq - 1}")
    after = conn.execute(_AT, {**key, "s": entry.seq + 1}).first()
    if after is not None and after[1] != entry.hash:
        problems.append(f"entry {entry.seq + 1} does not follow it")
    stored = conn.execute(_AT, {**key, "s": entry.seq}).first()
    if stored is not None:
        if stored[0] == entry.hash:
            return "applied", "journal entry already recorded"
        problems.append(f"entry {entry.seq} was recorded with other content before")
    else:
        conn.execute(_INSERT, {**key, "s": entry.seq, "h": entry.hash, "p": entry.prev_hash, "k": entry.kind,
                               "e": entry.entity_id, "at": entry.at, "d": json.dumps(fields["data"]),
                               "v": not problems})
    details = {"register_id": register.id, "chain": entry.chain, "seq": entry.seq, "kind": entry.kind,
               "entity_id": entry.entity_id, "at": entry.at}
    if problems:
        raise_conflict(session, kind=ConflictKind.JOURNAL_BROKEN.value, store_id=register.store_id,
                       entity_id=f"{register.id}:{entry.seq}", details={**details, "problems": problems})
        return "conflict", "; ".join(problems)
    if entry.seq > 1 and before is None:
        raise_conflict(session, kind=ConflictKind.JOURNAL_GAP.value, store_id=register.store_id,
                       entity_id=f"{register.id}:{entry.seq}", details={**details, "missing": entry.seq - 1})
        return "conflict", f"entry {entry.seq - 1} never arrived"
    if entry.kind == FiscalEventKind.TSE_OUTAGE_START:  # the store's manager hears of it at once
        notify(session, store_id=register.store_id, kind=NotificationKind.TSE_OUTAGE, ref=register.id,
               key=f"{register.id}:{entry.seq}", params={"register_id": register.id, "at": entry.at})
    return "applied", ""
