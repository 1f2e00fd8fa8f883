"""Starting the register: open (or create) the replica, then show the login screen."""

from __future__ import annotations

import argparse
import gc
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from app.config import backend_ca_bundle, data_dir, replica_path
from app.demo import HISTORY_DAYS
from app.demo.replica import seed_demo
from app.payment.simulator import TerminalSimulator
from app.services.checkout import finish_interrupted
from app.services.context import RegisterContext
from app.services.tse_probe import TseProbe
from app.store.db import StoreError, open_replica
from app.tse.factory import open_tse
from app.ui.main_window import MainWindow
from sync.client.runtime import SyncRuntime

STYLE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "tresen.qss"
SYNC_START_DELAY_MS = 500


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m app", description="Tresen – Kasse")
    p.add_argument("--data-dir", help="folder of the local replica (default: the per-user data folder)")
    p.add_argument("--printer", default=os.environ.get("TRESEN_PRINTER"),
                   help="receipt printer: network:HOST[:PORT], usb:VID:PID or file:PATH")
    p.add_argument("--demo-products", type=int, default=1000, help="catalog size when creating the demo store")
    p.add_argument("--camera", default=os.environ.get("TRESEN_CAMERA"),
                   help="camera for scanning: an index (0, 1, …) or fake:PATH (images or a video); default: detect")
    p.add_argument("--demo-history-days", type=int, default=HISTORY_DAYS, metavar="D",
                   help="the demo's first start makes D days of history in every store, in the background")
    p.add_argument("--tse", default=None,
                   help="TSE: simulator (the demo's default; not certified), fiskaly or none (TRESEN_TSE; default "
                        "outside the demo: none, receipts marked unsigned)")
    p.add_argument("--no-sync", action="store_true", help="do not start the sync (and, in the demo, no backend)")
    p.add_argument("--backend-ca", help="PEM file with the chain's own CA for the backend's HTTPS certificate "
                   "(TRESEN_BACKEND_CA; default: the public CAs)")
    p.add_argument("--kiosk", action="store_true",
                   help="full screen, for counter PCs without a window manager")
    p.add_argument("--startup-probe", action="store_true",
                   help="print 'ready SECONDS' once the first screen is usable, then quit (benchmarks)")
    return p.parse_args(argv)


def build_window(args: argparse.Namespace) -> MainWindow:
    folder = data_dir(args.data_dir)
    engine = open_replica(replica_path(args.data_dir))
    with engine.connect() as c:
        configured = c.exec_driver_sql("SELECT count(*) FROM setting WHERE key = 'register_id'").scalar()
    if not configured:
        seed_demo(engine, products=args.demo_products)  # no configuration: the demo store
    with engine.connect() as c:
        backend_url = c.exec_driver_sql("SELECT value FROM setting WHERE key = 'backend_url'").scalar()
    demo = backend_url is None or (folder / "backend.sqlite3").exists()  # the demo runs its own backend
    tse = open_tse(args.tse, data_dir=folder, demo=demo)
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator("approve", delay_s=0.8), tse=tse)
    start_signing(ctx)
    printer = args.printer or f"file:{folder / 'bondrucker.bin'}"
    sync = None if args.no_sync else SyncRuntime(engine, folder, demo=demo,
                                                 ca_bundle=backend_ca_bundle(args.backend_ca),
                                                 on_demo_backend=lambda backend: start_demo_history(
                                                     backend, folder, args.demo_history_days,
                                                     progress=window.sync_bridge.publish_demo_history))
    window = MainWindow(ctx, printer_spec=printer, pdf_dir=folder / "Bons", sync=sync, camera=args.camera)
    if sync is not None:
        sync.on_status = window.sync_bridge.publish
        # Network and the embedded backend start off the GUI thread, and only once the counter is
        # usable: their imports and set-up would otherwise compete with the first screen.
        QTimer.singleShot(SYNC_START_DELAY_MS, lambda: threading.Thread(
            target=sync.start, name="tresen-sync-start", daemon=True).start())
    return window


def start_demo_history(backend, folder: Path, days: int, *, progress=lambda store, done, total: None) -> None:
    """The demo's 30 days of history (app/demo/history.py), made in the background while the counter sells;
    `progress(store, day, days)` as it goes, ("", 0, 0) when it is over."""
    from app.demo.history import seed_history_once  # only the demo needs it: not on the start-up path

    def run() -> None:
        try:
            seed_history_once(backend, folder / "demo-history", days=days, progress=progress)
        finally:
            progress("", 0, 0)

    threading.Thread(target=run, name="tresen-demo-history", daemon=True).start()


def start_signing(ctx: RegisterContext) -> None:
    """A checkout the process died in is finished before anyone logs in (its cart must not be paid twice);
    otherwise the TSE is made ready off the GUI thread. The probe watches for the end of an outage."""
    if ctx.signing.interrupted():
        ctx.signing.ensure_ready()
        finish_interrupted(ctx)
    else:
        threading.Thread(target=ctx.signing.ensure_ready, name="tresen-tse-ready", daemon=True).start()
    TseProbe(ctx.signing).start()


def install_translations(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Qt's own texts (OK/Abbrechen, context menus, file dialogs) in the register's language; German
    number and date formats. Returns the installed translators (kept alive by the app as parent)."""
    locale = locale or QLocale(QLocale.German, QLocale.Germany)
    QLocale.setDefault(locale)
    installed = []
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
            app.installTranslator(translator)
            installed.append(translator)
    return installed


def show_window(window: MainWindow, *, kiosk: bool) -> None:
    """Maximised on a desktop; `--kiosk`: the whole screen, for counter PCs without a window manager."""
    screen = window.screen() or QApplication.primaryScreen()
    if screen is not None:  # without a window manager nobody maximises: take the screen's size ourselves
        window.setGeometry(screen.geometry() if kiosk else screen.availableGeometry())
    if kiosk:
        window.showFullScreen()
    else:
        window.showMaximized()
    window.activateWindow()


def settle_after_start() -> None:
    """Move everything built at start-up out of the garbage collector's way.

    Full collections walk every live object while holding the GIL; with the
    window, the catalog engine and the sync machinery alive, one took ~110 ms
    on the sync thread and froze the counter's UI (tests/bench/sync.py).
    Frozen objects are never scanned again.
    """
    gc.collect()
    gc.freeze()


def main(argv: list[str] | None = None) -> int:
    t0 = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tresen")
    install_translations(app)
    if STYLE.exists():
        app.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    try:
        window = build_window(args)
    except StoreError as exc:
        QMessageBox.critical(None, "Tresen", str(exc))
        return 2
    show_window(window, kiosk=args.kiosk)
    settle_after_start()
    if args.startup_probe:
        def probe():
            import resource

            rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"ready {time.perf_counter() - t0:.3f} {rss_mb:.1f}", flush=True)
            app.quit()
        QTimer.singleShot(0, probe)
    return app.exec()
