"""The DSFinV-K export at the register: its own closings, read from its own fiscal journal in the replica
(table `fiscalevent`), so a manager can hand a tax auditor the export while the backend is unreachable.

The export itself is the backend's (sync.dsfinvk); this module is its source on the replica. An entry
counts as verified when the register's chain verifies up to it (app.services.journal.verify): from the
first entry that does not, nothing is verified, and the export reports what it leaves out. The replica
keeps no customers (they are looked up online), so KUNDE_NAME stays empty; KUNDE_ID is exported."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import Connection
from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.services.auth import ApprovalNeeded, AssociateSession
from app.services.context import RegisterContext
from app.services.journal import JournalBroken, verify
from sync.common.messages import translate
from sync.dsfinvk import RECEIPT_KINDS, Entry, ExportReport, export_dsfinvk, parse_time

__all__ = ["ExportApprovalNeeded", "ReplicaJournal", "export_own_closings", "replica_journal"]

_COLUMNS = "register_id, chain, seq, kind, entity_id, at, data"
_CHUNK = 500  # ids per IN (...): SQLite allows a limited number of parameters per statement


class ExportApprovalNeeded(ApprovalNeeded):
    """An associate asked for the export: a manager's PIN is needed."""


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(set(values))
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i:i + _CHUNK]


class ReplicaJournal:
    """The reads of one export (sync.dsfinvk.JournalSource) on one connection of the replica: the closings of
    this register only."""

    place, keeper = "in der Kasse", "der Kasse"  # stays German: spliced into the German DSFinV-K findings

    def __init__(self, conn: Connection, *, register_id: str):
        self.conn, self.register_id = conn, register_id
        self.broken: JournalBroken | None = None  # where the chain stopped verifying, if it did
        with Session(bind=conn) as session:
            try:
                verify(session)
            except JournalBroken as exc:
                self.broken = exc

    def _verified(self, seq: int) -> bool:
        return self.broken is None or seq < self.broken.seq

    def _entries(self, where: str, params: tuple = ()) -> list[Entry]:
        rows = self.conn.exec_driver_sql(
            f"SELECT {_COLUMNS} FROM fiscalevent WHERE register_id = ? AND {where} ORDER BY seq",
            (self.register_id, *params))
        return [Entry(register_id, chain, int(seq), kind, entity_id or "", parse_time(at), json.loads(data),
                      self._verified(int(seq)))
                for register_id, chain, seq, kind, entity_id, at, data in rows]

    def _closing_seq(self, entry: Entry, *, before: bool) -> int | None:
        """The seq of the nearest closing before (or after) `entry` in its journal."""
        sql = ("SELECT max(seq) FROM fiscalevent WHERE register_id = ? AND chain = ? AND kind = 'closing' AND seq < ?"
               if before else
               "SELECT min(seq) FROM fiscalevent WHERE register_id = ? AND chain = ? AND kind = 'closing' AND seq > ?")
        return self.conn.exec_driver_sql(sql, (self.register_id, entry.chain, entry.seq)).scalar()

    # -- master data ----------------------------------------------------------------------------------
    def store(self, store_id: str) -> dict[str, Any] | None:
        row = self.conn.exec_driver_sql("SELECT id, name, street, city, vat_id FROM location WHERE id = ?",
                                        (store_id,)).first()
        return dict(row._mapping) if row is not None else None

    def master_data(self, register_id: str) -> list[Entry]:
        if register_id != self.register_id:
            return []
        return sorted(self._entries("kind = 'master_data'"), key=lambda e: (e.at, e.chain, e.seq))

    # -- closings and their receipts --------------------------------------------------------------------
    def closings(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        found = self._entries("kind = 'closing' AND location_id = ?", (store_id,))
        return sorted((e for e in found if start <= e.at < end), key=lambda e: (e.at, e.chain, e.seq))

    def span(self, closing: Entry) -> tuple[int, list[Entry]]:
        after = self._closing_seq(closing, before=True) or 0
        return after, self._entries("chain = ? AND seq > ? AND seq < ?", (closing.chain, after, closing.seq))

    def closing_after(self, entry: Entry) -> Entry | None:
        seq = self._closing_seq(entry, before=False)
        found = self._entries("chain = ? AND seq = ?", (entry.chain, seq)) if seq is not None else []
        return found[0] if found else None

    def receipts(self, entity_ids: Iterable[str], kinds: Iterable[str] = ("sale",)) -> dict[str, Entry]:
        kinds = tuple(kinds)
        found: dict[str, Entry] = {}
        for chunk in _chunks(i for i in entity_ids if i):
            marks = ",".join("?" * len(chunk))
            for e in self._entries(f"entity_id IN ({marks}) AND kind IN ({','.join('?' * len(kinds))})",
                                   (*chunk, *kinds)):
                found[e.entity_id] = e
        return found

    def unclosed(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        last = dict(self.conn.exec_driver_sql(
            "SELECT chain, max(CASE WHEN kind = 'closing' THEN seq ELSE 0 END) FROM fiscalevent"
            " WHERE register_id = ? GROUP BY chain ORDER BY chain", (self.register_id,)).all())
        kinds = ",".join("?" * len(RECEIPT_KINDS))
        found = []
        for chain, after in last.items():
            found += self._entries(f"chain = ? AND location_id = ? AND kind IN ({kinds}) AND seq > ?",
                                   (chain, store_id, *RECEIPT_KINDS, after))
        return [e for e in found if start <= e.at < end]

    # -- rows a journal entry names by id ------------------------------------------------------------------
    def products(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for chunk in _chunks(int(i) for i in ids if i is not None):
            marks = ",".join("?" * len(chunk))
            rows = self.conn.exec_driver_sql(f"SELECT id, sku, name, vat_class FROM product WHERE id IN ({marks})",
                                             tuple(chunk))
            found.update({r.id: dict(r._mapping) for r in rows})
        return found

    def customers(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        return {}  # the replica keeps no customers


@contextmanager
def replica_journal(engine: Engine, *, register_id: str) -> Iterator[ReplicaJournal]:
    """The register's journal in one snapshot of the replica: a sale booked while the export reads is
    not half seen (WAL: the register keeps selling meanwhile)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        try:
            yield ReplicaJournal(conn, register_id=register_id)
        finally:
            conn.rollback()


def export_own_closings(ctx: RegisterContext, associate: AssociateSession, *, date_from: date, date_to: date,
                        out_dir: Path | str, approver_pin: str | None = None) -> ExportReport:
    """Write the DSFinV-K export of this register's closings made from `date_from` to `date_to` (local
    days, both included) into `out_dir`. A manager's job: an associate needs a manager's PIN
    (ExportApprovalNeeded without one). Raises sync.dsfinvk.ExportError for a range that ends before it
    starts, OSError when the files cannot be written."""
    ctx.auth.approve(associate, pin=approver_pin, action="dsfinvk_export", register_id=ctx.register_id,
                     date_from=date_from.isoformat(), date_to=date_to.isoformat(),
                     refused=ExportApprovalNeeded(translate("dsfinvk", "Den DSFinV-K-Export gibt eine Marktleitung "
                                                                       "frei")))
    with replica_journal(ctx.engine, register_id=ctx.register_id) as journal:
        report = export_dsfinvk(journal, store_id=ctx.store.id, date_from=date_from, date_to=date_to,
                                out_dir=out_dir)
    if journal.broken is not None:
        report.problems.insert(0, translate("dsfinvk", "Das Journal dieser Kasse ist ab Eintrag {seq} nicht "
                                                       "verifizierbar (Hash oder Verkettung stimmt nicht): alles ab "
                                                       "dort fehlt im Export").format(seq=journal.broken.seq))
    return report
