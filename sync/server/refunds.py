"""Refunds are checked against what was paid: the backend never trusts a register's refund amounts.

A return made offline has already happened (the money may have left the drawer), so a refund above
what was paid for the returned goods is applied and flagged as a `refund_above_paid` conflict; a
voucher it issued is held, not redeemable anywhere, until a manager releases it by acknowledging or
resolving that conflict.
"""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ConflictKind, ReturnPayload
from sync.server.conflicts import raise_conflict
from sync.server.db import record_change
from sync.server.models import Conflict, Register, utcnow
from sync.server.vouchers import voucher_data


def paid_per_product(conn, source: str, source_id: str) -> dict[int, tuple[int, int]]:
    """(quantity, cents paid) per product of the order or the store sale."""
    if source == "order":
        rows = conn.execute(text("SELECT product_id, sum(quantity), sum(quantity * unit_price_cents)"
                                 " FROM onlineorderline WHERE order_id = :o GROUP BY product_id"), {"o": source_id})
        return {p: (int(q), int(c)) for p, q, c in rows}
    payload = conn.execute(text("SELECT payload FROM sale WHERE id = :s"), {"s": source_id}).scalar()
    paid: dict[int, tuple[int, int]] = {}
    for line in (json.loads(payload) if isinstance(payload, str) else payload or {"lines": []})["lines"]:
        q, c = paid.get(line["product_id"], (0, 0))
        paid[line["product_id"]] = (q + line["quantity"], c + line["total_cents"])
    return paid


def refunded_before(conn, source_id: str, return_id: str) -> dict[int, int]:
    return {p: int(c) for p, c in conn.execute(text(
        "SELECT product_id, sum(refund_cents) FROM returnline WHERE source_id = :s AND return_id <> :r"
        " GROUP BY product_id"), {"s": source_id, "r": return_id})}


def check_refund(session: Session, register: Register, ret: ReturnPayload, returned: dict[int, int],
                 over_returned: set[int] = frozenset()) -> bool:
    """Flag a refund above what was paid (this return's lines, with every earlier return of the source):
    per product at most its paid amount for the quantity returned so far (rounded up to the cent), and the
    refund as a whole at most its lines. `returned`: quantities returned so far, this return included;
    `over_returned`: products already flagged as taken back more often than sold (`over_refund`, which
    lists every return with its refund: one conflict for one event). Returns True if flagged (and a
    voucher it issued is held)."""
    conn = session.connection()
    paid = paid_per_product(conn, ret.source, ret.source_id)
    before = refunded_before(conn, ret.source_id, ret.return_id)
    this: dict[int, int] = {}
    for line in ret.lines:
        this[line.product_id] = this.get(line.product_id, 0) + line.refund_cents
    excess = []
    for product_id, cents in this.items():
        if product_id in over_returned:
            continue
        sold, paid_cents = paid.get(product_id, (0, 0))
        back = min(returned.get(product_id, 0), sold)
        allowed = -(-paid_cents * back // sold) if sold else 0
        refunded = before.get(product_id, 0) + cents
        if refunded > allowed:
            excess.append({"product_id": product_id, "paid_cents": paid_cents, "sold": sold, "returned": back,
                           "allowed_cents": allowed, "refunded_cents": refunded})
    lines_cents = sum(this.values())
    if not excess and ret.refund_cents <= lines_cents:
        return False
    conflict = raise_conflict(session, kind=ConflictKind.REFUND_ABOVE_PAID.value, store_id=register.store_id,
                              entity_id=ret.return_id, details={
        "return_id": ret.return_id, "source": ret.source, "source_id": ret.source_id, "register_id": register.id,
        "receipt_no": ret.receipt_no, "refund_cents": ret.refund_cents, "lines_cents": lines_cents,
        "refund_method": ret.refund_method, "voucher_code": ret.voucher_code, "products": excess,
        "voucher_held": ret.voucher_code is not None})
    if ret.voucher_code:
        conn.execute(text("INSERT INTO voucherhold (code, return_id, conflict_id) VALUES (:c, :r, :k)"
                          " ON CONFLICT (code) DO NOTHING"), {"c": ret.voucher_code, "r": ret.return_id,
                                                               "k": conflict.id})
        record_change(session, kind="voucher", key=ret.voucher_code, data=voucher_data(conn, ret.voucher_code))
    return True


def release_held_voucher(session: Session, conflict: Conflict, *, by: str) -> str | None:
    """A manager answered a `refund_above_paid` conflict: its voucher can be redeemed again. Returns the code."""
    if conflict.kind != ConflictKind.REFUND_ABOVE_PAID.value or not (conflict.details or {}).get("voucher_code"):
        return None
    code = conflict.details["voucher_code"]
    conn = session.connection()
    conn.execute(text("UPDATE voucherhold SET released_by = :by, released_at = :at WHERE code = :c"
                      " AND released_at IS NULL"), {"by": by, "at": utcnow(), "c": code})
    if conn.execute(text("SELECT 1 FROM voucher WHERE code = :c"), {"c": code}).first():
        record_change(session, kind="voucher", key=code, data=voucher_data(conn, code))
    return code
