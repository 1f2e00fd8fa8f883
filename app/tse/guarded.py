"""A TSE whose unexpected errors are outages: whatever a driver raises that is not a `TseError` (a bug, a closed
file, a library's own exception) becomes `TseUnavailable`, so the counter goes on and the outage names it; the
log keeps the whole story."""

from __future__ import annotations

import logging

from app.tse.interface import TseError, TseUnavailable

__all__ = ["Guarded"]

log = logging.getLogger(__name__)


class Guarded:
    def __init__(self, device):
        self.device = device

    def __getattr__(self, name):
        attr = getattr(self.device, name)
        if not callable(attr):
            return attr

        def call(*args, **kwargs):
            try:
                return attr(*args, **kwargs)
            except TseError:
                raise
            except Exception as exc:
                log.exception("TSE call %s failed unexpectedly", name)
                raise TseUnavailable(f"{type(exc).__name__}: {exc}"[:300]) from exc
        return call
