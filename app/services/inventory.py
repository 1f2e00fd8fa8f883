"""Counting stock: a manager corrects this store's count of a product to what is on the shelf.

The correction is a stock movement like any other (reason `inventory`, delta =
counted − the register's count), written in one transaction with its outbox
entry (`stock.counted`) and synced with the rest; the backend applies the same
delta, and a count that brings the stock back to zero or above resolves the
product's negative-stock conflict. Only a manager may count: an associate
needs a manager's PIN, checked here and not only by the dialog.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from app.services.auth import AssociateSession, AuthError, refuse_trainee
from app.services.outbox import add_outbox
from app.services.context import RegisterContext
from app.store.db import transaction
from app.store.models import StockMovement, utcnow
from sync.common.messages import translate
from sync.protocol import MovementReason, Op, StockCountPayload

MAX_COUNT = 10_000_000  # pieces, or grams of a weighed product


class CountApprovalNeeded(AuthError):
    """An associate counted: a manager's PIN is needed."""


class CountError(ValueError):
    """The count cannot be taken; the message is for the associate."""


@dataclass(frozen=True)
class StockCount:
    movement_id: str
    product_id: int
    before: int  # the register's count before
    counted: int
    approved_by: int | None

    @property
    def delta(self) -> int:
        return self.counted - self.before


def current_quantity(session, *, store_id: str, product_id: int) -> int:
    """This store's count as the register knows it: the backend's as last pulled plus its own unsent movements."""
    return session.connection().exec_driver_sql(
        "SELECT COALESCE((SELECT quantity FROM stock WHERE location_id = ? AND product_id = ?), 0)"
        " + COALESCE((SELECT SUM(delta) FROM stockmovement WHERE location_id = ? AND product_id = ?"
        " AND NOT synced), 0)", (store_id, product_id, store_id, product_id)).scalar_one()


def count_stock(ctx: RegisterContext, associate: AssociateSession, *, product_id: int, counted: int,
                approver_pin: str | None = None) -> StockCount:
    """Record `counted` as this store's stock of the product (one movement and its outbox entry)."""
    refuse_trainee(associate, translate("inventory", "Inventur"))
    if not 0 <= counted <= MAX_COUNT:
        raise CountError(translate("inventory", "Bitte eine gezählte Menge von 0 oder mehr eingeben"))
    approved_by = None
    if not associate.is_manager:
        if not approver_pin:
            raise CountApprovalNeeded(translate("inventory", "Bestand zählen darf nur die Marktleitung – Freigabe "
                                                             "nötig"))
        approved_by = ctx.auth.manager_approval(pin=approver_pin, action="stock_count", requested_by=associate.associate_id,
                                                product_id=product_id, counted=counted).associate_id
    at = utcnow()
    movement_id = uuid.uuid4().hex
    with transaction(ctx.engine) as s:
        if s.connection().exec_driver_sql("SELECT 1 FROM product WHERE id = ?", (product_id,)).first() is None:
            raise CountError(translate("inventory", "Unbekannter Artikel"))
        before = current_quantity(s, store_id=ctx.store.id, product_id=product_id)
        delta = counted - before
        s.add(StockMovement(id=movement_id, product_id=product_id, location_id=ctx.store.id, delta=delta,
                            reason=MovementReason.INVENTORY.value, created_at=at))
        payload = StockCountPayload(movement_id=movement_id, register_id=ctx.register_id, location_id=ctx.store.id,
                                    product_id=product_id, counted=counted, delta=delta,
                                    associate_id=associate.associate_id, approved_by=approved_by,
                                    at=at.isoformat())
        add_outbox(s, op=Op.STOCK_COUNTED.value, entity_id=movement_id, payload=payload.model_dump())
    return StockCount(movement_id, product_id, before, counted, approved_by)
