"""Login: tap your name, type your PIN. Also the lock screen after idle time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
                               QWidget)

from app.register_config import Language
from app.services.auth import AssociateSession, AuthError, Authenticator
from app.ui.feedback import show_status
from app.ui.pin_pad import PinPad
from app.ui.texts import describe

#: Each language in its own words: whoever does not read the screen's language finds theirs.
LANGUAGE_NAMES = {Language.GERMAN: "Deutsch", Language.ENGLISH: "English"}


class LoginScreen(QWidget):
    logged_in = Signal(object)  # AssociateSession
    language_chosen = Signal(str)  # a Language's value: the screens in it, and the associate's from then on

    def __init__(self, auth: Authenticator, title: str, parent=None, *, language: Language = Language.GERMAN):
        super().__init__(parent)
        self.language = language
        self.setObjectName("loginScreen")
        self.auth = auth
        heading = QLabel(title, self)
        heading.setObjectName("loginTitle")
        heading.setAlignment(Qt.AlignCenter)
        self.hint = QLabel(self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), self)
        self.hint.setObjectName("loginHint")
        self.hint.setAlignment(Qt.AlignCenter)
        self.hint.setWordWrap(True)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        # A store may have dozens of associates: their names scroll, the PIN pad stays where it is.
        self.names_area = QScrollArea(self)
        self.names_area.setObjectName("associateList")
        self.names_area.setWidgetResizable(True)
        self.names_area.setFrameShape(QFrame.NoFrame)
        self.names_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.names_area.setFocusPolicy(Qt.NoFocus)
        self.names_area.setMinimumWidth(360)
        holder = QWidget(self.names_area)
        self.names = QVBoxLayout(holder)
        self.names.setSpacing(12)
        self.names.setContentsMargins(0, 0, 12, 0)
        self.names.addStretch(1)
        self.names_area.setWidget(holder)
        self.buttons: dict[int, QPushButton] = {}
        self.shown: list[tuple[int, str, str]] = []
        self.refresh()
        self.group.idClicked.connect(lambda _id: self.pad.field.setFocus())
        self.pad = PinPad(self)
        self.pad.submitted.connect(self.try_login)
        self.pad.field.installEventFilter(self)  # ↑/↓ choose the name: a login by keyboard alone
        body = QHBoxLayout()
        body.addStretch(1)
        body.addWidget(self.names_area)
        body.addSpacing(48)
        body.addWidget(self.pad)
        body.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(self.hint)
        layout.addSpacing(24)
        layout.addLayout(body)
        layout.addStretch(2)
        layout.addLayout(self._language_row())

    def _language_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.language_buttons: dict[Language, QPushButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for language, name in LANGUAGE_NAMES.items():
            button = QPushButton(name, self)
            button.setObjectName("languageButton")
            button.setCheckable(True)
            button.setChecked(language is self.language)
            button.setFocusPolicy(Qt.NoFocus)  # the PIN field keeps the keyboard
            button.setMinimumSize(120, 44)
            button.clicked.connect(lambda _on=False, lang=language: self._choose_language(lang))
            self.language_buttons[language] = button
            group.addButton(button)
            row.addWidget(button)
        return row

    def _choose_language(self, language: Language) -> None:
        self.language_buttons[language].setChecked(True)
        if language is not self.language:
            self.language_chosen.emit(language.value)

    def refresh(self) -> None:
        """The active associates of this store as the replica knows them now (the backend adds, deactivates and
        renames them; the sync brings it). Cheap when nothing changed."""
        associates = self.auth.associates()
        shown = [(a.associate_id, a.name, a.role.value) for a in associates]
        if shown == self.shown:
            return
        checked = self.group.checkedId()
        for button in self.buttons.values():
            self.group.removeButton(button)
            self.names.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        roles = {"manager": self.tr("Marktleitung"), "associate": self.tr("Kasse"),
                 "trainee": self.tr("Ausbildung"), "store_it": self.tr("IT")}
        for a in associates:
            b = QPushButton(f"{a.name}\n{roles.get(a.role.value, a.role.value)}", self)
            b.setObjectName("associateButton")
            b.setCheckable(True)
            b.setMinimumSize(220, 84)
            b.setFocusPolicy(Qt.NoFocus)
            self.group.addButton(b, a.associate_id)
            self.buttons[a.associate_id] = b
            self.names.insertWidget(self.names.count() - 1, b)  # above the stretch
        if checked in self.buttons:
            self.buttons[checked].setChecked(True)
        self.shown = shown
        if not associates:
            self._nobody_hint()
        else:
            self._hint(self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), "info")

    def _nobody_hint(self) -> None:
        self._hint(self.tr("Für diese Filiale sind noch keine Mitarbeiter angelegt. Die IT legt sie in der "
                           "Zentrale an; sie erscheinen hier mit der nächsten Synchronisation."), "error")

    def select(self, associate_id: int) -> None:
        self.buttons[associate_id].setChecked(True)
        self.names_area.ensureWidgetVisible(self.buttons[associate_id])

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self.pad.field and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Up, Qt.Key_Down):
            ids = list(self.buttons)
            current = self.group.checkedId()
            step = -1 if event.key() == Qt.Key_Up else 1
            index = (ids.index(current) + step) % len(ids) if current in ids else (0 if step > 0 else len(ids) - 1)
            self.select(ids[index])
            return True
        return super().eventFilter(obj, event)

    def reset(self, message: str = "") -> None:
        self.refresh()
        self.pad.field.clear()
        if self.buttons or message:
            self._hint(message or self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), "info")
        else:
            self._nobody_hint()
        self.pad.field.setFocus()

    def _hint(self, text: str, kind: str) -> None:
        show_status(self.hint, text, kind)

    def try_login(self, pin: str) -> AssociateSession | None:
        associate_id = self.group.checkedId()
        if associate_id < 0:
            self._hint(self.tr("Bitte zuerst den Namen wählen."), "error")
            return None
        try:
            session = self.auth.login(associate_id=associate_id, pin=pin)
        except AuthError as exc:
            self._hint(describe(exc), "error")
            return None
        self.pad.field.clear()
        self._hint(self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), "info")
        self.logged_in.emit(session)
        return session
