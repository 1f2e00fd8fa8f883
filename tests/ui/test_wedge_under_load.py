"""Wedge scans while the GUI thread is busy (a sync page being applied stalls it for 50-60 ms).

The scanner's keys are posted as the window system delivers them: with the
time each key was pressed, 4 ms apart, while the GUI thread is blocked in the
middle of the burst. Nothing of the code may end up in the search field, and
the sale screen must show what really happened.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from tests.conftest import gtin_of
from tests.ui.test_sale_screen import wedge_scan

BLOCK = QEvent.Type(QEvent.registerEventType())


class Blocker(QObject):
    """Stalls the GUI thread when its event comes up, as a bootstrap page apply does."""

    def __init__(self, ms: float, timers_first: bool, then):
        super().__init__()
        self.ms, self.timers_first, self.then = ms, timers_first, then

    def event(self, event) -> bool:  # noqa: N802
        if event.type() != BLOCK:
            return super().event(event)
        time.sleep(self.ms / 1000)
        if self.timers_first:  # the event loop runs the due timer before it reads the queued keys
            QApplication.processEvents()
        self.then()
        return True


def key_event(ch: str, stamp_ms: int) -> QKeyEvent:
    if ch == "\r":
        event = QKeyEvent(QEvent.KeyPress, Qt.Key_Return, Qt.NoModifier, "\r")
    else:
        event = QKeyEvent(QEvent.KeyPress, 0, Qt.NoModifier, ch)
    event.setTimestamp(stamp_ms)
    return event


def scan_with_a_stall(target, code: str, *, stall_after: int, stall_ms=60, timers_first: bool):
    """Post `code` + Enter as a scanner sends it (4 ms a key), the GUI thread blocked after `stall_after` keys."""
    keys = list(code) + ["\r"]
    t0 = int(time.monotonic() * 1000) % 2**31
    stamps = [t0 + 4 * i for i in range(len(keys))]

    def rest():
        for ch, stamp in zip(keys[stall_after:], stamps[stall_after:]):
            QApplication.postEvent(target, key_event(ch, stamp))

    blocker = Blocker(stall_ms, timers_first, rest)
    for ch, stamp in zip(keys[:stall_after], stamps[:stall_after]):
        QApplication.postEvent(target, key_event(ch, stamp))
    QApplication.postEvent(blocker, QEvent(BLOCK))
    return blocker


@pytest.mark.parametrize("timers_first", [False, True], ids=["keys-first", "timer-first"])
@pytest.mark.parametrize("stall_after", [2, 7, 13])
def test_a_scan_survives_a_busy_gui_thread(window, engine, qtbot, stall_after, timers_first):
    screen = window.sale_screen
    screen.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search, timeout=10000)
    code = gtin_of(engine, 3)
    blocker = scan_with_a_stall(screen.search, code, stall_after=stall_after, timers_first=timers_first)
    qtbot.waitUntil(lambda: len(screen.sale.cart.lines) == 1, timeout=3000)
    qtbot.waitUntil(lambda: not window.wedge.detector.holding, timeout=3000)
    assert blocker is not None
    assert [l.product_id for l in screen.sale.cart.lines] == [3]
    assert screen.search.text() == "" and screen.banner.kind == "ok"


def test_a_receipt_scan_right_after_a_dialog_closed_is_one_scan(window, engine, qtbot):
    """The first key can arrive while the closed dialog still counts as open; the code must not split."""
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))
    dialog = screen.open_payment()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount, timeout=10000)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=10000)
    window.receipt_dialog.accept()
    wedge_scan(screen.search, gtin_of(engine, 3))  # at once, before the event loop ran
    qtbot.waitUntil(lambda: len(screen.sale.cart.lines) == 1, timeout=3000)
    assert [l.product_id for l in screen.sale.cart.lines] == [3] and screen.search.text() == ""


def test_a_scan_right_after_picking_a_search_hit(window, engine, qtbot):
    screen = window.sale_screen
    screen.search.setFocus()
    screen.search.setText("schoko")
    screen.run_search()
    screen._search_enter()  # Enter on the first hit puts it in the cart
    assert len(screen.sale.cart.lines) == 1
    target = QApplication.focusWidget() or screen.search
    wedge_scan(target, gtin_of(engine, 3))
    qtbot.waitUntil(lambda: len(screen.sale.cart.lines) == 2, timeout=3000)
    assert screen.sale.cart.lines[-1].product_id == 3 and screen.search.text() == ""


def test_a_green_banner_does_not_stay_up_once_the_associate_types(window, engine, qtbot):
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 3))
    assert screen.banner.kind == "ok"
    screen.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search, timeout=10000)
    for ch in "12":  # a person typing, one key at a time
        QApplication.sendEvent(screen.search, key_event(ch, 0))
        qtbot.waitUntil(lambda: not window.wedge.detector.holding, timeout=10000)
    assert screen.search.text() == "12" and screen.banner.kind != "ok"
