"""Negative stock and counted stock.

A store's count of a product that drops below zero is ONE open `negative_stock`
conflict per store and product: later sales that leave it negative update that
conflict (the shortfall now, and the sales that led there) instead of opening
another. Once a manager acknowledges or resolves it, the next time the count
goes negative opens a new one.

Two registers pushing at once cannot both open one: every caller has just
moved the product's stock at that location, and the stock row stays locked
(PostgreSQL: the upsert's row lock; SQLite: one writer) until the transaction
ends, so the second waits and then sees the first's conflict. A unique partial
index (`uq_conflict_open_negative_stock`) guards the rule in the database too.

A count (`stock.counted`, reason `inventory`) moves the difference a manager
found; a count that leaves the stock at zero or above resolves the open
conflict, one that does not (sales since the count) updates it.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Query
from sqlalchemy import bindparam, text, update
from sqlmodel import Session, select

from sync.protocol import (
    MAX_STOCK_LOOKUP, ConflictKind, MovementReason, Operation, StockCountPayload, StockLevel, StockLookup,
)
from sync.server.conflicts import conflict_data, raise_conflict
from sync.server.db import record_change
from sync.server.models import Conflict, Register
from sync.server.operations import validated

MAX_EVENTS = 50  # the latest sales kept as evidence; `sale_count` counts them all


def _open_conflict(session: Session, *, store_id: str, product_id: int) -> Conflict | None:
    return session.exec(select(Conflict).where(
        Conflict.kind == ConflictKind.NEGATIVE_STOCK.value, Conflict.store_id == store_id,
        Conflict.entity_id == str(product_id), Conflict.status == "open"
    ).execution_options(populate_existing=True)).first()  # fresh, even after a rolled-back savepoint


def _save(session: Session, conflict: Conflict, *, details: dict, status: str = "open", resolution: str = "",
          resolved_by: str | None = None) -> bool:
    """Update an open conflict; False if it was closed meanwhile (a manager acknowledged it)."""
    done = session.connection().execute(
        update(Conflict).where(Conflict.id == conflict.id, Conflict.status == "open").values(
            details=details, status=status, resolution=resolution, resolved_by=resolved_by)).rowcount
    if not done:
        return False
    data = {**conflict_data(conflict), "details": details, "status": status, "resolution": resolution,
            "resolved_by": resolved_by}
    record_change(session, kind="conflict", key=str(conflict.id), data=data, store_id=conflict.store_id)
    session.expire(conflict)
    return True


def flag_negative_stock(session: Session, *, store_id: str, product_id: int, sku: str, quantity: int, delta: int,
                        sale: dict) -> Conflict:
    """A sale left the count at `quantity` < 0: open the product's conflict here, or deepen the open one.
    `sale`: {sale_id, register_id, receipt_no, at}. Call after moving the stock (the row lock)."""
    event = {**sale, "delta": delta, "quantity": quantity}
    latest = {"quantity": quantity, "shortfall": -quantity, **sale}
    conflict = _open_conflict(session, store_id=store_id, product_id=product_id)
    if conflict is not None:
        old = dict(conflict.details)
        details = {**old, **latest, "lowest": min(old.get("lowest", old.get("quantity", 0)), quantity),
                   "sales": (list(old.get("sales", [])) + [event])[-MAX_EVENTS:],
                   "sale_count": old.get("sale_count", 1) + 1}
        if _save(session, conflict, details=details):
            return conflict
    return raise_conflict(session, kind=ConflictKind.NEGATIVE_STOCK.value, store_id=store_id,
                          entity_id=str(product_id), details={
                              "product_id": product_id, "sku": sku, **latest, "lowest": quantity,
                              "sales": [event], "sale_count": 1})


def apply_stock_count(session: Session, register: Register, op: Operation, move_stock) -> tuple[str, str]:
    count = validated(StockCountPayload, op, register, "stock count")
    quantity = move_stock(session, location_id=register.store_id, product_id=count.product_id, delta=count.delta,
                          reason=MovementReason.INVENTORY.value, movement_id=count.movement_id,
                          register_id=register.id)
    conflict = _open_conflict(session, store_id=register.store_id, product_id=count.product_id)
    if conflict is None:
        return "applied", ""
    entry = {"counted": count.counted, "delta": count.delta, "quantity": quantity, "register_id": register.id,
             "associate_id": count.associate_id, "approved_by": count.approved_by, "at": count.at}
    details = {**conflict.details, "count": entry}
    if quantity >= 0:
        _save(session, conflict, details=details, status="resolved", resolved_by=register.id,
              resolution=f"Bestand gezählt: {count.counted} (Kasse {register.id})")
        return "applied", "negative stock resolved by the count"
    _save(session, conflict, details={**details, "quantity": quantity, "shortfall": -quantity})
    return "applied", "still negative after the count (sales since)"


def register_stock_router(session_dependency, register_dependency) -> APIRouter:
    """`GET /v1/stock?product=…`: every location's count of up to 50 products, for a register's stock dialog and
    its ship-from choice. Only a register's own store is in its feed (sync.server.movements.stock_feed_scope)."""
    router = APIRouter(prefix="/v1/stock", tags=["registers"])

    @router.get("", response_model=StockLookup)
    def lookup(product: list[int] = Query(min_length=1, max_length=MAX_STOCK_LOOKUP), _reg=Depends(register_dependency),
               s: Session = Depends(session_dependency)) -> StockLookup:
        if any(not 0 <= p <= 2**62 for p in product):
            raise HTTPException(422, "product: not a product id")
        rows = s.connection().execute(_LOOKUP, {"ps": sorted(set(product))}).all()
        return StockLookup(stock=[StockLevel(location_id=l, product_id=p, quantity=q) for l, p, q in rows])

    return router


_LOOKUP = text("SELECT location_id, product_id, quantity FROM stock WHERE product_id IN :ps"
               " ORDER BY location_id, product_id").bindparams(bindparam("ps", expanding=True))
