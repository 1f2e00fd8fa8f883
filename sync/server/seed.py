"""Seeding the backend with the demo chain, from the same generator as the register."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import text
from sqlalchemy.engine import Engine

from sync.common.demo_data import DEFAULT_STORE_SETTINGS, DEMO_ASSOCIATES, LOCATIONS, generate_products
from sync.server.associates import add_associate
from sync.server.enrollment import add_enrollment_secrets


def seed_backend(engine: Engine, *, products: int = 1000, seed: int = 42, stock_locations: list[str] | None = None,
                 enrollment_secrets: dict[str, str] | None = None) -> None:
    """`enrollment_secrets` maps each one-time secret to the register it enrolls ('1001-01')."""
    # Catalog, opening stock and the change rows every register bootstraps from (txid 0: before any sync).
    rng = random.Random(seed + 1)
    if stock_locations is None:  # [] seeds a catalog without stock (benchmarks)
        stock_locations = [lid for lid, *_ in LOCATIONS]
    with engine.begin() as conn:
        changes = []
        rows = []
        stores = {lid for lid, _name, kind, *_ in LOCATIONS if kind == "store"}
        for lid, name, kind, street, city, region in LOCATIONS:
            data = {"id": lid, "name": name, "kind": kind, "street": street, "city": city, "region": region,
                    "vat_id": "DE123456789", "settings": DEFAULT_STORE_SETTINGS}
            rows.append({**data, "settings": json.dumps(DEFAULT_STORE_SETTINGS)})
            changes.append({"kind": "location", "key": lid, "data": json.dumps(data)})
        conn.execute(text("INSERT INTO location (id, name, kind, street, city, region, vat_id, settings)"
                          " VALUES (:id, :name, :kind, :street, :city, :region, :vat_id, :settings)"), rows)
        _insert_changes(conn, changes)
        batch = []
        for product in generate_products(products, seed=seed):
            batch.append(product)
            if len(batch) >= 10_000:
                _insert_products(conn, batch, stock_locations, rng, stores)
                batch = []
        if batch:
            _insert_products(conn, batch, stock_locations, rng, stores)
    stores = [lid for lid, _, kind, *_ in LOCATIONS if kind == "store"]
    for associate_id, name, role, pin in DEMO_ASSOCIATES:  # managed here like a chain's, with the README's PINs
        made, _ = add_associate(engine, name=name, role=role, stores=stores, pin=pin)
        assert made == associate_id, "the demo chain is seeded into an empty backend"
    add_enrollment_secrets(engine, enrollment_secrets or {})


def _insert_products(conn, batch, stock_locations, rng, stores: set[str]) -> None:
    product_rows, gtin_rows, stock_rows, changes = [], [], [], []
    for p in batch:
        data = {"id": p.id, "sku": p.sku, "name": p.name, "brand": p.brand, "category": p.category,
                "gross_price_cents": p.gross_price_cents, "vat_class": p.vat_class, "base_unit": p.base_unit,
                "net_content": p.net_content, "weighed": p.weighed, "plu": p.plu, "active": True,
                "gtins": list(p.gtins)}
        product_rows.append({k: v for k, v in data.items() if k != "gtins"})
        changes.append({"kind": "product", "key": str(p.id), "data": json.dumps(data)})
        gtin_rows += [{"gtin": g, "product_id": p.id} for g in p.gtins]
        for loc in stock_locations:
            qty = rng.randrange(0, 20_000) if p.weighed else rng.randrange(0, 120)
            stock_rows.append({"l": loc, "p": p.id, "q": qty})
            changes.append({"kind": "stock", "key": f"{loc}:{p.id}", "store_id": loc if loc in stores else None,
                            "data": json.dumps({"location_id": loc, "product_id": p.id, "quantity": qty})})
    conn.execute(text("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit,"
                      " net_content, weighed, plu, active) VALUES (:id, :sku, :name, :brand, :category,"
                      " :gross_price_cents, :vat_class, :base_unit, :net_content, :weighed, :plu, :active)"),
                 product_rows)
    if gtin_rows:
        conn.execute(text("INSERT INTO productgtin (gtin, product_id) VALUES (:gtin, :product_id)"), gtin_rows)
    if stock_rows:
        conn.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, :q)"), stock_rows)
    _insert_changes(conn, changes)


def _insert_changes(conn, changes) -> None:
    """A store's stock goes to its own feed only (sync.server.movements.stock_feed_scope), the rest to every register."""
    conn.execute(text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (0, :kind, :key, :store_id, :data)"),
                 [{"store_id": None, **c} for c in changes])


def seed_demo_offers(engine: Engine) -> None:
    """The demo chain's offers and coupons (sync.common.demo_offers), for the web shop and every register."""
    from sqlmodel import Session

    from sync.common.demo_offers import DEMO_COUPONS, DEMO_PROMOTIONS
    from sync.server.promotions import put_coupon, put_promotion

    with Session(engine) as s:
        for promotion in DEMO_PROMOTIONS:
            put_promotion(s, promotion)
        for coupon in DEMO_COUPONS:
            put_coupon(s, coupon)
        s.commit()


def seed_demo_online(engine: Engine) -> None:
    """Online orders and an online cart for the demo, as if customers had used the web shop."""
    from sqlmodel import Session

    from sync.protocol import ShopOrder, ShopOrderLine
    from sync.server.carts import priced_lines
    from sync.server.models import Customer, OnlineCart
    from sync.server.order_feed import record_order
    from sync.server.shop import create_order

    with Session(engine) as s:
        s.add(Customer(name="Anna Meier", email="anna.meier@example.org", phone="030123456", card_no="KD10000001"))
        s.add(Customer(name="Kemal Yilmaz", email="k.yilmaz@example.org", phone="040987654", card_no="KD10000002"))
        s.flush()  # known to the shop before their orders: points for what they paid online
        create_order(s, ShopOrder(order_no="WEB-100001", customer_email="anna.meier@example.org",
                                  customer_name="Anna Meier", address="Torstraße 140, 10119 Berlin",  # shipped by 1001
                                  lines=[{"product_id": 2, "quantity": 2}, {"product_id": 7, "quantity": 1}]))
        create_order(s, ShopOrder(order_no="WEB-100002", customer_email="k.yilmaz@example.org", paid_online=False,
                                  customer_name="Kemal Yilmaz",
                                  fulfilment="pickup", pickup_store_id="1001",
                                  lines=[{"product_id": 9, "quantity": 3}]))
        create_order(s, ShopOrder(order_no="WEB-100003", customer_email="anna.meier@example.org",
                                  customer_name="Anna Meier", fulfilment="pickup", pickup_store_id="1001",
                                  lines=[{"product_id": 4, "quantity": 1}, {"product_id": 5, "quantity": 2}]))
        late = create_order(s, ShopOrder(order_no="WEB-100004", customer_email="j.berg@example.org",
                                         customer_name="Jana Berg", fulfilment="pickup", pickup_store_id="1001",
                                         lines=[{"product_id": 6, "quantity": 1}]))
        conn = s.connection()  # ready for ten days and not collected: overdue
        conn.execute(text("UPDATE onlineorder SET created_at = :t WHERE id = :o"),
                     {"t": datetime.now(timezone.utc) - timedelta(days=10), "o": late["id"]})
        record_order(s, late["id"])
        lines = priced_lines(s, [ShopOrderLine(product_id=3, quantity=1), ShopOrderLine(product_id=10, quantity=2)])
        lines[0]["unit_price_cents"] += 30  # put in the cart last week, before a price cut: the counter shows it
        s.add(OnlineCart(id="c" * 32, code="TRE5EN", customer_email="lukas@example.org", lines=lines))
        s.commit()
