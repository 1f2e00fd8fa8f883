"""Completing a sale: one transaction for the sale, its lines, tenders, stock
movements, the outbox entry and the removal of the cart.

A process killed at any moment leaves the whole sale or nothing of it;
`tests/services/test_checkout_kill.py` kills a real subprocess mid-checkout
to prove it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session

from app.core.cart import Cart
from app.core.tenders import Tender
from app.services import journal
from app.services.outbox import add_outbox, next_number
from app.store.models import CartRecord, Sale, SaleLine, SaleTender, StockMovement, utcnow
from sync.protocol import Counter, FiscalEventKind


def record_sale(
    session: Session,
    *,
    cart: Cart,
    tenders: list[Tender],
    register_id: str,
    location_id: str,
    associate_id: int,
    started_at: datetime,
) -> Sale:
    """Write the sale; the caller's transaction commits it (see app.store.db.transaction)."""
    ended_at = utcnow()
    sale_id = uuid.uuid4().hex
    change = sum(t.change_cents for t in tenders)
    sale = Sale(
        id=sale_id, receipt_no=next_number(session, Counter.RECEIPT_NO), register_id=register_id,
        location_id=location_id, associate_id=associate_id, started_at=started_at, ended_at=ended_at,
        subtotal_cents=cart.subtotal_cents, basket_discount_cents=cart.basket_discount_cents,
        total_cents=cart.total_cents, change_cents=change,
    )
    session.add(sale)
    session.flush()  # the sale row first: lines, tenders and movements refer to it
    finals = cart.final_line_totals()
    lines_payload = []
    for pos, (line, final) in enumerate(zip(cart.lines, finals), start=1):
        session.add(SaleLine(
            sale_id=sale_id, position=pos, product_id=line.product_id, sku=line.sku, name=line.name,
            gtin=line.gtin, vat_class=line.vat_class.value, unit_price_cents=line.unit_price_cents,
            quantity=line.quantity, weight_g=line.weight_g, gross_cents=line.gross_cents,
            discount_cents=line.discount_cents, total_cents=final,
        ))
        delta = -(line.weight_g or 0) if line.weighed else -line.quantity
        if cart.delivery:
            delta = 0  # shipped from another location: its stock moves with the delivery order
        movement_id = uuid.uuid4().hex
        if delta:
            session.add(StockMovement(id=movement_id, product_id=line.product_id, location_id=location_id,
                                      delta=delta, reason="sale", sale_id=sale_id, created_at=ended_at))
        lines_payload.append({"position": pos, "product_id": line.product_id, "sku": line.sku,
                              "quantity": line.quantity, "weight_g": line.weight_g,
                              "unit_price_cents": line.unit_price_cents, "vat_class": line.vat_class.value,
                              "total_cents": final, "stock_delta": delta, "movement_id": movement_id})
    for tender in tenders:
        session.add(SaleTender(sale_id=sale_id, kind=tender.kind.value, amount_cents=tender.amount_cents,
                               given_cents=tender.given_cents, change_cents=tender.change_cents,
                               reference=tender.reference, approval_code=tender.approval_code))
    add_outbox(session, op="sale.completed", entity_id=sale_id, payload={
        "sale_id": sale_id, "receipt_no": sale.receipt_no, "register_id": register_id,
        "location_id": location_id, "associate_id": associate_id,
        "started_at": started_at.isoformat(), "ended_at": ended_at.isoformat(),
        "total_cents": sale.total_cents, "lines": lines_payload,
        "tenders": [t.to_dict() for t in tenders],
        "online_cart_id": cart.online_cart_id,
        "customer_id": (cart.customer or {}).get("id"),
        "customer_card": (cart.customer or {}).get("card_no"),
    })
    journal.append(session, kind=FiscalEventKind.SALE, register_id=register_id, location_id=location_id,
                   entity_id=sale_id, at=ended_at, data={
                       "receipt_no": sale.receipt_no, "total_cents": sale.total_cents, "associate_id": associate_id,
                       "started_at": started_at.isoformat(), "lines": len(lines_payload),
                       "tenders": [{"kind": t.kind.value, "amount_cents": t.amount_cents} for t in tenders]})
    record = session.get(CartRecord, cart.cart_id)
    if record is not None:
        session.delete(record)
    return sale
