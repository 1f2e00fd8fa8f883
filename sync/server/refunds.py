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
        rows = conn.execute(text("SELECT product_id, sum(quantity), sum(quantity * unit_price_cents - offer_cents)"
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


def check_refund(session: Session, register: Register, ret: ReturnPayload, returned: dict[int, int], *,
                 over: dict[int, int]) -> bool:
    """Check a return's refund against what was paid (with every earlier return of the source): per
    product at most its paid amount for the quantity returned so far (pro rata, rounded up to the cent; a
    product not on the sale: nothing), and the refund as a whole at most its lines. `returned`: quantities
    returned so far, this return included; `over`: products already flagged as taken back more often than
    sold, with their `over_refund` conflict (which lists every return with its refund: no second conflict
    for one event). Above what was paid, the refund is held (a voucher cannot be redeemed, an online refund
    is not paid out) until a manager answers the conflict. Returns True if held."""
    conn = session.connection()
    paid = paid_per_product(conn, ret.source, ret.source_id)
    before = refunded_before(conn, ret.source_id, ret.return_id)
    this: dict[int, int] = {}
    for line in ret.lines:
        this[line.product_id] = this.get(line.product_id, 0) + line.refund_cents
    excess = []
    for product_id, cents in this.items():
        sold, paid_cents = paid.get(product_id, (0, 0))
        back = min(returned.get(product_id, 0), sold)
        allowed = -(-paid_cents * back // sold) if sold else 0
        refunded = before.get(product_id, 0) + cents
        if refunded > allowed:
            excess.append({"product_id": product_id, "paid_cents": paid_cents, "sold": sold, "returned": back,
                           "allowed_cents": allowed, "refunded_cents": refunded, "this_return_cents": cents})
    lines_cents = sum(this.values())
    unexplained = [e for e in excess if e["product_id"] not in over]
    if not excess and ret.refund_cents <= lines_cents:
        return False
    if unexplained or ret.refund_cents > lines_cents:
        conflict_id = raise_conflict(session, kind=ConflictKind.REFUND_ABOVE_PAID.value, store_id=register.store_id,
                                     entity_id=ret.return_id, details={
            "return_id": ret.return_id, "source": ret.source, "source_id": ret.source_id,
            "register_id": register.id, "receipt_no": ret.receipt_no, "refund_cents": ret.refund_cents,
            "lines_cents": lines_cents, "refund_method": ret.refund_method, "voucher_code": ret.voucher_code,
            "products": excess, "held": ret.refund_method in HELD_METHODS}).id
    else:  # only products taken back more often than sold: their conflict explains it
        conflict_id = over[excess[0]["product_id"]]
    hold_refund(session, ret, conflict_id)
    return True


HELD_METHODS = ("voucher", "online")  # money that has not left yet; cash and card refunds have


def hold_refund(session: Session, ret: ReturnPayload, conflict_id: int) -> None:
    if ret.refund_method not in HELD_METHODS:
        return
    conn = session.connection()
    conn.execute(text("INSERT INTO refundhold (return_id, voucher_code, conflict_id) VALUES (:r, :v, :k)"
                      " ON CONFLICT (return_id) DO NOTHING"), {"r": ret.return_id, "v": ret.voucher_code,
                                                              "k": conflict_id})
    if ret.voucher_code:
        record_change(session, kind="voucher", key=ret.voucher_code, data=voucher_data(conn, ret.voucher_code))
    else:  # an online refund: the shop does not pay it out meanwhile (GET /v1/shop/refunds)
        conn.execute(text("UPDATE returnrecord SET refund_status = 'held' WHERE id = :r AND refund_status"
                          " = 'requested'"), {"r": ret.return_id})


def release_holds(session: Session, conflict: Conflict, *, by: str) -> list[str]:
    """A manager answered a conflict: the refunds held on it go out (a voucher can be redeemed, the shop
    pays an online refund). Returns the return ids released."""
    conn = session.connection()
    rows = conn.execute(text("SELECT return_id, voucher_code FROM refundhold WHERE conflict_id = :k"
                             " AND released_at IS NULL"), {"k": conflict.id}).all()
    if not rows:
        return []
    conn.execute(text("UPDATE refundhold SET released_by = :by, released_at = :at WHERE conflict_id = :k"
                      " AND released_at IS NULL"), {"by": by, "at": utcnow(), "k": conflict.id})
    for return_id, code in rows:
        if code:
            record_change(session, kind="voucher", key=code, data=voucher_data(conn, code))
        else:
            conn.execute(text("UPDATE returnrecord SET refund_status = 'requested' WHERE id = :r"
                              " AND refund_status = 'held'"), {"r": return_id})
    return [r[0] for r in rows]
