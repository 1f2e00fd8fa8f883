"""The chain's offers at the register: priced offline from the replica by the same engine as the web shop
(sync.common.promotions), and coupons checked against what the replica knows.

A coupon's uses are the backend's count plus this register's sales the backend has not counted yet (by sale
id, as for vouchers). Two registers offline can still use a single-use code twice: the sales stand, and the
backend flags a `coupon_overused` conflict for the manager.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app.core import clock
from app.core.cart import Cart
from sync.client.engine import PROMOTIONS_VERSION
from sync.common.promotions import Channel, Coupon, Promotion, PromotionBook

__all__ = ["COUPON_MESSAGES", "CouponError", "Offers", "check_coupon", "price_cart"]

#: What the associate reads for each refusal (German until the UI translates codes, issue 16).
COUPON_MESSAGES = {
    "coupon_unknown": "Coupon {code} ist nicht bekannt",
    "coupon_withdrawn": "Coupon {code} wurde von der Zentrale zurückgezogen",
    "coupon_expired": "Coupon {code} ist abgelaufen (gültig bis {until})",
    "coupon_not_yet": "Coupon {code} gilt erst ab {since}",
    "coupon_other_store": "Coupon {code} gilt nicht in diesem Markt",
    "coupon_other_channel": "Coupon {code} gilt nur im Online-Shop",
    "coupon_used_up": "Coupon {code} wurde schon eingelöst",
    "coupon_customer_limit": "Coupon {code}: dieser Kunde hat ihn schon {uses}× eingelöst (erlaubt: {limit}×)",
    "coupon_needs_customer": "Coupon {code} ist persönlich – bitte zuerst die Kundenkarte scannen",
    "coupon_other_customer": "Coupon {code} gehört einem anderen Kunden",
    "coupon_twice": "Coupon {code} ist auf diesem Bon schon erfasst",
    "coupon_training": "Coupons gibt es im Schulungsmodus nicht",
}


COUPON_CODE = re.compile(r"^[A-Z0-9-]{3,24}$")


class CouponError(ValueError):
    """A coupon the register refuses: `code` names the reason, `params` fill its message."""

    def __init__(self, reason: str, **params):
        self.reason, self.params = reason, params
        super().__init__(COUPON_MESSAGES[reason].format(**params))


class Offers:
    """The offers of the replica, indexed once per change of the promotion table (its version)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._key: str | None = None
        self._book = PromotionBook(())

    def book(self) -> PromotionBook:
        with self.engine.connect() as c:
            key = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (PROMOTIONS_VERSION,)).scalar()
            if key != self._key:
                rows = c.exec_driver_sql("SELECT data FROM promotion").all()
                self._book = PromotionBook(Promotion.model_validate(_json(r[0])) for r in rows)
                self._key = key
        return self._book


def price_cart(offers: Offers, cart: Cart, *, store_id: str, at: datetime | None = None) -> None:
    """Put the offers running now in this store on the cart's lines."""
    pricing = offers.book().price([line.pricing_item() for line in cart.lines], at=at or clock.now(),
                                  store_id=store_id, channel=Channel.STORE, coupons=cart.coupon_promotion_ids)
    cart.apply_offers(pricing)


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
        coupon = Coupon.model_validate({k: v for k, v in data.items() if k in Coupon.model_fields})
        prow = c.exec_driver_sql("SELECT data FROM promotion WHERE id = ?", (coupon.promotion_id,)).first()
        if not coupon.active or prow is None:
            raise CouponError("coupon_withdrawn", code=code)
        promotion = Promotion.model_validate(_json(prow[0]))
        _check_running(promotion, code=code, at=at, store_id=store_id)
        customer_id = (cart.customer or {}).get("id")
        if coupon.customer_id is not None:
            if customer_id is None:
                raise CouponError("coupon_needs_customer", code=code)
            if customer_id != coupon.customer_id:
                raise CouponError("coupon_other_customer", code=code)
        counted = data.get("sale_ids") or []
        local = c.exec_driver_sql("SELECT customer_id FROM salecoupon WHERE code = ?"
                                  " AND sale_id NOT IN (SELECT value FROM json_each(?))",
                                  (code, json.dumps(counted))).all()
        if coupon.max_uses is not None and coupon.uses + len(local) >= coupon.max_uses:
            raise CouponError("coupon_used_up", code=code)
        if coupon.per_customer is not None:
            if customer_id is None:
                raise CouponError("coupon_needs_customer", code=code)
            uses = int((data.get("uses_by_customer") or {}).get(str(customer_id), 0))
            uses += sum(1 for r in local if r[0] == customer_id)
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
