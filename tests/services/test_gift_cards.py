"""Gift cards at the register (issue 14 §3): spent offline up to the store's limit per card, in full online."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.services.vouchers import VoucherError
from sync.client.engine import LAST_PULL_KEY, apply_changes
from sync.protocol import Change, ChangeKind
from tests.conftest import gtin_of, piece_product_ids


def known_gift_card(engine, code: str, amount: int, *, pulled_ago: timedelta | None):
    with engine.begin() as c:
        apply_changes(c, [Change(kind=ChangeKind.VOUCHER, key=code, data={
            "code": code, "amount_cents": amount, "redeemed_cents": 0, "store_id": "1002", "sale_ids": [],
            "held": False, "kind": "gift_card"})])
        c.exec_driver_sql("DELETE FROM setting WHERE key = ?", (LAST_PULL_KEY,))
        if pulled_ago is not None:
            c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?)",
                              (LAST_PULL_KEY, (datetime.now(timezone.utc) - pulled_ago).isoformat()))


def fill(sale, engine, at_least: int):
    a, = piece_product_ids(engine, 1)
    while sale.cart.total_cents < at_least:
        sale.scan(gtin_of(engine, a))


def test_online_a_gift_card_pays_its_whole_balance(sale, engine):
    known_gift_card(engine, "GK0000000001", 10_000, pulled_ago=timedelta(seconds=10))
    fill(sale, engine, 8_000)
    assert sale.pay_voucher("GK0000000001").amount_cents == sale.cart.total_cents  # all of it, up to 100 €


def test_offline_a_gift_card_pays_at_most_the_stores_limit_here(sale, engine, ctx):
    known_gift_card(engine, "GK0000000002", 10_000, pulled_ago=timedelta(hours=2))  # no pull for two hours
    limit = ctx.settings.gift_card_offline_limit_cents
    fill(sale, engine, limit + 1_000)
    tender = sale.pay_voucher("GK0000000002")
    assert tender.amount_cents == limit
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    fill(sale, engine, 100)  # the same card again before the register is back online: the limit is used up here
    with pytest.raises(VoucherError, match="Grenze"):
        sale.pay_voucher("GK0000000002")
