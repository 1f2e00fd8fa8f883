"""Offers of the chain, priced the same at every register and in the web shop: the model (what a promotion
and a coupon are) and the engine (what a basket costs with them)."""

from sync.common.promotions.engine import Applied, Item, Pricing, PromotionBook, allocate
from sync.common.promotions.model import Channel, Component, Coupon, Promotion, PromotionKind, Scope, stored

__all__ = ["Applied", "Channel", "Component", "Coupon", "Item", "Pricing", "Promotion", "PromotionBook",
           "PromotionKind", "Scope", "allocate", "stored"]
