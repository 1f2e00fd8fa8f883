"""The network executor: slow device and network calls run off the GUI thread.

A task gets a `TaskState` (Orange3-style) for cancel, never touches widgets,
and its result comes back to the GUI thread as a queued Qt signal.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal


class TaskState:
    def __init__(self) -> None:
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class _Relay(QObject):
    done = Signal(object, object)  # result, exception


class _Task(QRunnable):
    def __init__(self, fn: Callable[[TaskState], Any], state: TaskState, relay: _Relay):
        super().__init__()
        self.fn, self.state, self.relay = fn, state, relay

    def run(self) -> None:
        try:
            result = self.fn(self.state)
        except Exception as exc:  # handed to the GUI thread, which shows a message
            self.relay.done.emit(None, exc)
        else:
            self.relay.done.emit(result, None)


def on_gui_thread(on_done: Callable[[Any, Exception | None], None]) -> Callable[[Any, Exception | None], None]:
    """`on_done` made callable from any thread (the sync worker): it runs later on the GUI thread."""
    relay = _Relay()
    _waiting.add(relay)  # kept alive until it has delivered

    def deliver(result, exc):
        _waiting.discard(relay)
        on_done(result, exc)

    relay.done.connect(deliver, Qt.QueuedConnection)
    return relay.done.emit


_waiting: set[_Relay] = set()


class NetworkExecutor:
    """One worker thread for terminals, printers and the network, in order."""

    def __init__(self) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def submit(self, fn: Callable[[TaskState], Any], on_done: Callable[[Any, Exception | None], None]) -> TaskState:
        state = TaskState()
        relay = _Relay()
        self._relays.add(relay)

        def finish(result, exc):
            self._relays.discard(relay)
            if not state.cancelled:
                on_done(result, exc)

        # Queued: the callback runs in the relay's (the GUI) thread, never in the worker.
        relay.done.connect(finish, Qt.QueuedConnection)
        self._pool.start(_Task(fn, state, relay))
        return state

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)
