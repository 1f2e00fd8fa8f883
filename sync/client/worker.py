"""The background sync loop: push then pull, backing off while the backend is away.

Runs in its own thread and never touches the UI: it reports a `SyncStatus`
through a callback, which the Qt layer turns into a signal on the GUI thread.

It is the register's one sync path. Anything else that changes the backend's
state and wants to see the result in the replica (a manager acknowledging a
conflict) hands the worker an action (`submit`): it runs on the sync thread,
followed by a whole round, push before pull, and only then is the caller told.
A pull of its own, beside the worker, could bring a stock row before this
register's answer for the movement in it (sync/PROTOCOL.md, "One sync path").
"""

from __future__ import annotations

import logging
import random
import threading
from collections import deque
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Callable

from sync.client.engine import PENDING_SQL, SyncEngine
from sync.client.http import BackendClient, BackendRejected, BackendUnavailable, BadResponse
from sync.client.refusals import refusal_message
from sync.common.messages import Message, message_of, translate

#: An action for the backend, run on the sync thread with the engine's client.
Action = Callable[[BackendClient], Any]
#: Told (result, exception) on the sync thread once the round after the action has run.
Done = Callable[[Any, Exception | None], None]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    online: bool | None = None  # None: not tried yet
    pending: int = 0  # outbox entries not yet answered by the backend
    rejected: int = 0  # entries the backend refused for good (need IT)
    open_conflicts: int = 0
    last_success: datetime | None = None
    last_error: Message | str = ""  # "": none
    progress: tuple[int, int | None] | None = None  # (changes pulled, estimate) during a long pull


def local_failure(exc: Exception) -> Message:
    """What went wrong on this register, for the associate; the details are in the log."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == 28 or "disk is full" in text or "no space" in text:
        return translate("sync", "Synchronisation angehalten: der Speicher dieser Kasse ist voll – "
                                 "bitte IT verständigen")
    if "locked" in text:
        return translate("sync", "Synchronisation wartet: die lokale Datenbank ist gerade belegt")
    return translate("sync", "Synchronisation fehlgeschlagen – Details im Protokoll; bitte IT verständigen, "
                             "wenn es anhält")


def backoff_delay(failures: int, *, base_s: float, max_s: float, rng: random.Random) -> float:
    """Exponential backoff with full jitter: uniform in [base, min(max, base * 2^failures)]."""
    ceiling = min(max_s, base_s * (2 ** failures))
    return rng.uniform(base_s, max(base_s, ceiling))


class SyncWorker:
    def __init__(self, engine: SyncEngine, *, on_status: Callable[[SyncStatus], None] = lambda s: None,
                 interval_s: float = 20.0, base_backoff_s: float = 2.0, max_backoff_s: float = 300.0,
                 rng: random.Random | None = None):
        self.engine = engine
        self.on_status = on_status
        self.interval_s, self.base_backoff_s, self.max_backoff_s = interval_s, base_backoff_s, max_backoff_s
        self.rng = rng or random.Random()
        self.status = SyncStatus()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._actions: deque[tuple[Action, Done]] = deque()
        self.failures = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="tresen-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        while self._actions:  # never run: the caller hears so
            _, on_done = self._actions.popleft()
            on_done(None, BackendUnavailable(translate("sync", "Synchronisation beendet")))

    def wake(self) -> None:
        """Sync now (after a sale, or when the associate asks)."""
        self._wake.set()

    def submit(self, action: Action, on_done: Done) -> None:
        """Run `action` on the sync thread, then a whole sync round; `on_done(result, exc)` follows
        (on the sync thread: a UI relays it to its own). The replica then holds what the action changed,
        unless the round failed, which the status reports as usual."""
        self._actions.append((action, on_done))
        self._wake.set()

    @property
    def queued(self) -> int:
        """Actions waiting for the sync thread."""
        return len(self._actions)

    def _run_actions(self) -> list[tuple[Done, Any, Exception | None]]:
        outcomes = []
        while self._actions:
            action, on_done = self._actions.popleft()
            try:
                outcomes.append((on_done, action(self.engine.client), None))
            except Exception as exc:  # the caller shows it; the sync goes on
                outcomes.append((on_done, None, exc))
        return outcomes

    def _publish(self, **changes) -> None:
        self.status = replace(self.status, **changes)
        try:
            self.on_status(self.status)
        except Exception:  # a broken listener must not stop the sync
            log.exception("sync status listener failed")

    def _counts(self) -> dict:
        with self.engine.replica.connect() as c:
            pending = c.exec_driver_sql(PENDING_SQL).scalar_one()
            rejected = c.exec_driver_sql("SELECT count(*) FROM outboxentry WHERE status = 'rejected'").scalar_one()
            conflicts = c.exec_driver_sql("SELECT count(*) FROM conflict WHERE status = 'open'").scalar_one()
        return {"pending": pending, "rejected": rejected, "open_conflicts": conflicts}

    def run_once(self) -> float:
        """The queued actions, then one sync attempt; returns how long to wait before the next."""
        outcomes = self._run_actions()
        try:
            return self._sync()
        finally:
            for on_done, result, exc in outcomes:
                try:
                    on_done(result, exc)
                except Exception:  # a broken callback must not stop the sync
                    log.exception("sync action callback failed")

    def _sync(self) -> float:
        try:
            self.engine.sync_once(should_stop=self._stop.is_set,
                                  progress=lambda done, total: self._publish(progress=(done, total)))
        except (BackendUnavailable, BadResponse) as exc:
            self.failures += 1
            self._publish(online=False, last_error=message_of(exc) or str(exc), progress=None, **self._counts())
            return backoff_delay(self.failures, base_s=self.base_backoff_s, max_s=self.max_backoff_s, rng=self.rng)
        except BackendRejected as exc:  # e.g. the token was revoked: retrying soon will not help
            self.failures += 1
            refused = translate("sync", "Zentrale lehnt ab: {reason}").format(reason=refusal_message(exc) or exc.detail)
            self._publish(online=False, last_error=refused, progress=None, **self._counts())
            return self.max_backoff_s
        except Exception as exc:  # e.g. the local disk is full: report, keep the worker alive
            log.exception("sync failed")
            self.failures += 1
            self._publish(last_error=local_failure(exc), progress=None, **self._counts())
            return backoff_delay(self.failures, base_s=self.base_backoff_s, max_s=self.max_backoff_s, rng=self.rng)
        self.failures = 0
        self._publish(online=True, last_error="", last_success=datetime.now(timezone.utc), progress=None,
                      **self._counts())
        return self.interval_s

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.run_once()
            if not self._actions:  # one submitted since is run at once
                self._wake.wait(delay)
            self._wake.clear()
