"""The web-shop side of the backend: online orders are placed here (and, later, online carts).

The shop authenticates with its own key (header X-Shop-Key), never with a register token.
"""

from __future__ import annotations

import json
import uuid

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ShopOrder
from sync.server.api_keys import key_check
from sync.server.carts import shop_cart_router
from sync.server.customers import shop_customer_router
from sync.server.order_feed import record_order
from sync.server.notifications import notify_customer_arrived, notify_order_placed
from sync.server.shipping import order_shipments, route_order
from sync.server.db import lock_row
from sync.server.prices import chain_prices
from sync.server.promotions import price_web_lines, record_coupon_uses, redeem_on_lines, web_coupons
from sync.server import loyalty
from sync.server.offers import issue_next_purchase_coupons, personal_coupons
from sync.server.vouchers import redeem_online, voucher_history
from sync.common.promotions import Channel


def create_order(s: Session, body: ShopOrder, *, origin: str = "web", order_id: str | None = None,
                 prices: dict[int, int] | None = None) -> dict:
    """Price the lines at the chain's price of today (or `prices`, as paid at a counter) and record the order (the
    caller commits)."""
    conn = s.connection()
    if conn.execute(text("SELECT 1 FROM onlineorder WHERE order_no = :n"), {"n": body.order_no}).first():
        raise HTTPException(409, f"order {body.order_no} exists already")
    order_id = order_id or uuid.uuid4().hex
    rows = []
    today = chain_prices(s, [line.product_id for line in body.lines])
    for pos, line in enumerate(body.lines, start=1):
        p = conn.execute(text("SELECT id, sku, name, vat_class FROM product"
                              " WHERE id = :p AND active"), {"p": line.product_id}).first()
        if p is None:
            raise HTTPException(422, f"product {line.product_id} is not for sale")
        price = (prices or {}).get(line.product_id, today[p[0]])
        rows.append({"o": order_id, "pos": pos, "p": p[0], "product_id": p[0], "sku": p[1], "name": p[2],
                     "q": line.quantity, "quantity": line.quantity, "price": price, "unit_price_cents": price,
                     "vat": p[3]})
    customer_id = conn.execute(text("SELECT id FROM customer WHERE email = :e"),
                               {"e": body.customer_email.strip().lower()}).scalar() if body.customer_email else None
    if origin == "web" and not body.paid_online and (body.coupons or body.redeem_points or body.gift_cards):
        # reserved now, paid at the counter on pickup: coupons, points and gift cards are used there, with the sale
        raise HTTPException(422, "pay_at_counter: coupons, points and gift cards are used when the order is paid")
    for card in body.gift_cards:  # locked first, as a register's push does (vouchers, coupons, customer)
        lock_row(s, "voucher", card.code)
    if len({g.code for g in body.gift_cards}) != len(body.gift_cards):
        raise HTTPException(422, "voucher_twice: a gift card appears twice")
    if origin == "web":  # the chain's offers, as online now; an order placed at a counter was paid as priced there
        unlocked = web_coupons(s, body.coupons, customer_id=customer_id)
        rows = price_web_lines(s, rows, coupon_promotions=unlocked)
        applied = {o[0] for r in rows for o in r.get("offers", [])}
        for code in body.coupons:
            promotion = conn.execute(text("SELECT promotion_id FROM coupon WHERE code = :c"),
                                     {"c": code.strip().upper()}).scalar()
            if promotion not in applied:  # e.g. below its threshold: not used up for nothing
                raise HTTPException(422, f"coupon_not_applicable: {code.strip().upper()}")
        loyalty.web_redemption(s, customer_id=customer_id, points=body.redeem_points)
        rows = redeem_on_lines(rows, body.redeem_points)
    for row in rows:
        row.setdefault("offer_cents", 0)
        row["offers"] = json.dumps(row.get("offers", []))
    total = sum(r["price"] * r["q"] - r["offer_cents"] for r in rows)
    conn.execute(text("INSERT INTO onlineorder (id, order_no, customer_email, customer_name, origin, paid_online,"
                      " fulfilment, pickup_store_id, total_cents, address, created_at) VALUES (:id, :no, :mail, :name,"
                      " :origin, :paid, :ful, :store, :total, :address, CURRENT_TIMESTAMP)"),
                 {"id": order_id, "no": body.order_no, "mail": body.customer_email.strip().lower(), "name": body.customer_name,
                  "origin": origin, "paid": body.paid_online, "ful": body.fulfilment, "store": body.pickup_store_id,
                  "total": total, "address": body.address.strip()})
    conn.execute(text("INSERT INTO onlineorderline (order_id, position, product_id, sku, name, quantity,"
                      " unit_price_cents, vat_class, offer_cents, offers) VALUES (:o, :pos, :p, :sku, :name, :q, :price,"
                      " :vat, :offer_cents, :offers)"), rows)
    if origin == "web" and body.coupons:
        record_coupon_uses(s, source_id=order_id, codes=[c.strip().upper() for c in body.coupons],
                           customer_id=customer_id, store_id=body.pickup_store_id, channel=Channel.WEB)
    if origin == "web":
        loyalty.book_web_order(s, order_id=order_id, customer_id=customer_id, paid_cents=total,
                               redeemed=body.redeem_points, paid_online=body.paid_online)
        if body.paid_online:  # a reserve-and-collect order earns its offer with the sale at the counter
            issue_next_purchase_coupons(s, customer_id=customer_id, source_id=order_id, goods_cents=total)
    gift_cards = 0
    if origin == "web" and body.gift_cards:
        if sum(g.amount_cents for g in body.gift_cards) > total:
            raise HTTPException(422, "voucher_above_total: more on gift cards than the order costs")
        gift_cards = redeem_online(s, order_id=order_id, cards=body.gift_cards)
    if origin == "web" and body.fulfilment == "delivery":  # a store that has the goods ships it, else the warehouse
        route_order(s, order_id)
    data = record_order(s, order_id)
    notify_order_placed(s, data)
    return {**data, "paid_with_gift_cards_cents": gift_cards} if gift_cards else data


def shop_router(session_dependency, shop_key: str | None) -> APIRouter:
    router = APIRouter(prefix="/v1/shop", tags=["web shop"])
    shop = key_check("X-Shop-Key", shop_key, "web-shop key")

    @router.post("/orders", status_code=201)
    def place_order(body: ShopOrder, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        data = create_order(s, body)
        s.commit()
        return data

    @router.post("/orders/{order_id}/pay")
    def pay_online(order_id: str, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        """The customer paid a reserve-and-collect order online after all."""
        conn = s.connection()
        if not conn.execute(text("UPDATE onlineorder SET paid_online = :t WHERE id = :o"),
                            {"t": True, "o": order_id}).rowcount:
            raise HTTPException(404, "no such order")
        email, total = conn.execute(text("SELECT customer_email, total_cents FROM onlineorder WHERE id = :o"),
                                    {"o": order_id}).one()
        customer_id = conn.execute(text("SELECT id FROM customer WHERE email = :e"), {"e": email}).scalar() \
            if email else None
        loyalty.book_web_order(s, order_id=order_id, customer_id=customer_id, paid_cents=total, redeemed=0,
                               paid_online=True)  # once: the entries are keyed by the order
        issue_next_purchase_coupons(s, customer_id=customer_id, source_id=order_id, goods_cents=total)
        data = record_order(s, order_id)
        s.commit()
        return data

    @router.get("/orders/{order_id}/shipments")
    def shipments(order_id: str = Path(max_length=32), _auth: None = Depends(shop),
                  s: Session = Depends(session_dependency)) -> list[dict]:
        """Where each part of a delivery order ships from, and how far it is (routed, packed, handed_over)."""
        if not s.connection().execute(text("SELECT 1 FROM onlineorder WHERE id = :o"), {"o": order_id}).first():
            raise HTTPException(404, "no such order")
        return order_shipments(s.connection(), order_id)

    @router.post("/orders/{order_id}/arrived")
    def arrived(order_id: str = Path(max_length=32), _auth: None = Depends(shop),
                s: Session = Depends(session_dependency)) -> dict:
        """The customer is at the store for a click & collect order (they said so in the shop's app)."""
        try:
            answer = notify_customer_arrived(s, order_id)
        except LookupError:
            raise HTTPException(404, "no click & collect order with this id") from None
        s.commit()
        return answer

    @router.get("/refunds")
    def refunds(status: str = "requested", _auth: None = Depends(shop),
                s: Session = Depends(session_dependency)) -> list[dict]:
        """Returns of online-paid orders taken in a store: the shop pays them back to the original payment."""
        rows = s.connection().execute(text(
            "SELECT r.id, o.order_no, r.refund_cents, r.store_id, r.at, r.refund_status FROM returnrecord r"
            " JOIN onlineorder o ON o.id = r.source_id WHERE r.refund_method = 'online' AND r.refund_status = :s"
            " ORDER BY r.at"), {"s": status[:16]}).all()
        return [{"return_id": r[0], "order_no": r[1], "refund_cents": r[2], "store_id": r[3], "at": r[4],
                 "status": r[5]} for r in rows]

    @router.post("/refunds/{return_id}/paid")
    def refund_paid(return_id: str, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        conn = s.connection()
        if not conn.execute(text("UPDATE returnrecord SET refund_status = 'paid' WHERE id = :r"
                                 " AND refund_method = 'online' AND refund_status <> 'held'"),
                            {"r": return_id[:32]}).rowcount:
            if conn.execute(text("SELECT 1 FROM returnrecord WHERE id = :r AND refund_status = 'held'"),
                            {"r": return_id[:32]}).first():
                raise HTTPException(409, "refund held: above what was paid, a store manager reviews it first")
            raise HTTPException(404, "no such online refund")
        s.commit()
        return {"return_id": return_id, "status": "paid"}

    @router.get("/customers/{customer_id}/offers")
    def offers(customer_id: int = Path(ge=1, le=2**62), _auth: None = Depends(shop),
               s: Session = Depends(session_dependency)) -> list[dict]:
        """The customer's personal coupons still to be used (shown in the shop as at the counter)."""
        return personal_coupons(s.connection(), customer_id)

    @router.get("/giftcards/{code}")
    def gift_card(code: str = Path(pattern=r"^G[SK]\d{10}$"), _auth: None = Depends(shop),
                  s: Session = Depends(session_dependency)) -> dict:
        """A gift card's (or store credit's) balance and history, for the customer's account page."""
        if s.connection().execute(text("SELECT 1 FROM voucher WHERE code = :c"), {"c": code}).first() is None:
            raise HTTPException(404, f"voucher_unknown: {code}")
        return voucher_history(s.connection(), code)

    router.include_router(shop_cart_router(session_dependency, shop, create_order))
    router.include_router(shop_customer_router(session_dependency, shop))
    return router
