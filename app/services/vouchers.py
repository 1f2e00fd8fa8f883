"""Store-credit vouchers at the register: what is left on one, from the replica plus this register's own use.

Balance = amount − redemptions the backend knows − this register's redemptions
the backend does not count yet (by sale id, so nothing is counted twice or
missed between push and pull). A voucher issued here and not yet back from the
backend counts too. Offline, two stores can together overdraw a voucher; the
backend flags that.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session

from app.core import clock
from app.services.context import RegisterContext
from sync.client.engine import LAST_PULL_KEY
from sync.client.http import BackendRejected, BackendUnavailable, BadResponse
from sync.common.messages import translate

VOUCHER_CODE = re.compile(r"^G[SK]\d{10}$")  # GS: store credit of a return; GK: a gift card sold (issue 14 §3)
GIFT_CARD_MIN_CENTS, GIFT_CARD_MAX_CENTS = 500, 50_000


def new_gift_card_code() -> str:
    return "GK" + "".join(secrets.choice("0123456789") for _ in range(10))


class VoucherError(ValueError):
    """The message is for the associate."""


def balance_cents(ctx: RegisterContext, code: str) -> int:
    return _balance(ctx, code)[0]


#: A register that has not heard from the backend for this long is offline: a gift card spends at most the
#: store's `gift_card_offline_limit_cents` here until it has (its balance may have been spent online meanwhile).
OFFLINE_AFTER = timedelta(minutes=5)


def redeemable_cents(ctx: RegisterContext, code: str) -> tuple[int, bool]:
    """What a voucher or gift card may pay now, and whether that is the offline limit rather than its balance."""
    balance, uncounted = _balance(ctx, code)
    if not code.strip().upper().startswith("GK") or not _offline(ctx):
        return balance, False
    allowed = max(0, ctx.settings.gift_card_offline_limit_cents - uncounted)  # this register's own, since then
    return (allowed, True) if allowed < balance else (balance, False)


def _offline(ctx: RegisterContext) -> bool:
    with ctx.engine.connect() as c:
        pulled = c.exec_driver_sql("SELECT value FROM setting WHERE key = ?", (LAST_PULL_KEY,)).scalar()
    return pulled is None or clock.now() - datetime.fromisoformat(pulled) > OFFLINE_AFTER


def _balance(ctx: RegisterContext, code: str) -> tuple[int, int]:
    """The balance, and what this register redeemed of it that the backend has not counted yet."""
    code = code.strip().upper()
    if not VOUCHER_CODE.match(code):
        raise VoucherError(translate("vouchers", "Das ist kein Gutschein-Code (GS oder GK und 10 Ziffern)"))
    with Session(ctx.engine) as s:
        c = s.connection()
        row = c.exec_driver_sql("SELECT amount_cents, redeemed_cents, sale_ids, held FROM voucher WHERE code = ?",
                                (code,)).first()
        if row is not None and row[3]:
            raise VoucherError(translate("vouchers", "Gutschein {code} ist gesperrt: die Erstattung, mit der er "
                                                     "ausgegeben wurde, lag über dem Bezahlten und wird von der "
                                                     "Marktleitung geprüft").format(code=code))
        if row is None:  # issued here (a return's store credit, a gift card sold), not yet back from the backend?
            issued = c.exec_driver_sql("SELECT refund_cents FROM returnrecord"
                                       " WHERE json_extract(data, '$.voucher_code') = ?", (code,)).scalar()
            if issued is None:
                issued = c.exec_driver_sql(
                    "SELECT json_extract(g.value, '$.amount_cents') FROM outboxentry o, json_each(o.payload,"
                    " '$.gift_cards') g WHERE o.op = 'sale.completed' AND json_extract(g.value, '$.code') = ?",
                    (code,)).scalar()
            if issued is None:
                raise VoucherError(translate("vouchers", "Gutschein {code} ist nicht bekannt").format(code=code))
            row = (issued, 0, "[]", False)
        amount, redeemed, counted, _ = row
        uncounted = c.exec_driver_sql(
            "SELECT COALESCE(SUM(amount_cents), 0) FROM saletender WHERE kind = 'voucher' AND reference = ?"
            " AND sale_id NOT IN (SELECT value FROM json_each(?))", (code, counted or "[]")).scalar_one()
    return amount - redeemed - uncounted, uncounted


def describe(ctx: RegisterContext, code: str, client=None) -> tuple[int, list[dict] | None]:
    """A gift card's or voucher's balance and history for the customer who asks: from the backend (`client`, on
    the network executor), or, offline, the balance this register knows and no history (None)."""
    code = code.strip().upper()
    balance = balance_cents(ctx, code)  # refuses a malformed, unknown or held code first
    if client is None:
        return balance, None
    try:
        data = client.voucher(code)
    except (BackendUnavailable, BackendRejected, BadResponse):
        return balance, None
    return min(balance, int(data["balance_cents"])), list(data["history"])
