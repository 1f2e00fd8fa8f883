"""Loyalty points: the rules the register and the backend share (issue 14 §2).

A customer earns POINTS_PER_EURO for every full euro paid, in every channel (a sale at a counter with the
customer or the card attached, a web order paid online). Points are redeemed as a discount on the whole basket
(one point = POINT_VALUE_CENTS), at the counter and online; a return takes back the share of the points the
returned goods had earned. Points expire EXPIRY_DAYS after they were earned, oldest first.

The ledger lives at the backend, one id-keyed entry per event (`<sale id>:earn`, `<sale id>:redeem`, …), so a
retried sync books nothing twice. Offline a register lets a card spend up to its store's offline limit; a balance
below zero after sync is a `loyalty_negative` conflict for the manager, never silently negative.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DEFAULT_OFFLINE_LIMIT_POINTS", "EXPIRY_DAYS", "LOYALTY_OFFER_ID", "LoyaltyKind", "POINTS_PER_EURO",
           "POINT_VALUE_CENTS", "points_for", "points_taken_back", "value_of"]

POINTS_PER_EURO = 1
POINT_VALUE_CENTS = 1  # 100 points are 1 €
EXPIRY_DAYS = 3 * 365
DEFAULT_OFFLINE_LIMIT_POINTS = 1000  # store setting `loyalty_offline_limit_points`
LOYALTY_OFFER_ID = "LOYALTY"  # the id under which redeemed points appear among a line's offers


class LoyaltyKind(StrEnum):
    EARN = "earn"
    REDEEM = "redeem"
    RETURN = "return"  # the points a returned purchase had earned, taken back
    EXPIRE = "expire"


def points_for(paid_cents: int) -> int:
    """Points earned for a purchase of `paid_cents` (what the customer paid, after every discount)."""
    return max(0, paid_cents) // 100 * POINTS_PER_EURO


def value_of(points: int) -> int:
    return points * POINT_VALUE_CENTS


def points_taken_back(earned: int, paid_cents: int, refunded_before: int, refunded_now: int) -> int:
    """The points a return takes back: its share of what the purchase earned, counted cumulatively so that
    returning everything in parts takes back exactly what was earned."""
    if paid_cents <= 0 or earned <= 0:
        return 0
    after = min(paid_cents, refunded_before + refunded_now)
    return earned * after // paid_cents - earned * min(paid_cents, refunded_before) // paid_cents
