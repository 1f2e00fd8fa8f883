"""Personal offers (issue 14 §4): coupons that belong to one customer, shown at the counter when the customer is
attached and in the web shop.

After a purchase of a known customer (a sale at a counter with the customer or the card, a web order paid
online) of at least a promotion's `issue_after_purchase_cents`, the customer gets a single-use coupon of that
promotion for the next purchase. Its code is derived from the purchase, so applying the purchase again (a retried
sync) gives the same coupon, not a second one.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

from sqlalchemy import text
from sqlmodel import Session

from sync.common.promotions import Coupon, Promotion, stored
from sync.server.promotions import active_promotions, put_coupon

__all__ = ["issue_next_purchase_coupons", "personal_coupons"]


def issue_next_purchase_coupons(session: Session, *, customer_id: int | None, source_id: str, goods_cents: int) -> list[str]:
    """The coupons a purchase earns its customer; returns their codes."""
    if customer_id is None:
        return []
    codes = []
    for p in active_promotions(session):  # the cached book, not every offer parsed again at every sale
        if p.issue_after_purchase_cents is None or goods_cents < p.issue_after_purchase_cents:
            continue
        if p.valid_to is not None and p.valid_to <= datetime.now(timezone.utc):
            continue  # ended: a coupon for it would be worth nothing
        digest = hashlib.sha256(f"{p.id}:{source_id}".encode()).hexdigest()[:10].upper()
        code = f"NX-{digest}"
        put_coupon(session, Coupon(code=code, promotion_id=p.id, max_uses=1, customer_id=customer_id))
        codes.append(code)
    return codes


def personal_coupons(conn, customer_id: int) -> list[dict]:
    """The customer's own coupons still to be used, with the offer's name (for the counter and the shop)."""
    rows = conn.execute(text(
        "SELECT c.code, p.data, c.data, (SELECT COUNT(*) FROM couponuse u WHERE u.code = c.code) FROM coupon c"
        " JOIN promotion p ON p.id = c.promotion_id WHERE c.customer_id = :cu ORDER BY c.code"),
        {"cu": customer_id}).all()
    out = []
    for code, pdata, cdata, uses in rows:
        rules = json.loads(cdata) if isinstance(cdata, str) else cdata
        if not rules.get("active", True):
            continue
        if rules.get("max_uses") is not None and uses >= rules["max_uses"]:
            continue
        p = stored(Promotion, pdata)
        if p is not None and p.active:
            out.append({"code": code, "name": p.name, "valid_to": p.valid_to.isoformat() if p.valid_to else None})
    return out
