"""Customers at the counter: looked up at the backend, attached to a sale or a return.

Customer data stays on the backend; the register asks for one customer while
an associate is logged in, keeps only id, card number and name in the open
cart, and never writes customer data to a log. Without the link a scanned
loyalty card is still noted on the sale; the backend resolves it later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sync.client.http import BackendRejected, BackendUnavailable, BadResponse
from sync.client.refusals import refusal_message
from sync.common.messages import message_of, translate


class CustomerError(ValueError):
    """The message is for the associate."""


class CustomerOffline(CustomerError):
    pass


@dataclass(frozen=True)
class Customer:
    id: int | None
    name: str
    card_no: str | None = None
    email: str = ""
    phone: str = ""
    history: tuple[dict, ...] = ()
    points: int | None = None  # the loyalty balance the backend reported; None: not known (offline)
    points_history: tuple[dict, ...] = ()
    coupons: tuple[dict, ...] = ()  # personal coupons still to be used: {"code", "name", "valid_to"}
    coupons_used: dict | None = None  # how often the customer used each coupon (once-per-customer codes)

    def link(self) -> dict:
        """What the cart keeps: enough to show and to send with the sale, nothing more."""
        return {"id": self.id, "name": self.name, "card_no": self.card_no, "points": self.points,
                "coupons": list(self.coupons), "coupons_used": dict(self.coupons_used or {})}


def lookup(client, query: str) -> list[Customer]:
    """Runs on the network executor."""
    if client is None:
        raise CustomerOffline(translate("customers", "Diese Kasse ist nicht mit der Zentrale verbunden – Kundensuche "
                                                    "nicht möglich"))
    try:
        found = client.find_customers(query.strip())
    except BackendUnavailable as exc:
        raise CustomerOffline(translate("customers", "Zentrale nicht erreichbar – Kundensuche gerade nicht "
                                                    "möglich")) from exc
    except BackendRejected as exc:
        raise CustomerError(refusal_message(exc) or exc.detail) from exc
    except BadResponse as exc:
        raise CustomerError(translate("customers", "Antwort der Zentrale unlesbar ({error})").format(
            error=message_of(exc) or str(exc))) from exc
    return [Customer(c["id"], c["name"], c.get("card_no"), c.get("email", ""), c.get("phone", ""),
                     tuple(c.get("history", [])), c.get("points"), tuple(c.get("points_history", [])),
                     tuple(c.get("coupons", [])), c.get("coupons_used") or {})
            for c in found]


def card_only(card_no: str) -> Customer:
    """A loyalty card scanned while offline: noted on the sale, resolved by the backend."""
    return Customer(None, f"Kundenkarte {card_no}", card_no)
