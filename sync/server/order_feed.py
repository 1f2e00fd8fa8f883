"""Online orders in the registers' feed: only where they are collected, and only what the counter needs.

A register holds the orders to be collected in its own store (click & collect), so it hands them out and
takes them back offline too: an order's feed row is scoped to its pickup store. An order for delivery (from
the web shop, or placed at a counter) is in no register's feed; a return of it is looked up online
(`sync/server/order_lookup.py`), like a sale of another register. Of an order a register gets its number,
lines with what was collected and returned, amounts, paid state, pickup store and the customer's name
(compared with an ID at pickup); never the e-mail, the address or the phone.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.server.db import record_change
from sync.server.orders import order_data

COUNTER_FIELDS = ("id", "order_no", "paid_online", "total_cents", "created_at", "fulfilment", "pickup_store_id",
                  "customer_name", "lines", "return_ids", "collection_ids", "paid_by_sale", "ready_at")


def counter_view(data: dict) -> dict:
    """The order as a register may see it (`data` from `order_data`)."""
    view = {k: data[k] for k in COUNTER_FIELDS}
    view["customer_email"] = ""  # registers of the previous version read the key; the e-mail never leaves
    return view


def record_order(session: Session, order_id: str) -> dict | None:
    """Put the order's current state in its pickup store's feed; an order for delivery leaves the feed
    (an older version had put it there). Returns the whole order (`order_data`), None if there is none."""
    conn = session.connection()
    data = None
    if conn.execute(text("SELECT 1 FROM onlineorder WHERE id = :o"), {"o": order_id}).first():
        data = order_data(conn, order_id)
    if data is not None and data["fulfilment"] == "pickup" and data["pickup_store_id"]:
        record_change(session, kind="order", key=order_id, data=counter_view(data), store_id=data["pickup_store_id"])
    else:
        conn.execute(text("DELETE FROM change WHERE kind = 'order' AND key = :k"), {"k": order_id})
    return data


def rescope_order_feed(engine: Engine) -> int:
    """When the backend starts: feed rows an older version wrote for every register, with the customer's
    e-mail, are written again the way `record_order` does (nothing to do once done). Returns how many."""
    with Session(engine) as s:
        keys = s.connection().execute(text("SELECT key FROM change WHERE kind = 'order' AND store_id IS NULL"
                                           )).scalars().all()
        for key in keys:
            record_order(s, key)
        s.commit()
    return len(keys)
