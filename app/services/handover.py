"""Cart handover: a customer's online cart is claimed at the counter and checked out there.

Claiming needs the backend (it owns the cart and decides between the register
and the customer's phone, see sync/server/carts.py); everything after the claim
is an ordinary sale at today's shelf prices. Differences to the prices the
customer saw online are shown to the associate before payment.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.cart import Cart
from sync.client.http import BackendRejected, BackendUnavailable, BadResponse
from sync.client.refusals import refusal_message
from sync.common.messages import message_of, translate


class HandoverError(ValueError):
    """The cart cannot be taken over; the message is for the associate."""


class HandoverOffline(HandoverError):
    """No link to the backend: a handover is impossible, a local cart is not."""


OFFLINE_TEXT = translate("handover", "Keine Verbindung zur Zentrale – eine Warenkorb-Übergabe ist gerade nicht "
                                    "möglich. Die Artikel können als neuer Bon gescannt werden.")


def claim(client, code: str) -> dict:
    """Claim the cart with this short code for this register; runs on the network executor."""
    if client is None:
        raise HandoverOffline(OFFLINE_TEXT)
    try:
        return client.claim_cart(code)
    except BackendUnavailable as exc:
        raise HandoverOffline(OFFLINE_TEXT) from exc
    except BackendRejected as exc:
        if exc.status == 404:
            raise HandoverError(translate("handover", "Code {code} gehört zu keinem Warenkorb – bitte noch einmal "
                                                     "prüfen").format(code=code.upper())) from exc
        if exc.status == 422:
            raise HandoverError(translate("handover", "Das ist kein Übergabe-Code (6 Zeichen, z. B. TRE5EN)")) from exc
        raise HandoverError(refusal_message(exc) or exc.detail) from exc
    except BadResponse as exc:
        raise HandoverError(translate("handover", "Antwort der Zentrale unlesbar ({error}) – bitte erneut "
                                                 "versuchen").format(error=message_of(exc) or str(exc))) from exc


@dataclass(frozen=True)
class PriceDifference:
    name: str
    quantity: int
    online_cents: int
    counter_cents: int


def price_differences(claimed: dict, cart: Cart) -> list[PriceDifference]:
    """Lines whose shelf price here differs from the price the customer saw online."""
    counter = {line.product_id: line for line in cart.lines}
    result = []
    for line in claimed["lines"]:
        here = counter.get(line["product_id"])
        online = line.get("unit_price_cents")
        if here is not None and online is not None and online != here.unit_price_cents:
            result.append(PriceDifference(here.name, line["quantity"], online, here.unit_price_cents))
    return result
