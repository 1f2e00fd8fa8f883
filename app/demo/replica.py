"""The demo store in the register's replica: the demo chain's data (sync/common/demo_data.py) written with raw
executemany for speed, into an empty, migrated replica."""

from __future__ import annotations

import json
import random

from sqlalchemy.engine import Engine

from sync.common.demo_data import DEFAULT_STORE_SETTINGS, DEMO_ASSOCIATES, LOCATIONS, DemoProduct, generate_products
from sync.common.pins import check_new_pin, hash_pin


def seed_demo(engine: Engine, *, products: int = 1000, seed: int = 42, store_id: str = "1001",
              register_no: int = 1, stock_everywhere: bool | None = None) -> None:
    """Fill an empty, migrated replica with the demo store. Uses raw executemany for speed."""
    rng = random.Random(seed + 1)
    if stock_everywhere is None:
        stock_everywhere = products <= 50_000
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.executemany(
            "INSERT INTO location (id, name, kind, street, city, region, vat_id, settings) VALUES (?,?,?,?,?,?,?,?)",
            [(lid, name, kind, street, city, region, "DE123456789", json.dumps(DEFAULT_STORE_SETTINGS))
             for lid, name, kind, street, city, region in LOCATIONS],
        )
        _insert_associates(cur)
        cur.executemany("INSERT INTO setting (key, value) VALUES (?, ?)", [
            ("store_id", store_id), ("register_id", f"{store_id}-{register_no:02d}"),
        ])
        stock_locations = [lid for lid, *_ in LOCATIONS] if stock_everywhere else [store_id, "9000"]
        batch: list[DemoProduct] = []
        for product in generate_products(products, seed=seed):
            batch.append(product)
            if len(batch) >= 20_000:
                _insert_products(cur, batch, stock_locations, rng)
                batch.clear()
        _insert_products(cur, batch, stock_locations, rng)
        raw.commit()
    finally:
        raw.close()


def _insert_associates(cur) -> None:
    for _, _, role, pin in DEMO_ASSOCIATES:  # the demo keeps the rules a real store's PINs must meet
        check_new_pin(pin, role, associate_min_digits=DEFAULT_STORE_SETTINGS["associate_pin_min_digits"])
    cur.executemany("INSERT INTO associate (id, name, role, pin_hash, active) VALUES (?,?,?,?,1)",
                    [(aid, name, role, hash_pin(pin)) for aid, name, role, pin in DEMO_ASSOCIATES])


def seed_associates(engine: Engine) -> None:
    """Only the demo associates (a register that gets its catalog from the backend)."""
    raw = engine.raw_connection()
    try:
        _insert_associates(raw.cursor())
        raw.commit()
    finally:
        raw.close()


def _insert_products(cur, batch: list[DemoProduct], stock_locations: list[str], rng: random.Random) -> None:
    cur.executemany(
        "INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit, net_content,"
        " weighed, plu, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,1)",
        [(p.id, p.sku, p.name, p.brand, p.category, p.gross_price_cents, p.vat_class, p.base_unit, p.net_content,
          p.weighed, p.plu) for p in batch],
    )
    cur.executemany("INSERT INTO productgtin (gtin, product_id) VALUES (?, ?)",
                    [(g, p.id) for p in batch for g in p.gtins])
    cur.executemany(
        "INSERT INTO stock (location_id, product_id, quantity) VALUES (?,?,?)",
        [(loc, p.id, rng.randrange(0, 20_000) if p.weighed else rng.randrange(0, 120))
         for p in batch for loc in stock_locations],
    )
