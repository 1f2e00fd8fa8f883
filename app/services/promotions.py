"""The chain's offers at the register: priced offline from the replica by the same engine as the web shop
(sync.common.promotions), and coupons checked against what the replica knows.

A coupon's uses are the backend's count plus this register's sales the backend has not counted yet (by sale
id, as for vouchers). Two registers offline can still use a single-use code twice: the sales stand, and the
backend flags a `coupon_overused` conflict for the manager.
"""

from __future__ import annotations

import dataclasses
import json
import re
import time
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import clock
from app.core.cart import Cart
from sync.client.engine import PROMOTIONS_VERSION, offers_applied
from sync.common.loyalty import LOYALTY_OFFER_ID, value_of
from sync.common.messages import Message, translate
from sync.common.promotions import Applied, Channel, Coupon, Promotion, PromotionBook, allocate, stored

__all__ = ["COUPON_MESSAGES", "CouponError", "Offers", "check_coupon", "price_cart"]

#: What the associate reads for each refusal; `CouponError` fills in the parameters.
COUPON_MESSAGES: dict[str, Message] = {
    "coupon_unknown": translate("coupons", "Coupon {code} ist nicht bekannt"),
    "coupon_withdrawn": translate("coupons", "Coupon {code} wurde von der Zentrale zurückgezogen"),
    "coupon_expired": translate("coupons", "Coupon {code} ist abgelaufen (gültig bis {until})"),
    "coupon_not_yet": translate("coupons", "Coupon {code} gilt erst ab {since}"),
    "coupon_other_store": translate("coupons", "Coupon {code} gilt nicht in diesem Markt"),
    "coupon_other_channel": translate("coupons", "Coupon {code} gilt nur im Online-Shop"),
    "coupon_used_up": translate("coupons", "Coupon {code} wurde schon eingelöst"),
    "coupon_customer_limit": translate("coupons", "Coupon {code}: dieser Kunde hat ihn schon {uses}× eingelöst "
                                                  "(erlaubt: {limit}×)"),
    "coupon_needs_customer": translate("coupons", "Coupon {code} ist persönlich – bitte zuerst den Kunden suchen "
                                                  "(Strg+K)"),
    "coupon_needs_card": translate("coupons", "Coupon {code} gilt einmal je Kunde – bitte zuerst die Kundenkarte "
                                              "scannen oder den Kunden suchen (Strg+K)"),
    "coupon_other_customer": translate("coupons", "Coupon {code} gehört einem anderen Kunden"),
    "coupon_twice": translate("coupons", "Coupon {code} ist auf diesem Bon schon erfasst"),
    "coupon_training": translate("coupons", "Coupons gibt es im Schulungsmodus nicht"),
}


COUPON_CODE = re.compile(r"^[A-Z0-9-]{3,24}$")


class CouponError(ValueError):
    """A coupon the register refuses: `code` names the reason, `params` fill its message."""

    def __init__(self, reason: str, **params):
        self.reason, self.params = reason, params
        super().__init__(dataclasses.replace(COUPON_MESSAGES[reason], params=params))


class Offers:
    """The offers of the replica, indexed once per change of the promotion table (its version). The version is
    read when this process's sync applied changed offers, else at most every CHECK_EVERY_S (a sync in another
    process): not at every scan."""

    CHECK_EVERY_S = 1.0

    def __init__(self, engine: Engine):
        self.engine = engine
        self._key: str | None = None
        self._book = PromotionBook(())
        self._checked_at, self._applied = float("-inf"), -1

    def book(self) -> PromotionBook:
        now = time.monotonic()
        if offers_applied[0] == self._applied and now - self._checked_at < self.CHECK_EVERY_S:
            return self._book
        self._checked_at, self._applied = now, offers_applied[0]
        with self.engine.connect() as c:
            key = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (PROMOTIONS_VERSION,)).scalar()
            if key != self._key:
                rows = c.exec_driver_sql("SELECT data FROM promotion").all()
                self._book = PromotionBook(p for p in (stored(Promotion, r[0]) for r in rows) if p is not None)
                self._key = key
        return self._book


def price_cart(offers: Offers, cart: Cart, *, store_id: str, at: datetime | None = None) -> None:
    """Put the offers running now in this store on the cart's lines."""
    pricing = offers.book().price([line.pricing_item() for line in cart.lines], at=at or clock.now(),
                                  store_id=store_id, channel=Channel.STORE, coupons=cart.coupon_promotion_ids)
    cart.apply_offers(pricing)
    if cart.loyalty_points:  # the customer's points: a discount over what the lines still cost, after the offers
        left = [line.total_cents for line in cart.lines]
        cart.loyalty_points = min(cart.loyalty_points, sum(left) // value_of(1))
        name = f"{cart.loyalty_points} Punkte eingelöst"  # stays German: the offer's name on the receipt
        shares = allocate(value_of(cart.loyalty_points), left)
        cart.lines = [replace(line, offers=line.offers + ((Applied(LOYALTY_OFFER_ID, name, share, True),) if share
                                                          else ())) for line, share in zip(cart.lines, shares)]


@dataclass(frozen=True)
class CheckedCoupon:
    code: str
    promotion_id: str
    name: str  # the offer's name, to show

    def to_cart(self) -> dict:
        return {"code": self.code, "promotion_id": self.promotion_id, "name": self.name}


def check_coupon(engine: Engine, code: str, *, cart: Cart, store_id: str, at: datetime | None = None) -> CheckedCoupon:
    """A coupon typed in or scanned at the counter, checked against the replica. Raises CouponError."""
    code = code.strip().upper()
    at = at or clock.now()
    if any(c["code"] == code for c in cart.coupons):
        raise CouponError("coupon_twice", code=code)
    with Session(engine) as s:
        c = s.connection()
        row = c.exec_driver_sql("SELECT data FROM coupon WHERE code = ?", (code,)).first()
        if row is None:
            raise CouponError("coupon_unknown", code=code)
        data = _json(row[0])
        coupon = stored(Coupon, data)
        prow = c.exec_driver_sql("SELECT data FROM promotion WHERE id = ?", (coupon.promotion_id,)).first()
        if coupon is None:
            raise CouponError("coupon_unknown", code=code)
        if not coupon.active or prow is None:
            raise CouponError("coupon_withdrawn", code=code)
        promotion = stored(Promotion, prow[0])
        if promotion is None:
            raise CouponError("coupon_withdrawn", code=code)
        _check_running(promotion, code=code, at=at, store_id=store_id)
        customer_id = (cart.customer or {}).get("id")
        if coupon.customer_id is not None:
            if customer_id is None:
                raise CouponError("coupon_needs_customer", code=code)
            if customer_id != coupon.customer_id:
                raise CouponError("coupon_other_customer", code=code)
        # This register's uses the backend has not counted yet: by the sales it reported as counted, or, for a
        # code used very often (no list sent), the sales still waiting in the outbox.
        counted = data.get("sale_ids")
        local = c.exec_driver_sql(
            "SELECT customer_id FROM salecoupon WHERE code = ? AND sale_id NOT IN (SELECT value FROM json_each(?))"
            if counted is not None else
            "SELECT customer_id FROM salecoupon WHERE code = ? AND ? IS NULL AND sale_id IN (SELECT entity_id FROM"
            " outboxentry WHERE op = 'sale.completed' AND status NOT IN ('applied', 'conflict'))",
            (code, json.dumps(counted) if counted is not None else None)).all()
        if coupon.max_uses is not None and coupon.uses + len(local) >= coupon.max_uses:
            raise CouponError("coupon_used_up", code=code)
        if coupon.per_customer is not None:
            if not cart.customer:
                raise CouponError("coupon_needs_card", code=code)
            # what the lookup said the customer used (offline, with only the card: the backend checks after sync)
            uses = int((cart.customer.get("coupons_used") or {}).get(code, 0))
            uses += sum(1 for r in local if customer_id is not None and r[0] == customer_id)
            if uses >= coupon.per_customer:
                raise CouponError("coupon_customer_limit", code=code, uses=uses, limit=coupon.per_customer)
    return CheckedCoupon(code, promotion.id, promotion.name)


def is_coupon(engine: Engine, code: str) -> bool:
    """A scanned code that is a coupon of the replica (coupon codes carry a letter; GTINs never do)."""
    code = code.strip().upper()
    if not COUPON_CODE.match(code) or code.isdigit():
        return False
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT 1 FROM coupon WHERE code = ?", (code,)).first() is not None


def _check_running(p: Promotion, *, code: str, at: datetime, store_id: str) -> None:
    if not p.active:
        raise CouponError("coupon_withdrawn", code=code)
    if p.valid_to is not None and at >= p.valid_to:
        raise CouponError("coupon_expired", code=code, until=clock_text(p.valid_to))
    if p.valid_from is not None and at < p.valid_from:
        raise CouponError("coupon_not_yet", code=code, since=clock_text(p.valid_from))
    if p.store_ids and store_id not in p.store_ids:
        raise CouponError("coupon_other_store", code=code)
    if p.channels and Channel.STORE not in p.channels:
        raise CouponError("coupon_other_channel", code=code)


def clock_text(when: datetime) -> str:
    return when.astimezone().strftime("%d.%m.%Y %H:%M")


def _json(value):
    return json.loads(value) if isinstance(value, str) else value
