"""Scanning: telling a keyboard-wedge scanner from a typing person, and (later) camera decoding."""

from app.scanning.wedge import WedgeAction, WedgeDetector

__all__ = ["WedgeAction", "WedgeDetector"]
