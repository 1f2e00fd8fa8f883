"""The figures per store and channel (issue 15 §3, sync/server/figures.py) on a small history made through the real
protocol, each figure computed by hand from the catalog's prices: two store sales, a prepaid click & collect order
handed out and one piece of it returned, a web order shipped from the store."""

from __future__ import annotations

from datetime import datetime

import httpx
from sqlalchemy import text

from app.services import pickup, shipping
from sync.server.figures import CHANNELS, TZ, figures
from tests.sync.conftest import HQ_KEY, sync_until
from tests.sync.test_notifications import pickup_order
from tests.sync.test_returns import give_back
from tests.sync.test_ship_from_store import goods, shop_shipments, web_order  # noqa: F401 (fixture)


def price(backend, product_id: int) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT gross_price_cents FROM product WHERE id = :p"), {"p": product_id}).scalar_one()


def make_history(backend, make_register, goods):
    (a, gtin_a), (b, gtin_b) = goods
    pa, pb = price(backend, a), price(backend, b)
    reg = make_register("1001", 1)
    reg.sell(gtin_a)  # store sale 1: A
    reg.sell(gtin_a, gtin_a, gtin_b)  # store sale 2: 2 A + B
    order = pickup_order(backend, "CC-F-1", {a: 2})  # prepaid click & collect: 2 A
    sync_until(reg, lambda: pickup.find_pickup(reg.sale.ctx, order_no="CC-F-1") is not None)
    pickup.hand_out(reg.sale.ctx, reg.sale.associate, order_id=order["id"], quantities={a: 2}, identity_checked=True)
    reg.sync.sync_once()
    give_back(reg, "CC-F-1", {a: 1})  # one piece back: counted against click & collect, on the order's day
    shipped = web_order(backend, "WEB-F-1", {b: 1}, "Invalidenstraße 1, 10115 Berlin")
    assert shop_shipments(backend, shipped["id"])[0]["location_id"] == "1001"
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    picking = shipping.Picking(shipping.shipments(reg.sale.ctx)[0])
    picking.scan(reg.sale.ctx, gtin_b)
    shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    reg.sync.sync_once()
    return reg, pa, pb


def test_the_figures_match_the_hand_computed_ones(backend, make_register, goods):
    reg, pa, pb = make_history(backend, make_register, goods)
    with backend.engine.connect() as c:
        result = figures(c, days=30)
    store = result["stores"]["1001"]
    expected = {
        "store": {"revenue_cents": 3 * pa + pb, "transactions": 2, "units": 4, "returns_cents": 0},
        "click_collect": {"revenue_cents": 2 * pa, "transactions": 1, "units": 2, "returns_cents": pa},
        "ship_from_store": {"revenue_cents": pb, "transactions": 1, "units": 1, "returns_cents": 0},
        "handover": {"revenue_cents": 0, "transactions": 0, "units": 0, "returns_cents": 0},
        "delivery_in_store": {"revenue_cents": 0, "transactions": 0, "units": 0, "returns_cents": 0},
    }
    for period in ("today", "period"):
        for channel in CHANNELS:
            got = store[period][channel]
            assert {k: got[k] for k in expected[channel]} == expected[channel], (period, channel)
    assert store["period"]["store"]["avg_basket_cents"] == round((3 * pa + pb) / 2)
    assert store["period"]["store"]["units_per_transaction"] == 2.0
    assert store["period"]["click_collect"]["return_rate"] == 0.5
    assert store["hours"][datetime.now(TZ).hour] == 3 * pa + pb and sum(store["hours"]) == 3 * pa + pb
    top = {p["product_id"]: (p["units"], p["revenue_cents"]) for p in store["top_products"]}
    (a, _), (b, _) = goods
    assert top == {a: (3, 3 * pa), b: (1, pb)}
    assert store["pickups_waiting"] == 0 and store["time_to_pickup_h"] is not None
    assert all(v["transactions"] == 0 for v in result["stores"]["1002"]["period"].values())
    assert result["chain"]["store"]["revenue_cents"] == 3 * pa + pb
    with backend.engine.connect() as c:  # one store's figures only
        assert list(figures(c, days=1, store_id="1001")["stores"]) == ["1001"]


def test_the_register_reads_its_stores_figures(backend, make_register, goods):
    reg, pa, pb = make_history(backend, make_register, goods)
    answer = reg.client.figures(days=30)
    assert list(answer["stores"]) == ["1001"]
    assert answer["stores"]["1001"]["period"]["store"]["revenue_cents"] == 3 * pa + pb


def test_headquarters_csv(backend, make_register, goods):
    reg, pa, pb = make_history(backend, make_register, goods)
    response = httpx.get(f"{backend.url}/hq/figures.csv?days=30", auth=("hq", HQ_KEY))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = [line.split(";") for line in response.text.strip().splitlines()]
    assert rows[0][:4] == ["store", "name", "channel", "revenue_eur"]
    store = next(r for r in rows if r[0] == "1001" and r[2] == "store")
    assert store[3] == f"{(3 * pa + pb) / 100:.2f}" and store[4] == "2"
    assert httpx.get(f"{backend.url}/hq/figures.csv").status_code == 401
    assert httpx.get(f"{backend.url}/hq", auth=("hq", "wrong")).status_code == 401


def test_online_conversion_counts_the_carts_of_the_window(backend):
    """Online carts that became orders, and handover codes claimed at a register that became sales."""
    from datetime import datetime, timedelta, timezone

    now = datetime.now(timezone.utc)
    with backend.engine.begin() as c:
        for i, (status, age) in enumerate([("ordered", 1), ("open", 2), ("bought_in_store", 3), ("claimed", 4),
                                           ("ordered", 40)]):  # the last one is older than the window
            c.execute(text("INSERT INTO onlinecart (id, code, customer_email, status, lines, updated_at)"
                           " VALUES (:i, :c, '', :s, '[]', :t)"),
                      {"i": f"{i:032d}", "c": f"CODE{i}A", "s": status, "t": now - timedelta(days=age)})
    with backend.engine.connect() as c:
        conversion = figures(c, days=30)["conversion"]
    assert conversion == {"carts": 4, "carts_ordered": 1, "online_conversion": 0.25, "handover_claimed": 2,
                          "handover_sold": 1, "handover_conversion": 0.5}


def test_a_return_of_an_order_shipped_in_two_parts_counts_once(backend, make_register, goods):
    (a, gtin_a), (b, gtin_b) = goods
    berlin = make_register("1001", 1)
    order = web_order(backend, "WEB-F-2", {a: 1, b: 1}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(berlin, lambda: shipping.shipments(berlin.sale.ctx))
    picking = shipping.Picking(shipping.shipments(berlin.sale.ctx)[0])
    picking.scan(berlin.sale.ctx, gtin_a)
    picking.report_missing(b, shipping.MissingReason.NOT_FOUND)
    shipping.pack(berlin.sale.ctx, berlin.sale.associate, picking)
    berlin.sync.sync_once()
    second = shop_shipments(backend, order["id"])[1]["location_id"]
    elsewhere = make_register(second, 1)
    sync_until(elsewhere, lambda: shipping.shipments(elsewhere.sale.ctx))
    picking = shipping.Picking(shipping.shipments(elsewhere.sale.ctx)[0])
    picking.scan(elsewhere.sale.ctx, gtin_b)
    shipping.pack(elsewhere.sale.ctx, elsewhere.sale.associate, picking)
    elsewhere.sync.sync_once()
    returned = give_back(berlin, "WEB-F-2", {a: 1})
    berlin.sync.sync_once()
    with backend.engine.connect() as c:
        result = figures(c, days=30)
    assert result["chain"]["ship_from_store"]["transactions"] == 2
    assert result["chain"]["ship_from_store"]["returns_cents"] == returned.refund_cents  # once, not per part
