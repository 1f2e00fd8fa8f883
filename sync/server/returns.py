"""Returns: recorded exactly once; the returnable quantity is sold minus returned in every channel.

A return made offline has already happened (the money left the drawer), so it
is never refused for quantity. Where two registers together take back more than
was sold, the excess is recorded as an `over_refund` conflict with the evidence.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ConflictKind, MovementReason, Operation, ReturnPayload
from sync.server.loyalty import book_return
from sync.server.conflicts import raise_conflict
from sync.server.customers import customer_id_for_sale
from sync.server.db import lock_row
from sync.server.models import Register
from sync.server.operations import Rejected, validated
from sync.server.order_feed import record_order
from sync.server.orders import returned_quantities, sold_quantities
from sync.server.refunds import check_refund
from sync.server.vouchers import issue_voucher


def apply_return(session: Session, register: Register, op: Operation, move_stock) -> tuple[str, str]:
    ret = validated(ReturnPayload, op, register, "return")
    conn = session.connection()
    lock_row(session, "onlineorder" if ret.source == "order" else "sale", ret.source_id)
    sold = sold_quantities(conn, ret.source, ret.source_id)
    if sold is None:
        raise Rejected(f"{ret.source} {ret.source_id} is unknown to the backend")
    if not conn.execute(text("INSERT INTO returnrecord (id, source, source_id, register_id, store_id, refund_cents,"
                             " refund_method, refund_status, voucher_code, customer_id, receipt_no, at) VALUES (:id,"
                             " :src, :sid, :reg, :store, :refund, :method, :status, :voucher, :customer, :no, :at)"
                             " ON CONFLICT (id) DO NOTHING"),
                        {"id": ret.return_id, "src": ret.source, "sid": ret.source_id, "reg": register.id,
                         "store": register.store_id, "refund": ret.refund_cents, "method": ret.refund_method,
                         "status": "requested" if ret.refund_method == "online" else "done", "no": ret.receipt_no,
                         "voucher": ret.voucher_code, "at": ret.at,
                         "customer": customer_id_for_sale(conn, customer_id=ret.customer_id,
                                                          card_no=ret.customer_card)}).rowcount:
        return "applied", "return already recorded"
    if ret.voucher_code:
        issue_voucher(session, code=ret.voucher_code, amount_cents=ret.refund_cents, store_id=register.store_id,
                      return_id=ret.return_id)
    before = returned_quantities(conn, ret.source_id)
    per_product: dict[int, list[int]] = {}  # quantity, refund: one product may come on two lines
    for line in ret.lines:
        sums = per_product.setdefault(line.product_id, [0, 0])
        sums[0] += line.quantity
        sums[1] += line.refund_cents
        if line.resellable:
            move_stock(session, location_id=register.store_id, product_id=line.product_id, delta=line.quantity,
                       reason=MovementReason.RETURN.value, movement_id=line.movement_id, register_id=register.id)
    conn.execute(text("INSERT INTO returnline (return_id, product_id, source_id, quantity, refund_cents)"
                      " VALUES (:r, :p, :s, :q, :c)"), [{"r": ret.return_id, "p": p, "s": ret.source_id, "q": q, "c": c}
                                                       for p, (q, c) in per_product.items()])
    over = []
    for product_id, (quantity, _) in per_product.items():
        total = before.get(product_id, 0) + quantity
        if total > sold.get(product_id, 0):
            over.append((product_id, total))
    over_conflicts = []
    for product_id, total in over:
        previous = conn.execute(text(
            "SELECT r.id, r.register_id, r.store_id, r.at, l.quantity, l.refund_cents FROM returnline l"
            " JOIN returnrecord r ON r.id = l.return_id WHERE l.source_id = :s AND l.product_id = :p"
            " ORDER BY r.at"), {"s": ret.source_id, "p": product_id}).all()
        over_conflicts.append(raise_conflict(session, kind=ConflictKind.OVER_REFUND.value, store_id=register.store_id,
                                             entity_id=ret.source_id, details={
            "source": ret.source, "source_id": ret.source_id, "product_id": product_id,
            "sold": sold.get(product_id, 0), "returned": total, "excess": total - sold.get(product_id, 0),
            "return_id": ret.return_id, "voucher_code": ret.voucher_code,
            "returns": [{"return_id": r[0], "register_id": r[1], "store_id": r[2], "at": r[3], "quantity": r[4],
                         "refund_cents": r[5]} for r in previous]}))
    book_return(session, return_id=ret.return_id, source=ret.source, source_id=ret.source_id,
                refund_cents=ret.refund_cents, store_id=register.store_id)  # the points it had earned, taken back
    above_paid = check_refund(session, register, ret, {p: before.get(p, 0) + q for p, (q, _) in per_product.items()},
                              over={p: c.id for (p, _), c in zip(over, over_conflicts)})
    if ret.source == "order":  # every register sees what is still returnable
        record_order(session, ret.source_id)
    if over:
        return "conflict", f"over-refund for {len(over)} product(s)"
    return ("conflict", "refund above what was paid") if above_paid else ("applied", "")
