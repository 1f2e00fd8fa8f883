"""What a promotion and a coupon are: one pydantic model each, the same on the wire (ERP API, the sync feed)
and in the engine (sync.common.promotions.engine).

Amounts are integer cents, percentages basis points (10 % = 1000).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

log = logging.getLogger(__name__)

__all__ = ["Channel", "Component", "Coupon", "Promotion", "PromotionKind", "Scope", "stored"]

Cents = Field(default=0, ge=0, le=10**9)


class PromotionKind(StrEnum):
    MULTI_BUY = "multi_buy"  # buy `buy`, pay `pay`: in each group of `buy` eligible pieces the cheapest are free
    PERCENT_OFF = "percent_off"  # `percent_bp` off each eligible line
    AMOUNT_OFF = "amount_off"  # `amount_cents` off each eligible piece (a weighed line: once)
    BUNDLE_PRICE = "bundle_price"  # `components` (or `buy` eligible pieces) together for `bundle_price_cents`
    BASKET = "basket"  # from `threshold_cents` spent on eligible lines: `amount_cents` or `percent_bp` off them


class Channel(StrEnum):
    STORE = "store"  # a register
    WEB = "web"  # the web shop, priced by the backend (online carts, the handover page, web orders)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Scope(_Model):
    """Which lines an offer is about: a line matches when its product, category or brand is listed.
    Nothing listed: every line."""

    product_ids: frozenset[int] = Field(default=frozenset(), max_length=10_000)
    categories: frozenset[str] = Field(default=frozenset(), max_length=100)
    brands: frozenset[str] = Field(default=frozenset(), max_length=100)

    @property
    def everything(self) -> bool:
        return not (self.product_ids or self.categories or self.brands)

    def matches(self, product_id: int, category: str, brand: str) -> bool:
        return (self.everything or product_id in self.product_ids or category in self.categories
                or brand in self.brands)


class Component(_Model):
    """One part of a fixed bundle: `quantity` pieces matching `scope`."""

    scope: Scope
    quantity: int = Field(default=1, ge=1, le=100)


class Promotion(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    name: str = Field(min_length=1, max_length=60)  # shown on the cart line and the receipt
    kind: PromotionKind
    scope: Scope = Scope()
    percent_bp: int = Field(default=0, ge=0, le=10_000)
    amount_cents: int = Cents
    buy: int = Field(default=0, ge=0, le=100)
    pay: int = Field(default=0, ge=0, le=99)
    components: tuple[Component, ...] = Field(default=(), max_length=10)
    bundle_price_cents: int = Cents
    threshold_cents: int = Cents
    priority: int = Field(default=0, ge=-1000, le=1000)  # higher first when offers stack
    exclusive: bool = False  # never combined with another offer on the same lines
    coupon_required: bool = False  # applies only when one of its coupons was entered
    valid_from: datetime | None = None
    valid_to: datetime | None = None  # exclusive end
    store_ids: frozenset[str] = Field(default=frozenset(), max_length=10_000)  # empty: every store
    channels: frozenset[Channel] = frozenset()  # empty: every channel
    active: bool = True  # False: ended at headquarters
    # A personal offer: after every purchase of a known customer of at least this much (goods, any channel), the
    # backend gives the customer a single-use coupon of this promotion for the next one (sync/server/offers.py).
    issue_after_purchase_cents: int | None = Field(default=None, ge=0, le=10**9)

    @model_validator(mode="after")
    def _consistent(self) -> "Promotion":
        k = self.kind
        if k is PromotionKind.MULTI_BUY and not 0 < self.pay < self.buy:
            raise ValueError("a multi-buy needs 0 < pay < buy (3 for 2: buy=3, pay=2)")
        if k is PromotionKind.PERCENT_OFF and not self.percent_bp:
            raise ValueError("a percentage offer needs percent_bp")
        if k is PromotionKind.AMOUNT_OFF and not self.amount_cents:
            raise ValueError("an amount offer needs amount_cents")
        if k is PromotionKind.BUNDLE_PRICE and not (self.components or self.buy >= 2):
            raise ValueError("a bundle needs components or buy >= 2")
        if k is PromotionKind.BASKET and bool(self.amount_cents) == bool(self.percent_bp):
            raise ValueError("a basket offer needs either amount_cents or percent_bp")
        for when in (self.valid_from, self.valid_to):
            if when is not None and when.tzinfo is None:
                raise ValueError("validity times carry a time zone")
        if self.valid_from and self.valid_to and self.valid_to <= self.valid_from:
            raise ValueError("valid_to lies before valid_from")
        if self.issue_after_purchase_cents is not None and not self.coupon_required:
            raise ValueError("a next-purchase offer is given as coupons: coupon_required")
        return self

    @property
    def basket_level(self) -> bool:
        return self.kind is PromotionKind.BASKET

    def valid_at(self, at: datetime, *, store_id: str | None, channel: Channel) -> bool:
        """Running at `at` (timezone-aware) in this store and channel. A web cart has no store: an offer for
        some stores only does not apply online."""
        if not self.active:
            return False
        if self.valid_from is not None and at < self.valid_from:
            return False
        if self.valid_to is not None and at >= self.valid_to:
            return False
        if self.store_ids and store_id not in self.store_ids:
            return False
        return not self.channels or channel in self.channels


class Coupon(_Model):
    """A code that unlocks a promotion (`Promotion.coupon_required`). `max_uses` 1 is a single-use code,
    None a code for everyone; `per_customer` limits how often one customer uses it; `customer_id` makes it
    a personal offer. `uses` is how often the backend has seen it used."""

    code: str = Field(pattern=r"^[A-Z0-9-]{3,24}$")
    promotion_id: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    max_uses: int | None = Field(default=None, ge=1, le=10**9)
    per_customer: int | None = Field(default=None, ge=1, le=1000)
    customer_id: int | None = Field(default=None, ge=1)
    uses: int = Field(default=0, ge=0)
    active: bool = True


def stored(model: type[Promotion] | type[Coupon], value) -> Promotion | Coupon | None:
    """An offer or coupon as stored or replicated (a dict, or its JSON text), read leniently: fields a newer
    backend added are left out, and a row that does not validate is None (logged), so one bad offer never stops
    a register from pricing a cart. What the ERP sends is checked strictly (extra fields refused)."""
    data = json.loads(value) if isinstance(value, (str, bytes)) else value
    try:
        return model.model_validate({k: v for k, v in (data or {}).items() if k in model.model_fields})
    except ValidationError as exc:
        log.error("%s %s skipped: %s", model.__name__, (data or {}).get("id") or (data or {}).get("code"),
                  exc.errors()[:1])
        return None


def utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
