"""Loyalty points at the counter (issue 14 §2; the rules: sync.common.loyalty).

The register never holds a ledger: online, the customer lookup brings the balance; offline, a scanned card may
spend up to the store's offline limit. Either way this register's own sales not yet counted by the backend are
taken off first, so one register cannot spend a card twice. What two registers spend offline together can still
exceed the balance: the backend then flags a `loyalty_negative` conflict.
"""

from __future__ import annotations

from app.core.cart import Cart
from app.services.context import RegisterContext
from sync.common.loyalty import value_of
from sync.common.messages import translate

__all__ = ["LoyaltyError", "redeemable_points", "unsynced_redeemed"]


class LoyaltyError(ValueError):
    """The message is for the associate."""


def unsynced_redeemed(ctx: RegisterContext, customer: dict) -> int:
    """Points this register spent for the customer in sales the backend has not applied yet."""
    with ctx.engine.connect() as c:
        return int(c.exec_driver_sql(
            "SELECT COALESCE(SUM(json_extract(payload, '$.loyalty.redeemed')), 0) FROM outboxentry"
            " WHERE op = 'sale.completed' AND status NOT IN ('applied', 'conflict')"
            " AND (json_extract(payload, '$.customer_id') = ? OR json_extract(payload, '$.customer_card') = ?)",
            (customer.get("id"), customer.get("card_no"))).scalar_one())


def redeemable_points(ctx: RegisterContext, cart: Cart) -> tuple[int, bool]:
    """How many points the attached customer may spend on this cart now, and whether that is the offline
    limit (True) or the balance the backend reported (False)."""
    customer = cart.customer
    if not customer:
        raise LoyaltyError(translate("loyalty", "Bitte zuerst die Kundenkarte scannen oder den Kunden suchen "
                                                "(Strg+K)"))
    spent_here = unsynced_redeemed(ctx, customer)
    if customer.get("points") is not None:
        have, offline = int(customer["points"]) - spent_here, False
    else:
        have, offline = ctx.settings.loyalty_offline_limit_points - spent_here, True
    cart_points = (cart.goods_total_cents + value_of(cart.loyalty_points)) // value_of(1)  # the goods, in points
    return max(0, min(have, cart_points)), offline
