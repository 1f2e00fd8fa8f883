"""Registers' fiscal journals, checked as they arrive: every hash is re-computed from the entry's content
and every link to the entry before (and after, if that came first) is checked. A mismatch — an entry
edited, removed or inserted on the register — is a `journal_broken` conflict for the store and IT; an
entry whose predecessor never arrived is a `journal_gap`. The entry is kept either way: it is evidence.
"""

from __future__ import annotations

import json

from sqlalchemy import bindparam, text
from sqlmodel import Session

from sync.protocol import ConflictKind, FiscalEventKind, FiscalEventPayload, NotificationKind, Operation, journal_hash
from sync.server.conflicts import raise_conflict
from sync.server.notifications import notify
from sync.server.models import Register
from sync.server.operations import validated

__all__ = ["apply_fiscal_event", "apply_fiscal_events"]

_INSERT = text("INSERT INTO fiscaljournal (register_id, chain, seq, hash, prev_hash, kind, entity_id, at, data,"
               " verified) VALUES (:r, :c, :s, :h, :p, :k, :e, :at, :d, :v) ON CONFLICT DO NOTHING")
_AROUND = text("SELECT seq, hash, prev_hash FROM fiscaljournal WHERE register_id = :r AND chain = :c AND seq IN :seqs"
               ).bindparams(bindparam("seqs", expanding=True))
_CHUNK = 900  # sequence numbers per IN (…): under every SQLite's limit of bound parameters


def apply_fiscal_event(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    return apply_fiscal_events(session, register, [op])[0]


def apply_fiscal_events(session: Session, register: Register, ops: list[Operation]) -> list[tuple[str, str]]:
    """Each entry's outcome, in order, as if they came one after another: the neighbours they are checked
    against are read in one go (and include the entries before them in `ops`); the new ones are inserted
    together. Rejected if one of them is malformed."""
    entries = [validated(FiscalEventPayload, op, register, "fiscal journal entry") for op in ops]
    known = _stored_around(session.connection(), register.id, entries)
    rows: list[dict] = []
    outcomes = [_check(session, register, entry, known, rows) for entry in entries]
    if rows:
        session.connection().execute(_INSERT, rows)
    return outcomes


def _stored_around(conn, register_id: str, entries: list[FiscalEventPayload]) -> dict[tuple[str, int], tuple]:
    """(chain, seq) → (hash, prev_hash) of the stored entries at, just before and just after each entry."""
    known: dict[tuple[str, int], tuple] = {}
    for chain in sorted({entry.chain for entry in entries}):
        seqs = sorted({s for entry in entries if entry.chain == chain for s in (entry.seq - 1, entry.seq, entry.seq + 1)})
        for start in range(0, len(seqs), _CHUNK):
            rows = conn.execute(_AROUND, {"r": register_id, "c": chain, "seqs": seqs[start:start + _CHUNK]})
            known.update(((chain, seq), (h, p)) for seq, h, p in rows)
    return known


def _check(session: Session, register: Register, entry: FiscalEventPayload, known: dict, rows: list[dict]
           ) -> tuple[str, str]:
    """One entry against its neighbours: kept in `rows` (to insert) and `known`, flagged if it does not fit."""
    fields = entry.model_dump(mode="json")
    problems = []
    if journal_hash(entry.prev_hash, fields) != entry.hash:
        problems.append("its content does not match its hash (edited on the register)")
    before = known.get((entry.chain, entry.seq - 1)) if entry.seq > 1 else None
    if entry.seq == 1 and entry.prev_hash:
        problems.append("the first entry names a predecessor")
    if before is not None and before[0] != entry.prev_hash:
        problems.append(f"it does not follow entry {entry.seq - 1}")
    after = known.get((entry.chain, entry.seq + 1))
    if after is not None and after[1] != entry.hash:
        problems.append(f"entry {entry.seq + 1} does not follow it")
    stored = known.get((entry.chain, entry.seq))
    if stored is not None:
        if stored[0] == entry.hash:
            return "applied", "journal entry already recorded"
        problems.append(f"entry {entry.seq} was recorded with other content before")
    else:
        known[(entry.chain, entry.seq)] = (entry.hash, entry.prev_hash)
        rows.append({"r": register.id, "c": entry.chain, "s": entry.seq, "h": entry.hash, "p": entry.prev_hash,
                     "k": entry.kind, "e": entry.entity_id, "at": entry.at, "d": json.dumps(fields["data"]),
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
