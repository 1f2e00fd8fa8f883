"""Starting sync for a running register: connect, enroll in the demo, run the worker.

`start()` blocks on the network, so the app calls it from a background thread. The demo's backend runs in the
same process; the composition root (app/composition.py) hands it in as a factory, so the sync client never
imports the backend (tests/test_layering.py).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Protocol

from sqlalchemy.engine import Engine

from sync.client.credentials import TokenStore
from sync.client.engine import SyncEngine
from sync.client.events import EventListener
from sync.client.http import BackendClient, BackendSettingsInvalid
from sync.client.setup import configured_backend, enroll
from sync.client.worker import SyncStatus, SyncWorker
from sync.common.messages import message_of, translate

log = logging.getLogger(__name__)


class DemoBackend(Protocol):
    """The demo's backend in this process (sync.server.embedded.EmbeddedBackend), as the runtime uses it."""

    url: str

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def new_enrollment_secret(self, register_id: str) -> str: ...


class SyncRuntime:
    def __init__(self, replica: Engine, data_dir: Path, *, demo_backend: Callable[[], DemoBackend] | None = None,
                 on_status: Callable[[SyncStatus], None] = lambda s: None, ca_bundle: Path | None = None,
                 on_demo_backend: Callable[[DemoBackend], None] = lambda backend: None):
        """`demo_backend` makes the demo's backend (called in `start`, off the GUI thread: its imports are heavy);
        the register enrolls there by itself. None: a register of a real backend (`backend_url` in the replica)."""
        self.replica, self.data_dir, self.on_status = replica, data_dir, on_status
        self.demo_backend = demo_backend
        self.on_demo_backend = on_demo_backend  # the demo's composition root adds its history (app/composition.py)
        self.ca_bundle = ca_bundle  # the chain's own CA for the backend's certificate (app.config)
        self.embedded: DemoBackend | None = None
        self.client: BackendClient | None = None
        self.worker: SyncWorker | None = None
        self.listener: EventListener | None = None

    def start(self) -> None:
        try:
            self._start()
        except Exception as exc:  # the counter keeps selling; the indicator says why sync is off
            if isinstance(exc, BackendSettingsInvalid):  # e.g. http:// to another host: IT fixes the settings
                log.error("sync not started: %s", exc)
            else:
                log.exception("sync could not start")
            self.on_status(SyncStatus(online=False, last_error=translate(
                "sync", "Synchronisation nicht gestartet: {reason}").format(reason=message_of(exc) or str(exc))))

    def _start(self) -> None:
        if self.demo:
            self.embedded = self.demo_backend()
            self.embedded.start()
        config = configured_backend(self.replica)
        register_id = config[1] if config else self._local_register_id()
        tokens = TokenStore(register_id, allow_memory=self.demo)
        if self.demo:
            url = self.embedded.url
            if tokens.get() is None or config is None:
                store_id, _, no = register_id.partition("-")
                enroll(self.replica, base_url=url, store_id=store_id, register_no=int(no), tokens=tokens,
                       secret=self.embedded.new_enrollment_secret(register_id), ca_bundle=self.ca_bundle)
            else:
                self._set_url(url)
        elif config is None:
            self.on_status(SyncStatus(online=False,
                                      last_error=translate("sync", "Diese Kasse ist an keine Zentrale angebunden")))
            return
        else:
            url = config[0]
        self.client = BackendClient(url, token=tokens.get, ca_bundle=self.ca_bundle)
        self.worker = SyncWorker(SyncEngine(self.replica, self.client), on_status=self.on_status)
        self.worker.start()
        self.listener = EventListener(self.client, on_change=self.worker.wake)  # pull as soon as there is news
        self.listener.start()
        if self.embedded is not None:
            self.on_demo_backend(self.embedded)

    @property
    def demo(self) -> bool:
        return self.demo_backend is not None

    def _local_register_id(self) -> str:
        with self.replica.connect() as c:
            return c.exec_driver_sql("SELECT value FROM setting WHERE key = 'register_id'").scalar_one()

    def _set_url(self, url: str) -> None:
        with self.replica.begin() as c:
            c.exec_driver_sql("UPDATE setting SET value = ? WHERE key = 'backend_url'", (url,))

    def wake(self) -> None:
        if self.worker is not None:
            self.worker.wake()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
        if self.worker is not None:
            self.worker.stop()
        if self.client is not None:
            self.client.close()
        if self.embedded is not None:
            self.embedded.stop()
