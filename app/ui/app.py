"""Starting the register: its configuration and parts from the composition root (app/composition.py), then the
widgets: the login screen and the sale screen. An unconfigured replica is the demo only with `--demo`."""

from __future__ import annotations

import gc
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.composition import (build_register, is_configured, load_config, open_register_replica, parse_args,
                             seed_demo_if_asked)
from app.register_config import RegisterConfig
from app.config import backend_ca_bundle, data_dir
from app.logs import setup_logging
from app.store.db import StoreError
from app.ui import crash
from app.ui.i18n import install_language
from app.ui.main_window import MainWindow

__all__ = ["STYLE", "build_window", "main", "needs_setup", "parse_args", "show_window"]

STYLE = Path(__file__).resolve().parents[2] / "resources" / "styles" / "tresen.qss"
SYNC_START_DELAY_MS = 500
#: The exit status of a start that found nothing to start (an unconfigured register without --demo).
NOT_SET_UP = 2


def build_window(args, engine=None, config: RegisterConfig | None = None) -> MainWindow:
    """The register's window: its parts from the composition root, then the widgets. `engine` and `config`: the
    replica and its configuration when the caller has them already (main does, to decide about the set-up
    first)."""
    if engine is None:
        engine = open_register_replica(args)
        seed_demo_if_asked(engine, args)
    register = build_register(config or load_config(args, engine), engine)
    config, sync = register.config, register.sync
    window = MainWindow(register.ctx, printer_spec=config.printer, pdf_dir=config.pdf_dir, sync=sync,
                        camera=config.camera, config=config)
    if register.demo_history is not None:
        register.demo_history.progress = window.sync_bridge.publish_demo_history
    if sync is not None:
        sync.on_status = window.sync_bridge.publish
        # Network and the embedded backend start off the GUI thread, and only once the counter is
        # usable: their imports and set-up would otherwise compete with the first screen.
        QTimer.singleShot(SYNC_START_DELAY_MS, lambda: threading.Thread(
            target=sync.start, name="tresen-sync-start", daemon=True).start())
    return window


def needs_setup(engine) -> bool:
    """This replica is not a register yet: not set up at a backend, and not the demo (which `--demo` has made by
    now). What then happens is decided in `main`, at one place."""
    return not is_configured(engine)


def run_setup_wizard(engine, args) -> bool:
    """The first-run wizard (app/ui/setup_wizard.py): True once the register is enrolled and its store loaded."""
    from app.ui.setup_wizard import SetupWizard  # only a new register needs it

    wizard = SetupWizard(engine, ca_bundle=backend_ca_bundle(args.backend_ca))
    return wizard.exec() == SetupWizard.Accepted


def refuse_unconfigured(*, ask: bool = True) -> int:
    """An unconfigured register without `--demo` must not silently become the demo store: say what to do (on
    stderr, and in a message box unless nobody is there to close it: `ask=False`, a scripted start)."""
    text = QCoreApplication.translate(
        "app", "Diese Kasse ist noch nicht eingerichtet.\n\n"
               "Für den Betrieb meldet die IT sie bei der Zentrale an: python -m app (ohne --startup-probe) "
               "zeigt dazu den Einrichtungs-Assistenten, python -m app enroll … richtet sie ohne Bildschirm ein.\n"
               "Zum Ausprobieren startet python -m app --demo einen Demo-Markt mit Beispieldaten.")
    print(text, file=sys.stderr)
    if ask:
        QMessageBox.critical(None, "Tresen", text)
    return NOT_SET_UP


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
    setup_logging(data_dir(args.data_dir))  # a file per register, rotated, without personal data (app/logs.py)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Tresen")
    crash.install(app)  # an unexpected error: logged, a short message, the counter stays usable
    if STYLE.exists():
        app.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    try:
        engine = open_register_replica(args)
        seed_demo_if_asked(engine, args)  # only with --demo, and only an unconfigured replica
        language = install_language(app)  # German until the register's own setting is known
        if needs_setup(engine):
            if args.startup_probe:  # a scripted start: nobody is there to fill in the wizard
                return refuse_unconfigured(ask=False)
            if not run_setup_wizard(engine, args):
                return 0  # the associate closed it: nothing was set up, the next start asks again
        config = load_config(args, engine)
        language = install_language(app, config.language)
        window = build_window(args, engine, config)
    except StoreError as exc:
        QMessageBox.critical(None, "Tresen", str(exc))
        return 2
    show_window(window, kiosk=args.kiosk)
    settle_after_start()
    if args.startup_probe:
        def probe():
            import resource

            rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"ready {time.perf_counter() - t0:.3f} {rss_mb:.1f} lang={language.language.value} "
                  f"qm={'yes' if language.app_texts else 'no'}", flush=True)
            app.quit()
        QTimer.singleShot(0, probe)
    return app.exec()
