"""The backend as a source of the DSFinV-K export (sync.dsfinvk): the registers' fiscal journals (table
`fiscaljournal`, as the registers sent them and the backend checked them: `verified`), the store and
register master data, and the product and customer rows a journal entry only names by id. Plain
SQLAlchemy Core, so the same queries run on SQLite and PostgreSQL; every read goes through one
connection, one snapshot (`export_store` opens it).

A closing covers the receipts of its journal (`chain`) after the previous closing there, by `seq`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import Engine

from sync.dsfinvk import STORE_TIMEZONE, ExportReport, export_dsfinvk
from sync.dsfinvk.source import RECEIPT_KINDS, Entry, parse_time
from sync.server.models import Customer, FiscalJournalEntry, Location, Product, Register

__all__ = ["Journal", "export_store"]

_J = FiscalJournalEntry.__table__
_COLUMNS = (_J.c.register_id, _J.c.chain, _J.c.seq, _J.c.kind, _J.c.entity_id, _J.c.at, _J.c.data, _J.c.verified)


def _entry(row) -> Entry:
    register_id, chain, seq, kind, entity_id, at, data, verified = row
    return Entry(register_id, chain, int(seq), kind, entity_id or "", parse_time(at), dict(data or {}),
                 bool(verified))


class Journal:
    """The reads of one export, on one connection: the closings of every register of a store."""

    place, keeper = "im Backend", "des Backends"

    def __init__(self, conn: Connection):
        self.conn = conn

    def _entries(self, *where, order=(_J.c.seq,)) -> list[Entry]:
        return [_entry(r) for r in self.conn.execute(select(*_COLUMNS).where(*where).order_by(*order))]

    # -- master data ----------------------------------------------------------------------------------
    def store(self, store_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(select(Location.__table__).where(Location.__table__.c.id == store_id)).first()
        return dict(row._mapping) if row is not None else None

    def registers(self, store_id: str) -> list[str]:
        r = Register.__table__
        return list(self.conn.execute(select(r.c.id).where(r.c.store_id == store_id).order_by(r.c.id)).scalars())

    def master_data(self, register_id: str) -> list[Entry]:
        """Every `master_data` entry of the register, oldest first (its chains in the order they began)."""
        return sorted(self._entries(_J.c.register_id == register_id, _J.c.kind == "master_data"),
                      key=lambda e: (e.at, e.chain, e.seq))

    # -- closings and their receipts --------------------------------------------------------------------
    def closings(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        """The closings of the store's registers made in [start, end), by register and time."""
        registers = select(Register.__table__.c.id).where(Register.__table__.c.store_id == store_id)
        found = self._entries(_J.c.register_id.in_(registers), _J.c.kind == "closing")
        return sorted((e for e in found if start <= e.at < end),
                      key=lambda e: (e.register_id, e.at, e.chain, e.seq))

    def previous_closing_seq(self, closing: Entry) -> int:
        """The seq of the closing before `closing` in its journal; 0 when it is the first."""
        found = self.conn.execute(select(func.max(_J.c.seq)).where(
            _J.c.register_id == closing.register_id, _J.c.chain == closing.chain, _J.c.kind == "closing",
            _J.c.seq < closing.seq)).scalar()
        return int(found or 0)

    def span(self, closing: Entry) -> tuple[int, list[Entry]]:
        """The entries between the previous closing of its journal and `closing` (both excluded), with the
        seq they start after: missing seqs are entries that never arrived."""
        after = self.previous_closing_seq(closing)
        return after, self._entries(_J.c.register_id == closing.register_id, _J.c.chain == closing.chain,
                                    _J.c.seq > after, _J.c.seq < closing.seq)

    def closing_after(self, entry: Entry) -> Entry | None:
        """The closing that covers `entry` (the first one after it in its journal), if made yet."""
        seq = self.conn.execute(select(func.min(_J.c.seq)).where(
            _J.c.register_id == entry.register_id, _J.c.chain == entry.chain, _J.c.kind == "closing",
            _J.c.seq > entry.seq)).scalar()
        if seq is None:
            return None
        found = self._entries(_J.c.register_id == entry.register_id, _J.c.chain == entry.chain, _J.c.seq == seq)
        return found[0] if found else None

    def receipts(self, entity_ids: Iterable[str], kinds: Iterable[str] = ("sale",)) -> dict[str, Entry]:
        """Receipts by their ids (the originals of returns), from any register: one query."""
        wanted = sorted({i for i in entity_ids if i})
        if not wanted:
            return {}
        return {e.entity_id: e for e in self._entries(_J.c.entity_id.in_(wanted), _J.c.kind.in_(tuple(kinds)))}

    def unclosed(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        """Receipts made in [start, end) that no closing covers (yet): after the last closing of their
        journal."""
        registers = select(Register.__table__.c.id).where(Register.__table__.c.store_id == store_id)
        chains = self.conn.execute(select(_J.c.register_id, _J.c.chain).where(_J.c.register_id.in_(registers))
                                   .group_by(_J.c.register_id, _J.c.chain)).all()
        last = {(r, c): s for r, c, s in self.conn.execute(
            select(_J.c.register_id, _J.c.chain, func.max(_J.c.seq)).where(
                _J.c.register_id.in_(registers), _J.c.kind == "closing").group_by(_J.c.register_id, _J.c.chain))}
        found = []
        for register_id, chain in sorted(chains):
            found += self._entries(_J.c.register_id == register_id, _J.c.chain == chain,
                                   _J.c.kind.in_(RECEIPT_KINDS), _J.c.seq > last.get((register_id, chain), 0))
        return [e for e in found if start <= e.at < end]

    # -- rows a journal entry names by id ------------------------------------------------------------------
    def products(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = sorted({int(i) for i in ids if i is not None})
        if not wanted:
            return {}
        p = Product.__table__
        rows = self.conn.execute(select(p.c.id, p.c.sku, p.c.name, p.c.vat_class).where(p.c.id.in_(wanted)))
        return {r.id: dict(r._mapping) for r in rows}

    def customers(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = sorted({int(i) for i in ids if i is not None})
        if not wanted:
            return {}
        c = Customer.__table__
        rows = self.conn.execute(select(c.c.id, c.c.name, c.c.card_no).where(c.c.id.in_(wanted)))
        return {r.id: dict(r._mapping) for r in rows}


def export_store(engine: Engine, *, store_id: str, date_from: date, date_to: date, out_dir: Path | str,
                 timezone: str = STORE_TIMEZONE) -> ExportReport:
    """The export of `store_id`'s closings (sync.dsfinvk.export_dsfinvk), read in one snapshot of the
    backend's database."""
    connection = engine.connect()
    if engine.dialect.name == "postgresql":  # one snapshot for every read
        connection = connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with connection as conn:
        try:
            return export_dsfinvk(Journal(conn), store_id=store_id, date_from=date_from, date_to=date_to,
                                  out_dir=out_dir, timezone=timezone)
        finally:
            conn.rollback()
