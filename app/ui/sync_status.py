"""The sync state on the sale screen: online or offline, what is not yet sent, conflicts."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.ui.feedback import show_status
from app.ui.texts import describe


class SyncBridge(QObject):
    """Carries SyncStatus from the worker thread to the GUI thread as a queued signal."""

    status = Signal(object)
    demo_history = Signal(str, int, int)  # the demo's history being made: store, day, days ("" when done)

    def publish(self, status) -> None:  # called on the worker thread
        self.status.emit(status)

    def publish_demo_history(self, store: str, done: int, total: int) -> None:  # called on the history's thread
        self.demo_history.emit(store, done, total)


class SyncIndicator(QWidget):
    open_inbox = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.label = QLabel(self.tr("Zentrale: verbinde …"), self)
        self.label.setObjectName("syncLabel")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        # Always there: a manager opens the inbox and its history (acknowledged, resolved) at any time,
        # with nothing open and offline too (the inbox reads the replica).
        self.conflicts = QPushButton(self.tr("Konflikte"), self)
        self.conflicts.setObjectName("conflictButton")
        self.conflicts.setToolTip(self.tr("Konflikte und ihr Verlauf"))
        self.conflicts.clicked.connect(self.open_inbox.emit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.history: tuple[str, int, int] | None = None  # the demo's first start: its history being made
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.conflicts)
        show_status(self.label, self.label.text(), "info")

    @Slot(str, int, int)
    def show_demo_history(self, store: str, done: int, total: int) -> None:
        """In the progress bar (the catalog's bar, unused by then): which store and day the history is at."""
        self.history = (store, done, total) if store else None
        self.progress.setVisible(self.history is not None)
        if self.history is not None:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress.setFormat(self.tr("Demo %v/%m"))
            self.progress.setToolTip(self.tr("Die Demo legt einmalig die letzten Tage jedes Markts an: Markt {0}, "
                                             "Tag {1} von {2}").format(store, done, total))

    def set_unconfigured(self) -> None:
        show_status(self.label, self.tr("Ohne Zentrale"), "info")

    @Slot(object)
    def update_status(self, s) -> None:
        last = s.last_success.astimezone().strftime("%H:%M") if s.last_success else "–"
        if s.online:
            text, kind = self.tr("● Online · {0} offen · zuletzt {1}").format(s.pending, last), "ok"
        elif s.online is False:
            text, kind = self.tr("● Offline · {0} offen · zuletzt {1}").format(s.pending, last), "warn"
        else:
            text, kind = self.tr("Zentrale: verbinde …"), "info"
        if s.rejected:
            text += self.tr(" · {0} abgelehnt – IT informieren").format(s.rejected)
            kind = "error"
        show_status(self.label, text, kind)
        self.label.setToolTip(describe(s.last_error))
        if s.progress:
            done, total = s.progress
            self.progress.setVisible(True)
            self.progress.setRange(0, total or 0)
            self.progress.setValue(min(done, total or done))
            self.progress.setFormat(self.tr("Katalog %p %"))
        elif self.history is None:
            self.progress.hide()
        self.conflicts.setText(self.tr("⚠ {0} Konflikte").format(s.open_conflicts) if s.open_conflicts
                               else self.tr("Konflikte"))
