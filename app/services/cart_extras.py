"""What a customer brings or buys besides goods, on the open cart (issue 14): coupons, loyalty points, gift cards.

Composed into the sale session as `sale.extras`. Every change goes through `SaleSession.changing_cart`, so it is
refused once the payment began, the cart is priced with the chain's offers and saved, or, on an error, nothing
changes. Each method returns the session's `Changes` for the views.
"""

from __future__ import annotations

from app.core.cart import CartError
from app.core.money import format_eur
from app.scanning.codes import COUPON_PREFIX
from app.services import loyalty, promotions, vouchers
from app.services.changes import Changes
from sync.common.messages import translate

__all__ = ["CartExtras"]

_WHOLE_CART = {"cart": True, "row_change": "reset", "payment": True}
MAX_COUPONS, MAX_GIFT_CARDS = 10, 20  # what one sale.completed carries (sync.protocol.SalePayload)


class CartExtras:
    def __init__(self, sale):
        self.sale = sale  # app.services.sale_session.SaleSession

    # -- coupons --------------------------------------------------------------------
    def is_coupon(self, code: str) -> bool:
        """A code the replica knows as a coupon (a printed one carries COUPON_PREFIX)."""
        return promotions.is_coupon(self.sale.ctx.engine, code.strip().upper().removeprefix(COUPON_PREFIX))

    def add_coupon(self, code: str) -> Changes:
        """A coupon typed in or scanned: checked against the replica, then its offer applies to the cart."""
        sale = self.sale
        with sale.changing_cart() as cart:
            if sale.training:
                raise promotions.CouponError("coupon_training")
            if len(cart.coupons) >= MAX_COUPONS:
                raise CartError(translate("cart", "Höchstens {count} Coupons je Bon").format(count=MAX_COUPONS))
            checked = promotions.check_coupon(sale.ctx.engine, code.strip().upper().removeprefix(COUPON_PREFIX),
                                              cart=cart, store_id=sale.ctx.store.id)
            cart.coupons.append(checked.to_cart())
        applied = checked.promotion_id in {o.promotion_id for line in sale.cart.lines for o in line.offers}
        text = (translate("cart", "Coupon {code} ({name}) eingelöst") if applied
                else translate("cart", "Coupon {code} ({name}) erfasst – er gilt, sobald der Bon seine Bedingungen "
                                       "erfüllt"))
        return Changes(**_WHOLE_CART, message=text.format(code=checked.code, name=checked.name))

    def recheck_coupons(self) -> list[str]:
        """After the customer changed (inside the session's change): the coupons that no longer hold (a personal
        one of the previous customer, a once-per-customer one without a customer) come off. Returns their codes."""
        sale, kept, dropped = self.sale, [], []
        for coupon in list(sale.cart.coupons):
            sale.cart.coupons = list(kept)
            try:
                promotions.check_coupon(sale.ctx.engine, coupon["code"], cart=sale.cart, store_id=sale.ctx.store.id)
                kept.append(coupon)
            except promotions.CouponError:
                dropped.append(coupon["code"])
        sale.cart.coupons = kept
        return dropped

    def remove_coupon(self, code: str) -> Changes:
        with self.sale.changing_cart() as cart:
            cart.coupons = [c for c in cart.coupons if c["code"] != code]
        return Changes(**_WHOLE_CART)

    # -- loyalty points -------------------------------------------------------------------
    def redeem_points(self, points: int) -> Changes:
        """Spend the attached customer's points on this cart (0: none); see app.services.loyalty."""
        sale = self.sale
        with sale.changing_cart() as cart:
            if sale.training:
                raise loyalty.LoyaltyError(translate("cart", "Treuepunkte gibt es im Schulungsmodus nicht"))
            allowed, offline = loyalty.redeemable_points(sale.ctx, cart)
            if points < 0 or points > allowed:
                raise loyalty.LoyaltyError(
                    translate("cart", "Höchstens {points} Punkte einlösbar (ohne Verbindung zur Zentrale gilt die "
                                      "Grenze für Einlösungen ohne Verbindung)").format(points=allowed) if offline
                    else translate("cart", "Höchstens {points} Punkte einlösbar").format(points=allowed))
            cart.loyalty_points = points
        return Changes(**_WHOLE_CART, message=translate("cart", "{points} Punkte eingelöst").format(points=points)
                       if points else translate("cart", "Keine Punkte eingelöst"))

    # -- gift cards -------------------------------------------------------------------
    def sell_gift_card(self, amount_cents: int) -> Changes:
        """A gift card sold with this cart: activated when the sale is paid, usable in every store and online."""
        sale = self.sale
        with sale.changing_cart() as cart:
            if sale.training:
                raise CartError(translate("cart", "Geschenkkarten gibt es im Schulungsmodus nicht"))
            if cart.delivery:
                raise CartError(translate("cart", "Geschenkkarten bitte auf einem eigenen Bon verkaufen, nicht mit "
                                                  "einem Lieferauftrag"))
            if not vouchers.GIFT_CARD_MIN_CENTS <= amount_cents <= vouchers.GIFT_CARD_MAX_CENTS:
                raise CartError(translate("cart", "Eine Geschenkkarte hat {low} bis {high}").format(
                    low=format_eur(vouchers.GIFT_CARD_MIN_CENTS), high=format_eur(vouchers.GIFT_CARD_MAX_CENTS)))
            if len(cart.gift_cards) >= MAX_GIFT_CARDS:
                raise CartError(translate("cart", "Höchstens {count} Geschenkkarten je Bon – bitte einen weiteren "
                                                  "Bon").format(count=MAX_GIFT_CARDS))
            code = vouchers.new_gift_card_code()
            cart.gift_cards.append({"code": code, "amount_cents": amount_cents})
        return Changes(**_WHOLE_CART, message=translate("cart", "Geschenkkarte {code} über {amount} – gilt nach dem "
                                                                "Bezahlen").format(code=code,
                                                                                   amount=format_eur(amount_cents)))

    def remove_gift_card(self, code: str) -> Changes:
        with self.sale.changing_cart() as cart:
            cart.gift_cards = [g for g in cart.gift_cards if g["code"] != code]
        return Changes(**_WHOLE_CART)
