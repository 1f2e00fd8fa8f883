"""The register's end of the push channel (sync/server/events.py): it holds `GET /v1/events` open and wakes the
sync worker whenever the backend says its store has something new, so a new click & collect order is on the
screen within a second or two instead of with the next regular pull.

It only ever wakes the worker: the worker's pull remains the one path by which data enters the replica. While
the backend is away it tries again, backing off, and the worker's own timer goes on meanwhile.
"""

from __future__ import annotations

import logging
import random
import threading
from typing import Callable

from sync.client.http import BackendClient, BackendRejected, BackendUnavailable, BadResponse
from sync.client.worker import backoff_delay

__all__ = ["EventListener", "FOLLOW_UP_S"]

FOLLOW_UP_S = (1.0, 4.0)  # after a wake, pull again this long after it

log = logging.getLogger(__name__)


class EventListener:
    def __init__(self, client: BackendClient, on_change: Callable[[], None], *, base_backoff_s: float = 1.0,
                 max_backoff_s: float = 60.0, rng: random.Random | None = None):
        self.client, self.on_change = client, on_change
        self.base_backoff_s, self.max_backoff_s = base_backoff_s, max_backoff_s
        self.rng = rng or random.Random()
        self.connected = threading.Event()  # set while a stream is open (tests and the status wait for it)
        self.events = 0  # "changes" heard, for the status and tests
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._timers: list[threading.Timer] = []

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="tresen-events", daemon=True)
        self._thread.start()

    def _follow_up(self) -> None:
        """Once more a moment later: on PostgreSQL a pull shows a change only when every transaction that began
        before it has ended (sync/server/feed.py), so the pull right after the wake can come too early; a
        second and a third catch it. One set pending at a time."""
        for timer in self._timers:
            timer.cancel()
        self._timers = [threading.Timer(delay, lambda: None if self._stop.is_set() else self.on_change())
                        for delay in FOLLOW_UP_S]
        for timer in self._timers:
            timer.daemon = True
            timer.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for timer in self._timers:
            timer.cancel()
        self.client.close_events()  # ends a read that waits for the next line
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                for event in self.client.events(stop=self._stop.is_set):
                    self.connected.set()
                    failures = 0
                    if event == "changes":
                        self.events += 1
                        self.on_change()
                        self._follow_up()
            except BackendRejected as exc:  # e.g. the token was revoked: the worker reports it
                log.info("event stream refused: %s", exc)
                failures = max(failures, 6)
            except (BackendUnavailable, BadResponse) as exc:
                log.debug("event stream interrupted: %s", exc)
                failures += 1
            except Exception:  # never let the listener die: the worker's timer still syncs, but later
                log.exception("event stream failed")
                failures += 1
            self.connected.clear()
            if failures:
                self._stop.wait(backoff_delay(failures, base_s=self.base_backoff_s, max_s=self.max_backoff_s,
                                              rng=self.rng))
