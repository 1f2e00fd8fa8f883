"""Promotion benchmark (issue 14): pricing a 100-line cart with 1,000 running offers, as the register does
after every scan (target: p99 <= 5 ms).

Two mixes of 1,000 offers over the demo catalog (11 categories, 17 brands), each with one in ten exclusive and
one in twenty needing a coupon, and half of each cart's lines promoted products (3 for 2, percentages, amounts,
bundles):
  chain   96 % on 1 to 20 products, 1.5 % on a category, 1.5 % on a brand, 1 % basket offers: a supermarket's
          weekly offers (the target is for this one);
  heavy   75 % on products, 10 % on a category, 14 % on a brand, 1 %  basket offers: with only 11 categories
          and 17 brands that is about nine offers on every category and eight on every brand at once, so
          nearly 300 offers are in scope of every cart and about 80 apply (fields prefixed heavy_).

  price_p50_ms, price_p99_ms   one pricing of a cart (PromotionBook.price)
  offers_in_scope              offers whose scope includes a line of the cart, on average
  offers_applied               offers that saved something on a cart, on average
  book_build_ms                indexing the 1,000 offers (once per change of the offers)
  register_price_p50_ms, register_price_p99_ms
                               the register's own step after a scan (app.services.promotions.price_cart) on a real
                               replica: asked whether the offers changed, the cart (its 100th line just scanned)
                               priced, the offers put on the lines whose offers changed

Usage: python -m tests.bench.promotions [--offers 1000] [--lines 100] [--carts 500]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import datetime, timedelta, timezone

from sync.common.demo_data import generate_products
from sync.common.promotions import Channel, Component, Item, Promotion, PromotionBook, Scope


#: Shares of offers by scope: (products, category, brand); the rest are basket offers.
MIXES = {"chain": (0.96, 0.015, 0.015), "heavy": (0.75, 0.10, 0.14)}


def make_offers(products, count: int, rng: random.Random, mix: str = "heavy") -> list[Promotion]:
    categories = sorted({p.category for p in products})
    brands = sorted({p.brand for p in products})
    now = datetime.now(timezone.utc)
    offers = []
    by_products, by_category, by_brand = MIXES[mix]
    for n in range(count):
        roll = rng.random()
        basket = roll >= by_products + by_category + by_brand
        kind = "basket" if basket else rng.choice(["multi_buy", "percent_off", "amount_off", "bundle_price"])
        if roll < by_products:
            scope = Scope(product_ids=frozenset(rng.choice(products).id for _ in range(rng.randint(1, 20))))
        elif roll < by_products + by_category:
            scope = Scope(categories=frozenset({rng.choice(categories)}))
        elif not basket:
            scope = Scope(brands=frozenset({rng.choice(brands)}))
        else:
            scope = Scope()  # basket offers: the whole basket
        kw = {"id": f"P{n}", "name": f"Aktion {n}", "kind": kind, "scope": scope, "priority": rng.randint(0, 5),
              "exclusive": rng.random() < 0.1, "coupon_required": rng.random() < 0.05,
              "valid_from": now - timedelta(days=1), "valid_to": now + timedelta(days=rng.randint(1, 30))}
        if kind == "multi_buy":
            kw |= {"buy": 3, "pay": 2}
        elif kind == "percent_off":
            kw["percent_bp"] = rng.choice([500, 1000, 2000, 3000])
        elif kind == "amount_off":
            kw["amount_cents"] = rng.choice([50, 100, 200])
        elif kind == "bundle_price":
            if rng.random() < 0.5 and scope.product_ids:
                a, b = rng.sample(products, 2)
                kw["components"] = (Component(scope=Scope(product_ids=frozenset({a.id}))),
                                    Component(scope=Scope(product_ids=frozenset({b.id}))))
                kw["scope"] = Scope()
            else:
                kw["buy"] = 2
            kw["bundle_price_cents"] = rng.randint(100, 2000)
        else:
            kw |= {"threshold_cents": rng.choice([2000, 5000, 10_000]), "amount_cents": rng.choice([200, 500, 1000])}
        offers.append(Promotion(**kw))
    return offers


def make_cart(products, promoted: list[int], lines: int, rng: random.Random, by_id) -> list[Item]:
    items = []
    for n in range(lines):
        p = by_id[rng.choice(promoted)] if n % 2 == 0 else rng.choice(products)
        quantity = 1 if p.weighed else rng.randint(1, 3)
        items.append(Item(f"{n:032x}", p.id, p.category, p.brand, quantity, p.gross_price_cents * quantity,
                          weighed=p.weighed))
    return items


def register_pricing(offers, carts, products, now) -> list[float]:
    """price_cart on a real replica holding the offers as the sync engine stores them."""
    import tempfile
    from pathlib import Path

    from app.core.cart import Cart, CartLine
    from app.core.vat import VatClass
    from app.services.promotions import Offers, price_cart
    from app.store.db import open_replica
    from sync.client.engine import apply_changes
    from sync.protocol import Change, ChangeKind

    by_id = {p.id: p for p in products}
    with tempfile.TemporaryDirectory() as folder:
        engine = open_replica(Path(folder) / "replica.sqlite3")
        with engine.begin() as c:
            apply_changes(c, [Change(kind=ChangeKind.PROMOTION, key=o.id, data=o.model_dump(mode="json"))
                              for o in offers])
        book = Offers(engine)
        book.book()  # indexed once, as after the sync that brought the offers
        times = []
        for items in carts:  # the cart priced at the scan before, then its last line scanned: priced again
            lines = [CartLine(i.key, i.product_id, by_id[i.product_id].sku, by_id[i.product_id].name,
                              VatClass(by_id[i.product_id].vat_class), i.gross_cents // i.quantity,
                              quantity=i.quantity, category=i.category, brand=i.brand,
                              weight_g=1000 if i.weighed else None) for i in items]
            cart = Cart(lines=lines[:-1])
            price_cart(book, cart, store_id="0001", at=now)
            cart.lines.append(lines[-1])
            t0 = time.perf_counter()
            price_cart(book, cart, store_id="0001", at=now)
            times.append((time.perf_counter() - t0) * 1000)
        engine.dispose()
    return sorted(times)


def p99(times: list[float]) -> float:
    return round(sorted(times)[min(len(times) - 1, int(len(times) * 0.99))], 3)


def run(mix: str, args, products, by_id) -> dict:
    rng = random.Random(14)
    offers = make_offers(products, args.offers, rng, mix)
    t0 = time.perf_counter()
    book = PromotionBook(offers)
    build_ms = (time.perf_counter() - t0) * 1000
    promoted = sorted({pid for o in offers for pid in o.scope.product_ids})
    coupons = {o.id for o in offers if o.coupon_required and rng.random() < 0.2}
    carts = [make_cart(products, promoted, args.lines, rng, by_id) for _ in range(args.carts)]
    now = datetime.now(timezone.utc)
    for cart in carts[:20]:  # warm up
        book.price(cart, at=now, store_id="0001", channel=Channel.STORE, coupons=coupons)
    times, touching, in_scope = [], [], []
    for cart in carts:
        t0 = time.perf_counter()
        r = book.price(cart, at=now, store_id="0001", channel=Channel.STORE, coupons=coupons)
        times.append((time.perf_counter() - t0) * 1000)
        touching.append(len(r.promotion_ids))
        in_scope.append(len({pid for i in cart for pid in book._candidates(i)}))
    register_times = register_pricing(offers, carts[:200], products, now)
    prefix = "" if mix == "chain" else f"{mix}_"
    return {f"{prefix}price_p50_ms": round(statistics.median(times), 3), f"{prefix}price_p99_ms": p99(times),
            f"{prefix}offers_in_scope": round(statistics.mean(in_scope), 1),
            f"{prefix}offers_applied": round(statistics.mean(touching), 1),
            f"{prefix}book_build_ms": round(build_ms, 1),
            f"{prefix}register_price_p50_ms": round(statistics.median(register_times), 3),
            f"{prefix}register_price_p99_ms": p99(register_times)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--offers", type=int, default=1000)
    ap.add_argument("--lines", type=int, default=100)
    ap.add_argument("--carts", type=int, default=500)
    args = ap.parse_args()
    products = list(generate_products(20_000))
    by_id = {p.id: p for p in products}
    result = {"offers": args.offers, "lines": args.lines, "carts": args.carts}
    for mix in MIXES:
        result |= run(mix, args, products, by_id)
    result["target_p99_ms"] = 5
    print(json.dumps(result))


if __name__ == "__main__":
    main()
