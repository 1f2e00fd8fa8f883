"""Catches keyboard-wedge scans anywhere on the sale screen.

An application-wide event filter feeds printable keys to the Qt-free
`WedgeDetector`. Held keys a person typed are replayed to the widget that has
focus, so typing in the search field works as usual; a burst ending in Enter
is emitted as `scanned` and never reaches any field.

Keys are timed by the window system's event time, so a busy GUI thread does
not split a burst (see app.scanning.wedge). A burst that began while the
screen was not taking scans (a dialog closing) stays with the field it began
in: its Enter then runs the search field's typed-code path, never half a scan.
"""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

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
        self._released_target = None  # where the timer last replayed held keys as typing
        self._offset_ms = 0.0  # monotonic clock minus the last key's event time
        self._outside_until = -1.0  # a burst that began outside the sale screen goes on there until then
        self._grace_given = False  # a scan-like burst already got one more timer period for late keys
        self._timer = QTimer(self, singleShot=True, timeout=self._on_timeout)
        self._timer.setTimerType(Qt.PreciseTimer)

    def _now_ms(self) -> float:
        """Now, on the clock of the keys' event times."""
        return time.monotonic() * 1000 - self._offset_ms

    def _event_ms(self, event: QKeyEvent) -> float:
        stamp = event.timestamp()
        mono = time.monotonic() * 1000
        if not stamp:  # a synthetic event without a time: now, on the clock of the last key with one
            return mono - self._offset_ms
        self._offset_ms = mono - stamp
        return float(stamp)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt name)
        if self._replaying or event.type() != QEvent.KeyPress:
            return False
        if QApplication.focusWidget() is not None and obj is not QApplication.focusWidget():
            return False  # each key is seen once, at the widget that has focus
        key_event: QKeyEvent = event
        if key_event.modifiers() & (Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier):
            return False
        if key_event.isAutoRepeat():  # a key held down is a person, never a scanner
            self.flush()
            return False
        now = self._event_ms(key_event)
        if not self._is_active() or (not self.detector.holding and now <= self._outside_until):
            if len(key_event.text()) == 1 and key_event.text().isprintable():
                self._outside_until = now + self.detector.max_gap_ms
            return False
        if key_event.key() in _ENTER_KEYS:
            return self._run(self.detector.enter(now), obj, key_event)
        text = key_event.text()
        if len(text) == 1 and text.isprintable():
            self._held_target, self._grace_given = obj, False
            self._timer.start(int(self.detector.max_gap_ms) + 1)
            return self._run(self.detector.key(text, now), obj, key_event)
        return False

    def _run(self, actions, obj, event) -> bool:
        consumed = True
        for action in actions:
            if action.kind == "type":
                self._replay(action.text)
            elif action.kind == "reclaim":
                self._reclaim(action.text)
            elif action.kind == "scan":
                self._timer.stop()
                self.scanned.emit(action.text)
            elif action.kind == "pass":
                consumed = False
        return consumed

    def _on_timeout(self) -> None:
        if self.detector.held_length >= self.detector.min_length:
            if not self._grace_given:
                # a scan-like burst without its Enter yet: first let the event loop deliver keys that
                # queued up while the GUI thread was busy, then decide
                self._grace_given = True
                self._timer.start(int(self.detector.max_gap_ms) + 1)
                return
            held = self.detector.held_length
            QApplication.processEvents()  # keys still queued after a stall come in now, with their own times
            if self.detector.held_length != held or not self.detector.holding:
                return  # the burst went on (its keys restarted the timer) or ended with its Enter
        actions = self.detector.timeout(self._now_ms())
        if not actions and self.detector.holding:
            self._timer.start(5)
            return
        for action in actions:
            if action.kind == "scan":
                self.scanned.emit(action.text)
                continue
            self._replay(action.text)
            self._released_target = QApplication.focusWidget() or self._held_target

    def _reclaim(self, text: str) -> None:
        """Take back keys the timer replayed as typing: they were the start of a scan."""
        target = self._released_target
        if isinstance(target, QLineEdit) and target.text().endswith(text):
            self._replaying = True
            try:
                for _ in text:
                    QApplication.sendEvent(target, QKeyEvent(QEvent.KeyPress, Qt.Key_Backspace, Qt.NoModifier))
            finally:
                self._replaying = False

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
