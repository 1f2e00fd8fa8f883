"""DSFinV-K export of the backend: the closings of a store's registers, made from their fiscal journals,
as the 20 CSV files the official index.xml (shipped in spec/) describes."""

from sync.server.dsfinvk.export import STORE_TIMEZONE, ExportError, ExportReport, export_dsfinvk

__all__ = ["STORE_TIMEZONE", "ExportError", "ExportReport", "export_dsfinvk"]
