"""Taking back goods of an online order at the counter, also offline.

Returnable per product = sold − what the backend knows was returned − this
register's own returns the backend has not reflected yet. Offline, two stores
can still together take back more than was sold: the money has left the
drawer, so both are recorded and the backend flags the excess (over-refund).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from app.services.auth import AssociateSession, AuthError
from app.services.checkout import add_outbox
from app.services.context import RegisterContext
from app.store.db import transaction
from app.store.models import OnlineOrderRecord, ReturnRecord, StockMovement, utcnow


class ReturnError(ValueError):
    """A return the register refuses; the message is for the associate."""


class ReturnApprovalNeeded(AuthError):
    """Outside the return window or above the amount limit: a manager's PIN is needed."""


RETURN_WINDOW_DAYS = 30
APPROVAL_ABOVE_CENTS = 20_000  # refunds above 200 € need a manager
REASONS = {"defect": "Defekt", "dislike": "Gefällt nicht", "wrong_item": "Falscher Artikel / Größe",
           "late": "Zu spät geliefert", "other": "Sonstiges"}


def order_age_days(order: OnlineOrderRecord, now: datetime | None = None) -> int | None:
    created = order.data.get("created_at") or ""
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return ((now or datetime.now(timezone.utc)) - when) // timedelta(days=1)


@dataclass(frozen=True)
class ReturnableLine:
    product_id: int
    name: str
    sold: int
    returnable: int
    unit_price_cents: int


def find_order(ctx: RegisterContext, *, order_no: str) -> OnlineOrderRecord:
    with Session(ctx.engine) as s:
        order = s.exec(select(OnlineOrderRecord).where(OnlineOrderRecord.order_no == order_no.strip())).first()
    if order is None:
        raise ReturnError(f"Bestellung {order_no} ist in dieser Kasse nicht bekannt (noch nicht synchronisiert?)")
    return order


def returnable(ctx: RegisterContext, *, order_id: str) -> list[ReturnableLine]:
    with Session(ctx.engine) as s:
        order = s.get(OnlineOrderRecord, order_id)
        if order is None:
            raise ReturnError("Bestellung nicht gefunden")
        reflected = set(order.data.get("return_ids", []))
        local = s.exec(select(ReturnRecord).where(ReturnRecord.source_id == order_id)).all()
    pending: dict[int, int] = {}
    for r in local:
        if r.id not in reflected:
            for line in r.data["lines"]:
                pending[line["product_id"]] = pending.get(line["product_id"], 0) + line["quantity"]
    result = []
    for line in order.data["lines"]:
        left = line["quantity"] - line.get("returned", 0) - pending.get(line["product_id"], 0)
        result.append(ReturnableLine(line["product_id"], line["name"], line["quantity"], max(left, 0),
                                     line["unit_price_cents"]))
    return result


def record_return(ctx: RegisterContext, associate: AssociateSession, *, order_id: str,
                  quantities: dict[int, int], resellable: bool = True, reason: str = "other",
                  approver_pin: str | None = None, now: datetime | None = None) -> ReturnRecord:
    """Take goods back and refund them in cash; one transaction with the stock movements and the outbox.

    Resellable goods go back into this store's stock; damaged ones are written off (no movement).
    Outside the return window or above the amount limit a manager approves (own login or PIN).
    """
    if reason not in REASONS:
        raise ReturnError("Bitte einen Rückgabegrund wählen")
    with Session(ctx.engine) as s:
        order = s.get(OnlineOrderRecord, order_id)
    lines = {l.product_id: l for l in returnable(ctx, order_id=order_id)}
    payload_lines, refund = [], 0
    for product_id, qty in quantities.items():
        if qty <= 0:
            continue
        line = lines.get(product_id)
        if line is None:
            raise ReturnError("Dieser Artikel ist nicht Teil der Bestellung")
        if qty > line.returnable:
            raise ReturnError(f"{line.name}: höchstens {line.returnable} Stück rückgabefähig")
        amount = line.unit_price_cents * qty
        refund += amount
        payload_lines.append({"product_id": product_id, "quantity": qty, "refund_cents": amount,
                              "resellable": resellable, "movement_id": uuid.uuid4().hex if resellable else None})
    if not payload_lines:
        raise ReturnError("Keine Menge zur Rückgabe gewählt")
    age = order_age_days(order, now)
    needs = []
    if age is not None and age > RETURN_WINDOW_DAYS:
        needs.append(f"Die Bestellung ist {age} Tage alt (Rückgabefrist {RETURN_WINDOW_DAYS} Tage)")
    if refund > APPROVAL_ABOVE_CENTS:
        needs.append(f"Erstattung über {APPROVAL_ABOVE_CENTS // 100} €")
    approved_by = None
    if needs and not associate.is_manager:
        if not approver_pin:
            raise ReturnApprovalNeeded(" und ".join(needs) + " – Freigabe durch die Marktleitung nötig")
        approved_by = ctx.auth.manager_approval(pin=approver_pin).associate_id
    return_id = uuid.uuid4().hex
    at = utcnow()
    with transaction(ctx.engine) as s:
        record = ReturnRecord(id=return_id, source="order", source_id=order_id, associate_id=associate.associate_id,
                              refund_cents=refund, created_at=at,
                              data={"lines": payload_lines, "reason": reason, "approved_by": approved_by})
        s.add(record)
        for line in payload_lines:
            if line["resellable"]:
                s.add(StockMovement(id=line["movement_id"], product_id=line["product_id"],
                                    location_id=ctx.store.id, delta=line["quantity"], reason="return",
                                    created_at=at))
        add_outbox(s, op="return.recorded", entity_id=return_id, payload={
            "return_id": return_id, "source": "order", "source_id": order_id, "register_id": ctx.register_id,
            "location_id": ctx.store.id, "refund_cents": refund, "refund_method": "cash",
            "at": at.isoformat(), "lines": payload_lines})
    return record
