"""The receipt journal: this register's last sales and returns, newest first, each loadable for a reprint."""

from app.services.receipts import load_journal_receipt, recent_receipts
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.sale_session import SaleSession
from tests.conftest import gtin_of


def sell(sale, engine, *product_ids):
    for pid in product_ids:
        sale.scan(gtin_of(engine, pid))
    sale.pay_cash(sale.remaining_cents)
    return sale.complete()


def test_sales_and_returns_newest_first(ctx, sale, engine, associate, manager):
    first = sell(sale, engine, 2, 2)
    second = sell(SaleSession(ctx, manager), engine, 7)
    refund = record_return(ctx, associate, source=find_source(ctx, first.barcode), quantities={2: 1},
                           refund_method="cash", reason="dislike")

    entries = recent_receipts(ctx)
    assert [(e.kind, e.receipt_no) for e in entries] == [("return", 3), ("sale", 2), ("sale", 1)]
    ret, two, one = entries
    assert (one.total_cents, one.associate) == (first.total_cents, "Lena Schmidt")
    assert (two.total_cents, two.associate) == (second.total_cents, "Jonas Weber")
    assert ret.total_cents == -refund.refund_cents < 0 and ret.associate == "Lena Schmidt"
    assert one.at <= two.at <= ret.at and one.at.tzinfo is not None

    assert load_journal_receipt(ctx, entry=one) == first  # the reprint is the receipt as it was
    reprinted = load_journal_receipt(ctx, entry=ret)
    assert (reprinted.kind, reprinted.receipt_no, reprinted.total_cents) == ("return", 3, -refund.refund_cents)
    assert [e.receipt_no for e in recent_receipts(ctx, limit=2)] == [3, 2]


def test_empty_register_has_an_empty_journal(ctx):
    assert recent_receipts(ctx) == []
