"""The chain's offers across channels, against the real backend (issue 14 §1): the ERP sets them, the web shop
and the register price one basket the same, an offer ended at headquarters stops at the register with the next
pull, and coupons used twice (online and offline) are refused online and flagged after sync."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import text

from app.services.promotions import CouponError
from sync.common.demo_offers import DEMO_COUPONS, DEMO_PROMOTIONS
from sync.common.promotions import Coupon, Promotion
from tests.sync.conftest import ERP_KEY, SHOP_KEY, sync_until

ERP = {"X-ERP-Key": ERP_KEY}
SHOP = {"X-Shop-Key": SHOP_KEY}


def put_offers(backend, promotions=DEMO_PROMOTIONS, coupons=DEMO_COUPONS):
    for p in promotions:
        r = httpx.put(f"{backend.url}/v1/erp/promotions/{p.id}", headers=ERP, json=p.model_dump(mode="json"))
        assert r.status_code == 200, r.text
    for c in coupons:
        r = httpx.put(f"{backend.url}/v1/erp/coupons/{c.code}", headers=ERP, json=c.model_dump(mode="json"))
        assert r.status_code == 200, r.text


def products_of(backend, category: str, count: int) -> list[int]:
    with backend.engine.connect() as c:
        return list(c.execute(text("SELECT id FROM product WHERE category = :c AND NOT weighed AND active"
                                   " ORDER BY id LIMIT :n"), {"c": category, "n": count}).scalars())


def offers_known(reg, promotion_id: str, active: bool = True):
    def seen():
        with reg.replica.connect() as c:
            row = c.exec_driver_sql("SELECT data FROM promotion WHERE id = ?", (promotion_id,)).first()
        return row is not None and json.loads(row[0])["active"] == active
    return seen


def test_one_basket_costs_the_same_online_and_at_the_counter(backend, make_register):
    put_offers(backend)
    sweets = products_of(backend, "Süßwaren", 3)
    drug = products_of(backend, "Drogerie", 1)
    others = products_of(backend, "Getränke", 2)
    basket = {sweets[0]: 2, sweets[1]: 1, sweets[2]: 1, drug[0]: 2, others[0]: 6, others[1]: 3}
    cart = httpx.post(f"{backend.url}/v1/shop/carts", headers=SHOP, json={
        "lines": [{"product_id": p, "quantity": q} for p, q in basket.items()]})
    assert cart.status_code == 201, cart.text
    web = cart.json()
    web_offers = {o[0] for line in web["lines"] for o in line["offers"]}
    assert {"DEMO-SUESS-3FUER2", "DEMO-DROGERIE-20"} <= web_offers

    reg = make_register("1001", 1)
    sync_until(reg, offers_known(reg, "DEMO-5AB40"))
    for product_id, quantity in reversed(list(basket.items())):  # another order of scanning
        for _ in range(quantity):
            reg.sale.add_product(product_id)
    counter = {line.product_id: line for line in reg.sale.cart.lines}
    assert reg.sale.cart.total_cents == web["total_cents"]  # to the cent
    for line in web["lines"]:
        assert counter[line["product_id"]].total_cents == line["total_cents"]
        assert sorted(o.promotion_id for o in counter[line["product_id"]].offers) == sorted(o[0] for o in line["offers"])
    # the handover page shows the customer the same offers and total
    page = httpx.get(f"{backend.url}{web['handover_url']}").text
    assert "3 für 2 Süßwaren" in page and f"{web['total_cents'] // 100}," in page
    # the web order of that cart keeps the offers; its lines say what was paid (for returns in a store)
    order = httpx.post(f"{backend.url}/v1/shop/carts/{web['id']}/order", headers=SHOP).json()
    assert order["total_cents"] == web["total_cents"]
    assert sum(l["total_cents"] for l in order["lines"]) == order["total_cents"]

    # headquarters ends the multi-buy: the register stops it with its next pull (also offline after that)
    r = httpx.post(f"{backend.url}/v1/erp/promotions/DEMO-SUESS-3FUER2/end", headers=ERP)
    assert r.status_code == 200 and r.json()["active"] is False
    sync_until(reg, offers_known(reg, "DEMO-SUESS-3FUER2", active=False))
    reg.sale.add_product(sweets[0])  # any change prices the cart again
    assert not any(o.promotion_id == "DEMO-SUESS-3FUER2" for line in reg.sale.cart.lines for o in line.offers)
    assert httpx.post(f"{backend.url}/v1/shop/carts", headers=SHOP, json={"lines": [
        {"product_id": sweets[0], "quantity": 3}]}).json()["lines"][0]["offers"] == []


def test_a_single_use_coupon_used_online_and_offline_is_refused_online_and_flagged_after_sync(backend, make_register):
    put_offers(backend)
    reg = make_register("1001", 1)
    sync_until(reg, offers_known(reg, "DEMO-DANKE"))
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT 1 FROM coupon WHERE code = 'DANKE-5A7K'").first()
    pricey = products_of(backend, "Vorratsschrank", 6)
    # the register is offline from here on (it does not sync) and takes the coupon: the sale stands
    for p in pricey:
        for _ in range(3):
            reg.sale.add_product(p)
    reg.sale.extras.add_coupon("DANKE-5A7K")
    assert any(o.promotion_id == "DEMO-DANKE" for l in reg.sale.cart.lines for o in l.offers)
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    # meanwhile the web shop uses it once (allowed: the backend knows of no use yet) ...
    order = {"order_no": "WEB-C1", "customer_email": "kundin@example.org", "coupons": ["DANKE-5A7K"],
             "lines": [{"product_id": p, "quantity": 3} for p in pricey]}
    first = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json=order)
    assert first.status_code == 201, first.text
    assert any(o[0] == "DEMO-DANKE" for line in first.json()["lines"] for o in line["offers"])
    # ... and a second time is refused at once, with a stable code
    again = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={**order, "order_no": "WEB-C2"})
    assert again.status_code == 422 and again.json()["detail"].startswith("coupon_used_up")
    # the register comes back: its sale is recorded, the second use flagged for the manager
    report = reg.sync.sync_once()
    assert report.conflicts == 1
    with backend.engine.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM conflict WHERE kind LIKE 'coupon%'")).one()
        uses = c.execute(text("SELECT count(*) FROM couponuse WHERE code = 'DANKE-5A7K'")).scalar_one()
    details = json.loads(details) if isinstance(details, str) else details
    assert kind == "coupon_overused" and details["uses"] == 2 == uses
    reg.sync.sync_once()  # a retried sync counts nothing twice
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM couponuse WHERE code = 'DANKE-5A7K'")).scalar_one() == 2
    # the register now knows it is used up, and its manager sees the conflict with its evidence
    sync_until(reg, lambda: _uses(reg, "DANKE-5A7K") == 2)
    from app.ui.conflict_inbox import evidence, load_conflicts

    [conflict] = [c for c in load_conflicts(reg.replica) if c["kind"] == "coupon_overused"]
    assert "DANKE-5A7K 2× eingelöst (erlaubt 1×)" in evidence(conflict)
    reg.sale.add_product(pricey[0])
    with pytest.raises(CouponError) as e:
        reg.sale.extras.add_coupon("DANKE-5A7K")
    assert e.value.reason == "coupon_used_up"


def _uses(reg, code):
    with reg.replica.connect() as c:
        return json.loads(c.exec_driver_sql("SELECT data FROM coupon WHERE code = ?", (code,)).scalar_one())["uses"]


def test_web_coupon_refusals_and_the_erp_api(backend):
    put_offers(backend)
    base = {"customer_email": "neu@example.org", "lines": [{"product_id": 1, "quantity": 1}]}
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={**base, "order_no": "WEB-X1",
                                                                        "coupons": ["GIBTSNICHT"]})
    assert r.status_code == 422 and r.json()["detail"] == "coupon_unknown: GIBTSNICHT"
    # once per customer: a customer the shop does not know cannot use it
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={**base, "order_no": "WEB-X2",
                                                                        "coupons": ["WILLKOMMEN10"]})
    assert r.status_code == 422 and r.json()["detail"].startswith("coupon_needs_customer")
    assert httpx.post(f"{backend.url}/v1/shop/customers", headers=SHOP,
                      json={"name": "Neu Kundin", "email": "neu@example.org"}).status_code == 201
    assert httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={
        **base, "order_no": "WEB-X3", "coupons": ["WILLKOMMEN10"]}).status_code == 201
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={**base, "order_no": "WEB-X4",
                                                                        "coupons": ["WILLKOMMEN10"]})
    assert r.status_code == 422 and r.json()["detail"].startswith("coupon_customer_limit")
    # found in review: a coupon whose offer does not apply (below its threshold) is refused, not used up; and a
    # reserve-and-collect order (paid at the counter) takes no coupon, points or gift card online
    small = {**base, "customer_email": "kundin@example.org", "coupons": ["DANKE-5A7K"]}
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={**small, "order_no": "WEB-X5"})
    assert r.status_code == 422 and r.json()["detail"] == "coupon_not_applicable: DANKE-5A7K"
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={
        **small, "order_no": "WEB-X6", "paid_online": False, "fulfilment": "pickup", "pickup_store_id": "1001"})
    assert r.status_code == 422 and r.json()["detail"].startswith("pay_at_counter")
    assert httpx.get(f"{backend.url}/v1/erp/coupons/DANKE-5A7K", headers=ERP).json()["uses"] == 0
    # an expired coupon and one of a store's own offer are refused online with their reason
    past = datetime.now(timezone.utc) - timedelta(days=1)
    put_offers(backend, promotions=[
        Promotion(id="OLD", name="Vorbei", kind="percent_off", percent_bp=1000, coupon_required=True, valid_to=past),
        Promotion(id="BERLIN", name="Nur Berlin", kind="percent_off", percent_bp=1000, coupon_required=True,
                  store_ids=frozenset({"1001"}))],
        coupons=[Coupon(code="OLD-1", promotion_id="OLD"), Coupon(code="BERLIN-1", promotion_id="BERLIN")])
    for code, reason in [("OLD-1", "coupon_expired"), ("BERLIN-1", "coupon_other_channel")]:
        r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP,
                       json={**base, "order_no": f"WEB-{code}", "coupons": [code]})
        assert r.status_code == 422 and r.json()["detail"] == f"{reason}: {code}"
    # the ERP API: the web-shop key is not enough; a malformed offer is refused with the reason
    assert httpx.get(f"{backend.url}/v1/erp/promotions", headers=SHOP).status_code == 401
    bad = httpx.put(f"{backend.url}/v1/erp/promotions/BAD", headers=ERP, json={
        "id": "BAD", "name": "x", "kind": "multi_buy", "buy": 2, "pay": 2})
    assert bad.status_code == 422
    assert httpx.post(f"{backend.url}/v1/erp/promotions/NOPE/end", headers=ERP).status_code == 404
    listed = httpx.get(f"{backend.url}/v1/erp/promotions", headers=ERP).json()
    assert {p["id"] for p in listed} == {p.id for p in DEMO_PROMOTIONS} | {"OLD", "BERLIN"}
    state = httpx.get(f"{backend.url}/v1/erp/coupons/WILLKOMMEN10", headers=ERP).json()
    assert state["uses"] == 1


def test_a_once_per_customer_coupon_used_offline_at_two_registers_is_flagged(backend, make_register):
    """Offline only the card is known: each register lets WILLKOMMEN10 through; the backend, which knows the card's
    customer, flags the second use."""
    from app.services import customers

    put_offers(backend)
    assert httpx.post(f"{backend.url}/v1/shop/customers", headers=SHOP,
                      json={"name": "Eva Treu", "email": "eva@example.org", "card_no": "KD40000001"}).status_code == 201
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    for reg in (berlin, hamburg):
        sync_until(reg, offers_known(reg, "DEMO-WILLKOMMEN"))
        reg.sale.add_product(3)
        with pytest.raises(CouponError) as e:
            reg.sale.extras.add_coupon("WILLKOMMEN10")
        assert e.value.reason == "coupon_needs_card"
        reg.sale.set_links(customer=customers.card_only("KD40000001").link())
        reg.sale.extras.add_coupon("WILLKOMMEN10")
        reg.sale.pay_cash(reg.sale.remaining_cents)
        reg.sale.complete()
    berlin.sync.sync_once()
    hamburg.sync.sync_once()
    with backend.engine.connect() as c:
        rows = c.execute(text("SELECT kind, details FROM conflict WHERE kind LIKE 'coupon%'")).all()
    assert [k for k, _ in rows] == ["coupon_overused"]
    details = json.loads(rows[0][1]) if isinstance(rows[0][1], str) else rows[0][1]
    assert details["reason"] == "per_customer" and details["per_customer"] == 1
    from app.ui.conflict_inbox import evidence

    assert "vom selben Kunden öfter als 1× eingelöst" in evidence({"kind": "coupon_overused", "details": details})
