"""Fixtures for driving the real window offscreen with pytest-qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.payment.simulator import TerminalSimulator  # noqa: E402
from app.core.cash import CashCount  # noqa: E402
from app.services.context import RegisterContext  # noqa: E402
from app.tse.simulator import TseSimulator  # noqa: E402
from app.ui.app import STYLE  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from sync.client.runtime import SyncRuntime  # noqa: E402
from tests.conftest import MANAGER, open_the_day  # noqa: E402, F401 (used by the UI tests)
from tests.sync.conftest import backend, create_register, memory_keyring  # noqa: E402, F401 (fixtures)


@pytest.fixture
def make_window(qtbot, qapp, tmp_path):
    qapp.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    windows = []

    def make(engine, terminal=None, size=(1280, 800), tse=None, open_day=True):
        tse = tse or TseSimulator(tmp_path / f"tse{len(windows)}.sqlite3")
        ctx = RegisterContext.load(engine, terminal=terminal or TerminalSimulator("approve"), tse=tse)
        if open_day:
            open_the_day(ctx)
        window = MainWindow(ctx, printer_spec=f"file:{tmp_path / 'printer.bin'}", pdf_dir=tmp_path / "pdf")
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for w in windows:
        qapp.removeEventFilter(w.wedge)
        qapp.removeEventFilter(w._watcher)
        w.executor.wait()
    close_leftover_windows()


@pytest.fixture
def window(make_window, engine, terminal):
    w = make_window(engine, terminal)
    w.login.select(1)
    w.login.try_login("1234")
    assert w.stack.currentWidget() is w.sale_screen
    return w


@pytest.fixture
def make_synced_window(qtbot, qapp, backend, tmp_path):  # noqa: F811
    """Register windows enrolled at the real backend, syncing every 0.2 s: make(store_id, register_no)."""
    qapp.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    made = []

    def make(store_id: str = "1001", register_no: int = 1, terminal=None):
        reg = create_register(backend, tmp_path, store_id, register_no)
        runtime = SyncRuntime(reg.replica, tmp_path)
        tse = TseSimulator(tmp_path / f"tse-{store_id}-{register_no}.sqlite3")
        ctx = RegisterContext.load(reg.replica, terminal=terminal or reg.terminal, tse=tse)
        open_the_day(ctx)
        window = MainWindow(ctx, printer_spec=None,
                            pdf_dir=tmp_path / "pdf", sync=runtime)
        runtime.on_status = window.sync_bridge.publish
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        runtime.start()
        runtime.worker.interval_s = 0.2
        runtime.worker.base_backoff_s, runtime.worker.max_backoff_s = 0.05, 0.2
        made.append((window, runtime))
        return window, reg

    yield make
    for window, runtime in made:
        runtime.stop()
        window.executor.wait()
        for f in (window.wedge, window._watcher):
            QApplication.instance().removeEventFilter(f)
    close_leftover_windows()


def close_leftover_windows() -> None:
    """A dialog a test left open (a modal conflict inbox) would block the next test's window."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()


@pytest.fixture
def synced_window(make_synced_window):
    return make_synced_window()




def pay_exact(window, qtbot):
    dialog = window.sale_screen.open_payment()
    qtbot.waitUntil(dialog.isVisible)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: window.receipt_dialog is not None)
    window.receipt_dialog.accept()


def screenshot(widget, name: str, tmp_path) -> Path:
    out = Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(out / name))
    return out / name


def login(window, qtbot, number: int = 1, pin: str = "1234"):
    window.login.select(number)
    window.login.try_login(pin)
    if window.open_till is not None and window.open_till.isVisible():  # the day is not open yet: count the float
        window.open_till.counter.set_count(CashCount({5000: 4}))
        window.open_till.open_till()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
    return window.sale_screen


def answer_modal(kind, handler, seen: list):
    """Act on the next modal dialog of `kind` (opened with exec(), which blocks the test) as a person would."""
    from PySide6.QtCore import QTimer

    def act():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, act)
            return
        seen.append(dialog)
        handler(dialog)
    QTimer.singleShot(0, act)


def answer_approval(handler, seen: list):
    """Act on the next manager approval (the PIN pad) as the manager would."""
    from app.ui.prompts import ManagerApprovalDialog

    answer_modal(ManagerApprovalDialog, handler, seen)


def type_pin(pin: str):
    """A manager typing their PIN into the approval pad and pressing Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    def handler(approval):
        QTest.keyClicks(approval.pad.field, pin)
        QTest.keyClick(approval.pad.field, Qt.Key_Return)
    return handler
