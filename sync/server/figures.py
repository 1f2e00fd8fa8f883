"""The figures per store and channel, for the manager's dashboard at the register and the headquarters page.

Channels (`CHANNELS`):
  store              a sale at the counter
  handover           a web-shop cart taken over and paid at the counter (`online_cart_id` on the sale)
  click_collect      a click & collect order: prepaid online, counted at its first handout; or paid at the counter,
                     counted with that sale
  delivery_in_store  an order for delivery placed and paid at a counter ("endless aisle"), counted with its sale
  ship_from_store    a store's shipment of a web order, counted when packed (the order's amount in proportion to the
                     pieces the store packed)
Returns count against the channel, store and day of the original sale or order, whenever and wherever they are
taken back: the return rate of a day is what came back of that day's business.

The work is SQL on either database: one query puts every transaction of the window in a row (store, channel, UTC
hour, amount, pieces), grouped by the database; Python only maps UTC hours to the chain's local days and hours
(Europe/Berlin), which SQL cannot do the same way on PostgreSQL and SQLite.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import text

from sync.protocol import SalesChannel

__all__ = ["CHANNELS", "ChannelFigures", "figures", "TZ"]

CHANNELS = tuple(c.value for c in SalesChannel)
TZ = ZoneInfo("Europe/Berlin")


@dataclass
class ChannelFigures:
    revenue_cents: int = 0
    transactions: int = 0
    units: int = 0
    returns_cents: int = 0

    def add(self, other: "ChannelFigures") -> None:
        self.revenue_cents += other.revenue_cents
        self.transactions += other.transactions
        self.units += other.units
        self.returns_cents += other.returns_cents

    def as_dict(self) -> dict:
        n = self.transactions
        return {**asdict(self), "avg_basket_cents": round(self.revenue_cents / n) if n else 0,
                "units_per_transaction": round(self.units / n, 2) if n else 0.0,
                "return_rate": round(self.returns_cents / self.revenue_cents, 4) if self.revenue_cents else 0.0}


def _sql(dialect: str) -> dict[str, str]:
    if dialect == "postgresql":
        return {
            "cart": "(s.payload->>'online_cart_id')",
            "units": "(SELECT coalesce(sum((l->>'quantity')::int), 0) FROM json_array_elements(s.payload->'lines') l)",
            "picked": "(SELECT coalesce(sum((l->>'quantity')::int), 0) FROM json_array_elements(sh.picked) l)",
            "lines": "json_array_elements(s.payload->'lines') l",
            "line": lambda f: f"(l->>'{f}')::bigint",
            "hour": "substr({0}, 1, 13)",
        }
    return {
        "cart": "json_extract(s.payload, '$.online_cart_id')",
        "units": "(SELECT coalesce(sum(json_extract(l.value, '$.quantity')), 0) FROM json_each(s.payload, '$.lines') l)",
        "picked": "(SELECT coalesce(sum(json_extract(l.value, '$.quantity')), 0) FROM json_each(sh.picked) l)",
        "lines": "json_each(s.payload, '$.lines') l",
        "line": lambda f: f"json_extract(l.value, '$.{f}')",
        "hour": "substr({0}, 1, 13)",
    }


def _transactions(dialect: str) -> str:
    """Every transaction as (store_id, channel, at, revenue, units, ref, order_ref); `at` an ISO UTC string."""
    q = _sql(dialect)
    return f"""
        SELECT s.store_id AS store_id,
               CASE WHEN {q['cart']} IS NOT NULL THEN 'handover'
                    WHEN EXISTS (SELECT 1 FROM collection c WHERE c.sale_id = s.id) THEN 'click_collect'
                    WHEN EXISTS (SELECT 1 FROM onlineorder o WHERE o.sale_id = s.id) THEN 'delivery_in_store'
                    ELSE 'store' END AS channel,
               s.ended_at AS at, s.total_cents AS revenue, {q['units']} AS units, s.id AS ref,
               coalesce((SELECT min(c.order_id) FROM collection c WHERE c.sale_id = s.id),
                        (SELECT min(o.id) FROM onlineorder o WHERE o.sale_id = s.id)) AS order_ref
          FROM sale s
        UNION ALL
        SELECT o.pickup_store_id, 'click_collect', min(c.at), o.total_cents,
               (SELECT sum(ol.quantity) FROM onlineorderline ol WHERE ol.order_id = o.id), o.id, o.id
          FROM onlineorder o JOIN collection c ON c.order_id = o.id
         WHERE o.fulfilment = 'pickup'
           AND NOT EXISTS (SELECT 1 FROM collection c2 WHERE c2.order_id = o.id AND c2.sale_id IS NOT NULL)
         GROUP BY o.id, o.pickup_store_id, o.total_cents
        UNION ALL
        SELECT sh.location_id, 'ship_from_store', sh.packed_at,
               o.total_cents * {q['picked']}
                 / CAST((SELECT sum(ol.quantity) FROM onlineorderline ol WHERE ol.order_id = o.id) AS BIGINT),
               {q['picked']}, sh.id, o.id
          FROM shipment sh JOIN onlineorder o ON o.id = sh.order_id JOIN location lo ON lo.id = sh.location_id
         WHERE lo.kind = 'store' AND sh.status IN ('packed', 'handed_over')"""


def _bounds(days: int, today: date) -> tuple[datetime, datetime]:
    """The window in UTC: local midnight `days - 1` days before `today` until local midnight after it."""
    start = datetime.combine(today - timedelta(days=days - 1), time(), TZ).astimezone(timezone.utc)
    end = datetime.combine(today + timedelta(days=1), time(), TZ).astimezone(timezone.utc)
    return start, end


def _iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S")


def _local(hour_bucket: str) -> datetime:
    return datetime.strptime(hour_bucket, "%Y-%m-%dT%H").replace(tzinfo=timezone.utc).astimezone(TZ)


def figures(conn, *, days: int = 30, today: date | None = None, store_id: str | None = None) -> dict:
    """The figures of the last `days` local days up to `today` (and of `today` alone), per store and channel; one
    store's only with `store_id`."""
    today = today or datetime.now(TZ).date()
    start, end = _bounds(days, today)
    dialect = conn.dialect.name
    q = _sql(dialect)
    tx = _transactions(dialect)
    params = {"start": _iso(start), "end": _iso(end), "store": store_id}
    only = " AND t.store_id = :store" if store_id else ""
    hour = q["hour"].format("t.at")
    rows = conn.execute(text(
        f"SELECT t.store_id, t.channel, {hour}, sum(t.revenue), count(*), sum(t.units) FROM ({tx}) t"
        f" WHERE t.at >= :start AND t.at < :end{only} GROUP BY t.store_id, t.channel, {hour}"), params).all()
    # Each return counts once: against the sale it names, or against the first transaction of the order it names
    # (an order shipped in two parts, or picked up in two paid visits, is one order).
    returns = conn.execute(text(
        f"WITH t AS ({tx}), firsts AS (SELECT order_ref, min(ref) AS ref FROM t WHERE order_ref IS NOT NULL"
        f" GROUP BY order_ref), attributed AS ("
        f"  SELECT r.refund_cents, t.ref FROM returnrecord r JOIN t ON r.source = 'sale' AND t.ref = r.source_id"
        f"  UNION ALL"
        f"  SELECT r.refund_cents, f.ref FROM returnrecord r JOIN firsts f ON r.source = 'order'"
        f"   AND f.order_ref = r.source_id)"
        f" SELECT t.store_id, t.channel, {hour}, sum(a.refund_cents) FROM attributed a JOIN t ON t.ref = a.ref"
        f" WHERE t.at >= :start AND t.at < :end{only} GROUP BY t.store_id, t.channel, {hour}"), params).all()
    names = dict(conn.execute(text("SELECT id, name FROM location WHERE kind = 'store' ORDER BY id")).all())
    stores = {sid: _empty(name) for sid, name in names.items() if store_id in (None, sid)}
    for sid, channel, bucket, revenue, count, units in rows:
        if sid not in stores:
            continue
        at = _local(bucket)
        f = ChannelFigures(int(revenue or 0), int(count), int(units or 0))
        stores[sid]["_period"][channel].add(f)
        if at.date() == today:
            stores[sid]["_today"][channel].add(f)
        if channel == "store":
            stores[sid]["hours"][at.hour] += int(revenue or 0)
    for sid, channel, bucket, refunds in returns:
        if sid not in stores:
            continue
        f = ChannelFigures(returns_cents=int(refunds or 0))
        stores[sid]["_period"][channel].add(f)
        if _local(bucket).date() == today:
            stores[sid]["_today"][channel].add(f)
    _pickups(conn, stores, params)
    _top_products(conn, stores, params, q)
    _attention(conn, stores, params)
    chain = {c: ChannelFigures() for c in CHANNELS}
    for s in stores.values():
        for c in CHANNELS:
            chain[c].add(s["_period"][c])
        today_f, period_f = s.pop("_today"), s.pop("_period")
        s["today"] = {c: today_f[c].as_dict() for c in CHANNELS}
        s["period"] = {c: period_f[c].as_dict() for c in CHANNELS}
    return {"window": {"days": days, "today": today.isoformat(), "start": start.isoformat(), "end": end.isoformat(),
                       "timezone": str(TZ)},
            "stores": stores, "chain": {c: f.as_dict() for c, f in chain.items()},
            "conversion": _conversion(conn, params)}


def _empty(name: str) -> dict:
    return {"name": name, "_today": {c: ChannelFigures() for c in CHANNELS},
            "_period": {c: ChannelFigures() for c in CHANNELS}, "hours": [0] * 24, "top_products": [],
            "pickups_waiting": 0, "time_to_pickup_h": None, "open_conflicts": 0, "tse_outages": 0}


def _pickups(conn, stores: dict, params: dict) -> None:
    waiting = conn.execute(text(
        "SELECT o.pickup_store_id, count(*) FROM onlineorder o WHERE o.fulfilment = 'pickup'"
        " AND (SELECT sum(quantity) FROM onlineorderline WHERE order_id = o.id)"
        "   > coalesce((SELECT sum(quantity) FROM collectionline WHERE order_id = o.id), 0)"
        " GROUP BY o.pickup_store_id")).all()
    for sid, n in waiting:
        if sid in stores:
            stores[sid]["pickups_waiting"] = int(n)
    collected = conn.execute(text(
        "SELECT o.pickup_store_id, o.created_at, min(c.at) FROM onlineorder o JOIN collection c ON c.order_id = o.id"
        " WHERE o.fulfilment = 'pickup' GROUP BY o.id, o.pickup_store_id, o.created_at"
        " HAVING min(c.at) >= :start AND min(c.at) < :end"), params).all()
    hours: dict[str, list[float]] = {}
    for sid, created, first in collected:
        created = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
        created = created if created.tzinfo else created.replace(tzinfo=timezone.utc)
        first_at = datetime.fromisoformat(first)
        first_at = first_at if first_at.tzinfo else first_at.replace(tzinfo=timezone.utc)
        hours.setdefault(sid, []).append(max(0.0, (first_at - created).total_seconds() / 3600))
    for sid, values in hours.items():
        if sid in stores:
            stores[sid]["time_to_pickup_h"] = round(sum(values) / len(values), 1)


def _top_products(conn, stores: dict, params: dict, q: dict) -> None:
    only = " AND s.store_id = :store" if params.get("store") else ""
    rows = conn.execute(text(
        f"SELECT s.store_id, {q['line']('product_id')} AS product_id, sum({q['line']('quantity')}),"
        f" sum({q['line']('total_cents')}) FROM sale s, {q['lines']}"
        f" WHERE s.ended_at >= :start AND s.ended_at < :end{only}"
        f" GROUP BY s.store_id, {q['line']('product_id')}"), params).all()
    names = dict(conn.execute(text("SELECT id, name FROM product WHERE id IN ("
                                   + ",".join(str(int(r[1])) for r in rows) + ")")).all()) if rows else {}
    per_store: dict[str, list] = {}
    for sid, product_id, units, revenue in rows:
        per_store.setdefault(sid, []).append({"product_id": int(product_id), "name": names.get(int(product_id), ""),
                                              "units": int(units or 0), "revenue_cents": int(revenue or 0)})
    for sid, products in per_store.items():
        if sid in stores:
            stores[sid]["top_products"] = sorted(products, key=lambda p: (-p["revenue_cents"], p["product_id"]))[:10]


def _attention(conn, stores: dict, params: dict) -> None:
    for sid, n in conn.execute(text("SELECT store_id, count(*) FROM conflict WHERE status = 'open' GROUP BY store_id")):
        if sid in stores:
            stores[sid]["open_conflicts"] = int(n)
    for sid, n in conn.execute(text(
            "SELECT r.store_id, count(*) FROM fiscaljournal f JOIN register r ON r.id = f.register_id"
            " WHERE f.kind = 'tse_outage_start' AND f.at >= :start AND f.at < :end GROUP BY r.store_id"), params):
        if sid in stores:
            stores[sid]["tse_outages"] = int(n)


def _conversion(conn, params: dict) -> dict:
    """Online carts that became orders; handover codes (carts claimed at a register) that became sales."""
    bounds = {k: datetime.strptime(params[k], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc) for k in ("start", "end")}
    if conn.dialect.name != "postgresql":  # SQLite compares the stored text: 'YYYY-MM-DD HH:MM:SS…' in UTC
        bounds = {k: v.strftime("%Y-%m-%d %H:%M:%S") for k, v in bounds.items()}
    counts = dict(conn.execute(text(
        "SELECT status, count(*) FROM onlinecart WHERE updated_at >= :start AND updated_at < :end GROUP BY status"),
        bounds).all())
    carts = sum(int(v) for v in counts.values())
    ordered, sold = int(counts.get("ordered", 0)), int(counts.get("bought_in_store", 0))
    claimed = sold + int(counts.get("claimed", 0))
    return {"carts": carts, "carts_ordered": ordered, "online_conversion": round(ordered / carts, 4) if carts else 0.0,
            "handover_claimed": claimed, "handover_sold": sold,
            "handover_conversion": round(sold / claimed, 4) if claimed else 0.0}
