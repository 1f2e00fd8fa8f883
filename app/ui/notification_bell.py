"""The bell on the sale screen: how many store notifications are open, a sound when a new one arrives.

It reads the replica after each sync round (the push channel makes that round happen within a second or two
of the event); clicking it, or Strg+M, opens the notifications (app/ui/notifications_dialog.py).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services import notifications as service
from app.ui.feedback import Sounds
from app.ui.notifications_dialog import describe

__all__ = ["NotificationBell"]

log = logging.getLogger(__name__)


class NotificationBell(QPushButton):
    def __init__(self, ctx, sounds: Sounds | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("notificationBell")
        self.setFocusPolicy(Qt.NoFocus)
        self.ctx = ctx
        self.sounds = sounds
        self.rang = 0  # how often it rang (tests)
        self.count = 0
        self._latest: tuple[str, str] | None = None
        self._started = False
        self.refresh()

    def refresh(self) -> None:
        """Count again; ring if a notification came that was not there before (not for those already there
        when the register started)."""
        try:
            count, latest = service.open_count(self.ctx), service.latest_id(self.ctx)
            newest = service.open_notifications(self.ctx)[0] if count else None
        except Exception:  # noqa: BLE001 - a busy replica: counted again after the next round
            log.exception("counting notifications")
            return
        if self._started and latest is not None and (self._latest is None or latest > self._latest):
            self.rang += 1
            if self.sounds is not None:
                self.sounds.play("notify")
        self._started = True
        self._latest = latest
        self.count = count
        self.setText(self.tr("Mitteilungen: {0} (Strg+M)").format(count) if count else self.tr("Mitteilungen (Strg+M)"))
        self.setProperty("kind", "warn" if newest is not None and newest.urgent else ("info" if count else ""))
        self.style().unpolish(self)
        self.style().polish(self)
        if newest is not None:
            what, details = describe(newest)
            self.setToolTip(self.tr("Neueste: {0} – {1}").format(what, details))
        else:
            self.setToolTip(self.tr("Mitteilungen des Markts und ihr Verlauf"))
