"""Tresen: an offline-first point-of-sale client for store associates."""

__version__ = "0.1.0"
