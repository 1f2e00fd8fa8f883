"""Opening the day: the float is counted by denomination before the first sale (issue 12)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from app.core.cash import CashError
from app.services import till
from app.ui.cash_count import CashCountWidget
from app.ui.feedback import show_status
from app.ui.texts import describe


class OpenTillDialog(QDialog):
    def __init__(self, parent, ctx, associate):
        super().__init__(parent)
        self.setObjectName("openTillDialog")
        self.setWindowTitle(self.tr("Kasse öffnen – Anfangsbestand"))
        self.ctx, self.associate, self.till = ctx, associate, None
        intro = QLabel(self.tr("Neuer Kassentag: bitte das Wechselgeld in der Schublade zählen. "
                               "Verkauft wird erst mit geöffneter Kasse."), self)
        intro.setWordWrap(True)
        self.counter = CashCountWidget(self)
        self.status = QLabel("", self)
        self.status.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Kasse öffnen"), self)
        self.open_button.setObjectName("primaryButton")
        self.open_button.clicked.connect(self.open_till)
        self.open_button.setAutoDefault(False)  # Enter in a count field does not open the day half counted
        self.empty_confirmed = False
        self.counter.changed.connect(self._count_changed)
        cancel = QPushButton(self.tr("Abbrechen (abmelden)"), self)
        cancel.clicked.connect(self.reject)
        cancel.setAutoDefault(False)  # nor does it log the associate out and lose the count
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.counter)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _count_changed(self, total_cents: int) -> None:
        """A count after the "nothing counted" question: the question is gone, and asked again at zero."""
        if self.empty_confirmed:
            self.empty_confirmed = False
            show_status(self.status, "", "info")

    def open_till(self) -> None:
        if self.counter.count().total_cents == 0 and not self.empty_confirmed:
            self.empty_confirmed = True  # a drawer without change happens, but rarely on purpose
            show_status(self.status, self.tr("Nichts gezählt. Wirklich ohne Wechselgeld öffnen? Dann bitte noch "
                                             "einmal „Kasse öffnen“."), "error")
            return
        try:
            self.till = till.open_till(self.ctx, self.associate, float_count=self.counter.count())
        except CashError as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.accept()
