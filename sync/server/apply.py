"""Applying pushed operations: idempotent, per operation, never blocking the queue.

A batch runs in one savepoint; if any operation is rejected, the batch runs
again with a savepoint per operation, so a rejected one rolls back alone.
Each result is stored with its operation id, so a replayed push gets the
original answer and nothing is applied twice. Plain SQL, because a
register coming back online pushes thousands of sales at once.
"""

from __future__ import annotations

import logging

from sqlalchemy import bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from sync.protocol import (
    ConflictKind, MovementReason, Op, OpResult, Operation, SalePayload, StockCountPayload, parse_payload,
)
from sync.server.associates import apply_pin_set
from sync.server.carts import close_bought_in_store
from sync.server.conflicts import raise_conflict
from sync.server.db import is_transient, record_changes
from sync.server.models import Register, utcnow
from sync.server.operations import Rejected, validated
from sync.server.customers import customer_id_for_sale
from sync.server.delivery import apply_delivery_order
from sync.server.journal import apply_fiscal_event
from sync.server.pickup import apply_collection, apply_order_ready
from sync.server.notifications import apply_notification_ack
from sync.server.shipping import apply_shipment_handed_over, apply_shipment_packed
from sync.server.returns import apply_return
from sync.server.stock import apply_stock_count, flag_negative_stock
from sync.server.vouchers import redeem_vouchers, sell_gift_cards
from sync.server.promotions import record_coupon_uses
from sync.server import loyalty
from sync.server.offers import issue_next_purchase_coupons
from sync.common.promotions import Channel


log = logging.getLogger(__name__)

_DONE = text("SELECT id, register_id, status, reason FROM appliedop WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_RECORD = text("INSERT INTO appliedop (id, register_id, seq, op, status, reason, applied_at)"
               " VALUES (:id, :reg, :seq, :op, :status, :reason, :at)")


def apply_batch(session: Session, register: Register, operations: list[Operation]) -> list[OpResult]:
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        # One push of a register at a time: a retry arriving while the first attempt still runs waits for it,
        # then finds its operations done and answers from the first (SQLite's writers are one at a time).
        # An advisory lock, not the register's row: its other requests (a cart claim, a lookup) do not wait.
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended('tresen-push:' || :r, 0))"),
                     {"r": register.id})
        lock_stock_rows(conn, sorted(_stock_keys(register, operations)))
    done = {r[0]: r for r in conn.execute(_DONE, {"ids": [op.id for op in operations]})} if operations else {}
    new = [op for op in operations if op.id not in done]
    # Usually nothing is rejected: the whole batch runs in one savepoint. If anything is, that savepoint
    # is rolled back and the batch runs again with a savepoint per operation, so a rejection is alone.
    outcome: dict[str, tuple[str, str]] = {}
    batch = session.begin_nested()  # the session's own savepoints: a failed ORM flush rolls back to them too
    try:
        for op in new:
            outcome[op.id] = _apply(session, register, op)
    except Exception as exc:  # a rejection, or something no rule foresaw: find the one, apply the others
        batch.rollback()
        if is_transient(exc):
            raise
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
        return _apply_sale(session, register, op)
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


_SALE = text("INSERT INTO sale (id, register_id, store_id, receipt_no, total_cents, ended_at, payload, customer_id)"
             " VALUES (:id, :reg, :store, :no, :total, :ended, :payload, :customer) ON CONFLICT (id) DO NOTHING")


def _apply_sale(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    sale = validated(SalePayload, op, register, "sale")
    inserted = session.connection().execute(_SALE, {
        "id": sale.sale_id, "reg": register.id, "store": register.store_id, "no": sale.receipt_no,
        "total": sale.total_cents, "ended": sale.ended_at, "payload": sale.model_dump_json(),  # as validated
        "customer": customer_id_for_sale(session.connection(), customer_id=sale.customer_id,
                                         card_no=sale.customer_card)}).rowcount
    if not inserted:
        owner = session.connection().execute(text("SELECT register_id FROM sale WHERE id = :id"),
                                             {"id": sale.sale_id}).scalar_one()
        if owner == register.id:
            return "applied", "sale already recorded"  # the same sale under another op id: once only
        raise Rejected(f"sale id {sale.sale_id} is already recorded for register {owner}", conflict={
            "kind": ConflictKind.ID_CLASH.value, "entity_id": sale.sale_id, "details": {
                "sale_id": sale.sale_id, "recorded_for": owner, "sent_by": register.id, "op_id": op.id,
                "receipt_no": sale.receipt_no, "total_cents": sale.total_cents}})
    flagged = redeem_vouchers(session, sale_id=sale.sale_id, tenders=[t.model_dump() for t in sale.tenders],
                              store_id=register.store_id, register_id=register.id)
    customer_id = customer_id_for_sale(session.connection(), customer_id=sale.customer_id, card_no=sale.customer_card)
    if sale.coupons:
        flagged += record_coupon_uses(session, source_id=sale.sale_id, codes=sale.coupons, store_id=register.store_id,
                                      customer_id=customer_id, channel=Channel.STORE, register_id=register.id)
    if sale.gift_cards:
        flagged += sell_gift_cards(session, sale_id=sale.sale_id, cards=sale.gift_cards, store_id=register.store_id,
                                   register_id=register.id)
    issue_next_purchase_coupons(session, customer_id=customer_id, source_id=sale.sale_id,
                                goods_cents=sum(line.total_cents for line in sale.lines))
    if sale.loyalty:
        flagged += loyalty.book_sale(session, sale_id=sale.sale_id, customer_id=customer_id,
                                     card_no=sale.customer_card, earned=sale.loyalty.earned,
                                     redeemed=sale.loyalty.redeemed, store_id=register.store_id,
                                     register_id=register.id)
    if sale.online_cart_id:
        close_bought_in_store(session, cart_id=sale.online_cart_id, sale_id=sale.sale_id, register_id=register.id,
                              store_id=register.store_id)
    # ordered for delivery (stock delta 0): the goods leave another location (order.placed)
    moves = [(l.product_id, l.stock_delta, l.movement_id) for l in sale.lines if l.stock_delta]
    # Sales made offline have happened: never refused for stock, but flagged for a manager,
    # one open conflict per product and store (move_stock_many, sync/server/stock.py).
    counts = move_stock_many(session, location_id=register.store_id, moves=moves,
                             reason=MovementReason.SALE.value, register_id=register.id, event={
                                 "sale_id": sale.sale_id, "receipt_no": sale.receipt_no, "at": sale.ended_at})
    negative = [p for p, q in counts.items() if q < 0 and any(d < 0 for pid, d, _ in moves if pid == p)]
    if negative:
        return "conflict", f"negative stock for {len(negative)} product(s)"
    if flagged:
        return "conflict", "voucher, coupon or points unknown or used beyond their limit"
    return "applied", ""


_MOVEMENT = text("INSERT INTO stockmovement (id, location_id, product_id, delta, reason, register_id, created_at)"
                 " VALUES (:id, :l, :p, :d, :reason, :reg, :at)")
_SEEN = text("SELECT id FROM stockmovement WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
_STOCK = text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, :d)"
              " ON CONFLICT (location_id, product_id) DO UPDATE SET quantity = stock.quantity + excluded.quantity")
_COUNTS = text("SELECT product_id, quantity FROM stock WHERE location_id = :l AND product_id IN :ps").bindparams(
    bindparam("ps", expanding=True))


_SKUS = text("SELECT id, sku FROM product WHERE id IN :ps").bindparams(bindparam("ps", expanding=True))


_KIND = text("SELECT kind FROM location WHERE id = :l")


def stock_feed_scope(conn, location_id: str) -> str | None:
    """Whose feed a location's stock goes to: a store's to that store's registers only, a warehouse's to every
    register (the ship-from choice offline). Sent to every register, every store's sales would reach every
    register of the chain: thousands of rows a second for each (issue 17). Other stores' stock is asked for
    online (`GET /v1/stock`)."""
    kind = conn.execute(_KIND, {"l": location_id}).scalar()
    return location_id if kind == "store" else None


def move_stock(session: Session, *, location_id: str, product_id: int, delta: int, reason: str,
               movement_id: str, register_id: str | None = None, event: dict | None = None) -> int:
    """Record a movement and add it to the count, atomically; returns the new count."""
    return move_stock_many(session, location_id=location_id, moves=[(product_id, delta, movement_id)], reason=reason,
                           register_id=register_id, event=event)[product_id]


def move_stock_many(session: Session, *, location_id: str, moves: list[tuple[int, int, str]], reason: str,
                    register_id: str | None = None, event: dict | None = None) -> dict[int, int]:
    """Record movements (product, delta, movement id) at one location and add them to its counts, in a
    fixed number of statements however many there are; returns the new count per product.

    One rule for every source (sale, delivery, pickup, …): a movement that takes a count below zero
    opens or deepens that product's negative-stock conflict at that location; `event` says what
    caused it (a sale's id and receipt). A count (`inventory`) follows its own rule (stock.py)."""
    if not moves:
        return {}
    conn = session.connection()
    seen = conn.execute(_SEEN, {"ids": [m[2] for m in moves]}).first()
    if seen is not None or len({m[2] for m in moves}) != len(moves):
        raise Rejected(f"stock movement {seen[0] if seen else moves[0][2]} was already recorded")
    now = utcnow()
    deltas: dict[int, int] = {}
    for p, d, _ in moves:
        deltas[p] = deltas.get(p, 0) + d
    try:
        conn.execute(_MOVEMENT, [{"id": mid, "l": location_id, "p": p, "d": d, "reason": reason,
                                  "reg": register_id, "at": now} for p, d, mid in moves])
        conn.execute(_STOCK, [{"l": location_id, "p": p, "d": d} for p, d in sorted(deltas.items())])
    except IntegrityError as exc:  # a product or location the backend does not know
        raise Rejected(f"stock of products {sorted(deltas)} cannot be moved: {type(exc).__name__}") from exc
    counts = dict(conn.execute(_COUNTS, {"l": location_id, "ps": list(deltas)}).all())
    record_changes(session, kind="stock", store_id=stock_feed_scope(conn, location_id), items=[
        (f"{location_id}:{p}", {"location_id": location_id, "product_id": p, "quantity": q}) for p, q in counts.items()])
    short = [p for p, q in counts.items() if q < 0 and deltas[p] < 0]
    if short and reason != MovementReason.INVENTORY.value:
        skus = dict(conn.execute(_SKUS, {"ps": short}).all())
        for p in short:
            flag_negative_stock(session, store_id=location_id, product_id=p, sku=skus.get(p, ""), quantity=counts[p],
                                delta=deltas[p], sale={"reason": reason, "register_id": register_id,
                                                       "at": now.isoformat(), **(event or {})})
    return counts
