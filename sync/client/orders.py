"""The register's copy of online orders: those to be collected in its own store, and only what the counter needs.

The backend scopes the feed so (`sync/server/order_feed.py`); the register keeps to the same rule itself,
so a backend of an older version cannot fill the replica again, and once forgets what an older version of
the register kept: every order of the chain, each with the customer's e-mail. Any other order is looked up
online when it is brought back (`app/services/return_sources.py`).
"""

from __future__ import annotations

import json

ORDERS_SCOPED_KEY = "orders_scoped"  # set once the replica holds only its store's orders, without e-mails
PRIVATE = ("customer_email", "address", "phone")  # never kept, whatever a backend sends


def _setting(c, key: str) -> str | None:
    return c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (key,)).scalar()


def forget_other_orders(c, store_id: str) -> None:
    """Once per replica, in the pull's transaction: drop the orders not collected in this store and blank
    the e-mail everywhere. A return of a dropped order is looked up online; this register's own returns of
    it stay in its outbox and count against it there."""
    c.exec_driver_sql("DELETE FROM onlineorder WHERE pickup_store_id IS NULL OR pickup_store_id <> ?", (store_id,))
    c.exec_driver_sql("UPDATE onlineorder SET customer_email = '', data = json_remove(data, "
                      + ", ".join(f"'$.{k}'" for k in PRIVATE) + ")")
    c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE"
                      " SET value = excluded.value", (ORDERS_SCOPED_KEY,))


def apply_orders(c, orders: list[dict]) -> None:
    """Upsert the pulled orders this store hands out (inside the pull's transaction; `orders` may be empty)."""
    store_id = _setting(c, "store_id")
    if store_id is None:
        return  # not enrolled: no store, nothing to keep
    if _setting(c, ORDERS_SCOPED_KEY) is None:
        forget_other_orders(c, store_id)
    ours = [{k: v for k, v in d.items() if k not in PRIVATE} for d in orders
            if d.get("fulfilment") == "pickup" and d.get("pickup_store_id") == store_id]
    if not ours:
        return
    c.exec_driver_sql(
        "INSERT INTO onlineorder (id, order_no, customer_email, paid_online, total_cents, data, pickup_store_id,"
        " pickup_open) VALUES (?,?,'',?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET data = excluded.data,"
        " paid_online = excluded.paid_online, pickup_store_id = excluded.pickup_store_id,"
        " pickup_open = excluded.pickup_open, customer_email = ''",
        [(d["id"], d["order_no"], d["paid_online"], d["total_cents"], json.dumps(d), d["pickup_store_id"],
          any(l["quantity"] > l.get("collected", 0) for l in d["lines"])) for d in ours])
