"""The DSFinV-K export: closings made from the registers' fiscal journals, written as the 20 CSV files
the official index.xml (shipped in spec/, with its DTD) describes.

Pure Python, without a database: whoever keeps the journals reads them through a `JournalSource` — the
backend for a store's registers (sync/server/dsfinvk), a register for its own closings
(app/services/dsfinvk_export.py) — so both may import this package and neither the other."""

from sync.dsfinvk.export import STORE_TIMEZONE, ExportError, ExportReport, export_dsfinvk
from sync.dsfinvk.source import RECEIPT_KINDS, Entry, JournalSource, parse_time

__all__ = ["RECEIPT_KINDS", "STORE_TIMEZONE", "Entry", "ExportError", "ExportReport", "JournalSource",
           "export_dsfinvk", "parse_time"]
