"""What Qt-free code says, in the associate's language.

Messages from the core, the services and the sync client are `sync.common.messages.Message`s (a German source
text and parameters); exceptions carry one as their first argument. `describe` turns either into the text of
the language whose translator is installed (app/ui/i18n.py); anything else is shown as `str()` gives it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QLabel, QWidget

from sync.common.messages import Message, message_of

__all__ = ["describe", "german_document_note", "render", "stored_text"]


def _lookup(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def describe(value: object) -> str:
    """`value` (a Message, an exception carrying one, a backend refusal, anything) as text for the associate."""
    from sync.client.refusals import refusal_message  # the backend's refusal codes, in the register's words

    message = message_of(value) or refusal_message(value)
    if message is not None:
        return message.render(_lookup)
    return str(value)


def render(message: Message) -> str:
    return message.render(_lookup)


def stored_text(context: str, text: str) -> str:
    """A message's German text as it was stored (an outage reason in the journal) in the associate's language:
    found when it was a message without parameters (its msgid), else shown as stored."""
    return QCoreApplication.translate(context, text)


def german_document_note(parent: QWidget) -> QLabel | None:
    """Under a receipt's or report's preview when the screen is not German: the document itself stays German
    (the law wants it so), and the associate should know it is not a missed translation."""
    if QLocale().language() == QLocale.German:
        return None
    note = QLabel(QCoreApplication.translate(
        "Documents", "Bons und Berichte werden auf Deutsch gedruckt, wie es das Gesetz verlangt."), parent)
    note.setObjectName("hint")
    note.setWordWrap(True)
    return note
