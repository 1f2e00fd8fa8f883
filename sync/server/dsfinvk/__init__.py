"""DSFinV-K export of the backend: the closings of a store's registers, read from the journals they sent
(journal.py) and exported by the neutral sync.dsfinvk, which a register uses for its own closings too;
`python -m sync.server export-dsfinvk` (cli.py)."""

from sync.dsfinvk import STORE_TIMEZONE, ExportError, ExportReport
from sync.server.dsfinvk.journal import Journal, export_store

__all__ = ["STORE_TIMEZONE", "ExportError", "ExportReport", "Journal", "export_store"]
