"""The promotion engine (sync.common.promotions): each kind by hand-computed examples, the stacking rules,
and their properties over random baskets and offers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from app.core.vat import VatClass, vat_breakdown
from sync.common.promotions import Channel, Component, Item, Promotion, PromotionBook, Scope, allocate

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=timezone.utc)
STORE = Channel.STORE


def price(promotions, items, **kw):
    kw = {"at": NOW, "store_id": "S1", "channel": STORE, **kw}
    return PromotionBook(promotions).price(items, **kw)


def item(key, product_id, gross, quantity=1, category="c", brand="b", **kw):
    return Item(key, product_id, category, brand, quantity, gross, **kw)


def three_for_two(**kw):
    return Promotion(**{"id": "3for2", "name": "3 für 2", "kind": "multi_buy", "buy": 3, "pay": 2,
                        "scope": Scope(categories={"socks"}), **kw})


# -- each kind ---------------------------------------------------------------------------------------------
def test_multi_buy_frees_the_cheapest_of_each_group_and_spreads_it_over_the_group():
    # 5,00 ×2 on one line, 4,00, 3,00 ×3: sorted 5 5 4 | 3 3 3 -> 4,00 and 3,00 free
    items = [item("a", 1, 1000, 2, "socks"), item("b", 2, 400, 1, "socks"), item("c", 3, 900, 3, "socks")]
    r = price([three_for_two()], items)
    assert r.total_discount_cents == 700
    # spread by price over the six pieces that took part: 7,00 × 10/23, × 4/23, × 9/23
    assert (r.discount_of("a"), r.discount_of("b"), r.discount_of("c")) == (304, 122, 274)
    assert all(r.discount_of(i.key) <= i.gross_cents for i in items)


def test_multi_buy_needs_a_full_group():
    assert price([three_for_two()], [item("a", 1, 1000, 2, "socks")]).lines == {}
    r = price([three_for_two()], [item("a", 1, 1500, 3, "socks")])
    assert r.discount_of("a") == 500


def test_percent_and_amount_off_by_product_category_and_brand():
    p = [Promotion(id="p", name="20 % Milch", kind="percent_off", percent_bp=2000, scope=Scope(product_ids={7})),
         Promotion(id="b", name="1 € Marke", kind="amount_off", amount_cents=100, scope=Scope(brands={"Acme"})),
         Promotion(id="k", name="10 % Obst", kind="percent_off", percent_bp=1000, scope=Scope(categories={"obst"}))]
    items = [item("milk", 7, 357, 3), item("acme", 8, 250, 2, brand="Acme"), item("apple", 9, 199, category="obst"),
             item("other", 10, 999)]
    r = price(p, items)
    assert r.discount_of("milk") == 71  # 20 % of 3,57 = 0,714
    assert r.discount_of("acme") == 200  # 1 € per piece
    assert r.discount_of("apple") == 20  # 10 % of 1,99 = 0,199
    assert r.discount_of("other") == 0


def test_amount_off_never_below_zero_and_once_on_a_weighed_line():
    p = [Promotion(id="x", name="5 € weniger", kind="amount_off", amount_cents=500)]
    r = price(p, [item("cheap", 1, 199, 2), item("cheese", 2, 1234, weighed=True)])
    assert r.discount_of("cheap") == 199
    assert r.discount_of("cheese") == 500


def test_fixed_bundle_takes_the_most_expensive_pieces_that_fit():
    combo = Promotion(id="combo", name="Brot + Butter 3 €", kind="bundle_price", bundle_price_cents=300,
                      components=(Component(scope=Scope(product_ids={8})), Component(scope=Scope(product_ids={9}))))
    r = price([combo], [item("bread", 8, 498, 2), item("butter", 9, 199)])
    assert r.total_discount_cents == 249 + 199 - 300  # one bundle: one butter only
    assert r.discount_of("bread") + r.discount_of("butter") == 148


def test_mix_and_match_bundle():
    p = Promotion(id="any3", name="3 Stück 10 €", kind="bundle_price", buy=3, bundle_price_cents=1000,
                  scope=Scope(categories={"wine"}))
    items = [item("a", 1, 499, 1, "wine"), item("b", 2, 1398, 2, "wine"), item("c", 3, 399, 1, "wine")]
    r = price([p], items)
    assert r.total_discount_cents == (699 + 699 + 499) - 1000  # the three most expensive bottles


def test_basket_threshold_is_spread_over_the_eligible_lines():
    p = Promotion(id="b", name="10 € ab 50 €", kind="basket", threshold_cents=5000, amount_cents=1000)
    assert price([p], [item("a", 1, 4999)]).lines == {}
    r = price([p], [item("a", 1, 3000), item("b", 2, 2000)])
    assert (r.discount_of("a"), r.discount_of("b")) == (600, 400)
    assert all(a.basket for applied in r.lines.values() for a in applied)


# -- where and when ------------------------------------------------------------------------------------------
def test_validity_store_channel_and_ended_offers():
    base = {"id": "x", "name": "x", "kind": "percent_off", "percent_bp": 1000}
    items = [item("a", 1, 1000)]
    assert price([Promotion(**base, valid_from=NOW + timedelta(hours=1))], items).lines == {}
    assert price([Promotion(**base, valid_to=NOW)], items).lines == {}  # the end is exclusive
    assert price([Promotion(**base, valid_from=NOW, valid_to=NOW + timedelta(days=1))], items).lines
    assert price([Promotion(**base, store_ids=frozenset({"S2"}))], items).lines == {}
    assert price([Promotion(**base, store_ids=frozenset({"S2"}))], items, store_id="S2").lines
    assert price([Promotion(**base, store_ids=frozenset({"S1"}))], items, store_id=None, channel=Channel.WEB).lines == {}
    assert price([Promotion(**base, channels=frozenset({Channel.WEB}))], items).lines == {}
    assert price([Promotion(**base, active=False)], items).lines == {}


def test_a_coupon_offer_needs_its_coupon():
    p = Promotion(id="c", name="Coupon", kind="percent_off", percent_bp=1000, coupon_required=True)
    assert price([p], [item("a", 1, 1000)]).lines == {}
    assert price([p], [item("a", 1, 1000)], coupons={"c"}).discount_of("a") == 100


def test_a_line_discounted_by_hand_takes_no_offer():
    p = Promotion(id="x", name="x", kind="percent_off", percent_bp=1000)
    assert price([p], [item("a", 1, 1000, locked=True)]).lines == {}


def test_invalid_offers_are_refused():
    for bad in ({"kind": "multi_buy", "buy": 2, "pay": 2}, {"kind": "percent_off"},
                {"kind": "basket", "amount_cents": 100, "percent_bp": 100},
                {"kind": "percent_off", "percent_bp": 100, "valid_from": datetime(2026, 1, 1)}):
        with pytest.raises(ValidationError):
            Promotion(id="x", name="x", **bad)


# -- stacking -------------------------------------------------------------------------------------------------
def test_stacked_offers_apply_by_priority_on_what_is_left():
    ten = Promotion(id="a", name="10 %", kind="percent_off", percent_bp=1000, priority=1)
    euro = Promotion(id="b", name="1 €", kind="amount_off", amount_cents=100, priority=2)
    r = price([ten, euro], [item("x", 1, 1000)])
    assert [a.promotion_id for a in r.lines["x"]] == ["b", "a"]  # 1 € first, then 10 % of 9 €
    assert r.discount_of("x") == 100 + 90


def test_among_exclusive_offers_the_best_for_the_customer_wins_and_takes_its_lines():
    small = Promotion(id="small", name="5 %", kind="percent_off", percent_bp=500, exclusive=True, priority=9)
    big = Promotion(id="big", name="30 %", kind="percent_off", percent_bp=3000, exclusive=True)
    other = Promotion(id="other", name="1 €", kind="amount_off", amount_cents=100)
    basket = Promotion(id="basket", name="5 € ab 1 €", kind="basket", threshold_cents=100, amount_cents=500)
    r = price([small, big, other, basket], [item("x", 1, 1000)])
    assert [a.promotion_id for a in r.lines["x"]] == ["big"]


def test_an_exclusive_basket_offer_competes_with_the_stacked_ones():
    s1 = Promotion(id="s1", name="2 €", kind="basket", amount_cents=200)
    s2 = Promotion(id="s2", name="3 €", kind="basket", amount_cents=300)
    ex = Promotion(id="ex", name="4 € exklusiv", kind="basket", amount_cents=400, exclusive=True)
    assert price([s1, s2, ex], [item("x", 1, 1000)]).promotion_ids == {"s1", "s2"}  # 5 € beat 4 €
    ex6 = ex.model_copy(update={"amount_cents": 600})
    assert price([s1, s2, ex6], [item("x", 1, 1000)]).promotion_ids == {"ex"}


def test_allocate_spreads_by_largest_remainder():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(0, [5, 5]) == [0, 0]
    assert sum(allocate(997, [3, 500, 7, 1000])) == 997


# -- properties ------------------------------------------------------------------------------------------------
CATEGORIES, BRANDS = ["socks", "milk", "wine", "tv"], ["A", "B", "C"]


def scope_strategy():
    return st.one_of(st.just(Scope()), st.builds(Scope, categories=st.frozensets(st.sampled_from(CATEGORIES), min_size=1, max_size=2)),
                     st.builds(Scope, brands=st.frozensets(st.sampled_from(BRANDS), min_size=1, max_size=2)),
                     st.builds(Scope, product_ids=st.frozensets(st.integers(1, 12), min_size=1, max_size=4)))


@st.composite
def promotion_strategy(draw, n):
    kind = draw(st.sampled_from(["multi_buy", "percent_off", "amount_off", "bundle_price", "basket"]))
    kw = {"id": f"p{n}", "name": f"P{n}", "kind": kind, "scope": draw(scope_strategy()),
          "priority": draw(st.integers(-2, 2)), "exclusive": draw(st.booleans())}
    if kind == "multi_buy":
        buy = draw(st.integers(2, 5))
        kw |= {"buy": buy, "pay": draw(st.integers(1, buy - 1))}
    elif kind == "percent_off":
        kw["percent_bp"] = draw(st.integers(1, 10_000))
    elif kind == "amount_off":
        kw["amount_cents"] = draw(st.integers(1, 3000))
    elif kind == "bundle_price":
        if draw(st.booleans()):
            kw["components"] = tuple(Component(scope=draw(scope_strategy()), quantity=draw(st.integers(1, 2)))
                                     for _ in range(draw(st.integers(1, 3))))
        else:
            kw["buy"] = draw(st.integers(2, 4))
        kw["bundle_price_cents"] = draw(st.integers(0, 5000))
    else:
        kw["threshold_cents"] = draw(st.integers(0, 10_000))
        if draw(st.booleans()):
            kw["amount_cents"] = draw(st.integers(1, 20_000))
        else:
            kw["percent_bp"] = draw(st.integers(1, 10_000))
    return Promotion(**kw)


@st.composite
def basket(draw):
    items = []
    for n in range(draw(st.integers(1, 10))):
        pid = draw(st.integers(1, 12))
        weighed = draw(st.booleans()) and pid > 10
        quantity = 1 if weighed else draw(st.integers(1, 6))
        unit = draw(st.integers(0, 5000))
        items.append(Item(f"line{n:02d}", pid, CATEGORIES[pid % 4], BRANDS[pid % 3], quantity, unit * quantity,
                          weighed=weighed, locked=draw(st.integers(0, 9)) == 0))
    promotions = [draw(promotion_strategy(n)) for n in range(draw(st.integers(0, 6)))]
    return items, promotions


@settings(max_examples=200, deadline=None)
@given(basket(), st.randoms(use_true_random=False))
def test_properties_of_any_basket(case, rnd):
    items, promotions = case
    r = price(promotions, items)
    # no line below zero, a locked line untouched, the total never below zero
    for i in items:
        assert 0 <= r.discount_of(i.key) <= i.gross_cents
        if i.locked:
            assert r.discount_of(i.key) == 0
    assert 0 <= r.total_discount_cents <= sum(i.gross_cents for i in items)
    # an offer never touches a line outside its scope
    for i in items:
        for a in r.lines.get(i.key, ()):
            p = next(p for p in promotions if p.id == a.promotion_id)
            scopes = [c.scope for c in p.components] or [p.scope]
            assert any(s.matches(i.product_id, i.category, i.brand) for s in scopes)
    # the order of scanning does not change anything
    shuffled = list(items)
    rnd.shuffle(shuffled)
    again = price(promotions, shuffled)
    assert {k: v for k, v in again.lines.items()} == r.lines
    # the VAT of each rate is computed on what is paid for the lines of that rate: an offer on lines of one
    # rate only never lowers another rate's amount, and the rates add up to what is paid
    rates = {i.key: VatClass.REDUCED if i.category == "milk" else VatClass.STANDARD for i in items}
    groups = {g.vat_class: g.gross_cents for g in vat_breakdown((rates[i.key], i.gross_cents - r.discount_of(i.key))
                                                                for i in items)}
    assert sum(groups.values()) == sum(i.gross_cents for i in items) - r.total_discount_cents
    for rate in groups:
        lines = [i for i in items if rates[i.key] is rate]
        assert groups[rate] == sum(i.gross_cents - r.discount_of(i.key) for i in lines)


@settings(max_examples=200, deadline=None)
@given(basket())
def test_an_exclusive_offer_is_never_combined(case):
    items, promotions = case
    by_id = {p.id: p for p in promotions}
    for applied in price(promotions, items).lines.values():
        offers = [by_id[a.promotion_id] for a in applied]
        exclusive_items = [p for p in offers if p.exclusive and not p.basket_level]
        if exclusive_items:
            assert offers == exclusive_items[:1]
        if any(p.exclusive and p.basket_level for p in offers):
            assert len([p for p in offers if p.basket_level]) == 1


def test_a_cheap_piece_added_never_makes_bundles_dearer():
    """Found in review: 'any 2 for 15 €' formed as many bundles as fit, so 2 × 10 € + 2 × 5 € cost 30 €."""
    p = Promotion(id="b", name="2 Flaschen 15 €", kind="bundle_price", buy=2, bundle_price_cents=1500)
    assert price([p], [item("a", 1, 2000, 2)]).total_discount_cents == 500
    with_cheap = [item("a", 1, 2000, 2), item("c", 2, 1000, 2)]
    assert 3000 - price([p], with_cheap).total_discount_cents == 2500  # 15 € bundle + the two 5 € pieces


def test_equal_lines_get_the_same_cents_whichever_was_scanned_first():
    """Found in review: a 5-cent basket offer on two 1,00 € lines of different rates split 3 + 2 or 2 + 3."""
    p = Promotion(id="k", name="5 ct", kind="basket", amount_cents=5)
    a, b = item("x1", 1, 100), item("x2", 2, 100)
    assert price([p], [a, b]).lines == price([p], [b, a]).lines
