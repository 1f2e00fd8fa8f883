"""Pricing a basket with the chain's offers: pure and deterministic, the same code at the register and in
the backend (web carts, the handover page, web orders), so one basket costs the same, to the cent, in both.

The rules, in order (tests/sync/test_promotion_engine.py proves their properties):

1. Offers that apply: running at that moment, in that store and channel, and, when they need a coupon,
   unlocked by one. A line the associate discounted by hand (`Item.locked`) takes no offer.
2. Exclusive item offers first, best for the customer first: the exclusive offer that saves the most on
   the lines still free takes its lines; then the next best on the lines left, and so on (ties: higher
   priority, then the smaller id). A line an exclusive offer took gets no other offer, not even a basket one.
3. The other item offers stack on the remaining lines, higher priority first (ties: the smaller id), each
   on what the earlier ones left: a percentage is taken off the reduced price.
4. Basket offers on the lines left: either all non-exclusive ones stacked (by priority), or one exclusive
   one alone, whichever saves the customer more (ties: stacked).
5. A multi-buy frees the cheapest pieces of each group of the eligible pieces sorted by price, most
   expensive first; bundles are formed one at a time of the most expensive pieces left that fit, as long as
   one saves the customer something. What an offer saves is spread over every piece that took part, in
   proportion to its price (largest remainder, ties by product and line id), so each line's total is what was
   paid for it: VAT per rate and refunds of a part of the basket follow from the lines.
6. No line ever goes below zero; the order of the lines does not matter.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, NamedTuple

from sync.common.promotions.model import Channel, Component, Promotion, PromotionKind, utc

__all__ = ["Applied", "Item", "Pricing", "PromotionBook", "allocate"]


class Item(NamedTuple):  # a tuple: made for every line at every pricing
    """A cart line as the engine sees it."""

    key: str  # the cart line's id: stable, and the tie-breaker between equal lines
    product_id: int
    category: str
    brand: str
    quantity: int  # pieces; 1 for a weighed line
    gross_cents: int  # the whole line before any offer
    weighed: bool = False
    locked: bool = False  # discounted by hand: no offer


class Applied(NamedTuple):  # a tuple: made hundreds of times per pricing
    promotion_id: str
    name: str
    cents: int  # saved on this line
    basket: bool  # a basket offer's share (shown once under the lines), else the line's own offer


@dataclass(frozen=True)
class Pricing:
    lines: dict[str, tuple[Applied, ...]]  # by Item.key; lines without an offer are absent

    def discount_of(self, key: str) -> int:
        return sum(a.cents for a in self.lines.get(key, ()))

    @property
    def total_discount_cents(self) -> int:
        return sum(a.cents for applied in self.lines.values() for a in applied)

    @property
    def promotion_ids(self) -> frozenset[str]:
        return frozenset(a.promotion_id for applied in self.lines.values() for a in applied)


def allocate(amount: int, weights: list[int]) -> list[int]:
    """`amount` spread over `weights` in proportion, by largest remainder; never more than a weight when
    `amount` <= sum(weights)."""
    total = sum(weights)
    if amount <= 0 or total <= 0:
        return [0] * len(weights)
    shares = [amount * w // total for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-((amount * weights[i]) % total), i))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


class _Line:
    __slots__ = ("item", "remaining", "taken", "applied")

    def __init__(self, item: Item):
        self.item = item
        self.remaining = item.gross_cents
        self.taken = False  # by an exclusive offer
        self.applied: list[Applied] = []

    def unit_value(self) -> float:  # only for sorting
        return self.remaining / self.item.quantity


def _by_value(lines: Iterable[_Line]) -> list[_Line]:
    """Most expensive piece first; equal pieces by product, then line id: never by their order in the cart."""
    return sorted(lines, key=lambda l: (-l.unit_value(), l.item.product_id, l.item.key))


class PromotionBook:
    """The offers, indexed by product, category and brand, so pricing a cart looks only at the offers that
    can touch one of its lines (1,000 offers, 100 lines: tests/bench/promotions.py)."""

    def __init__(self, promotions: Iterable[Promotion]):
        self.promotions = {p.id: p for p in promotions if p.active}
        self._by_product: dict[int, list[str]] = defaultdict(list)
        self._by_category: dict[str, list[str]] = defaultdict(list)
        self._by_brand: dict[str, list[str]] = defaultdict(list)
        self._everywhere: list[str] = []
        self._memo: dict[tuple[int, str, str], tuple[str, ...]] = {}
        for p in self.promotions.values():
            for scope in [c.scope for c in p.components] or [p.scope]:
                if scope.everything:
                    self._everywhere.append(p.id)
                for pid in scope.product_ids:
                    self._by_product[pid].append(p.id)
                for cat in scope.categories:
                    self._by_category[cat].append(p.id)
                for brand in scope.brands:
                    self._by_brand[brand].append(p.id)

    def _candidates(self, it: Item) -> tuple[str, ...]:
        key = (it.product_id, it.category, it.brand)
        ids = self._memo.get(key)
        if ids is None:
            found = set(self._by_product.get(it.product_id, ()))
            found.update(self._by_category.get(it.category, ()))
            found.update(self._by_brand.get(it.brand, ()))
            found.difference_update(self._everywhere)  # a component with another scope, besides one for all
            ids = self._memo[key] = tuple(found)
        return ids

    def price(self, items: Iterable[Item], *, at: datetime, store_id: str | None, channel: Channel,
              coupons: Iterable[str] = ()) -> Pricing:
        """The offers on `items` at `at`; `coupons` are the ids of the promotions unlocked by a coupon."""
        at, unlocked = utc(at), frozenset(coupons)
        # In the order of product and line id, never of the cart: every list of lines below keeps this order, so
        # equal lines get the same cents whichever was scanned first (a tie can only split lines of one product).
        lines = [_Line(i) for i in sorted(items, key=lambda i: (i.product_id, i.key))]
        eligible: dict[str, list[int]] = defaultdict(list)  # promotion id -> indexes of the lines it may touch
        every_line = []
        for idx, line in enumerate(lines):
            it = line.item
            if not it.locked and it.gross_cents > 0:
                every_line.append(idx)
                for pid in self._candidates(it):
                    eligible[pid].append(idx)
        if every_line:
            for pid in self._everywhere:
                eligible[pid] = every_line  # only read: one list for all of them
        offers = []
        for pid in eligible:
            p = self.promotions[pid]
            if p.valid_at(at, store_id=store_id, channel=channel) and (not p.coupon_required or pid in unlocked):
                offers.append(p)
        offers.sort(key=lambda p: (-p.priority, p.id))
        basket = {p.id for p in offers if p.kind is PromotionKind.BASKET}
        exclusive = [p for p in offers if p.exclusive and p.id not in basket]
        stacked = [p for p in offers if not p.exclusive and p.id not in basket]
        basket_exclusive = [p for p in offers if p.exclusive and p.id in basket]
        basket_stacked = [p for p in offers if not p.exclusive and p.id in basket]

        def free(p: Promotion) -> list[_Line]:
            return [lines[i] for i in eligible[p.id] if not lines[i].taken and lines[i].remaining > 0]

        # 2. Greedy, best first. An offer saves no more when lines are taken from it, so an offer whose saving,
        # evaluated again, still heads the queue is the best one (a lazy greedy: each offer is evaluated about
        # once, not once per round).
        queue = []
        for p in exclusive:
            shares, part = _evaluate(p, free(p))
            saved = sum(shares.values())
            if saved > 0:
                heapq.heappush(queue, ((-saved, -p.priority, p.id), p, shares, part))
        while queue:
            key, p, shares, part = heapq.heappop(queue)
            if any(line.taken for line in part):  # stale: evaluate again on the lines left
                shares, part = _evaluate(p, free(p))
                saved = sum(shares.values())
                if saved > 0:
                    heapq.heappush(queue, ((-saved, -p.priority, p.id), p, shares, part))
                continue
            _book(p, shares)
            for line in part:
                line.taken = True
        for p in stacked:  # 3.
            _book(p, _evaluate(p, free(p))[0])
        if basket_stacked or basket_exclusive:  # 4.
            remaining = [line.remaining for line in lines]
            options: list[list[tuple[Promotion, dict[_Line, int]]]] = []
            booked = []
            for p in basket_stacked:
                shares = _evaluate(p, free(p))[0]
                for line, cents in shares.items():
                    line.remaining -= cents
                booked.append((p, shares))
            options.append(booked)
            for line, value in zip(lines, remaining):
                line.remaining = value
            options += [[(p, _evaluate(p, free(p))[0])] for p in basket_exclusive]
            saved = [sum(c for _, shares in option for c in shares.values()) for option in options]
            for p, shares in options[saved.index(max(saved))]:
                _book(p, shares)
        return Pricing({line.item.key: tuple(line.applied) for line in lines if line.applied})


def _book(p: Promotion, shares: dict[_Line, int]) -> None:
    new, basket = tuple.__new__, p.kind is PromotionKind.BASKET  # hundreds of Applied per pricing: made plainly
    for line, cents in shares.items():
        if cents > 0:
            line.remaining -= cents
            line.applied.append(new(Applied, (p.id, p.name, cents, basket)))


def _spread(saved: int, weights: dict[_Line, int], *, in_order: bool = True) -> dict[_Line, int]:
    """`saved` spread over the lines by weight; `in_order`: the weights are in the lines' order (product, line
    id), else they are put into it first (a multi-buy or a bundle lists its lines by price)."""
    lines = list(weights) if in_order else sorted(weights, key=lambda l: (l.item.product_id, l.item.key))
    shares = allocate(min(saved, sum(weights.values())), [weights[l] for l in lines])
    return {line: min(cents, line.remaining) for line, cents in zip(lines, shares)}


def _evaluate(p: Promotion, lines: list[_Line]) -> tuple[dict[_Line, int], list[_Line]]:
    """What `p` saves on each of `lines` (the lines it may touch), and the lines that took part."""
    if not lines:
        return {}, []
    kind = p.kind
    if kind is PromotionKind.PERCENT_OFF:
        shares = {l: l.remaining * p.percent_bp // 10_000 + (2 * (l.remaining * p.percent_bp % 10_000) >= 10_000)
                  for l in lines}
        return shares, lines
    if kind is PromotionKind.AMOUNT_OFF:
        return {l: min(l.remaining, p.amount_cents * l.item.quantity) for l in lines}, lines
    if kind is PromotionKind.MULTI_BUY:
        return _multi_buy(p, [l for l in lines if not l.item.weighed])
    if kind is PromotionKind.BUNDLE_PRICE:
        return _bundle(p, [l for l in lines if not l.item.weighed])
    spend = sum(l.remaining for l in lines)  # BASKET
    if spend <= 0 or spend < p.threshold_cents:
        return {}, []
    saved = p.amount_cents if p.amount_cents else (spend * p.percent_bp + 5000) // 10_000
    return _spread(min(saved, spend), {l: l.remaining for l in lines}), lines


def _value(line: _Line, pieces: int) -> int:
    """What `pieces` of the line cost now, rounded half up."""
    q = line.item.quantity
    return (2 * pieces * line.remaining + q) // (2 * q)


def _multi_buy(p: Promotion, lines: list[_Line]) -> tuple[dict[_Line, int], list[_Line]]:
    n, m = p.buy, p.pay
    limit = sum(l.item.quantity for l in lines) // n * n  # pieces in full groups
    if not limit:
        return {}, []

    def free_before(x: int) -> int:  # free positions among the first x of the sorted pieces
        x = min(x, limit)
        return x // n * (n - m) + max(0, x % n - m)

    saved, weights, pos = 0, {}, 0
    for line in _by_value(lines):
        a, b = pos, pos + line.item.quantity
        pos = b
        taking_part = min(b, limit) - min(a, limit)
        if taking_part <= 0:
            break
        saved += _value(line, free_before(b) - free_before(a))
        weights[line] = _value(line, taking_part)
    return _spread(saved, weights, in_order=False), list(weights)


def _bundle(p: Promotion, lines: list[_Line]) -> tuple[dict[_Line, int], list[_Line]]:
    """Bundles one at a time, each of the most expensive pieces left that fit, for as long as a bundle costs the
    customer less than its pieces: so a cheap piece added to the basket never makes the bundles dearer."""
    ordered = _by_value(lines)
    components = p.components or (Component(scope=p.scope, quantity=p.buy),)
    matching = [[l for l in ordered if c.scope.matches(l.item.product_id, l.item.category, l.item.brand)]
                for c in components]
    left = {l: l.item.quantity for l in ordered}
    took: dict[_Line, int] = defaultdict(int)
    bundles = 0
    while bundles < 10_000:
        picked: dict[_Line, int] = defaultdict(int)
        for c, candidates in zip(components, matching):
            need = c.quantity
            for line in candidates:
                t = min(need, left[line] - picked[line])
                if t > 0:
                    picked[line] += t
                    need -= t
                if not need:
                    break
            if need:
                break
        else:
            value = sum(picked[l] * l.remaining / l.item.quantity for l in picked)
            if value > p.bundle_price_cents:  # this bundle saves something: take it
                for line, t in picked.items():
                    left[line] -= t
                    took[line] += t
                bundles += 1
                continue
        break
    if not bundles:
        return {}, []
    weights = {line: _value(line, t) for line, t in took.items()}
    saved = sum(weights.values()) - bundles * p.bundle_price_cents
    return (_spread(saved, weights, in_order=False), list(weights)) if saved > 0 else ({}, [])
