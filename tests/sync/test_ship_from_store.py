"""Ship from store (issue 15 §2) against the real backend: routing by stock, preference and postcode; picking by
scanning at the register (offline too), packing with an SSCC label, handing over to the carrier; a line the store
cannot find routed elsewhere; the shop seeing each state."""

from __future__ import annotations

import json

import httpx
import numpy as np
import pytest
from sqlalchemy import text

from app.printing.shipping_label import LabelData, draw_label
from app.scanning.decode import decode
from app.services import notifications, shipping
from sync.protocol import MissingReason, NotificationKind
from tests.sync.conftest import SHOP_KEY, sync_until

STORES = ("1001", "1002", "1003", "1004")


def web_order(backend, order_no: str, lines: dict[int, int], address: str) -> dict:
    response = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": order_no, "customer_email": "kunde@example.org", "customer_name": "Max Kunde",
        "address": address, "lines": [{"product_id": p, "quantity": q} for p, q in lines.items()]})
    assert response.status_code == 201, response.text
    return response.json()


def shop_shipments(backend, order_id: str) -> list[dict]:
    response = httpx.get(f"{backend.url}/v1/shop/orders/{order_id}/shipments", headers={"X-Shop-Key": SHOP_KEY})
    assert response.status_code == 200, response.text
    return response.json()


def set_stock(backend, product_id: int, **by_store: int) -> None:
    with backend.engine.begin() as c:
        for store, quantity in by_store.items():
            c.execute(text("UPDATE stock SET quantity = :q WHERE location_id = :s AND product_id = :p"),
                      {"q": quantity, "s": store.removeprefix("s"), "p": product_id})


def stock(backend, store: str, product_id: int) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT quantity FROM stock WHERE location_id = :s AND product_id = :p"),
                         {"s": store, "p": product_id}).scalar_one()


@pytest.fixture
def goods(backend):
    """Two products with a GTIN each, stocked everywhere (the stores' figures set per test)."""
    with backend.engine.connect() as c:
        rows = c.execute(text(
            "SELECT g.product_id, min(g.gtin) FROM productgtin g JOIN stock s ON s.product_id = g.product_id"
            " WHERE s.location_id = '1001' GROUP BY g.product_id HAVING count(DISTINCT s.location_id) >= 1"
            " ORDER BY g.product_id DESC LIMIT 2")).all()
        located = {r[0] for r in c.execute(text("SELECT location_id FROM stock WHERE product_id = :p"),
                                           {"p": rows[0][0]})}
    assert set(STORES) | {"9000"} <= located
    for product_id, _ in rows:
        set_stock(backend, product_id, s1001=5, s1002=5, s1003=5, s1004=0, s9000=100)
    return [(r[0], r[1][1:] if r[1].startswith("0") else r[1]) for r in rows]


def test_an_order_goes_to_the_nearest_store_that_has_the_goods(backend, goods):
    (p, _), _ = goods
    berlin = web_order(backend, "WEB-R-1", {p: 2}, "Invalidenstraße 1, 10115 Berlin")
    munich = web_order(backend, "WEB-R-2", {p: 2}, "Marienplatz 8, 80331 München")
    assert [s["location_id"] for s in shop_shipments(backend, berlin["id"])] == ["1001"]
    assert [s["location_id"] for s in shop_shipments(backend, munich["id"])] == ["1003"]
    cologne = web_order(backend, "WEB-R-3", {p: 1}, "Domkloster 4, 50667 Köln")  # 1004 has none: the nearest that has
    assert shop_shipments(backend, cologne["id"])[0]["location_id"] in ("1001", "1002", "1003")
    too_many = web_order(backend, "WEB-R-4", {p: 6}, "Invalidenstraße 1, 10115 Berlin")
    assert shop_shipments(backend, too_many["id"])[0]["location_id"] == "9000"
    # 1001 has 5, 2 of them reserved for WEB-R-1 (and maybe 1 for WEB-R-3): 4 more do not fit there
    again = web_order(backend, "WEB-R-5", {p: 4}, "Invalidenstraße 1, 10115 Berlin")
    assert shop_shipments(backend, again["id"])[0]["location_id"] != "1001"


def test_a_stores_preference_and_opting_out(backend, goods):
    (p, _), _ = goods
    with backend.engine.begin() as c:
        c.execute(text("UPDATE location SET settings = :s WHERE id = '1001'"), {"s": '{"ships_online_orders": false}'})
        c.execute(text("UPDATE location SET settings = :s WHERE id = '1003'"), {"s": '{"ship_priority": 10}'})
    order = web_order(backend, "WEB-R-6", {p: 1}, "Invalidenstraße 1, 10115 Berlin")
    assert shop_shipments(backend, order["id"])[0]["location_id"] == "1003"


def test_picked_packed_and_handed_over_at_the_register(backend, make_register, goods):
    (p, gtin), (other, other_gtin) = goods
    reg, elsewhere = make_register("1001", 1), make_register("1002", 1)
    order = web_order(backend, "WEB-S-1", {p: 2}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    [shipment] = shipping.shipments(reg.sale.ctx)
    assert (shipment.order_no, shipment.customer_name, shipment.status) == ("WEB-S-1", "Max Kunde", "routed")
    assert shipment.address == "Invalidenstraße 1, 10115 Berlin" and shipment.lines[0].quantity == 2
    assert any(n.kind == NotificationKind.SHIP_ORDER for n in notifications.history(reg.sale.ctx))
    elsewhere.sync.sync_once()
    assert shipping.shipments(elsewhere.sale.ctx) == []  # nor the address: only the shipping store has it

    picking = shipping.Picking(shipment)
    with pytest.raises(shipping.ShippingError) as wrong:
        picking.scan(reg.sale.ctx, other_gtin)
    assert wrong.value.code == "not_in_shipment"
    with pytest.raises(shipping.ShippingError) as garbled:
        picking.scan(reg.sale.ctx, "40063813339")
    assert garbled.value.code == "unknown_code"
    picking.scan(reg.sale.ctx, gtin)
    with pytest.raises(shipping.ShippingError) as early:
        shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    assert early.value.code == "not_complete"
    picking.scan(reg.sale.ctx, gtin)
    with pytest.raises(shipping.ShippingError) as over:
        picking.scan(reg.sale.ctx, gtin)
    assert over.value.code == "already_picked"
    before = stock(backend, "1001", p)
    parcel = shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    assert parcel is not None and len(parcel) == 18
    reg.sync.sync_once()
    assert notifications.open_count(reg.sale.ctx) == 0  # packed: the "ship this" notification is settled
    assert stock(backend, "1001", p) == before - 2  # the goods left the store with the picking
    assert [(s["status"], s["parcel_no"]) for s in shop_shipments(backend, order["id"])] == [("packed", parcel)]

    label = draw_label(LabelData(("Tresen Markt Berlin-Mitte",), shipment.customer_name, shipment.address,
                                 shipment.order_no, parcel, 2))
    scanned = decode(np.asarray(label))[0].text  # what the scanner reads off the label
    with pytest.raises(shipping.ShippingError) as not_parcel:
        shipping.hand_over(reg.sale.ctx, reg.sale.associate, scanned="4006381333931")
    assert not_parcel.value.code == "not_a_parcel"
    handed = shipping.hand_over(reg.sale.ctx, reg.sale.associate, scanned=scanned)
    assert handed.id == shipment.id and handed.status == "handed_over"
    with pytest.raises(shipping.ShippingError) as twice:
        shipping.hand_over(reg.sale.ctx, reg.sale.associate, scanned=scanned)
    assert twice.value.code == "handed_over_before"
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx, include_done=True)[0].address == "")
    assert shop_shipments(backend, order["id"])[0]["status"] == "handed_over"
    assert shipping.shipments(reg.sale.ctx) == []
    assert shipping.shipments(reg.sale.ctx, include_done=True)[0].status == "handed_over"
    with reg.replica.connect() as c:  # the address is gone from the replica once the carrier has the parcel
        assert c.exec_driver_sql("SELECT count(*) FROM shipment WHERE data LIKE '%Invalidenstra%'").scalar_one() == 0


def test_a_line_the_store_cannot_find_goes_elsewhere(backend, make_register, goods):
    (p, gtin), (other, _other_gtin) = goods
    reg = make_register("1001", 1)
    order = web_order(backend, "WEB-S-2", {p: 2, other: 1}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    picking = shipping.Picking(shipping.shipments(reg.sale.ctx)[0])
    picking.scan(reg.sale.ctx, gtin)
    assert picking.report_missing(p, MissingReason.NOT_FOUND) == 1
    assert picking.report_missing(other, MissingReason.DAMAGED) == 1
    parcel = shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    reg.sync.sync_once()
    first, second = shop_shipments(backend, order["id"])
    assert (first["location_id"], first["status"], first["parcel_no"]) == ("1001", "packed", parcel)
    assert sorted((m["product_id"], m["quantity"], m["reason"]) for m in first["missing"]) == sorted(
        [(p, 1, "not_found"), (other, 1, "damaged")])
    assert second["location_id"] not in ("1001",) and second["status"] == "routed"
    assert sorted((l["product_id"], l["quantity"]) for l in second["lines"]) == sorted([(p, 1), (other, 1)])


def test_nothing_found_at_all_sends_no_parcel(backend, make_register, goods):
    (p, _), _ = goods
    reg = make_register("1001", 1)
    order = web_order(backend, "WEB-S-3", {p: 1}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    picking = shipping.Picking(shipping.shipments(reg.sale.ctx)[0])
    picking.report_missing(p, MissingReason.COUNT_WRONG)
    assert shipping.pack(reg.sale.ctx, reg.sale.associate, picking) is None
    reg.sync.sync_once()
    first, second = shop_shipments(backend, order["id"])
    assert (first["status"], first["parcel_no"]) == ("missing", None) and second["location_id"] != "1001"


def test_picking_and_packing_offline(backend, make_register, goods):
    (p, gtin), _ = goods
    reg = make_register("1001", 1)
    order = web_order(backend, "WEB-S-4", {p: 1}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    backend.stop()
    picking = shipping.Picking(shipping.shipments(reg.sale.ctx)[0])
    picking.scan(reg.sale.ctx, gtin)
    parcel = shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    shipping.hand_over(reg.sale.ctx, reg.sale.associate, scanned=f"(00){parcel}")
    backend.start()
    reg.sync.sync_once()
    assert [(s["status"], s["parcel_no"]) for s in shop_shipments(backend, order["id"])] == [("handed_over", parcel)]
    assert shipping.shipments(reg.sale.ctx, include_done=True)[0].status == "handed_over"


def test_another_stores_shipment_is_rejected(backend, make_register, goods):
    (p, gtin), _ = goods
    munich = web_order(backend, "WEB-S-5", {p: 1}, "Marienplatz 8, 80331 München")
    reg = make_register("1001", 1)
    shipment_id = shop_shipments(backend, munich["id"])[0]["shipment_id"]
    with reg.replica.begin() as c:  # a replica tampered with: it holds the other store's shipment
        c.exec_driver_sql("INSERT INTO shipment (id, order_no, data, status) VALUES (?, 'WEB-S-5', ?, 'routed')",
                          (shipment_id, '{"location_id": "1001", "lines": [{"product_id": %d, "quantity": 1}]}' % p))
    picking = shipping.Picking(shipping.load(reg.sale.ctx, shipment_id=shipment_id))
    picking.scan(reg.sale.ctx, gtin)
    shipping.pack(reg.sale.ctx, reg.sale.associate, picking)
    report = reg.sync.sync_once()
    assert report.rejected == 1 and "another location" in report.rejected_reasons[0]
    assert shop_shipments(backend, munich["id"])[0]["status"] == "routed"


def test_a_shipment_packed_at_two_registers_is_a_conflict(backend, make_register, goods):
    (p, gtin), _ = goods
    first, second = make_register("1001", 1), make_register("1001", 2)
    web_order(backend, "WEB-S-6", {p: 1}, "Invalidenstraße 1, 10115 Berlin")
    for reg in (first, second):
        sync_until(reg, lambda reg=reg: shipping.shipments(reg.sale.ctx))
    parcels = []
    for reg in (first, second):  # both picked it before either synced
        picking = shipping.Picking(shipping.shipments(reg.sale.ctx)[0])
        picking.scan(reg.sale.ctx, gtin)
        parcels.append(shipping.pack(reg.sale.ctx, reg.sale.associate, picking))
    before = stock(backend, "1001", p)
    first.sync.sync_once()
    report = second.sync.sync_once()
    assert report.conflicts == 1
    assert stock(backend, "1001", p) == before - 1  # the goods left once
    with backend.engine.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM conflict")).one()
    details = json.loads(details) if isinstance(details, str) else details
    assert kind == "shipment_packed_twice" and (details["parcel_no"], details["booked_parcel_no"]) == (
        parcels[1], parcels[0])


def test_a_register_upgraded_from_before_shipments_catches_up_on_what_it_skipped(backend, make_register, goods):
    """A register of the previous version skipped the feed's notifications and shipments (kinds it did not know)
    and pulled past them; its replica migration has it fetch them once from the start of the feed."""
    from alembic import command

    from app.store.db import alembic_config

    (p, _), _ = goods
    reg = make_register("1001", 1)
    web_order(backend, "WEB-S-7", {p: 1}, "Invalidenstraße 1, 10115 Berlin")
    sync_until(reg, lambda: shipping.shipments(reg.sale.ctx))
    command.downgrade(alembic_config(reg.replica), "0018")  # the previous version: no such tables
    command.upgrade(alembic_config(reg.replica), "head")  # the upgrade, after it pulled past them
    assert shipping.shipments(reg.sale.ctx) == [] and notifications.open_count(reg.sale.ctx) == 0
    reg.sync.sync_once()
    assert [s.order_no for s in shipping.shipments(reg.sale.ctx)] == ["WEB-S-7"]
    assert notifications.open_count(reg.sale.ctx) >= 1
    with reg.replica.connect() as c:  # done once: the catch-up is over
        assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key LIKE 'catch_up%'").scalar_one() == 0
