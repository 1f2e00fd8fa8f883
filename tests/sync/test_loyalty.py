"""Loyalty points across channels against the real backend (issue 14 §2): earned online and spent in a store
and the reverse, one id-keyed ledger entry per event (a retried sync books nothing twice), a card spent offline
in two stores flagged instead of going silently negative, returns and expiry."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.services import customers
from app.services.loyalty import LoyaltyError
from app.services.return_sources import find_source
from app.services.returns import record_return
from sync.common.loyalty import points_for, value_of
from sync.server.loyalty import expire_points
from tests.sync.conftest import SHOP_KEY

SHOP = {"X-Shop-Key": SHOP_KEY}


def new_customer(backend, email: str, card: str) -> int:
    r = httpx.post(f"{backend.url}/v1/shop/customers", headers=SHOP,
                   json={"name": "Eva Treu", "email": email, "card_no": card})
    assert r.status_code == 201, r.text
    return r.json()["id"]


def web_order(backend, no: str, email: str, lines: dict[int, int], **extra) -> httpx.Response:
    return httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={
        "order_no": no, "customer_email": email, "lines": [{"product_id": p, "quantity": q} for p, q in lines.items()],
        **extra})


def balance(backend, customer_id: int) -> int:
    with backend.engine.connect() as c:
        return int(c.execute(text("SELECT COALESCE(SUM(points), 0) FROM loyaltyentry WHERE customer_id = :c"),
                             {"c": customer_id}).scalar_one())


def loyalty_conflicts(backend) -> list[tuple[str, str]]:
    with backend.engine.connect() as c:
        return [tuple(r) for r in c.execute(text("SELECT kind, entity_id FROM conflict WHERE kind LIKE 'loyalty%'"))]


def attach(reg, card: str):
    [found] = customers.lookup(reg.client, card)
    reg.sale.set_links(customer=found.link())
    return found


def sell_cash(reg):
    reg.sale.pay_cash(reg.sale.remaining_cents)
    return reg.sale.complete()


def test_points_earned_online_are_spent_in_the_store_and_the_reverse(backend, make_register):
    eva = new_customer(backend, "eva@example.org", "KD20000001")
    order = web_order(backend, "WEB-L1", "eva@example.org", {5: 10, 6: 10})
    assert order.status_code == 201, order.text
    online = points_for(order.json()["total_cents"])
    assert online > 0 and balance(backend, eva) == online

    reg = make_register("1001", 1)
    for _ in range(4):
        reg.sale.add_product(3)
    found = attach(reg, "KD20000001")
    assert found.points == online and found.points_history[0]["channel"] == "web"
    spend = min(online, reg.sale.cart.total_cents // value_of(1) - 1)
    with pytest.raises(LoyaltyError, match="Höchstens"):
        reg.sale.extras.redeem_points(online + 1)
    reg.sale.extras.redeem_points(spend)
    assert reg.sale.cart.basket_offers == [(f"{spend} Punkte eingelöst", value_of(spend))]
    paid = reg.sale.cart.total_cents
    receipt = sell_cash(reg)
    earned_here = points_for(paid)
    assert receipt.points_earned == earned_here and receipt.points_balance == online - spend + earned_here
    reg.sync.sync_once()
    reg.sync.sync_once()  # a retried sync books nothing twice
    assert balance(backend, eva) == online - spend + earned_here

    # and back online: the points earned in the store pay for part of a web order; more than the balance is refused
    have = balance(backend, eva)
    too_much = web_order(backend, "WEB-L2", "eva@example.org", {7: 40}, redeem_points=have + 1)
    assert too_much.status_code == 422 and too_much.json()["detail"].startswith("loyalty_not_enough")
    spent_online = web_order(backend, "WEB-L3", "eva@example.org", {7: 40}, redeem_points=have)
    assert spent_online.status_code == 201, spent_online.text
    lines = spent_online.json()["lines"]
    assert sum(o[2] for l in lines for o in l["offers"] if o[0] == "LOYALTY") == value_of(have)
    assert balance(backend, eva) == points_for(spent_online.json()["total_cents"])  # all spent, new ones earned


def test_a_card_spent_offline_in_two_stores_is_flagged_never_silently_negative(backend, make_register):
    eva = new_customer(backend, "eva2@example.org", "KD20000002")
    assert web_order(backend, "WEB-L4", "eva2@example.org", {5: 5}).status_code == 201
    have = balance(backend, eva)
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    spent = []
    for reg in (berlin, hamburg):  # both offline: only the card, no balance; the offline limit applies
        reg.sale.add_product(7)
        reg.sale.set_links(customer=customers.card_only("KD20000002").link())
        limit = reg.sale.ctx.settings.loyalty_offline_limit_points
        with pytest.raises(LoyaltyError, match="ohne Verbindung"):
            reg.sale.extras.redeem_points(limit + 1)
        reg.sale.extras.redeem_points(have)
        spent.append(have)
        receipt = sell_cash(reg)
        assert receipt.points_balance is None  # offline: the balance follows
    # the same register cannot spend the card beyond its limit twice before it syncs
    berlin.sale.add_product(7)
    berlin.sale.set_links(customer=customers.card_only("KD20000002").link())
    with pytest.raises(LoyaltyError):
        berlin.sale.extras.redeem_points(berlin.sale.ctx.settings.loyalty_offline_limit_points - have + 1)
    berlin.sale.void()
    berlin.sync.sync_once()
    assert loyalty_conflicts(backend) == []
    hamburg.sync.sync_once()
    assert [k for k, _ in loyalty_conflicts(backend)] == ["loyalty_negative"]
    with backend.engine.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM conflict WHERE kind LIKE 'loyalty%'")).one()
    details = json.loads(details) if isinstance(details, str) else details
    assert kind == "loyalty_negative" and details["balance"] < 0 and details["card_no"] == "KD20000002"
    from app.ui.conflict_inbox import evidence

    assert "Kundenkarte KD20000002" in evidence({"kind": kind, "details": details})
    hamburg.sync.sync_once()
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM conflict WHERE kind = 'loyalty_negative'")).scalar_one() == 1
        assert c.execute(text("SELECT count(*) FROM loyaltyentry WHERE customer_id = :c AND kind = 'redeem'"),
                         {"c": eva}).scalar_one() == 2


def test_a_reserved_order_paid_online_later_earns_its_points_once(backend):
    """Found in review: paying a reserve-and-collect order online afterwards earned nothing."""
    eva = new_customer(backend, "eva4@example.org", "KD20000004")
    order = web_order(backend, "WEB-L5", "eva4@example.org", {5: 10}, paid_online=False, fulfilment="pickup",
                      pickup_store_id="1001").json()
    assert balance(backend, eva) == 0
    for _ in range(2):  # the shop retries
        assert httpx.post(f"{backend.url}/v1/shop/orders/{order['id']}/pay", headers=SHOP).status_code == 200
    assert balance(backend, eva) == points_for(order["total_cents"]) > 0


def test_an_unknown_card_spending_points_is_flagged(backend, make_register):
    reg = make_register("1001", 1)
    reg.sale.add_product(7)
    reg.sale.set_links(customer=customers.card_only("KD99999999").link())
    reg.sale.extras.redeem_points(10)
    sell_cash(reg)
    reg.sync.sync_once()
    assert [k for k, _ in loyalty_conflicts(backend)] == ["loyalty_unknown"]


def test_a_return_takes_back_the_points_its_goods_earned_and_old_points_expire(backend, make_register):
    eva = new_customer(backend, "eva3@example.org", "KD20000003")
    reg = make_register("1001", 1)
    for _ in range(4):
        reg.sale.add_product(2)
    reg.sale.extras.sell_gift_card(5000)  # earns nothing, and its 50 € do not dilute what the goods earned
    attach(reg, "KD20000003")
    receipt = sell_cash(reg)
    reg.sync.sync_once()
    earned = balance(backend, eva)
    assert earned == receipt.points_earned > 0
    source = find_source(reg.sale.ctx, receipt.barcode)
    record_return(reg.sale.ctx, reg.sale.associate, source=source, quantities={2: 1}, reason="dislike")
    record_return(reg.sale.ctx, reg.sale.associate, source=find_source(reg.sale.ctx, receipt.barcode),
                  quantities={2: 3}, reason="dislike")
    reg.sync.sync_once()
    assert balance(backend, eva) == 0  # everything returned: every point taken back, none twice

    # points earned more than three years ago and never spent expire, oldest first, once
    with Session(backend.engine) as s:
        s.connection().execute(text("INSERT INTO loyaltyentry (id, customer_id, points, kind, channel, at) VALUES"
                                    " ('old:earn', :c, 300, 'earn', 'store', :old), ('new:earn', :c, 50, 'earn',"
                                    " 'store', :now), ('x:redeem', :c, -100, 'redeem', 'web', :now)"),
                               {"c": eva, "old": datetime.now(timezone.utc) - timedelta(days=4 * 365),
                                "now": datetime.now(timezone.utc)})
        s.commit()
    before = balance(backend, eva)
    with Session(backend.engine) as s:
        assert expire_points(s) == 200  # 300 old, of which 100 were spent; the 50 new ones stay
        assert expire_points(s) == 0  # the same day again: nothing more
        s.commit()
    assert balance(backend, eva) == before - 200
