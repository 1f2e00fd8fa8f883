"""Ship from store: a web order for delivery goes to a store that has the goods, else to the warehouse.

Routing (`route_order`), for the order's lines still to be shipped:
  1. only stores that ship (`ships_online_orders` in the store's settings, on by default) and have every line
     free: stock, less what click & collect orders and other shipments there still wait for;
  2. of those, the store's own preference first (`ship_priority`, lower first, default 100);
  3. then the nearest by postcode: German postcodes run by region, so the difference of the two-digit postcode
     areas of the customer and the store stands in for distance (no geocoding needed);
  4. else the warehouse (the first location of kind `warehouse`), which ships by its own system.
A store that cannot find an item reports the line missing with a reason (`shipment.packed`); the backend routes
those pieces again, never back to a store that reported them missing.

A shipment is one store's part of an order: it reaches only that store's registers (change kind `shipment`, with
the delivery address the label needs), and moves stock when the store reports it picked and packed. The shop
reads each shipment's state: routed, packed (with the parcel number), handed_over.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import (ConflictKind, MovementReason, NotificationKind, Operation, ShipmentHandedOverPayload,
                           ShipmentPackedPayload)
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row, record_change
from sync.server.models import Register
from sync.server.notifications import notify, reserved_for_pickup, settle
from sync.server.operations import Rejected, validated

__all__ = ["route_order", "apply_shipment_packed", "apply_shipment_handed_over", "order_shipments",
           "SHIPS_SETTING", "PRIORITY_SETTING"]

SHIPS_SETTING = "ships_online_orders"
PRIORITY_SETTING = "ship_priority"
_POSTCODE = re.compile(r"\b(\d{5})\b")


def _settings(value) -> dict:
    return (json.loads(value) if isinstance(value, str) else value) or {}


def _postcode_area(address: str) -> int | None:
    found = _POSTCODE.search(address or "")
    return int(found.group(1)[:2]) if found else None


def _reserved_for_shipments(conn, store_id: str) -> dict[int, int]:
    reserved: dict[int, int] = {}
    for (lines,) in conn.execute(text("SELECT lines FROM shipment WHERE location_id = :s AND status = 'routed'"),
                                 {"s": store_id}):
        for line in json.loads(lines) if isinstance(lines, str) else lines:
            reserved[line["product_id"]] = reserved.get(line["product_id"], 0) + line["quantity"]
    return reserved


def _free(conn, store_id: str, product_ids: list[int]) -> dict[int, int]:
    stock = dict(conn.execute(text("SELECT product_id, quantity FROM stock WHERE location_id = :s AND product_id IN ("
                                   + ",".join(str(int(p)) for p in product_ids) + ")"), {"s": store_id}).all())
    pickups = reserved_for_pickup(conn, store_id, product_ids)
    shipments = _reserved_for_shipments(conn, store_id)
    return {p: int(stock.get(p, 0)) - pickups.get(p, 0) - shipments.get(p, 0) for p in product_ids}


def choose_location(conn, lines: list[dict], address: str, exclude: set[str]) -> str | None:
    """The store (or the warehouse) that ships `lines` ({product_id, quantity}), by the rules above."""
    wanted: dict[int, int] = {}
    for line in lines:
        wanted[line["product_id"]] = wanted.get(line["product_id"], 0) + line["quantity"]
    area = _postcode_area(address)
    candidates = []
    for store_id, city, settings in conn.execute(text("SELECT id, city, settings FROM location WHERE kind = 'store'"
                                                      " ORDER BY id")):
        settings = _settings(settings)
        if store_id in exclude or not settings.get(SHIPS_SETTING, True):
            continue
        free = _free(conn, store_id, list(wanted))
        if any(free[p] < q for p, q in wanted.items()):
            continue
        store_area = _postcode_area(city)
        distance = abs(store_area - area) if area is not None and store_area is not None else 100
        candidates.append((int(settings.get(PRIORITY_SETTING, 100)), distance, store_id))
    if candidates:
        return min(candidates)[2]
    return conn.execute(text("SELECT id FROM location WHERE kind = 'warehouse' ORDER BY id LIMIT 1")).scalar()


def shipment_data(conn, shipment_id: str) -> dict:
    row = conn.execute(text(
        "SELECT s.id, s.order_id, o.order_no, o.customer_name, o.address, s.location_id, s.status, s.lines, s.picked,"
        " s.missing, s.parcel_no, s.created_at FROM shipment s JOIN onlineorder o ON o.id = s.order_id"
        " WHERE s.id = :i"), {"i": shipment_id}).one()
    load = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
    return {"id": row[0], "order_id": row[1], "order_no": row[2], "customer_name": row[3], "address": row[4],
            "location_id": row[5], "status": row[6], "lines": load(row[7]), "picked": load(row[8]),
            "missing": load(row[9]), "parcel_no": row[10], "created_at": str(row[11])}


def _publish(session: Session, shipment_id: str) -> dict:
    data = shipment_data(session.connection(), shipment_id)
    if data["status"] in ("handed_over", "missing"):  # nothing more to label: the address stays at the backend
        data = {**data, "address": ""}
    kind = session.connection().execute(text("SELECT kind FROM location WHERE id = :l"),
                                        {"l": data["location_id"]}).scalar()
    if kind == "store":  # the warehouse ships by its own system: no register needs it
        record_change(session, kind="shipment", key=shipment_id, data=data, store_id=data["location_id"])
    return data


def route_order(session: Session, order_id: str, lines: list[dict] | None = None,
                exclude: set[str] | None = None) -> str | None:
    """Route the order's lines (or `lines`, pieces reported missing) as a new shipment; returns its id."""
    conn = session.connection()
    lock_row(session, "onlineorder", order_id)  # two parts of one order routed again at once: one after the other
    order = conn.execute(text("SELECT order_no, address, fulfilment FROM onlineorder WHERE id = :o"),
                         {"o": order_id}).one()
    if lines is None:
        lines = [{"product_id": r[0], "sku": r[1], "name": r[2], "quantity": r[3]} for r in conn.execute(text(
            "SELECT product_id, sku, name, quantity FROM onlineorderline WHERE order_id = :o ORDER BY position"),
            {"o": order_id})]
    if not lines:
        return None
    location = choose_location(conn, lines, order[1], exclude or set())
    if location is None:
        return None
    n = conn.execute(text("SELECT count(*) FROM shipment WHERE order_id = :o"), {"o": order_id}).scalar_one() + 1
    shipment_id = f"{order_id}-{n}"
    now = datetime.now(timezone.utc)
    conn.execute(text(
        "INSERT INTO shipment (id, order_id, location_id, status, lines, picked, missing, excluded, created_at,"
        " updated_at) VALUES (:i, :o, :l, 'routed', :lines, '[]', '[]', :ex, :now, :now)"),
        {"i": shipment_id, "o": order_id, "l": location, "lines": json.dumps(lines),
         "ex": json.dumps(sorted(exclude or ())), "now": now})
    conn.execute(text("UPDATE onlineorder SET ship_from = :l WHERE id = :o AND ship_from IS NULL"),
                 {"l": location, "o": order_id})
    _publish(session, shipment_id)
    if conn.execute(text("SELECT kind FROM location WHERE id = :l"), {"l": location}).scalar() == "store":
        notify(session, store_id=location, kind=NotificationKind.SHIP_ORDER, ref=shipment_id,
               params={"order_no": order[0], "pieces": sum(line["quantity"] for line in lines)})
    return shipment_id


def _own_shipment(session: Session, register: Register, shipment_id: str):
    lock_row(session, "shipment", shipment_id)
    row = session.connection().execute(text("SELECT location_id, status, lines, excluded, order_id, parcel_no"
                                            " FROM shipment WHERE id = :i"), {"i": shipment_id}).first()
    if row is None:
        raise Rejected(f"shipment {shipment_id} is unknown to the backend")
    if row[0] != register.store_id:
        raise Rejected(f"shipment {shipment_id} is shipped by another location")
    return row


def apply_shipment_packed(session: Session, register: Register, op: Operation, move_stock) -> tuple[str, str]:
    """Picked and packed: the goods leave the store's stock; pieces reported missing are routed again."""
    p = validated(ShipmentPackedPayload, op, register, "shipment packed")
    location, status, lines, excluded, order_id, parcel = _own_shipment(session, register, p.shipment_id)
    if status != "routed":
        if p.parcel_no and p.parcel_no != parcel:  # another register packed it too: two parcels, one order
            raise_conflict(session, kind=ConflictKind.SHIPMENT_PACKED_TWICE.value, store_id=register.store_id,
                           entity_id=p.shipment_id,
                           details={"shipment_id": p.shipment_id, "order_id": order_id, "parcel_no": p.parcel_no,
                                    "booked_parcel_no": parcel, "register_id": register.id,
                                    "picked": [l.model_dump() for l in p.picked]})
            return "conflict", f"shipment was {status} before, with parcel {parcel}"
        return "applied", f"shipment was {status} before"
    load = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
    ordered: dict[int, int] = {}
    for line in load(lines):
        ordered[line["product_id"]] = ordered.get(line["product_id"], 0) + line["quantity"]
    told: dict[int, int] = {}
    for line in list(p.picked) + list(p.missing):
        told[line.product_id] = told.get(line.product_id, 0) + line.quantity
    if told != ordered:
        raise Rejected("picked and missing pieces do not add up to the shipment's lines")
    if p.picked and not p.parcel_no:
        raise Rejected("picked goods without a parcel")
    for line in p.picked:
        move_stock(session, location_id=register.store_id, product_id=line.product_id, delta=-line.quantity,
                   reason=MovementReason.DELIVERY.value, movement_id=line.movement_id, register_id=register.id)
    conn = session.connection()
    conn.execute(text("UPDATE shipment SET status = :st, picked = :pk, missing = :ms, parcel_no = :pn,"
                      " updated_at = :now, packed_at = :at WHERE id = :i"),
                 {"st": "packed" if p.picked else "missing", "pk": json.dumps([l.model_dump() for l in p.picked]),
                  "ms": json.dumps([l.model_dump() for l in p.missing]), "pn": p.parcel_no if p.picked else None,
                  "now": datetime.now(timezone.utc), "at": p.at, "i": p.shipment_id})
    _publish(session, p.shipment_id)
    settle(session, kind=NotificationKind.SHIP_ORDER, ref=p.shipment_id, by=register.id)
    if p.missing:
        names = {l["product_id"]: l for l in load(lines)}
        again = [{"product_id": l.product_id, "sku": names[l.product_id]["sku"], "name": names[l.product_id]["name"],
                  "quantity": l.quantity} for l in p.missing]
        route_order(session, order_id, again, exclude=set(load(excluded)) | {register.store_id})
    return "applied", ""


def apply_shipment_handed_over(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    p = validated(ShipmentHandedOverPayload, op, register, "shipment handed over")
    _location, status, _lines, _excluded, _order, parcel = _own_shipment(session, register, p.shipment_id)
    if status == "handed_over":
        return "applied", "handed over before"
    if status != "packed" or parcel != p.parcel_no:
        raise Rejected(f"shipment {p.shipment_id} has no parcel {p.parcel_no} packed")
    session.connection().execute(text("UPDATE shipment SET status = 'handed_over', updated_at = :now WHERE id = :i"),
                                 {"now": datetime.now(timezone.utc), "i": p.shipment_id})
    _publish(session, p.shipment_id)
    return "applied", ""


def order_shipments(conn, order_id: str) -> list[dict]:
    """What the shop shows the customer: each part of the order, where it ships from, and its state."""
    ids = conn.execute(text("SELECT id FROM shipment WHERE order_id = :o ORDER BY created_at, id"),
                       {"o": order_id}).scalars().all()
    out = []
    for shipment_id in ids:
        d = shipment_data(conn, shipment_id)
        out.append({"shipment_id": d["id"], "location_id": d["location_id"], "status": d["status"],
                    "parcel_no": d["parcel_no"], "lines": d["lines"], "missing": d["missing"]})
    return out
