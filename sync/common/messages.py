"""User-visible texts of Qt-free code: a German source text with named parameters, translated by the UI.

The core, the services, scanning, payment, printing and the sync client never import Qt, yet what they say
reaches the associate (an exception's message, a status line). They say it as a `Message`:

    raise CashError(translate("till", "Die Kasse ist bereits geöffnet"))
    raise GtinError(translate("gtin", "Prüfziffer falsch in '{code}' – bitte erneut scannen").format(code=code))

`translate` is the name Qt's lupdate looks for (it reads only calls whose arguments are the two literals: the
parameters come with `.format(...)`, never as keywords of `translate`, or lupdate skips the text;
tests/test_translatable.py checks it), so `pyside6-lupdate` collects these texts into the same `.ts`
files as the widgets' `tr()` texts (resources/i18n/). The German source text is the message's code (gettext's
msgid), and the context (a word per area: "till", "gtin") groups them for the translator. `str()` of a message
is its German text: logs, receipts and tests read German; the UI shows it in the associate's language
(app/ui/texts.py: `describe`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Message", "message_of", "translate"]


@dataclass(frozen=True)
class Message:
    """A text for the associate: `text` is the German source with `{name}` placeholders; a parameter may be a
    `Message` itself (translated too) or anything `str()` turns into the right text (a code, a name, an
    amount already formatted)."""

    context: str
    text: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)  # out of the hash: frozen results hash

    def format(self, **params: Any) -> "Message":
        """This message with (more) parameters; like `str.format`, but still a message to translate."""
        return Message(self.context, self.text, {**self.params, **params})

    def render(self, lookup) -> str:
        """The text in the language `lookup(context, text)` gives, its parameters filled in."""
        template = lookup(self.context, self.text)
        if not self.params:
            return template
        values = {k: v.render(lookup) if isinstance(v, Message) else v for k, v in self.params.items()}
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that names a parameter wrongly
            return self.text.format(**values)

    def __str__(self) -> str:
        return self.render(lambda _context, text: text)


def translate(context: str, text: str, /, **params: Any) -> Message:
    """A message for the associate (see the module's text). The context and the text must be string literals:
    lupdate reads them from the source; parameters follow with `.format(name=value)`."""
    return Message(context, text, params)  # keywords: lupdate would not see the text (the module's text)


def message_of(value: object) -> Message | None:
    """The `Message` an exception (or a message) carries, if any: the first argument of an exception."""
    if isinstance(value, Message):
        return value
    if isinstance(value, BaseException) and value.args and isinstance(value.args[0], Message):
        return value.args[0]
    return None
