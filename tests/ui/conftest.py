"""Fixtures for driving the real window offscreen with pytest-qt."""

from __future__ import annotations

import os

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from app.payment.simulator import TerminalSimulator  # noqa: E402
from app.services.context import RegisterContext  # noqa: E402
from app.ui.app import STYLE  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402


@pytest.fixture
def make_window(qtbot, qapp, tmp_path):
    qapp.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    windows = []

    def make(engine, terminal=None, size=(1280, 800)):
        ctx = RegisterContext.load(engine, terminal=terminal or TerminalSimulator("approve"))
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


@pytest.fixture
def window(make_window, engine, terminal):
    w = make_window(engine, terminal)
    w.login.select(1)
    w.login.try_login("1234")
    assert w.stack.currentWidget() is w.sale_screen
    return w
