"""Applying pushed operations: idempotent, per operation, never blocking the queue.

Each operation runs in a savepoint of the batch's transaction: a rejected one
rolls back alone. Its result is stored with its id, so a replayed push gets
the original answer and nothing is applied twice.
"""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import OpResult, Operation, SalePayload
from sync.server.conflicts import raise_conflict
from sync.server.db import record_change
from sync.server.models import AppliedOp, Register, Sale, StockMovement


class Rejected(Exception):
    """The operation can never be applied; the reason goes back to the register."""


def apply_batch(session: Session, register: Register, operations: list[Operation]) -> list[OpResult]:
    results = []
    for op in operations:
        done = session.get(AppliedOp, op.id)
        if done is not None:
            if done.register_id != register.id:
                results.append(OpResult(id=op.id, status="rejected", reason="operation id belongs to another register"))
            else:
                results.append(OpResult(id=op.id, status=done.status, reason=done.reason))
            continue
        savepoint = session.begin_nested()
        try:
            status, reason = _apply(session, register, op)
        except Rejected as exc:
            savepoint.rollback()
            status, reason = "rejected", str(exc)
        else:
            savepoint.commit()
        session.add(AppliedOp(id=op.id, register_id=register.id, seq=op.seq, op=op.op, status=status, reason=reason))
        register.last_seq = max(register.last_seq, op.seq)
        results.append(OpResult(id=op.id, status=status, reason=reason))
    session.add(register)
    return results


def _apply(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    if op.op == "sale.completed":
        return _apply_sale(session, register, op)
    raise Rejected(f"unknown operation '{op.op}'")


def _apply_sale(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    try:
        sale = SalePayload.model_validate(op.payload)
    except ValidationError as exc:
        raise Rejected(f"malformed sale: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}") from exc
    if sale.location_id != register.store_id or sale.register_id != register.id:
        raise Rejected(f"register {register.id} may only write for store {register.store_id}")
    if session.get(Sale, sale.sale_id) is not None:
        return "applied", "sale already recorded"  # the same sale under another op id: once only
    session.add(Sale(id=sale.sale_id, register_id=register.id, store_id=register.store_id,
                     receipt_no=sale.receipt_no, total_cents=sale.total_cents, ended_at=sale.ended_at,
                     payload=op.payload))
    negative = []
    for line in sale.lines:
        quantity = move_stock(session, location_id=register.store_id, product_id=line.product_id,
                              delta=line.stock_delta, reason="sale", movement_id=line.movement_id,
                              register_id=register.id)
        if quantity < 0:
            negative.append((line, quantity))
    if not negative:
        return "applied", ""
    # Sales made offline have happened: never refused for stock, but flagged for a manager.
    for line, quantity in negative:
        raise_conflict(session, kind="negative_stock", store_id=register.store_id, entity_id=str(line.product_id),
                       details={"product_id": line.product_id, "sku": line.sku, "quantity": quantity,
                                "sale_id": sale.sale_id, "register_id": register.id,
                                "receipt_no": sale.receipt_no, "at": sale.ended_at})
    return "conflict", f"negative stock for {len(negative)} product(s)"


def move_stock(session: Session, *, location_id: str, product_id: int, delta: int, reason: str,
               movement_id: str, register_id: str | None = None) -> int:
    """Record a movement and add it to the count, atomically; returns the new count."""
    if session.get(StockMovement, movement_id) is not None:
        raise Rejected(f"stock movement {movement_id} was already recorded")
    session.add(StockMovement(id=movement_id, location_id=location_id, product_id=product_id, delta=delta,
                              reason=reason, register_id=register_id))
    conn = session.connection()
    row = conn.execute(text("UPDATE stock SET quantity = quantity + :d WHERE location_id = :l AND product_id = :p"
                            " RETURNING quantity"), {"d": delta, "l": location_id, "p": product_id}).first()
    if row is None:
        conn.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, :d)"),
                     {"d": delta, "l": location_id, "p": product_id})
        quantity = delta
    else:
        quantity = row[0]
    record_change(session, kind="stock", key=f"{location_id}:{product_id}",
                  data={"location_id": location_id, "product_id": product_id, "quantity": quantity})
    return quantity
