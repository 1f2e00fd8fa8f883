"""Applying pushed operations: idempotent, per operation, never blocking the queue.

A batch runs in one savepoint; if any operation is rejected, the batch runs
again with a savepoint per operation, so a rejected one rolls back alone.
Each result is stored with its operation id, so a replayed push gets the
original answer and nothing is applied twice. Plain SQL, and a batch's sales
and journal entries applied together (sale_booking.py, journal.py), because a
register coming back online pushes thousands of sales at once.
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, text
from sqlmodel import Session

from sync.protocol import ConflictKind, Op, OpResult, Operation, StockCountPayload, parse_payload
from sync.server.associates import apply_pin_set
from sync.server.conflicts import raise_conflict
from sync.server.db import is_transient, lock_register_pushes
from sync.server.delivery import apply_delivery_order
from sync.server.journal import apply_fiscal_event, apply_fiscal_events
from sync.server.models import Register, utcnow
from sync.server.movements import move_stock
from sync.server.notifications import apply_notification_ack
from sync.server.operations import Rejected
from sync.server.pickup import apply_collection, apply_order_ready
from sync.server.returns import apply_return
from sync.server.sale_booking import apply_sale, apply_sales
from sync.server.shipping import apply_shipment_handed_over, apply_shipment_packed
from sync.server.stock import apply_stock_count


log = logging.getLogger(__name__)

_DONE = text("SELECT id, register_id, status, reason FROM appliedop WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_RECORD = text("INSERT INTO appliedop (id, register_id, seq, op, status, reason, applied_at)"
               " VALUES (:id, :reg, :seq, :op, :status, :reason, :at)")


class RegisterRevoked(Exception):
    """The register's token was revoked (IT replaced or took out its PC) after its push was let in."""


_TOKEN = text("SELECT token_hash FROM register WHERE id = :r")


def apply_batch(session: Session, register: Register, operations: list[Operation]) -> list[OpResult]:
    """Each operation's answer. `register` as its token found it: RegisterRevoked if that token no longer
    holds once the push has its turn (a replacement PC must not miss what the old one pushed)."""
    conn = session.connection()
    lock_register_pushes(session, register.id)
    if conn.execute(_TOKEN, {"r": register.id}).scalar() != register.token_hash:
        raise RegisterRevoked(register.id)
    if conn.dialect.name == "postgresql":
        lock_stock_rows(conn, sorted(_stock_keys(register, operations)))
    done = {r[0]: r for r in conn.execute(_DONE, {"ids": [op.id for op in operations]})} if operations else {}
    new = [op for op in operations if op.id not in done]
    # Usually nothing is rejected: the whole batch runs in one savepoint. If anything is, that savepoint
    # is rolled back and the batch runs again with a savepoint per operation, so a rejection is alone.
    outcome: dict[str, tuple[str, str]] = {}
    batch = session.begin_nested()  # the session's own savepoints: a failed ORM flush rolls back to them too
    try:
        outcome = _apply_in_runs(session, register, new)
    except Exception as exc:  # a rejection, or something no rule foresaw: find the one, apply the others
        batch.rollback()
        if is_transient(exc):
            raise
        if not isinstance(exc, Rejected):  # a rule's rejection is expected; anything else is worth a look
            log.warning("push of register %s: %s while applying the batch together; one at a time instead",
                        register.id, type(exc).__name__)
        outcome = {op.id: _apply_alone(session, register, op) for op in new}
    else:
        batch.commit()
    now = utcnow()
    if new:
        conn.execute(_RECORD, [{"id": op.id, "reg": register.id, "seq": op.seq, "op": op.op,
                                "status": outcome[op.id][0], "reason": outcome[op.id][1], "at": now} for op in new])
        conn.execute(text("UPDATE register SET last_seq = :s WHERE id = :r AND last_seq < :s"),  # never backwards
                     {"s": max(op.seq for op in new), "r": register.id})
    results = []
    for op in operations:
        if op.id in done:
            _, owner, status, reason = done[op.id]
            if owner != register.id:
                results.append(OpResult(id=op.id, status="rejected", reason="operation id belongs to another register"))
            else:
                results.append(OpResult(id=op.id, status=status, reason=reason))
        else:
            results.append(OpResult(id=op.id, status=outcome[op.id][0], reason=outcome[op.id][1]))
    session.add(register)
    return results


def _stock_keys(register: Register, operations: list[Operation]) -> set[tuple[str, int]]:
    """The stock rows (location, product) the batch's operations will move (unreadable ones: none)."""
    keys: set[tuple[str, int]] = set()
    for op in operations:
        try:
            payload = parse_payload(op.op, op.payload)
        except ValueError:
            continue
        where = getattr(payload, "ship_from", None) or register.store_id
        keys.update((where, line.product_id) for line in getattr(payload, "lines", ()))
        keys.update((register.store_id, line.product_id) for line in getattr(payload, "picked", ()))  # shipments
        if isinstance(payload, StockCountPayload):
            keys.add((register.store_id, payload.product_id))
    return keys


def lock_stock_rows(conn, keys: list[tuple[str, int]]) -> None:
    """Lock stock rows in one fixed order (location, product) before anything moves them: two registers
    pushing the same products in a different order would otherwise each hold one and wait for the other."""
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        conn.execute(text("SELECT 1 FROM stock WHERE (location_id, product_id) IN ("
                          + ", ".join(f"(:l{i}, :p{i})" for i in range(len(chunk)))
                          + ") ORDER BY location_id, product_id FOR UPDATE"),
                     {k: v for i, (l, p) in enumerate(chunk) for k, v in ((f"l{i}", l), (f"p{i}", p))})


_TOGETHER = {Op.SALE_COMPLETED: apply_sales, Op.FISCAL_EVENT: apply_fiscal_events}


def _apply_in_runs(session: Session, register: Register, operations: list[Operation]) -> dict[str, tuple[str, str]]:
    """Each operation's outcome. A run of sales and journal entries (most of a push) is applied together, the
    sales in one go and the entries in another: neither reads what the other writes. Any other operation
    is applied on its own, after the run before it."""
    outcome: dict[str, tuple[str, str]] = {}
    run: list[Operation] = []

    def apply_run() -> None:
        for kind, apply_together in _TOGETHER.items():
            ops = [op for op in run if op.op == kind]
            if ops:
                outcome.update(zip([op.id for op in ops], apply_together(session, register, ops), strict=True))
        run.clear()

    for op in operations:
        if op.op in _TOGETHER:
            run.append(op)
            continue
        apply_run()
        outcome[op.id] = _apply(session, register, op)
    apply_run()
    return outcome


def _apply_alone(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    """One operation in a savepoint of its own: whatever goes wrong rolls back this one only and is
    its answer, for good (a retry gets the same answer); an unforeseen error is logged and recorded
    as a conflict for IT, never a 500 that would hold up every operation behind it."""
    savepoint = session.begin_nested()
    try:
        result = _apply(session, register, op)
    except Rejected as exc:
        savepoint.rollback()
        if exc.conflict is not None:  # outside the rolled-back savepoint: it stays
            raise_conflict(session, store_id=register.store_id, **exc.conflict)
        return "rejected", str(exc)
    except Exception as exc:
        savepoint.rollback()
        if is_transient(exc):  # a deadlock, a lost connection: the whole push is answered 503 and retried
            raise
        log.exception("operation %s (%s, seq %s) of register %s could not be applied", op.id, op.op, op.seq,
                      register.id)
        raise_conflict(session, store_id=register.store_id, kind=ConflictKind.UNPROCESSABLE.value, entity_id=op.id,
                       details={"op_id": op.id, "op": op.op, "seq": op.seq, "register_id": register.id,
                                "error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"})
        return "rejected", f"could not be applied ({type(exc).__name__}); recorded for IT"
    savepoint.commit()
    return result


def _apply(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    if op.op == Op.SALE_COMPLETED:
        return apply_sale(session, register, op)
    if op.op == Op.RETURN_RECORDED:
        return apply_return(session, register, op, move_stock)
    if op.op == Op.ORDER_COLLECTED:
        return apply_collection(session, register, op, move_stock)
    if op.op == Op.ORDER_PLACED:
        return apply_delivery_order(session, register, op, move_stock)
    if op.op == Op.STOCK_COUNTED:
        return apply_stock_count(session, register, op, move_stock)
    if op.op == Op.FISCAL_EVENT:
        return apply_fiscal_event(session, register, op)
    if op.op == Op.ASSOCIATE_PIN_SET:
        return apply_pin_set(session, register, op)
    if op.op == Op.NOTIFICATION_ACKED:
        return apply_notification_ack(session, register, op)
    if op.op == Op.ORDER_READY:
        return apply_order_ready(session, register, op)
    if op.op == Op.SHIPMENT_PACKED:
        return apply_shipment_packed(session, register, op, move_stock)
    if op.op == Op.SHIPMENT_HANDED_OVER:
        return apply_shipment_handed_over(session, register, op)
    raise Rejected(f"unknown operation '{op.op}'")
