"""The composition root: this register built from its configuration — the TSE, the card terminal, the receipt
printer, the camera, the backend client — without Qt. app/ui/app.py calls it and builds only the widgets.

The configuration is read, in this order, from the command line, the environment (`TRESEN_*`) and the replica's
per-register settings (app/register_config.py). The demo is made only when asked for (`--demo`): an unconfigured
replica stays empty otherwise, and app/ui/app.py decides what happens then (`needs_setup`). A replica the demo
made stays the demo: its own backend beside it (`backend.sqlite3`) or its mark in the replica.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from sqlalchemy.engine import Engine

from app.config import backend_ca_bundle, data_dir, replica_path
from app.demo import HISTORY_DAYS
from app.payment.terminal import NoTerminal, PaymentTerminal
from app.register_config import (CashDrawer, Language, RegisterConfig, RegisterKey, TerminalKind, TseKind,
                                 resolve)
from app.services.checkout import finish_interrupted
from app.services.context import RegisterContext
from app.services.tse_probe import TseProbe
from app.store.db import open_replica
from app.tse.factory import open_tse
from app.tse.interface import Tse
from sync.client.runtime import DemoBackend, SyncRuntime

log = logging.getLogger(__name__)

DEMO_BACKEND_FILE = "backend.sqlite3"
DEMO_TERMINAL_DELAY_S = 0.8  # the demo's simulated terminal takes a moment, as a real one does


def parse_args(argv: list[str]) -> argparse.Namespace:
    # stays German: the command line's help
    p = argparse.ArgumentParser(prog="python -m app", description="Tresen – Kasse")
    p.add_argument("--demo", action="store_true",
                   help="an unconfigured register becomes the demo store (its own backend, simulators, sample data)")
    p.add_argument("--data-dir", help="folder of the local replica (default: the per-user data folder)")
    p.add_argument("--printer", help="receipt printer: network:HOST[:PORT], usb:VID:PID or file:PATH (TRESEN_PRINTER)")
    p.add_argument("--cash-drawer", choices=[c.value for c in CashDrawer],
                   help="the cash drawer: opened by the printer's kick pulse (default) or none (TRESEN_CASH_DRAWER)")
    p.add_argument("--terminal", choices=[t.value for t in TerminalKind],
                   help="card terminal: simulator (the demo's default) or none (the default elsewhere; "
                        "TRESEN_TERMINAL). No driver for a real terminal yet")
    p.add_argument("--tse", choices=[t.value for t in TseKind],
                   help="TSE: simulator (the demo's default; not certified), fiskaly or none (TRESEN_TSE; default "
                        "outside the demo: none, receipts marked unsigned)")
    p.add_argument("--language", choices=[lang.value for lang in Language],
                   help="de or en: Qt's own texts (the app's texts are German for now; TRESEN_LANGUAGE)")
    p.add_argument("--camera", help="camera for scanning: an index (0, 1, …) or fake:PATH (images or a video); "
                                    "default: offer the cameras that open (TRESEN_CAMERA)")
    p.add_argument("--demo-products", type=int, default=1000, help="catalog size when creating the demo store")
    p.add_argument("--demo-history-days", type=int, default=HISTORY_DAYS, metavar="D",
                   help="the demo's first start makes D days of history in every store, in the background")
    p.add_argument("--no-sync", action="store_true", help="do not start the sync (and, in the demo, no backend)")
    p.add_argument("--backend-ca", help="PEM file with the chain's own CA for the backend's HTTPS certificate "
                   "(TRESEN_BACKEND_CA; default: the public CAs)")
    p.add_argument("--kiosk", action="store_true",
                   help="full screen, for counter PCs without a window manager")
    p.add_argument("--startup-probe", action="store_true",
                   help="print 'ready SECONDS' once the first screen is usable, then quit (benchmarks)")
    return p.parse_args(argv)


def open_register_replica(args: argparse.Namespace) -> Engine:
    """The replica in the data folder, created and migrated if need be (raises StoreError)."""
    return open_replica(replica_path(args.data_dir))


def stored_settings(engine: Engine) -> dict[str, str]:
    with engine.connect() as c:
        return dict(c.exec_driver_sql("SELECT key, value FROM setting").all())


def is_configured(engine: Engine) -> bool:
    """The replica knows which register it is (set up at a backend, or made the demo)."""
    return "register_id" in stored_settings(engine)


def seed_demo_if_asked(engine: Engine, args: argparse.Namespace) -> bool:
    """With `--demo`, an unconfigured replica becomes the demo store (marked as such); True if it was made now."""
    if not args.demo or is_configured(engine):
        return False
    from app.demo.replica import seed_demo  # the demo's data only when it is made

    seed_demo(engine, products=args.demo_products)
    with engine.begin() as c:
        c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, '1') ON CONFLICT(key) DO NOTHING",
                          (RegisterKey.DEMO.value,))
    return True


def is_demo(stored: Mapping[str, str], folder: Path, *, asked: bool) -> bool:
    """The demo runs its own backend: a replica the demo made (its mark, or its backend beside it), or one asked
    to be the demo (`--demo`) that no real backend knows. A register enrolled at a backend never becomes it."""
    if stored.get(RegisterKey.DEMO.value) == "1" or (folder / DEMO_BACKEND_FILE).exists():
        return True
    if asked and "backend_url" in stored:
        log.warning("--demo ignored: this register is enrolled at %s", stored["backend_url"])
        return False
    return asked


def load_config(args: argparse.Namespace, engine: Engine, *, environment: Mapping[str, str] | None = None
                ) -> RegisterConfig:
    """This register's configuration: the command line, then the environment, then the replica's settings."""
    environment = os.environ if environment is None else environment
    folder = data_dir(args.data_dir)
    stored = stored_settings(engine)
    command_line = {RegisterKey.PRINTER: args.printer, RegisterKey.CASH_DRAWER: args.cash_drawer,
                    RegisterKey.TERMINAL: args.terminal, RegisterKey.TSE: args.tse,
                    RegisterKey.LANGUAGE: args.language, RegisterKey.CAMERA: args.camera}
    return resolve(command_line, environment, stored, data_dir=folder, demo=is_demo(stored, folder, asked=args.demo),
                   sync=not args.no_sync, backend_ca=backend_ca_bundle(args.backend_ca),
                   demo_history_days=args.demo_history_days)


def build_terminal(config: RegisterConfig) -> PaymentTerminal:
    """The card terminal: the simulator when configured (the demo's default), else none. There is no driver for
    a real terminal yet (ZVT/OPI)."""
    if config.terminal is TerminalKind.SIMULATOR:
        from app.payment.simulator import TerminalSimulator

        if not config.demo:
            log.warning("card terminal: the simulator approves every card payment of this register")
        return TerminalSimulator("approve", delay_s=DEMO_TERMINAL_DELAY_S)
    return NoTerminal()


def build_tse(config: RegisterConfig) -> Tse:
    """The TSE (app/tse/factory.py; never raises: an unusable one is a NoTse with the reason)."""
    return open_tse(config.tse.value, data_dir=config.data_dir, demo=config.demo, env=config.tse_environment())


@dataclass
class DemoHistory:
    """The demo's 30 days of history (app/demo/history.py), made in the background while the counter sells, once
    the demo's backend runs. `progress(store, day, days)` as it goes (set by the UI), ("", 0, 0) when it is over."""

    folder: Path
    days: int
    progress: Callable[[str, int, int], None] = field(default=lambda store, done, total: None)

    def start(self, backend: DemoBackend) -> None:
        from app.demo.history import seed_history_once  # only the demo needs it: not on the start-up path

        def run() -> None:
            try:
                seed_history_once(backend, self.folder / "demo-history", days=self.days,
                                  progress=lambda *shown: self.progress(*shown))
            finally:
                self.progress("", 0, 0)

        threading.Thread(target=run, name="tresen-demo-history", daemon=True).start()


def demo_backend(folder: Path) -> Callable[[], DemoBackend]:
    """The demo's backend in this process, made when the sync starts (off the GUI thread: uvicorn and the
    backend's imports are heavy). The one place the register builds a backend."""
    def make() -> DemoBackend:
        from sync.server.embedded import EmbeddedBackend

        return EmbeddedBackend(folder / DEMO_BACKEND_FILE)
    return make


@dataclass
class Register:
    """This register, built: what the window is made of."""

    config: RegisterConfig
    ctx: RegisterContext
    sync: SyncRuntime | None
    demo_history: DemoHistory | None


def build_register(config: RegisterConfig, engine: Engine) -> Register:
    """Everything but the widgets. Starts the TSE's readiness off the caller's thread; the sync is started by the
    caller (`sync.start()`, from a background thread) once the counter is usable."""
    ctx = RegisterContext.load(engine, terminal=build_terminal(config), tse=build_tse(config))
    start_signing(ctx)
    history = DemoHistory(config.data_dir, config.demo_history_days) if config.demo else None
    sync = None
    if config.sync:
        sync = SyncRuntime(engine, config.data_dir, ca_bundle=config.backend_ca,
                           demo_backend=demo_backend(config.data_dir) if config.demo else None,
                           on_demo_backend=history.start if history is not None else lambda backend: None)
    return Register(config, ctx, sync, history)


def start_signing(ctx: RegisterContext) -> None:
    """A checkout the process died in is finished before anyone logs in (its cart must not be paid twice);
    otherwise the TSE is made ready off the GUI thread. The probe watches for the end of an outage."""
    if ctx.signing.interrupted():
        ctx.signing.ensure_ready()
        finish_interrupted(ctx)
    else:
        threading.Thread(target=ctx.signing.ensure_ready, name="tresen-tse-ready", daemon=True).start()
    TseProbe(ctx.signing).start()
