"""Pushed sales (`sale.completed`): recorded once, their stock moved, their vouchers, coupons, gift cards and
points booked.

A push's sales are applied together: one insert and one set of stock statements for all of them, with
the same outcome as one after another (a register back online sends thousands; issue 17). Anything
unusual — a sale id seen before or twice, a clash — goes one sale at a time, and a rejected sale makes
the caller apply the batch again one operation at a time (sync/server/apply.py).
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlmodel import Session

from sync.common.promotions import Channel
from sync.protocol import ConflictKind, MovementReason, Operation, SalePayload
from sync.server import loyalty
from sync.server.carts import close_bought_in_store
from sync.server.customers import customer_id_for_sale
from sync.server.models import Register
from sync.server.movements import Movement, move_stock_for_events
from sync.server.offers import issue_next_purchase_coupons
from sync.server.operations import Rejected, validated
from sync.server.promotions import record_coupon_uses
from sync.server.vouchers import redeem_vouchers, sell_gift_cards

__all__ = ["apply_sale", "apply_sales"]

_COLUMNS = "(id, register_id, store_id, receipt_no, total_cents, ended_at, payload, customer_id)"
_VALUES = " VALUES (:id, :reg, :store, :no, :total, :ended, :payload, :customer)"
_SALE = text(f"INSERT INTO sale {_COLUMNS}{_VALUES} ON CONFLICT (id) DO NOTHING")
_NEW_SALES = text(f"INSERT INTO sale {_COLUMNS}{_VALUES}")  # a clash raises, and the batch goes one by one
_KNOWN = text("SELECT id FROM sale WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
_CHUNK = 900  # ids per IN (…): under every SQLite's limit of bound parameters


def apply_sale(session: Session, register: Register, op: Operation) -> tuple[str, str]:
    return apply_sales(session, register, [op])[0]


def apply_sales(session: Session, register: Register, ops: list[Operation]) -> list[tuple[str, str]]:
    """Each sale's outcome, in order; Rejected if one of them can never be applied."""
    sales = [validated(SalePayload, op, register, "sale") for op in ops]
    conn = session.connection()
    customers = [customer_id_for_sale(conn, customer_id=sale.customer_id, card_no=sale.customer_card)
                 for sale in sales]  # by id, or by the card scanned offline: asked once per sale
    if len(sales) == 1:
        if not _record_one(session, register, ops[0], sales[0], customers[0]):
            return [("applied", "sale already recorded")]  # the same sale under another op id: once only
    else:
        ids = [sale.sale_id for sale in sales]
        if len(set(ids)) != len(ids) or any(conn.execute(_KNOWN, {"ids": ids[start:start + _CHUNK]}).first()
                                            for start in range(0, len(ids), _CHUNK)):
            return [apply_sale(session, register, op) for op in ops]
        conn.execute(_NEW_SALES, [_row(register, sale, customer) for sale, customer in zip(sales, customers)])
    flagged = [_book_tenders_and_customer(session, register, sale, customer)
               for sale, customer in zip(sales, customers)]
    # ordered for delivery (stock delta 0): the goods leave another location (order.placed)
    moves: list[list[Movement]] = [[(l.product_id, l.stock_delta, l.movement_id) for l in sale.lines if l.stock_delta]
                                   for sale in sales]
    # Sales made offline have happened: never refused for stock, but flagged for a manager,
    # one open conflict per product and store (sync/server/stock.py).
    counts = move_stock_for_events(session, location_id=register.store_id, reason=MovementReason.SALE.value,
                                   register_id=register.id, events=[
                                       (sale_moves, {"sale_id": sale.sale_id, "receipt_no": sale.receipt_no,
                                                     "at": sale.ended_at}) for sale_moves, sale in zip(moves, sales)])
    return [_outcome(after, sale_moves, flags) for after, sale_moves, flags in zip(counts, moves, flagged)]


def _row(register: Register, sale: SalePayload, customer_id: int | None) -> dict:
    return {"id": sale.sale_id, "reg": register.id, "store": register.store_id, "no": sale.receipt_no,
            "total": sale.total_cents, "ended": sale.ended_at, "payload": sale.model_dump_json(),  # as validated
            "customer": customer_id}


def _record_one(session: Session, register: Register, op: Operation, sale: SalePayload,
                customer_id: int | None) -> bool:
    """Record the sale; False if this register recorded it before, Rejected if another register did."""
    conn = session.connection()
    if conn.execute(_SALE, _row(register, sale, customer_id)).rowcount:
        return True
    owner = conn.execute(text("SELECT register_id FROM sale WHERE id = :id"), {"id": sale.sale_id}).scalar_one()
    if owner == register.id:
        return False
    raise Rejected(f"sale id {sale.sale_id} is already recorded for register {owner}", conflict={
        "kind": ConflictKind.ID_CLASH.value, "entity_id": sale.sale_id, "details": {
            "sale_id": sale.sale_id, "recorded_for": owner, "sent_by": register.id, "op_id": op.id,
            "receipt_no": sale.receipt_no, "total_cents": sale.total_cents}})


def _book_tenders_and_customer(session: Session, register: Register, sale: SalePayload,
                               customer_id: int | None) -> int:
    """Vouchers, coupons, gift cards, points and the online cart it closes; returns how many were flagged."""
    flagged = redeem_vouchers(session, sale_id=sale.sale_id, tenders=[t.model_dump() for t in sale.tenders],
                              store_id=register.store_id, register_id=register.id)
    if sale.coupons:
        flagged += record_coupon_uses(session, source_id=sale.sale_id, codes=sale.coupons, store_id=register.store_id,
                                      customer_id=customer_id, channel=Channel.STORE, register_id=register.id)
    if sale.gift_cards:
        flagged += sell_gift_cards(session, sale_id=sale.sale_id, cards=sale.gift_cards, store_id=register.store_id,
                                   register_id=register.id)
    issue_next_purchase_coupons(session, customer_id=customer_id, source_id=sale.sale_id,
                                goods_cents=sum(line.total_cents for line in sale.lines))
    if sale.loyalty:
        flagged += loyalty.book_sale(session, sale_id=sale.sale_id, customer_id=customer_id,
                                     card_no=sale.customer_card, earned=sale.loyalty.earned,
                                     redeemed=sale.loyalty.redeemed, store_id=register.store_id,
                                     register_id=register.id)
    if sale.online_cart_id:
        close_bought_in_store(session, cart_id=sale.online_cart_id, sale_id=sale.sale_id, register_id=register.id,
                              store_id=register.store_id)
    return flagged


def _outcome(after: dict[int, int], moves: list[Movement], flagged: int) -> tuple[str, str]:
    negative = [p for p, q in after.items() if q < 0 and any(d < 0 for pid, d, _ in moves if pid == p)]
    if negative:
        return "conflict", f"negative stock for {len(negative)} product(s)"
    if flagged:
        return "conflict", "voucher, coupon or points unknown or used beyond their limit"
    return "applied", ""
