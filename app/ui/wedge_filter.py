"""Catches keyboard-wedge scans anywhere on the sale screen.

An application-wide event filter feeds printable keys to the Qt-free
`WedgeDetector`. Held keys a person typed are replayed to the widget that has
focus, so typing in the search field works as usual; a burst ending in Enter
is emitted as `scanned` and never reaches any field.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from app.scanning.wedge import WedgeDetector

_ENTER_KEYS = (Qt.Key_Return, Qt.Key_Enter)


class WedgeFilter(QObject):
    scanned = Signal(str)

    def __init__(self, is_active: Callable[[], bool], detector: WedgeDetector | None = None, parent=None):
        super().__init__(parent)
        self.detector = detector or WedgeDetector()
        self._is_active = is_active
        self._replaying = False
        self._held_target = None
        self._timer = QTimer(self, singleShot=True, timeout=self._on_timeout)
        self._timer.setTimerType(Qt.PreciseTimer)

    @staticmethod
    def _now_ms() -> float:
        return time.monotonic() * 1000

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if self._replaying or event.type() != QEvent.KeyPress or not self._is_active():
            return False
        if QApplication.focusWidget() is not None and obj is not QApplication.focusWidget():
            return False  # each key is seen once, at the widget that has focus
        key_event: QKeyEvent = event
        if key_event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            return False
        now = self._now_ms()
        if key_event.key() in _ENTER_KEYS:
            return self._run(self.detector.enter(now), obj, key_event)
        text = key_event.text()
        if len(text) == 1 and text.isprintable():
            self._held_target = obj
            self._timer.start(int(self.detector.max_gap_ms) + 1)
            return self._run(self.detector.key(text, now), obj, key_event)
        return False

    def _run(self, actions, obj, event) -> bool:
        consumed = True
        for action in actions:
            if action.kind == "type":
                self._replay(action.text)
            elif action.kind == "scan":
                self._timer.stop()
                self.scanned.emit(action.text)
            elif action.kind == "pass":
                consumed = False
        return consumed

    def _on_timeout(self) -> None:
        actions = self.detector.timeout(self._now_ms())
        if not actions and self.detector.holding:
            self._timer.start(5)
            return
        for action in actions:
            self._replay(action.text)

    def _replay(self, text: str) -> None:
        target = QApplication.focusWidget() or self._held_target
        if target is None:
            return
        self._replaying = True
        try:
            for ch in text:
                QApplication.sendEvent(target, QKeyEvent(QEvent.KeyPress, 0, Qt.NoModifier, ch))
        finally:
            self._replaying = False

    def flush(self) -> None:
        """Deliver anything held now (before focus moves or a dialog opens)."""
        self._timer.stop()
        if self.detector.holding:
            self._replay(self.detector._release().text)
