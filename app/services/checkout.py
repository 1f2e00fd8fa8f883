"""Completing a sale: the TSE signs it, then one transaction writes the sale, its lines, tenders, stock
movements, its TSE data, the journal entry, the outbox entry and the removal of the cart.

A process killed at any moment leaves the whole sale or nothing of it;
`tests/services/test_checkout_kill.py` kills a real subprocess mid-checkout
to prove it. Killed after the TSE finished but before the commit, the cart is still there with its
payment and the transaction is marked `finishing`: `finish_interrupted` at the next start asks the
device again (the same data answers the same signature) and records the sale once.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Session, select

import logging

from app.core.cart import Cart
from app.core.fiscal import sale_process_data
from app.core.tenders import Tender
from app.services import delivery, journal, pickup
from app.services.auth import AssociateSession, Role, refuse_trainee
from app.services.context import RegisterContext
from app.services.outbox import add_outbox, next_number
from app.services.signing import SignResult
from app.store.db import transaction
from app.store.models import (Associate, CardRefund, CartRecord, Sale, SaleCoupon, SaleLine, SaleTender, StockMovement,
                              utcnow)
from sync.common.loyalty import points_for
from sync.common.messages import translate
from sync.protocol import Counter, FiscalEventKind

log = logging.getLogger(__name__)


def complete_cart(ctx: RegisterContext, *, cart: Cart, tenders: list[Tender], associate: AssociateSession,
                  started_at: datetime, training: bool = False) -> Sale:
    """Sign the paid cart at the TSE (or record that it could not be signed) and write the sale."""
    if not training:
        refuse_trainee(associate, translate("checkout", "Verkauf außerhalb des Schulungsmodus"))
    items = [(line.vat_class, final) for line, final in zip(cart.lines, cart.final_line_totals())]
    process_data = sale_process_data(items, tenders, training=training, gift_card_cents=cart.gift_card_cents)
    signing = ctx.signing
    signed = signing.finish(signing.prepare_finish(kind="sale", cart_id=cart.cart_id, process_data=process_data))
    with transaction(ctx.engine) as s:
        sale = record_sale(s, cart=cart, tenders=tenders, register_id=ctx.register_id, location_id=ctx.store.id,
                           associate_id=associate.associate_id, started_at=started_at, signing=signed,
                           ctx=ctx, training=training)
        if cart.delivery:  # ordered for delivery: becomes an online order on the backend
            delivery.write_delivery_order(s, ctx, cart, sale_id=sale.id)
        if cart.pickup:  # an unpaid click & collect order, paid now: handed out with the sale
            lines = pickup.paid_lines(cart)
            if lines:
                pickup.write_collection(s, ctx, associate, order_id=cart.pickup["order_id"], lines=lines,
                                        sale_id=sale.id)
    return sale


def finish_interrupted(ctx: RegisterContext) -> list[str]:
    """After a crash in checkout: complete the sales whose TSE finish was prepared but never recorded.
    The cart still holds the payment; finishing again with the same data answers the same signature, so
    nothing is signed twice. Returns the ids of the sales recorded."""
    done = []
    for row in ctx.signing.interrupted():
        with Session(ctx.engine) as s:
            record = s.get(CartRecord, row.cart_id) if row.cart_id else None
            who = s.get(Associate, record.associate_id) if record and record.associate_id else None
            refund_pending = row.kind == "return" and s.exec(select(CardRefund).where(
                CardRefund.reference == row.receipt_id, CardRefund.status == "pending")).first() is not None
        if refund_pending:  # the card refund's recovery commits this return again and finds its transaction
            continue
        if record is None:
            log.error("TSE transaction %s (%s) was being finished, but its %s is gone", row.id, row.kind,
                      "cart" if row.kind == "sale" else "return")
            # stays German: stored with the TSE transaction and in the journal
            ctx.signing.end_without_receipt(row, "Beleg nach Neustart nicht mehr vorhanden")
            continue
        try:
            cart = Cart.from_dict(record.data["cart"])
            tenders = [Tender.from_dict(t) for t in record.data.get("tenders", [])]
            associate = (AssociateSession(who.id, who.name, Role(who.role)) if who
                         else AssociateSession(0, "", Role.ASSOCIATE))
            sale = complete_cart(ctx, cart=cart, tenders=tenders, associate=associate, started_at=record.created_at,
                                 training=bool(record.data.get("training")))
        except Exception:  # the counter starts anyway; the cart stays, blocked as signed, for IT to look at
            log.exception("interrupted sale of cart %s could not be completed", row.cart_id)
            continue
        log.warning("sale %s (receipt %s) completed after a restart", sale.id, sale.receipt_no)
        done.append(sale.id)
    return done


def record_sale(
    session: Session,
    *,
    cart: Cart,
    tenders: list[Tender],
    register_id: str,
    location_id: str,
    associate_id: int,
    started_at: datetime,
    signing: SignResult | None = None,
    ctx: RegisterContext | None = None,
    training: bool = False,
) -> Sale:
    """Write the sale; the caller's transaction commits it (see app.store.db.transaction)."""
    ended_at = utcnow()
    sale_id = uuid.uuid4().hex
    change = sum(t.change_cents for t in tenders)
    points = loyalty_of(cart, training)
    sale = Sale(
        id=sale_id, receipt_no=next_number(session, Counter.RECEIPT_NO), register_id=register_id,
        location_id=location_id, associate_id=associate_id, started_at=started_at, ended_at=ended_at,
        subtotal_cents=cart.subtotal_cents, basket_discount_cents=cart.basket_discount_cents,
        total_cents=cart.total_cents, change_cents=change, training=training, origin=sale_origin(cart),
        points_earned=points and points["earned"], points_redeemed=points and points["redeemed"],
        points_balance=points and points["balance"], gift_cards=list(cart.gift_cards),
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
            discount_cents=line.discount_cents, total_cents=final, offers=[list(o) for o in line.offers],
        ))
        delta = -(line.weight_g or 0) if line.weighed else -line.quantity
        if cart.delivery or training:
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
    tse = ctx.signing.record(session, signing, receipt_id=sale_id) if ctx is not None and signing else {}
    # The journal entry is the receipt as it was made: everything a DSFinV-K export needs of it (lines,
    # discounts, tenders with change, its TSE data), tamper-evident.
    receipt = {"receipt_no": sale.receipt_no, "total_cents": sale.total_cents, "subtotal_cents": sale.subtotal_cents,
               "basket_discount_cents": sale.basket_discount_cents, "change_cents": change,
               "associate_id": associate_id, "started_at": started_at.isoformat(), "origin": sale.origin,
               "customer_id": (cart.customer or {}).get("id"), "coupons": [c["code"] for c in used_coupons(cart)],
               "loyalty": points, "gift_cards": cart.gift_cards,
               "lines": [{"position": pos, "product_id": line.product_id, "sku": line.sku, "name": line.name,
                          "gtin": line.gtin, "quantity": line.quantity, "weight_g": line.weight_g,
                          "unit_price_cents": line.unit_price_cents, "gross_cents": line.gross_cents,
                          "discount_cents": line.discount_cents, "total_cents": final,
                          "vat_class": line.vat_class.value, "offers": [list(o) for o in line.offers]}
                         for pos, (line, final) in enumerate(zip(cart.lines, finals), start=1)],
               "tenders": [{"kind": t.kind.value, "amount_cents": t.amount_cents, "given_cents": t.given_cents,
                            "change_cents": t.change_cents, "reference": t.reference} for t in tenders],
               "tse": tse}
    if training:  # no money, no goods: only the journal knows it
        journal.append(session, kind=FiscalEventKind.TRAINING, register_id=register_id, location_id=location_id,
                       entity_id=sale_id, at=ended_at, data=receipt)
        _drop_cart(session, cart)
        return sale
    add_outbox(session, op="sale.completed", entity_id=sale_id, payload={
        "sale_id": sale_id, "receipt_no": sale.receipt_no, "register_id": register_id,
        "location_id": location_id, "associate_id": associate_id,
        "started_at": started_at.isoformat(), "ended_at": ended_at.isoformat(),
        "total_cents": sale.total_cents, "lines": lines_payload,
        "tenders": [t.to_dict() for t in tenders],
        "online_cart_id": cart.online_cart_id,
        "customer_id": (cart.customer or {}).get("id"),
        "customer_card": (cart.customer or {}).get("card_no"),
        "coupons": [c["code"] for c in used_coupons(cart)],
        "loyalty": points and {"earned": points["earned"], "redeemed": points["redeemed"]},
        "gift_cards": cart.gift_cards,
    })
    for coupon in used_coupons(cart):
        session.add(SaleCoupon(sale_id=sale_id, code=coupon["code"], customer_id=(cart.customer or {}).get("id")))
    journal.append(session, kind=FiscalEventKind.SALE, register_id=register_id, location_id=location_id,
                   entity_id=sale_id, at=ended_at, data=receipt)
    _drop_cart(session, cart)
    return sale


def used_coupons(cart: Cart) -> list[dict]:
    """The coupons whose offer applied: one entered but not used (the basket below its threshold) stays unused."""
    applied = {o.promotion_id for line in cart.lines for o in line.offers}
    return [c for c in cart.coupons if c["promotion_id"] in applied]


def loyalty_of(cart: Cart, training: bool) -> dict | None:
    """The attached customer's points for this sale: earned on what is paid, spent as a discount, and the
    balance after it as far as the register knows (the lookup's balance; None when it was offline)."""
    if not cart.customer or training:
        return None
    earned, redeemed = points_for(cart.goods_total_cents), cart.loyalty_points
    known = cart.customer.get("points")
    return {"earned": earned, "redeemed": redeemed,
            "balance": None if known is None else int(known) - redeemed + earned}


def sale_origin(cart: Cart) -> str:
    """Where the sale came from, for the day's figures: a handed-over online cart, a click & collect order
    paid at the counter, an order for delivery, or the store itself."""
    if cart.online_cart_id:
        return "handover"
    if cart.pickup:
        return "pickup"
    return "delivery" if cart.delivery else "store"


def _drop_cart(session: Session, cart: Cart) -> None:
    record = session.get(CartRecord, cart.cart_id)
    if record is not None:
        session.delete(record)
