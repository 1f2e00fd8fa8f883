"""Online orders as the backend knows them: what was sold, what came back, in every channel."""

from __future__ import annotations

import json

from sqlalchemy import text


def sold_quantities(conn, source: str, source_id: str) -> dict[int, int] | None:
    """What the order or the store sale contained, per product; None if the backend does not know it."""
    if source == "order":
        rows = conn.execute(text("SELECT product_id, sum(quantity) FROM onlineorderline WHERE order_id = :o"
                                 " GROUP BY product_id"), {"o": source_id}).all()
        return {p: int(q) for p, q in rows} if rows else None
    payload = conn.execute(text("SELECT payload FROM sale WHERE id = :s"), {"s": source_id}).scalar()
    if payload is None:
        return None
    sold: dict[int, int] = {}
    for line in (json.loads(payload) if isinstance(payload, str) else payload)["lines"]:
        sold[line["product_id"]] = sold.get(line["product_id"], 0) + line["quantity"]
    return sold


def returned_quantities(conn, source_id: str) -> dict[int, int]:
    return {p: int(q) for p, q in conn.execute(text(
        "SELECT product_id, sum(quantity) FROM returnline WHERE source_id = :s GROUP BY product_id"), {"s": source_id})}


def collected_quantities(conn, order_id: str) -> dict[int, int]:
    return {p: int(q) for p, q in conn.execute(text(
        "SELECT product_id, sum(quantity) FROM collectionline WHERE order_id = :o GROUP BY product_id"), {"o": order_id})}


def order_data(conn, order_id: str) -> dict:
    """The order as registers replicate it: lines with what was collected and returned so far, and by which
    collections and returns (a register counts its own not yet reflected ones on top)."""
    o = conn.execute(text("SELECT id, order_no, customer_email, paid_online, total_cents, created_at, fulfilment,"
                          " pickup_store_id, customer_name, origin, ready_at FROM onlineorder WHERE id = :o"),
                     {"o": order_id}).one()
    returned = returned_quantities(conn, order_id)
    collected = collected_quantities(conn, order_id)
    lines = [{"position": r[0], "product_id": r[1], "sku": r[2], "name": r[3], "quantity": r[4],
              "unit_price_cents": r[5], "vat_class": r[6], "returned": returned.get(r[1], 0),
              "collected": collected.get(r[1], 0), "offer_cents": r[7], "total_cents": r[4] * r[5] - r[7],
              "offers": json.loads(r[8]) if isinstance(r[8], str) else r[8]}
             for r in conn.execute(text("SELECT position, product_id, sku, name, quantity, unit_price_cents, vat_class,"
                                        " offer_cents, offers FROM onlineorderline WHERE order_id = :o"
                                        " ORDER BY position"), {"o": order_id})]
    return_ids = [r[0] for r in conn.execute(text("SELECT id FROM returnrecord WHERE source_id = :o ORDER BY id"),
                                             {"o": order_id})]
    collections = conn.execute(text("SELECT id, sale_id FROM collection WHERE order_id = :o ORDER BY id"),
                               {"o": order_id}).all()
    return {"id": o[0], "order_no": o[1], "customer_email": o[2], "paid_online": bool(o[3]), "total_cents": o[4],
            "created_at": str(o[5]), "fulfilment": o[6], "pickup_store_id": o[7], "customer_name": o[8],
            "origin": o[9], "lines": lines, "return_ids": return_ids, "collection_ids": [c[0] for c in collections],
            "paid_by_sale": next((c[1] for c in collections if c[1]), None),
            "ready_at": str(o[10]) if o[10] is not None else None}
