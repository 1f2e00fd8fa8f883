"""Order for delivery ("endless aisle"): paid at a counter, shipped from the warehouse or another store.

The register's `order.placed` becomes an online order like one from the web
shop (origin "counter"), so the customer can track it and return it anywhere.
The goods leave the shipping location's stock with it.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import DeliveryOrderPayload, MovementReason, Operation, ShopOrder
from sync.server.models import Register
from fastapi import HTTPException

from sync.server.operations import Rejected, validated


def apply_delivery_order(session: Session, register: Register, op: Operation, move_stock) -> tuple[str, str]:
    from sync.server.shop import create_order  # the shop module builds orders for both channels

    d = validated(DeliveryOrderPayload, op, register, "delivery order")
    conn = session.connection()
    if conn.execute(text("SELECT 1 FROM onlineorder WHERE id = :o"), {"o": d.order_id}).first():
        return "applied", "order already placed"
    if not conn.execute(text("SELECT 1 FROM location WHERE id = :l"), {"l": d.ship_from}).first():
        raise Rejected(f"unknown shipping location {d.ship_from}")
    try:
        create_order(session, ShopOrder(order_no=d.order_no, customer_email=d.customer_email,
                                        customer_name=d.customer_name,
                                        lines=[{"product_id": l.product_id, "quantity": l.quantity} for l in d.lines]),
                     origin="counter", order_id=d.order_id, prices={l.product_id: l.unit_price_cents for l in d.lines})
    except HTTPException as exc:  # the shop's checks: an unknown product, a taken number
        raise Rejected(f"order cannot be placed: {exc.detail}") from exc
    conn.execute(text("UPDATE onlineorder SET address = :a, ship_from = :f, sale_id = :s WHERE id = :o"),
                 {"a": d.address, "f": d.ship_from, "s": d.sale_id, "o": d.order_id})
    short = []
    for line in d.lines:
        left = move_stock(session, location_id=d.ship_from, product_id=line.product_id, delta=-line.quantity,
                          reason=MovementReason.DELIVERY.value, movement_id=line.movement_id, register_id=register.id)
        if left < 0:
            short.append(line.product_id)
    return ("applied", f"short at {d.ship_from}: {short}") if short else ("applied", "")
