"""The demo chain's offers and coupons (issue 14): the same online and at the counter.

Seeded into the demo's backend (sync.server.seed.seed_demo_offers); a chain sends its own through the ERP API
(PUT /v1/erp/promotions/{id}, PUT /v1/erp/coupons/{code})."""

from __future__ import annotations

from sync.common.promotions import Coupon, Promotion, PromotionKind, Scope

__all__ = ["DEMO_COUPONS", "DEMO_PROMOTIONS"]

DEMO_PROMOTIONS = (
    Promotion(id="DEMO-SUESS-3FUER2", name="3 für 2 Süßwaren", kind=PromotionKind.MULTI_BUY, buy=3, pay=2,
              scope=Scope(categories=frozenset({"Süßwaren"}))),
    Promotion(id="DEMO-DROGERIE-20", name="20 % auf Drogerie", kind=PromotionKind.PERCENT_OFF, percent_bp=2000,
              scope=Scope(categories=frozenset({"Drogerie"}))),
    Promotion(id="DEMO-5AB40", name="5 € ab 40 € Einkauf", kind=PromotionKind.BASKET, threshold_cents=4000,
              amount_cents=500),
    Promotion(id="DEMO-WILLKOMMEN", name="Willkommen: 10 % Rabatt", kind=PromotionKind.BASKET, percent_bp=1000,
              coupon_required=True, priority=-1),
    Promotion(id="DEMO-DANKE", name="Danke: 5 € ab 20 €", kind=PromotionKind.BASKET, amount_cents=500,
              threshold_cents=2000, coupon_required=True, priority=-1,
              issue_after_purchase_cents=3000),  # a known customer's purchase from 30 € brings one for the next
)

DEMO_COUPONS = (
    Coupon(code="WILLKOMMEN10", promotion_id="DEMO-WILLKOMMEN", per_customer=1),  # once per customer
    Coupon(code="DANKE-5A7K", promotion_id="DEMO-DANKE", max_uses=1),  # single-use, printed on a receipt
)
