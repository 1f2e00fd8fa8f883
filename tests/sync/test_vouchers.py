"""Store-credit vouchers: issued with a return, redeemed anywhere, offline too; overdrawing is flagged."""

import json

import pytest
from sqlalchemy import text

from app.core.tenders import TenderError
from app.services.auth import AssociateSession, Role
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.vouchers import VoucherError, balance_cents
from tests.conftest import gtin_of
from tests.sync.conftest import sync_until

LENA = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)


def voucher_for_a_return(reg) -> tuple[str, int]:
    barcode = reg.sell(gtin_of(reg.replica, 2), gtin_of(reg.replica, 2))
    source = find_source(reg.sale.ctx, barcode)
    record = record_return(reg.sale.ctx, LENA, source=source, quantities={2: 2}, refund_method="voucher",
                           reason="dislike")
    return record.data["voucher_code"], record.refund_cents


def pay_with(reg, code: str, product_id: int = 3):
    reg.sale.add_product(product_id)
    tender = reg.sale.pay_voucher(code)
    if reg.sale.remaining_cents:
        reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    return tender


def test_voucher_redeemed_in_two_offline_stores_is_flagged_when_overdrawn(make_register, backend):
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    code, amount = voucher_for_a_return(berlin)
    assert balance_cents(berlin.sale.ctx, code) == amount  # usable at once, before any sync
    berlin.sync.sync_once()
    sync_until(hamburg, lambda: _known(hamburg, code))
    assert balance_cents(hamburg.sale.ctx, code) == amount
    # both stores offline: the customer's voucher is used up in each (the product costs more than it)
    with berlin.replica.connect() as c:
        pricey = c.execute(text("SELECT id FROM product WHERE gross_price_cents > :a AND NOT weighed LIMIT 1"),
                           {"a": amount}).scalar_one()
    first = pay_with(berlin, code, pricey)
    second = pay_with(hamburg, code, pricey)
    assert first.amount_cents == second.amount_cents == amount
    assert balance_cents(berlin.sale.ctx, code) == 0
    with pytest.raises(TenderError, match="kein Guthaben"):
        pay_with(berlin, code)
    berlin.sale.void()
    berlin.sync.sync_once()
    report = hamburg.sync.sync_once()
    assert report.conflicts == 1
    with backend.engine.connect() as c:
        kind, details = c.execute(text("SELECT kind, details FROM conflict")).one()
    details = json.loads(details) if isinstance(details, str) else details
    assert kind == "voucher_overdrawn" and details["redeemed_cents"] == 2 * amount
    sync_until(berlin, lambda: balance_cents(berlin.sale.ctx, code) == -amount)  # counted once each, not lost


def test_unknown_or_malformed_voucher_is_refused_with_a_message(make_register):
    reg = make_register()
    reg.sale.add_product(3)
    with pytest.raises(VoucherError, match="kein Gutschein-Code"):
        reg.sale.pay_voucher("GS12")
    with pytest.raises(VoucherError, match="nicht bekannt"):
        reg.sale.pay_voucher("GS0000000000")
    assert reg.sale.payment.tenders == []


def _known(reg, code) -> bool:
    with reg.replica.connect() as c:
        return c.execute(text("SELECT count(*) FROM voucher WHERE code = :c"), {"c": code}).scalar_one() == 1
