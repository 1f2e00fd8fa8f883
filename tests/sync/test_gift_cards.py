"""Gift cards against the real backend (issue 14 §3): sold at one store's counter (a multi-purpose voucher,
activated with the payment), spent in another store and in the web shop, overdrawn across channels offline and
flagged, as vouchers are."""

from __future__ import annotations

import json

import httpx
import pytest
from sqlalchemy import text

from app.core.cart import CartError
from app.core.receipt import layout
from app.services.vouchers import VoucherError, balance_cents, describe
from tests.sync.conftest import SHOP_KEY, sync_until

SHOP = {"X-Shop-Key": SHOP_KEY}


def known(reg, code):
    def seen():
        with reg.replica.connect() as c:
            return c.exec_driver_sql("SELECT 1 FROM voucher WHERE code = ?", (code,)).first() is not None
    return seen


def test_a_gift_card_sold_in_one_store_is_spent_in_another_and_online(backend, make_register):
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    with pytest.raises(CartError, match="Geschenkkarte hat"):
        berlin.sale.extras.sell_gift_card(100)
    berlin.sale.extras.sell_gift_card(3000)
    [card] = berlin.sale.cart.gift_cards
    code = card["code"]
    with pytest.raises(VoucherError, match="nicht bekannt"):
        balance_cents(berlin.sale.ctx, code)  # not valid before it is paid
    assert berlin.sale.cart.total_cents == 3000
    berlin.sale.pay_cash(5000)
    receipt = berlin.sale.complete()
    text_ = "\n".join(layout(receipt))
    assert "Geschenkkarte" in text_ and code in text_ and receipt.total_cents == 3000 and receipt.vat_groups == ()
    assert balance_cents(berlin.sale.ctx, code) == 3000  # usable at once at this register, before any sync
    berlin.sync.sync_once()
    with backend.engine.connect() as c:
        kind, amount = c.execute(text("SELECT kind, amount_cents FROM voucher WHERE code = :c"), {"c": code}).one()
    assert (kind, amount) == ("gift_card", 3000)

    # another store: part of a purchase
    sync_until(hamburg, known(hamburg, code))
    hamburg.sale.add_product(3)
    price = hamburg.sale.cart.total_cents
    tender = hamburg.sale.pay_voucher(code)
    assert tender.amount_cents == min(price, 3000)
    if hamburg.sale.remaining_cents:
        hamburg.sale.pay_cash(hamburg.sale.remaining_cents)
    hamburg.sale.complete()
    hamburg.sync.sync_once()
    left = 3000 - tender.amount_cents

    # the web shop: its balance and history, then an order paid with it; more than is left is refused
    state = httpx.get(f"{backend.url}/v1/shop/giftcards/{code}", headers=SHOP).json()
    assert state["balance_cents"] == left and [h["what"] for h in state["history"]] == ["issued", "redeemed"]
    order = {"order_no": "WEB-G1", "customer_email": "gk@example.org",
             "lines": [{"product_id": 7, "quantity": 100}]}
    too_much = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP,
                          json={**order, "gift_cards": [{"code": code, "amount_cents": left + 1}]})
    assert too_much.status_code == 422 and too_much.json()["detail"].startswith("voucher_insufficient")
    paid = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP,
                      json={**order, "gift_cards": [{"code": code, "amount_cents": left}]})
    assert paid.status_code == 201, paid.text
    assert paid.json()["paid_with_gift_cards_cents"] == left
    assert httpx.get(f"{backend.url}/v1/shop/giftcards/{code}", headers=SHOP).json()["balance_cents"] == 0
    # asked at a counter: its balance and where it went, from the backend
    balance, history = describe(berlin.sale.ctx, code, berlin.client)
    assert balance == 0 and [h["what"] for h in history] == ["issued", "redeemed", "redeemed"]
    # (the two redemptions in time order; within one second the backend's clocks cannot tell them apart)
    spent = {(h.get("order_no"), h.get("store_id"), h["amount_cents"]) for h in history[1:]}
    assert spent == {(None, "1002", -tender.amount_cents), ("WEB-G1", None, -left)}


def test_a_gift_card_overdrawn_across_channels_offline_is_flagged(backend, make_register):
    berlin = make_register("1001", 1)
    berlin.sale.extras.sell_gift_card(1000)
    code = berlin.sale.cart.gift_cards[0]["code"]
    berlin.sale.pay_cash(1000)
    berlin.sale.complete()
    berlin.sync.sync_once()
    # the web shop spends it all; the register, not yet told (offline), takes it once more: the sale stands
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers=SHOP, json={
        "order_no": "WEB-G2", "customer_email": "gk@example.org", "lines": [{"product_id": 7, "quantity": 100}],
        "gift_cards": [{"code": code, "amount_cents": 1000}]})
    assert r.status_code == 201, r.text
    berlin.sale.add_product(3)
    berlin.sale.pay_voucher(code)
    if berlin.sale.remaining_cents:
        berlin.sale.pay_cash(berlin.sale.remaining_cents)
    berlin.sale.complete()
    berlin.sync.sync_once()
    with backend.engine.connect() as c:
        rows = c.execute(text("SELECT kind, details FROM conflict WHERE kind LIKE 'voucher%'")).all()
    assert [k for k, _ in rows] == ["voucher_overdrawn"]
    details = json.loads(rows[0][1]) if isinstance(rows[0][1], str) else rows[0][1]
    assert details["code"] == code and details["redeemed_cents"] > details["amount_cents"]
