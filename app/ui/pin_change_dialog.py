"""A new PIN, due when the associate logged in with the starting PIN IT gave them, or with one shorter than the
store's rule (a manager's PIN from before the 6-digit rule). Until it is set the associate does not get to the
counter: Esc locks the register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services.associates import set_pin
from app.services.auth import AssociateSession, AuthError
from app.services.context import RegisterContext
from sync.common.pins import PinRuleError
from app.ui.feedback import show_status
from app.ui.texts import describe


class PinChangeDialog(QDialog):
    def __init__(self, parent: QWidget, ctx: RegisterContext, associate: AssociateSession, digits: int):
        super().__init__(parent)
        self.ctx, self.associate = ctx, associate
        self.setWindowTitle(self.tr("Neue PIN festlegen"))
        if associate.pin_change_due:
            text = self.tr("Willkommen, {0}! Bitte legen Sie jetzt Ihre eigene PIN fest (mindestens {1} Ziffern); "
                           "die Start-PIN gilt danach nicht mehr.")
        else:
            text = self.tr("{0}, Ihre PIN ist zu kurz: sie braucht jetzt mindestens {1} Ziffern. "
                           "Bitte legen Sie eine neue fest.")
        intro = QLabel(text.format(associate.name, digits), self)
        intro.setWordWrap(True)
        self.pin, self.again = QLineEdit(self), QLineEdit(self)
        for field, hint in ((self.pin, self.tr("Neue PIN")), (self.again, self.tr("Neue PIN wiederholen"))):
            field.setEchoMode(QLineEdit.Password)
            field.setPlaceholderText(hint)
            field.setMaxLength(12)
        self.status = QLabel("", self)
        self.status.setObjectName("dialogError")
        self.status.setWordWrap(True)
        self.setMinimumWidth(520)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("PIN speichern"))
        buttons.button(QDialogButtonBox.Cancel).setText(self.tr("Abmelden"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.pin.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(self.save)
        layout = QVBoxLayout(self)
        for widget in (intro, self.pin, self.again, self.status, buttons):
            layout.addWidget(widget)
        self.pin.setFocus()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        """Enter belongs to the fields (next field, then save): the button box's default button would save a
        second time, with the fields the first try cleared."""
        if event.key() in (Qt.Key_Return, Qt.Key_Enter):
            return
        super().keyPressEvent(event)

    def save(self) -> None:
        pin = self.pin.text()
        if pin != self.again.text():
            show_status(self.status, self.tr("Die beiden Eingaben sind verschieden."), "error")
            self.again.clear()
            self.again.setFocus()
            return
        try:
            set_pin(self.ctx, self.associate, associate_id=self.associate.associate_id, pin=pin)
        except PinRuleError as exc:
            worded = {"pin_too_short": self.tr("Die PIN braucht mindestens {min_digits} Ziffern."),
                      "pin_format": self.tr("Eine PIN hat {min_digits} bis {max_digits} Ziffern, nur Ziffern."),
                      "pin_unchanged": self.tr("Bitte eine andere PIN als die Start-PIN wählen.")
                      }.get(exc.code)
            show_status(self.status, worded.format(**exc.params) if worded else describe(exc), "error")
            self.pin.clear()
            self.again.clear()
            self.pin.setFocus()
            return
        except AuthError as exc:
            show_status(self.status, describe(exc), "error")
            return
        self.accept()
