"""Login: tap your name, type your PIN. Also the lock screen after idle time."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services.auth import AssociateSession, AuthError, Authenticator
from app.ui.feedback import show_status
from app.ui.pin_pad import PinPad


class LoginScreen(QWidget):
    logged_in = Signal(object)  # AssociateSession

    def __init__(self, auth: Authenticator, title: str, parent=None):
        super().__init__(parent)
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
        names = QVBoxLayout()
        names.setSpacing(12)
        self.buttons: dict[int, QPushButton] = {}
        for a in auth.associates():
            role = self.tr("Marktleitung") if a.is_manager else self.tr("Kasse")
            b = QPushButton(f"{a.name}\n{role}", self)
            b.setObjectName("associateButton")
            b.setCheckable(True)
            b.setMinimumSize(220, 84)
            b.setFocusPolicy(Qt.NoFocus)
            self.group.addButton(b, a.associate_id)
            self.buttons[a.associate_id] = b
            names.addWidget(b)
        self.group.idClicked.connect(lambda _id: self.pad.field.setFocus())
        names.addStretch(1)
        self.pad = PinPad(self)
        self.pad.submitted.connect(self.try_login)
        self.pad.field.installEventFilter(self)  # ↑/↓ choose the name: a login by keyboard alone
        body = QHBoxLayout()
        body.addStretch(1)
        body.addLayout(names)
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

    def select(self, associate_id: int) -> None:
        self.buttons[associate_id].setChecked(True)

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
        self.pad.field.clear()
        self._hint(message or self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), "info")
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
            self._hint(str(exc), "error")
            return None
        self.pad.field.clear()
        self._hint(self.tr("Bitte Namen wählen (Maus oder ↑/↓) und PIN eingeben."), "info")
        self.logged_in.emit(session)
        return session
