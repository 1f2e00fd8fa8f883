"""Order for delivery ("endless aisle"): the customer pays at the counter, the goods ship from elsewhere.

The cart carries the delivery (address, shipping location); when it is paid,
the sale and an `order.placed` operation are written in the same transaction.
The sale moves no stock in this store; the delivery order moves it at the
shipping location, where the backend records it as an online order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session

from app.services.outbox import add_outbox, next_number
from app.services.context import RegisterContext
from app.services.stock import stock_overview
from sync.common.messages import translate
from sync.protocol import Counter, DeliveryOrderPayload, StockLevel  # Counter: the numbering a replaced PC continues


class DeliveryError(ValueError):
    """The message is for the associate."""


@dataclass(frozen=True)
class ShipFrom:
    location_id: str
    name: str
    kind: str
    short: tuple[str, ...]  # products it cannot supply in full, by name

    @property
    def complete(self) -> bool:
        return not self.short


def ship_from_options(ctx: RegisterContext, cart, elsewhere: list[StockLevel] | None = None) -> list[ShipFrom]:
    """Where the cart could ship from: the warehouse first, then other stores (with `elsewhere`, the backend's
    answer to `stock.look_up_elsewhere`); those with everything first."""
    if not cart.lines:
        raise DeliveryError(translate("delivery", "Erst die Artikel für die Lieferung scannen oder suchen"))
    if any(l.weighed for l in cart.lines):
        raise DeliveryError(translate("delivery", "Waagenartikel können nicht geliefert werden"))
    needed: dict[int, int] = {}
    names = {}
    for line in cart.lines:
        needed[line.product_id] = needed.get(line.product_id, 0) + line.quantity
        names[line.product_id] = line.name
    free: dict[str, dict[int, int]] = {}
    info: dict[str, tuple[str, str]] = {}
    for product_id in needed:
        rows, _ = stock_overview(ctx, product_id=product_id, elsewhere=elsewhere)
        for r in rows:
            if r.location_id == ctx.store.id:
                continue
            free.setdefault(r.location_id, {})[product_id] = r.free
            info[r.location_id] = (r.name, r.kind)
    options = [ShipFrom(loc, info[loc][0], info[loc][1],
                        tuple(names[p] for p, q in needed.items() if stock.get(p, 0) < q))
               for loc, stock in free.items()]
    return sorted(options, key=lambda o: (not o.complete, o.kind != "warehouse", o.name))


def prepare(ctx: RegisterContext, *, ship_from: str, customer_name: str, address: str,
            customer_email: str = "") -> dict:
    """The cart's delivery link; checked here so the customer is asked again before paying."""
    name, address, email = customer_name.strip(), " ".join(address.split()), customer_email.strip()
    if len(name) < 2:
        raise DeliveryError(translate("delivery", "Bitte den Namen der Kundin oder des Kunden eingeben"))
    if len(address) < 8 or not any(ch.isdigit() for ch in address):
        raise DeliveryError(translate("delivery", "Bitte die vollständige Lieferadresse eingeben (Straße, Hausnummer, "
                                                "PLZ, Ort)"))
    if email and ("@" not in email or "." not in email.split("@")[-1]):
        raise DeliveryError(translate("delivery", "Die E-Mail-Adresse sieht nicht richtig aus"))
    fields = DeliveryOrderPayload.model_fields  # the protocol's limits, checked before the customer pays
    for value, field, what in ((name, "customer_name", translate("delivery", "Der Name")),
                               (address, "address", translate("delivery", "Die Adresse")),
                               (email, "customer_email", translate("delivery", "Die E-Mail-Adresse"))):
        longest = next(m.max_length for m in fields[field].metadata if hasattr(m, "max_length"))
        if len(value) > longest:
            raise DeliveryError(translate("delivery", "{what} ist zu lang (höchstens {longest} Zeichen)").format(
                what=what, longest=longest))
    return {"order_id": uuid.uuid4().hex, "ship_from": ship_from, "customer_name": name, "address": address,
            "customer_email": email}


def write_delivery_order(s: Session, ctx: RegisterContext, cart, *, sale_id: str) -> str:
    """In the sale's transaction: the order number and the `order.placed` operation. Returns the number."""
    d = cart.delivery
    number = f"LF-{ctx.register_id}-{next_number(s, Counter.DELIVERY_NO):05d}"
    add_outbox(s, op="order.placed", entity_id=d["order_id"], payload={
        "order_id": d["order_id"], "order_no": number, "register_id": ctx.register_id, "location_id": ctx.store.id,
        "sale_id": sale_id, "ship_from": d["ship_from"], "customer_name": d["customer_name"],
        "customer_email": d["customer_email"], "address": d["address"],
        "lines": [{"product_id": l.product_id, "quantity": l.quantity,
                   "unit_price_cents": total // l.quantity if l.quantity else 0, "movement_id": uuid.uuid4().hex}
                  for l, total in zip(cart.lines, cart.final_line_totals())]})
    return number
