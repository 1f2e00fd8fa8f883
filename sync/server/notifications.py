"""Store notifications: what a store must know at once, durable until an associate acknowledges it.

A notification is a row keyed by what it is about (`pickup_order:<order id>`), written in the transaction of
the event that causes it, and put in its store's change feed: a register gets it with its next pull, also
after a day offline or a restart, and the push channel (sync/server/events.py) makes that pull happen within
a second or two while it is online. An associate's acknowledgement comes back as an operation
(`notification.acked`) and goes out again to the store's other registers.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import NotificationAckPayload, NotificationData, NotificationKind, Operation
from sync.server.db import record_change
from sync.server.models import Register
from sync.server.operations import Rejected, validated

__all__ = ["notify", "settle", "notification_data", "apply_notification_ack", "notify_order_placed", "notify_customer_arrived",
           "LOW_STOCK_SETTING", "DEFAULT_LOW_STOCK"]

LOW_STOCK_SETTING = "low_stock_threshold"  # a location setting: free pieces at or below which the store is told
DEFAULT_LOW_STOCK = 2

_COLUMNS = "id, store_id, kind, ref, params, created_at, acknowledged_at, acknowledged_by"


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.isoformat()


def notification_data(row) -> dict:
    params = row[4]
    if isinstance(params, str):
        params = json.loads(params)
    return NotificationData(id=row[0], store_id=row[1], kind=row[2], ref=row[3], params=params,
                            created_at=_iso(row[5]), acknowledged_at=_iso(row[6]),
                            acknowledged_by=row[7]).model_dump()


def _publish(session: Session, notification_id: str) -> dict:
    row = session.connection().execute(text(f"SELECT {_COLUMNS} FROM notification WHERE id = :i"),
                                       {"i": notification_id}).one()
    data = notification_data(row)
    record_change(session, kind="notification", key=notification_id, data=data, store_id=row[1])
    return data


def notify(session: Session, *, store_id: str, kind: NotificationKind, ref: str = "", params: dict | None = None,
           key: str | None = None) -> bool:
    """Tell the store, once per (kind, key or ref): the same event told again changes nothing. Returns whether it
    is new. In the caller's transaction."""
    notification_id = f"{kind.value}:{key or ref}"[:96]
    inserted = session.connection().execute(text(
        "INSERT INTO notification (id, store_id, kind, ref, params, created_at) VALUES (:i, :s, :k, :r, :p, :at)"
        " ON CONFLICT (id) DO NOTHING"),
        {"i": notification_id, "s": store_id, "k": kind.value, "r": ref[:64], "p": json.dumps(params or {}),
         "at": datetime.now(timezone.utc)}).rowcount
    if inserted:
        _publish(session, notification_id)
    return bool(inserted)


def apply_notification_ack(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    ack = validated(NotificationAckPayload, op, register, "notification acknowledgement")
    conn = session.connection()
    store = conn.execute(text("SELECT store_id, acknowledged_at FROM notification WHERE id = :i"),
                         {"i": ack.notification_id}).first()
    if store is None:
        raise Rejected(f"notification {ack.notification_id} is unknown")
    if store[0] != register.store_id:
        raise Rejected("a notification of another store")
    if store[1] is not None:
        return "applied", "acknowledged before"
    conn.execute(text("UPDATE notification SET acknowledged_at = :at, acknowledged_by = :by WHERE id = :i"),
                 {"at": datetime.fromisoformat(ack.at), "by": ack.associate_id or register.id, "i": ack.notification_id})
    _publish(session, ack.notification_id)
    return "applied", ""


def settle(session: Session, *, kind: NotificationKind, ref: str, by: str) -> None:
    """What a notification asked for was done (the order handed out, the parcel packed): it is acknowledged in the
    name of the register that did it, so no one is asked again. In the caller's transaction."""
    conn = session.connection()
    ids = conn.execute(text("SELECT id FROM notification WHERE kind = :k AND ref = :r AND acknowledged_at IS NULL"),
                       {"k": kind.value, "r": ref[:64]}).scalars().all()
    for notification_id in ids:
        conn.execute(text("UPDATE notification SET acknowledged_at = :at, acknowledged_by = :by WHERE id = :i"),
                     {"at": datetime.now(timezone.utc), "by": by[:32], "i": notification_id})
        _publish(session, notification_id)


def reserved_for_pickup(conn, store_id: str, product_ids: list[int]) -> dict[int, int]:
    """Pieces of each product that click & collect orders at the store still wait for (ordered, not yet handed
    out or returned)."""
    if not product_ids:
        return {}
    rows = conn.execute(text(
        "SELECT l.product_id, sum(l.quantity) - coalesce((SELECT sum(c.quantity) FROM collectionline c"
        "  JOIN onlineorder oc ON oc.id = c.order_id WHERE c.product_id = l.product_id"
        "  AND oc.pickup_store_id = :s AND oc.fulfilment = 'pickup'), 0)"
        " FROM onlineorderline l JOIN onlineorder o ON o.id = l.order_id"
        " WHERE o.pickup_store_id = :s AND o.fulfilment = 'pickup' AND l.product_id IN ("
        + ",".join(str(int(p)) for p in product_ids) + ") GROUP BY l.product_id"), {"s": store_id}).all()
    return {int(p): max(0, int(q)) for p, q in rows}


def _low_stock(session: Session, store_id: str, product_ids: list[int]) -> None:
    conn = session.connection()
    settings = conn.execute(text("SELECT settings FROM location WHERE id = :s"), {"s": store_id}).scalar()
    if settings is None:
        return
    if isinstance(settings, str):
        settings = json.loads(settings)
    threshold = int((settings or {}).get(LOW_STOCK_SETTING, DEFAULT_LOW_STOCK))
    reserved = reserved_for_pickup(conn, store_id, product_ids)
    stock = dict(conn.execute(text(
        "SELECT product_id, quantity FROM stock WHERE location_id = :s AND product_id IN ("
        + ",".join(str(int(p)) for p in product_ids) + ")"), {"s": store_id}).all())
    day = datetime.now(timezone.utc).date().isoformat()
    for product_id in product_ids:
        free = int(stock.get(product_id, 0)) - reserved.get(product_id, 0)
        if free <= threshold:
            name = conn.execute(text("SELECT name FROM product WHERE id = :p"), {"p": product_id}).scalar() or ""
            notify(session, store_id=store_id, kind=NotificationKind.LOW_STOCK, ref=str(product_id),
                   key=f"{store_id}:{product_id}:{day}",  # once a day per product: told, not nagged
                   params={"product_id": product_id, "name": name, "free": free, "reserved": reserved.get(product_id, 0)})


def notify_order_placed(session: Session, data: dict) -> None:
    """A new online order (`order_data`): its pickup store hears of it, and of products running short."""
    if data["fulfilment"] != "pickup" or not data["pickup_store_id"]:
        return
    notify(session, store_id=data["pickup_store_id"], kind=NotificationKind.PICKUP_ORDER, ref=data["id"],
           params={"order_no": data["order_no"], "customer_name": data["customer_name"],
                   "pieces": sum(line["quantity"] for line in data["lines"]), "paid_online": data["paid_online"]})
    _low_stock(session, data["pickup_store_id"], sorted({line["product_id"] for line in data["lines"]}))


def notify_customer_arrived(session: Session, order_id: str) -> dict:
    """The customer is at the store for a click & collect order (the shop's app says so)."""
    row = session.connection().execute(text(
        "SELECT order_no, customer_name, pickup_store_id, fulfilment FROM onlineorder WHERE id = :o"),
        {"o": order_id}).first()
    if row is None or row[3] != "pickup" or not row[2]:
        raise LookupError(order_id)
    notify(session, store_id=row[2], kind=NotificationKind.CUSTOMER_ARRIVED, ref=order_id,
           key=f"{order_id}:{datetime.now(timezone.utc).strftime('%Y%m%d%H%M')}",  # a second "I'm here" a minute on
           params={"order_no": row[0], "customer_name": row[1]})
    return {"order_id": order_id, "store_id": row[2]}
