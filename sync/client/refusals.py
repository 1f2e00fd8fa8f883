"""The backend's refusals (sync.protocol.RegisterRefusal) in the register's words: a `Message` the UI shows in
the associate's language. A refusal without a code (an older backend, a proxy) is shown as its `detail`."""

from __future__ import annotations

from sync.client.http import BackendRejected
from sync.common.messages import Message, translate
from sync.protocol import RegisterRefusal as R

__all__ = ["refusal_message"]


def _message(code: R, params: dict[str, str]) -> Message | None:
    match code:
        case R.TOKEN_MISSING | R.TOKEN_UNKNOWN:
            return translate("backend", "Die Zentrale kennt diese Kasse nicht (mehr): bitte die IT verständigen, "
                                        "sie meldet die Kasse neu an.")
        case R.ENROLL_SECRET_UNKNOWN:
            return translate("backend", "Einrichtungscode unbekannt oder für eine andere Kasse – bitte Filiale, "
                                        "Kassennummer und Code prüfen.")
        case R.ENROLL_SECRET_USED:
            return translate("backend", "Dieser Einrichtungscode wurde schon benutzt – die IT erzeugt einen neuen.")
        case R.REGISTER_ENROLLED:
            return translate("backend", "Kasse {register} ist schon eingerichtet. Soll dieser PC sie ersetzen, "
                                        "meldet die IT die alte erst ab.").format(register=params.get("register", "?"))
        case R.CURSOR_INVALID:
            return translate("backend", "Die Zentrale hat den Abgleichstand nicht erkannt; der nächste Abgleich "
                                        "beginnt von vorn.")
        case R.CONFLICT_UNKNOWN:
            return translate("backend", "Diese Klärung ist der Zentrale nicht (mehr) bekannt.")
        case R.CART_UNKNOWN:
            return translate("backend", "Kein Online-Warenkorb mit diesem Code.")
        case R.CART_CLOSED:
            return translate("backend", "Dieser Warenkorb ist bereits abgeschlossen.")
        case R.CART_CLAIMED:
            return translate("backend", "Dieser Warenkorb wird schon an Kasse {register} bezahlt.").format(
                             register=params.get("register", "?"))
        case R.RECEIPT_UNKNOWN:
            return translate("backend", "Dieser Bon ist der Zentrale nicht bekannt.")
        case R.CUSTOMER_QUERY_VAGUE:
            return translate("backend", "Bitte Kundenkarte, vollständige E-Mail-Adresse oder Telefonnummer "
                                        "angeben.")
        case R.VOUCHER_UNKNOWN:
            return translate("backend", "Gutschein {code} ist unbekannt.").format(code=params.get("code", "?"))
    return None


def refusal_message(value: object) -> Message | None:
    """The message for a backend refusal with a code this register knows; None for anything else."""
    if isinstance(value, BackendRejected) and value.code is not None:
        return _message(value.code, value.params)
    return None
