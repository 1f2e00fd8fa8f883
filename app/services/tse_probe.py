"""Noticing that a failed TSE is back: a thread that asks it now and then while an outage is open."""

from __future__ import annotations

import logging
import threading

from app.services.signing import Signing

__all__ = ["TseProbe"]

log = logging.getLogger(__name__)


class TseProbe:
    """A daemon thread that, while an outage is open, asks the device every `interval_s` whether it is back.
    `on_change` is called (on this thread) when the state changes; the UI relays it to the GUI thread."""

    def __init__(self, signing: Signing, *, interval_s: float = 30.0, on_change=None):
        self.signing, self.interval_s, self.on_change = signing, interval_s, on_change
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tresen-tse-probe", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self.signing.available:
                continue
            try:
                back = self.signing.probe()
            except Exception:  # the database may be busy or the disk full: try again next time
                log.exception("TSE probe failed")
                continue
            if back and self.on_change is not None:
                self.on_change()

