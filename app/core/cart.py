"""The cart: lines, quantities, discounts and totals, all in integer cents.

A line keeps the price it was scanned at. A weighed item is always its own
line (two bags of apples are two labels). A basket discount is spread over
the lines in proportion to their totals (largest remainder), so the VAT of
each rate is computed on what the customer really pays.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Literal

from app.core.money import percent_of, round_half_up_div
from app.core.vat import VatClass, VatGroup, vat_breakdown
from sync.common.messages import translate
from sync.common.promotions import Applied, Item, Pricing

DiscountKind = Literal["percent", "amount"]


MAX_WEIGHT_G = 1_000_000  # one line of a weighed product: at most 1 t (sync.protocol's stock delta bound)


class CartError(ValueError):
    """An operation the cart refuses; the message is for the associate."""


@dataclass(frozen=True)
class ProductInfo:
    """What the cart needs to know about a product at the moment of the scan."""

    product_id: int
    sku: str
    name: str
    gross_price_cents: int  # per piece, or per kg for weighed items
    vat_class: VatClass
    weighed: bool = False
    base_unit: str = "Stk"
    category: str = ""  # for the chain's offers (sync.common.promotions)
    brand: str = ""


@dataclass(frozen=True)
class Discount:
    kind: DiscountKind
    value: int  # basis points (1 % = 100) for percent, cents for amount
    approved_by: int | None = None  # associate id of the approving manager

    def amount_on(self, gross_cents: int) -> int:
        if self.kind == "percent":
            return min(gross_cents, percent_of(gross_cents, self.value))
        return min(gross_cents, self.value)

    def percent_bp_of(self, gross_cents: int) -> int:
        """The discount as basis points of `gross_cents` (for the approval limit)."""
        if self.kind == "percent":
            return self.value
        if gross_cents <= 0:
            return 10_000
        return round_half_up_div(self.value * 10_000, gross_cents)


@dataclass(frozen=True)
class CartLine:
    line_id: str
    product_id: int
    sku: str
    name: str
    vat_class: VatClass
    unit_price_cents: int  # per piece, or per kg when weighed
    quantity: int = 1
    gtin: str | None = None
    weight_g: int | None = None
    embedded_amount_cents: int | None = None
    discount: Discount | None = None  # given by hand: the line then takes no offer
    category: str = ""
    brand: str = ""
    offers: tuple[Applied, ...] = ()  # the chain's offers on this line, as last priced (Cart.apply_offers)

    @property
    def weighed(self) -> bool:
        return self.weight_g is not None or self.embedded_amount_cents is not None

    @property
    def gross_cents(self) -> int:
        if self.embedded_amount_cents is not None:
            return self.embedded_amount_cents
        if self.weight_g is not None:
            return round_half_up_div(self.weight_g * self.unit_price_cents, 1000)
        return self.unit_price_cents * self.quantity

    @property
    def discount_cents(self) -> int:
        return self.discount.amount_on(self.gross_cents) if self.discount else 0

    @property
    def offer_cents(self) -> int:
        return sum(o.cents for o in self.offers)

    @property
    def item_offer_cents(self) -> int:
        """The line's own offers (a basket offer's share is shown once, under the lines)."""
        return sum(o.cents for o in self.offers if not o.basket)

    @property
    def total_cents(self) -> int:
        """After its own discount and every offer, before a discount given on the whole basket."""
        return self.gross_cents - self.discount_cents - self.offer_cents

    def pricing_item(self) -> Item:
        return Item(self.line_id, self.product_id, self.category, self.brand, 1 if self.weighed else self.quantity,
                    self.gross_cents, weighed=self.weighed, locked=self.discount is not None)


@dataclass
class Cart:
    cart_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    lines: list[CartLine] = field(default_factory=list)
    basket_discount: Discount | None = None
    online_cart_id: str | None = None  # set when a customer's online cart was handed over at the counter
    pickup: dict | None = None  # an unpaid click & collect order paid with this cart: order_id, quantities
    customer: dict | None = None  # the customer attached at the counter: id and name (shown, never logged)
    delivery: dict | None = None  # ordered for delivery: shipped from elsewhere to the customer's address
    coupons: list[dict] = field(default_factory=list)  # entered coupons: {"code", "promotion_id"}
    loyalty_points: int = 0  # the attached customer's points spent on this cart (a discount on its lines)
    gift_cards: list[dict] = field(default_factory=list)  # gift cards sold with this cart: {"code", "amount_cents"}

    # -- editing -----------------------------------------------------------
    def add_product(self, product: ProductInfo, *, gtin: str | None = None, quantity: int = 1) -> tuple[int, bool]:
        """Add a piece item; the same product (undiscounted) increments its line.

        Returns (row index, merged).
        """
        if product.weighed:
            raise CartError(translate("cart", "{name} wird gewogen – bitte das Waagenetikett scannen").format(
                                      name=product.name))
        for i, line in enumerate(self.lines):
            if line.product_id == product.product_id and not line.weighed and line.discount is None:
                self.lines[i] = replace(line, quantity=line.quantity + quantity)
                return i, True
        self.lines.append(
            CartLine(
                line_id=uuid.uuid4().hex,
                product_id=product.product_id,
                sku=product.sku,
                name=product.name,
                vat_class=product.vat_class,
                unit_price_cents=product.gross_price_cents,
                quantity=quantity,
                gtin=gtin,
                category=product.category,
                brand=product.brand,
            )
        )
        return len(self.lines) - 1, False

    def add_weighed(
        self, product: ProductInfo, *, gtin: str, weight_g: int | None = None, amount_cents: int | None = None
    ) -> int:
        """Add a weighed item from a scale label; never merges with another line."""
        if weight_g is None and amount_cents is None:
            raise CartError(translate("cart", "Waagenetikett ohne Gewicht und Preis"))
        if weight_g is None and product.gross_price_cents > 0:
            weight_g = round_half_up_div(amount_cents * 1000, product.gross_price_cents)
        if weight_g is not None and not 0 < weight_g <= MAX_WEIGHT_G:  # e.g. a label's price over a wrong unit price
            raise CartError(translate("cart", "Gewicht {weight} kg passt nicht – bitte Etikett und Artikelpreis"
                                      " prüfen oder neu wiegen").format(weight=f"{weight_g / 1000:.3f}".replace(".", ",")))
        self.lines.append(
            CartLine(
                line_id=uuid.uuid4().hex,
                product_id=product.product_id,
                sku=product.sku,
                name=product.name,
                vat_class=product.vat_class,
                unit_price_cents=product.gross_price_cents,
                quantity=1,
                gtin=gtin,
                weight_g=weight_g,
                embedded_amount_cents=amount_cents,
                category=product.category,
                brand=product.brand,
            )
        )
        return len(self.lines) - 1

    def index_of(self, line_id: str) -> int:
        for i, line in enumerate(self.lines):
            if line.line_id == line_id:
                return i
        raise CartError(translate("cart", "Diese Position gibt es nicht mehr"))

    def set_quantity(self, line_id: str, quantity: int) -> int:
        i = self.index_of(line_id)
        line = self.lines[i]
        if line.weighed:
            raise CartError(translate("cart", "Die Menge einer gewogenen Position kommt vom Etikett"))
        if quantity < 1:
            raise CartError(translate("cart", "Menge muss mindestens 1 sein – zum Entfernen 'Entfernen' wählen"))
        if quantity > 9999:
            raise CartError(translate("cart", "Menge zu groß"))
        self.lines[i] = replace(line, quantity=quantity)
        return i

    def remove(self, line_id: str) -> int:
        i = self.index_of(line_id)
        del self.lines[i]
        return i

    def set_line_discount(self, line_id: str, discount: Discount | None) -> int:
        i = self.index_of(line_id)
        if discount is not None:
            _check_discount(discount)
        self.lines[i] = replace(self.lines[i], discount=discount)
        return i

    def set_basket_discount(self, discount: Discount | None) -> None:
        if discount is not None:
            _check_discount(discount)
        self.basket_discount = discount

    def snapshot(self) -> "Cart":
        """A copy to go back to: lines are immutable, so the lists are copied, not the lines (cheaper than a
        round trip through to_dict on every scan)."""
        return replace(self, lines=list(self.lines), coupons=list(self.coupons), gift_cards=list(self.gift_cards),
                       pickup=dict(self.pickup) if self.pickup else None,
                       customer=dict(self.customer) if self.customer else None,
                       delivery=dict(self.delivery) if self.delivery else None)

    def apply_offers(self, pricing: Pricing) -> None:
        """Put what the promotion engine found on the lines (every line: one without an offer has none)."""
        found = pricing.lines
        self.lines = [line if line.offers == found.get(line.line_id, ()) else
                      replace(line, offers=found.get(line.line_id, ())) for line in self.lines]

    @property
    def coupon_promotion_ids(self) -> frozenset[str]:
        return frozenset(c["promotion_id"] for c in self.coupons)

    @property
    def basket_offers(self) -> list[tuple[str, int]]:
        """The basket offers' savings, once each (name, cents), in the order they were applied."""
        sums: dict[str, int] = {}
        for line in self.lines:
            for o in line.offers:
                if o.basket:
                    sums[o.name] = sums.get(o.name, 0) + o.cents
        return list(sums.items())

    # -- totals -------------------------------------------------------------
    @property
    def subtotal_cents(self) -> int:
        return sum(line.total_cents for line in self.lines)

    @property
    def basket_discount_cents(self) -> int:
        return self.basket_discount.amount_on(self.subtotal_cents) if self.basket_discount else 0

    @property
    def goods_total_cents(self) -> int:
        """What the goods cost, after every discount (VAT, points and offers are about these)."""
        return self.subtotal_cents - self.basket_discount_cents

    @property
    def gift_card_cents(self) -> int:
        """Gift cards sold with the cart: money exchanged for a multi-purpose voucher, no VAT, no discount."""
        return sum(int(g["amount_cents"]) for g in self.gift_cards)

    @property
    def total_cents(self) -> int:
        return self.goods_total_cents + self.gift_card_cents

    @property
    def item_count(self) -> int:
        return sum(1 if line.weighed else line.quantity for line in self.lines) + len(self.gift_cards)

    def final_line_totals(self) -> list[int]:
        """Each line's total after its share of the basket discount; sums to goods_total_cents."""
        totals = [line.total_cents for line in self.lines]
        return allocate_discount(totals, self.basket_discount_cents)

    def vat_groups(self) -> list[VatGroup]:
        return vat_breakdown(zip((line.vat_class for line in self.lines), self.final_line_totals()))

    # -- persistence --------------------------------------------------------
    def to_dict(self) -> dict:
        return {
            "cart_id": self.cart_id,
            "lines": [_line_to_dict(line) for line in self.lines],
            "basket_discount": asdict(self.basket_discount) if self.basket_discount else None,
            "online_cart_id": self.online_cart_id,
            "pickup": self.pickup,
            "customer": self.customer,
            "delivery": self.delivery,
            "coupons": self.coupons,
            "loyalty_points": self.loyalty_points,
            "gift_cards": self.gift_cards,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Cart":
        bd = data.get("basket_discount")
        return cls(
            cart_id=data["cart_id"],
            lines=[_line_from_dict(d) for d in data.get("lines", [])],
            basket_discount=Discount(**bd) if bd else None,
            online_cart_id=data.get("online_cart_id"),
            pickup=data.get("pickup"),
            customer=data.get("customer"),
            delivery=data.get("delivery"),
            coupons=list(data.get("coupons") or []),
            loyalty_points=int(data.get("loyalty_points") or 0),
            gift_cards=list(data.get("gift_cards") or []),
        )


def _check_discount(discount: Discount) -> None:
    if discount.value < 0:
        raise CartError(translate("cart", "Ein Rabatt kann nicht negativ sein"))
    if discount.kind == "percent" and discount.value > 10_000:
        raise CartError(translate("cart", "Mehr als 100 % Rabatt geht nicht"))


def allocate_discount(totals: list[int], discount: int) -> list[int]:
    """Spread `discount` cents over `totals` in proportion, by largest remainder."""
    base = sum(totals)
    if discount <= 0 or base <= 0:
        return list(totals)
    shares = [discount * t // base for t in totals]
    remainders = sorted(range(len(totals)), key=lambda i: -((discount * totals[i]) % base))
    for i in remainders[: discount - sum(shares)]:
        shares[i] += 1
    return [t - s for t, s in zip(totals, shares)]


_LINE_FIELDS = tuple(f.name for f in fields(CartLine))


def _line_to_dict(line: CartLine) -> dict:
    # Field by field, not dataclasses.asdict: that deep-copies every offer of every line at every scan (the cart
    # is saved on each change), which cost a scan of a 40-line cart several milliseconds.
    d = {name: getattr(line, name) for name in _LINE_FIELDS}
    d["vat_class"] = line.vat_class.value
    d["discount"] = asdict(line.discount) if line.discount else None
    d["offers"] = [list(o) for o in line.offers]
    return d


def _line_from_dict(d: dict) -> CartLine:
    d = dict(d)
    d["vat_class"] = VatClass(d["vat_class"])
    if d.get("discount"):
        d["discount"] = Discount(**d["discount"])
    d["offers"] = tuple(o if type(o) is Applied else Applied(*o) for o in d.get("offers") or ())
    return CartLine(**d)
