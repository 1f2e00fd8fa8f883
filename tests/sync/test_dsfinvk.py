"""DSFinV-K export (sync/server/dsfinvk): a day at a real register — the float, cash and card sales, a return
refunded as store credit and that voucher redeemed, a void, cash moved, a training receipt, a receipt made
while the TSE was out, the Z closing — synced to a real backend (SQLite and PostgreSQL) and exported.

The export must pass the `dsfinvk` package's validator against the official index.xml, and add up: each
closing's totals are the sums of its receipts of type Beleg, per VAT key and per payment type; the TSE
process data rebuilt from transactions_vat.csv and datapayment.csv is what the TSE signed."""

from __future__ import annotations

import contextlib
import csv
import io
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.cart import Discount
from app.core.cash import DENOMINATIONS, CashCount, CashMovementKind
from app.services.day_closing import close_day
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.till import current_till, expected_cash, move_cash, open_till
from sync.server.dsfinvk import ExportError, export_dsfinvk
from sync.server.dsfinvk.rows import FILES
from sync.server.dsfinvk.spec import SPEC_FILES, spec_path, tables
from tests.conftest import gtin_of

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "dsfinvk"
MANAGER_PIN = "987654"

#: Findings the export reports today because the registers' journal lacks the data (see the module docs of
#: sync/server/dsfinvk/receipts.py and closing.py): the TSE certificate, the number of an aborted receipt.
KNOWN_GAPS = ("TSE_ZERTIFIKAT_I", "Zertifikat", "BON_NR")


# -- the day at the register ------------------------------------------------------------------------------

def _products(reg) -> dict[str, list[int]]:
    with reg.replica.connect() as c:
        rows = c.execute(text("SELECT id, vat_class FROM product WHERE NOT weighed AND active AND gross_price_cents"
                              " BETWEEN 150 AND 2000 ORDER BY id")).all()
    by_class = defaultdict(list)
    for pid, vat_class in rows:
        by_class[vat_class].append(pid)
    return by_class


def _count(cents: int) -> CashCount:
    """The drawer counted: `cents` in the fewest pieces."""
    pieces = {}
    for denomination in sorted(DENOMINATIONS, reverse=True):
        pieces[denomination], cents = divmod(cents, denomination)
    return CashCount({d: n for d, n in pieces.items() if n})


def _sell(reg, *product_ids: int, pay: str = "cash"):
    sale = reg.sale
    for pid in product_ids:
        sale.scan(gtin_of(reg.replica, pid))
    if pay == "card":
        assert sale.pay_card(sale.remaining_cents) == "approved"
    else:
        sale.pay_cash(sale.remaining_cents + 1_000)  # change given back
    return sale.complete()


def a_day(reg) -> dict:
    """Everything a day brings, then the Z closing; returns what the checks need to know."""
    ctx, lena, sale = reg.sale.ctx, reg.sale.associate, reg.sale
    a, b = _products(reg)["A"], _products(reg)["B"]
    open_till(ctx, lena, float_count=_count(15_000))  # Anfangsbestand
    first = _sell(reg, a[0], b[0], a[1])  # cash, 19 % and 7 %
    sale.scan(gtin_of(reg.replica, a[2]))
    sale.scan(gtin_of(reg.replica, b[1]))
    sale.set_line_discount(sale.cart.lines[0].line_id, Discount("percent", 500))  # 5 %: no approval
    assert sale.pay_card(sale.remaining_cents) == "approved"
    sale.complete()
    returned = record_return(ctx, lena, source=find_source(ctx, first.barcode), quantities={a[0]: 1},
                             refund_method="voucher")
    code = returned.data["voucher_code"]
    sale.scan(gtin_of(reg.replica, a[3]))
    sale.scan(gtin_of(reg.replica, a[3]))
    sale.pay_voucher(code)  # the whole credit ...
    sale.pay_cash(sale.remaining_cents)  # ... and the rest in cash
    sale.complete()
    second = _sell(reg, b[2])
    record_return(ctx, lena, source=find_source(ctx, second.barcode), quantities={b[2]: 1}, refund_method="cash")
    sale.scan(gtin_of(reg.replica, a[4]))
    ctx.signing.drain()  # its transaction started: the void is signed as AVBelegabbruch
    sale.void()
    move_cash(ctx, lena, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000, note="Tresor")
    move_cash(ctx, lena, kind=CashMovementKind.PAY_IN, amount_cents=2_000)
    sale.set_training(True, approver_pin=MANAGER_PIN)
    _sell(reg, a[5])
    sale.set_training(False, approver_pin=MANAGER_PIN)
    ctx.tse.go_offline()
    sale.scan(gtin_of(reg.replica, b[3]))
    ctx.signing.drain()  # the start failed: the outage began
    sale.pay_cash(sale.remaining_cents)
    unsigned = sale.complete()
    assert not unsigned.fiscal.signed
    ctx.tse.go_online()
    assert ctx.signing.probe()
    expected = expected_cash(ctx, current_till(ctx, lena))
    closing = close_day(ctx, lena, counted=_count(expected - 50), approver_pin=MANAGER_PIN)  # 50 ct short
    assert reg.sync.sync_once().rejected == 0
    return {"z_no": closing.z_no, "first": first, "unsigned": unsigned, "voucher": code, "return": returned}

