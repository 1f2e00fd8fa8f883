"""What the export reads, whoever keeps the journals: the backend (every register of a store, table
`fiscaljournal`: sync/server/dsfinvk/journal.py) or a register itself (its own journal in its replica,
table `fiscalevent`: app/services/dsfinvk_export.py). Both hold the same entries; the export works on
`Entry` objects alone and never sees a database.

A closing covers the receipts of its journal (`chain`) after the previous closing there, by `seq`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Protocol

__all__ = ["RECEIPT_KINDS", "Entry", "JournalSource", "parse_time"]

#: The journal entries that are receipts (Bons) of a closing.
RECEIPT_KINDS = ("sale", "training", "return", "void", "cash_movement")


def parse_time(value: str) -> datetime:
    """An ISO time from a journal entry; the registers write UTC, a naive one among them too."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Entry:
    register_id: str
    chain: str
    seq: int
    kind: str
    entity_id: str
    at: datetime
    data: dict[str, Any]
    verified: bool  # its hash and its link to the entry before checked out where it is kept

    @property
    def where(self) -> str:
        """How a problem names the entry."""
        return f"Kasse {self.register_id}, Journal {self.chain[:8]}, Eintrag {self.seq} ({self.kind})"


class JournalSource(Protocol):
    """The reads of one export, all from one consistent state of the journals (one snapshot)."""

    #: Where the journals are kept, as a finding names it: "im Backend", "in der Kasse".
    place: str
    #: The same as a genitive: "des Backends", "der Kasse".
    keeper: str

    def store(self, store_id: str) -> dict[str, Any] | None:
        """The store's row (name, street, city, vat_id), or None when it is unknown here."""

    def master_data(self, register_id: str) -> list[Entry]:
        """Every `master_data` entry of the register, oldest first (its chains in the order they began)."""

    def closings(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        """The closings made in [start, end) that this source exports, by register and time."""

    def span(self, closing: Entry) -> tuple[int, list[Entry]]:
        """The entries between the previous closing of its journal and `closing` (both excluded), with the
        seq they start after: missing seqs are entries that never arrived."""

    def closing_after(self, entry: Entry) -> Entry | None:
        """The closing that covers `entry` (the first one after it in its journal), if made yet."""

    def receipts(self, entity_ids: Iterable[str], kinds: Iterable[str] = ("sale",)) -> dict[str, Entry]:
        """Receipts by their ids (the originals of returns), as far as this source knows them."""

    def unclosed(self, store_id: str, start: datetime, end: datetime) -> list[Entry]:
        """Receipts made in [start, end) that no closing covers (yet): after the last closing of their
        journal."""

    def products(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Product rows by id: sku, name, vat_class."""

    def customers(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Customer rows by id: name, card_no (as far as this source keeps customers)."""
