"""Click & collect: an order handed out at its pickup store, recorded exactly once.

A collection made offline has happened (the customer left with the goods), so
it is never refused for quantity; handing out more than was ordered across
registers is recorded as an `over_collection` conflict. A prepaid order's
goods leave the store's stock with the collection; an order paid at the
counter moved its stock with the sale, so the collection moves none.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from datetime import datetime

from sync.protocol import (CollectionPayload, ConflictKind, MovementReason, NotificationKind, Operation,
                           OrderReadyPayload)
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row
from sync.server.mail import MailKind, queue_order_mail
from sync.server.models import Register
from sync.server.notifications import settle
from sync.server.operations import Rejected, validated
from sync.server.order_feed import record_order
from sync.server.orders import collected_quantities, sold_quantities


def apply_collection(session: Session, register: Register, op: Operation, move_stock) -> tuple[str, str]:
    c = validated(CollectionPayload, op, register, "collection")
    conn = session.connection()
    lock_row(session, "onlineorder", c.order_id)
    ordered = sold_quantities(conn, "order", c.order_id)
    if ordered is None:
        raise Rejected(f"order {c.order_id} is unknown to the backend")
    if not conn.execute(text("INSERT INTO collection (id, order_id, register_id, store_id, sale_id, at)"
                             " VALUES (:id, :o, :reg, :store, :sale, :at) ON CONFLICT (id) DO NOTHING"),
                        {"id": c.collection_id, "o": c.order_id, "reg": register.id, "store": register.store_id,
                         "sale": c.sale_id, "at": c.at}).rowcount:
        return "applied", "collection already recorded"
    before = collected_quantities(conn, c.order_id)
    over = []
    for line in c.lines:
        conn.execute(text("INSERT INTO collectionline (collection_id, product_id, order_id, quantity)"
                          " VALUES (:c, :p, :o, :q)"), {"c": c.collection_id, "p": line.product_id,
                                                       "o": c.order_id, "q": line.quantity})
        if line.movement_id:
            move_stock(session, location_id=register.store_id, product_id=line.product_id, delta=-line.quantity,
                       reason=MovementReason.PICKUP.value, movement_id=line.movement_id, register_id=register.id)
        total = before.get(line.product_id, 0) + line.quantity
        if total > ordered.get(line.product_id, 0):
            over.append({"product_id": line.product_id, "ordered": ordered.get(line.product_id, 0),
                         "collected": total})
    if over:
        raise_conflict(session, kind=ConflictKind.OVER_COLLECTION.value, store_id=register.store_id,
                       entity_id=c.order_id,
                       details={"order_id": c.order_id, "collection_id": c.collection_id,
                                "register_id": register.id, "lines": over})
    data = record_order(session, c.order_id)
    queue_order_mail(session, kind=MailKind.PICKUP_COLLECTED, order_id=c.order_id)  # once, at the first collection
    if data is not None and all(l["collected"] >= l["quantity"] for l in data["lines"]):  # nothing left to do
        for kind in (NotificationKind.PICKUP_ORDER, NotificationKind.CUSTOMER_ARRIVED):
            settle(session, kind=kind, ref=c.order_id, by=register.id)
    return ("conflict", "more handed out than ordered") if over else ("applied", "")


def apply_order_ready(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    """The store picked a click & collect order and put it at the counter: the customer is told, once."""
    r = validated(OrderReadyPayload, op, register, "order ready")
    conn = session.connection()
    lock_row(session, "onlineorder", r.order_id)
    row = conn.execute(text("SELECT pickup_store_id, fulfilment, ready_at FROM onlineorder WHERE id = :o"),
                       {"o": r.order_id}).first()
    if row is None:
        raise Rejected(f"order {r.order_id} is unknown to the backend")
    if row[1] != "pickup" or row[0] != register.store_id:
        raise Rejected(f"order {r.order_id} is not collected in this store")
    if row[2] is not None:
        return "applied", "order was ready before"
    conn.execute(text("UPDATE onlineorder SET ready_at = :at WHERE id = :o"),
                 {"at": datetime.fromisoformat(r.at), "o": r.order_id})
    record_order(session, r.order_id)
    if conn.execute(text("SELECT 1 FROM collection WHERE order_id = :o"), {"o": r.order_id}).first():
        return "applied", "handed out already: no 'ready' mail"  # marked offline, collected elsewhere meanwhile
    queue_order_mail(session, kind=MailKind.PICKUP_READY, order_id=r.order_id)
    return "applied", ""
