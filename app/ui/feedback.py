"""Visible and audible feedback for scans: a coloured banner and a short sound.

Sound uses QtMultimedia where the system has an audio stack; elsewhere the
system bell. Feedback must never stop a sale, so any audio failure is ignored.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

SOUNDS = Path(__file__).resolve().parents[2] / "resources" / "sounds"


def show_status(label: QLabel, text: str, kind: str = "info") -> None:
    """Text plus a kind (info, ok, warn, error) the stylesheet colours by."""
    label.setText(text)
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)
    _grow_to_fit(label.window())


def _grow_to_fit(window: QWidget) -> None:
    """A dialog grows when a longer message needs more room (a wrapped second line), instead of squeezing its
    fields together; it never shrinks here, and never beyond the screen."""
    if not isinstance(window, QDialog) or not window.isVisible() or window.layout() is None:
        return
    layout = window.layout()
    layout.activate()
    needed = max(layout.totalHeightForWidth(window.width()) if layout.hasHeightForWidth() else -1,
                 layout.totalMinimumSize().height())
    screen = QWidget.screen(window)  # not window.screen: some dialogs keep the sale screen under that name
    limit = screen.availableGeometry().height() if screen is not None else needed
    if needed > window.height():
        window.resize(window.width(), min(needed, limit))


class Sounds:
    def __init__(self) -> None:
        self._effects = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # no libpulse or similar: fall back to the bell
            return
        for name, file in (("ok", "scan_ok"), ("error", "scan_error"), ("notify", "notification")):
            effect = QSoundEffect()
            effect.setSource(QUrl.fromLocalFile(str(SOUNDS / f"{file}.wav")))
            effect.setVolume(0.6)
            self._effects[name] = effect

    def play(self, name: str) -> None:
        effect = self._effects.get(name)
        if effect is not None:
            effect.play()
        elif name in ("error", "notify"):
            QApplication.beep()


class Banner(QLabel):
    """One line at the top of the sale screen: what just happened."""

    STYLES = {"ok": "ok", "error": "error", "info": "info", "warn": "warn"}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self._reset = QTimer(self, singleShot=True, interval=6000, timeout=self._fade)
        self.show_message("", "info")

    def show_message(self, text: str, kind: str = "info") -> None:
        show_status(self, text, self.STYLES.get(kind, "info"))
        if kind == "ok":
            self._reset.start()
        else:
            self._reset.stop()

    @property
    def kind(self) -> str:
        return self.property("kind")

    def _fade(self) -> None:
        show_status(self, self.text(), "info")
