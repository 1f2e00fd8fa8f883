"""The X report: the figures of an open drawer's day, taken at any time from what the register recorded (issue
12). The Z closing will take the same figures and close the day with them.

Sales and returns of the drawer since it opened (a drawer per associate: that associate's), per tender, per
VAT rate and per origin; discounts, voids, cash movements, and the cash that should be in the drawer.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from app.core import clock
from app.core.day_report import DayFigures, as_local
from app.core.vat import VatClass, receipts_vat
from app.services.context import RegisterContext
from app.services.auth import ApprovalNeeded, AssociateSession
from app.services.till import expected_cash, open_till_of
from app.store.models import Associate, AuditEvent, CashMovement, ReturnRecord, Sale, SaleLine, SaleTender, TillSession
from sync.common.messages import translate

__all__ = ["XReportApprovalNeeded", "x_report", "x_report_for"]


class XReportApprovalNeeded(ApprovalNeeded):
    """The X report shows the cash that should be in the drawer: for a manager, since associates count blind."""


def x_report_for(ctx: RegisterContext, associate: AssociateSession, *, approver_pin: str | None = None) -> DayFigures:
    """The X report of the associate's open drawer, for a manager (or with a manager's PIN; recorded)."""
    till = open_till_of(ctx, associate)
    ctx.auth.approve(associate, pin=approver_pin, action="x_report", till_id=till.id, refused=XReportApprovalNeeded(
        translate("report", "Den X-Bericht mit dem Soll-Bestand sieht eine Marktleitung (die Kasse wird blind "
                            "gezählt). Bitte Marktleiter-PIN eingeben.")))
    return x_report(ctx, till)


def x_report(ctx: RegisterContext, till: TillSession, *, now: datetime | None = None) -> DayFigures:
    with Session(ctx.engine) as s:
        sales_q = select(Sale).where(Sale.register_id == till.register_id, Sale.ended_at >= till.opened_at)
        returns_q = select(ReturnRecord).where(ReturnRecord.created_at >= till.opened_at)
        voids_q = select(AuditEvent).where(AuditEvent.kind == "void", AuditEvent.at >= till.opened_at)
        if till.closed_at is not None:  # a closed drawer's figures end with its closing
            sales_q = sales_q.where(Sale.ended_at <= till.closed_at)
            returns_q = returns_q.where(ReturnRecord.created_at <= till.closed_at)
            voids_q = voids_q.where(AuditEvent.at <= till.closed_at)
        if till.associate_id is not None:
            sales_q = sales_q.where(Sale.associate_id == till.associate_id)
            returns_q = returns_q.where(ReturnRecord.associate_id == till.associate_id)
            voids_q = voids_q.where(AuditEvent.associate_id == till.associate_id)
        all_sales = s.exec(sales_q).all()
        sales = [x for x in all_sales if not x.training]
        ids = [x.id for x in sales]
        lines = s.exec(select(SaleLine).where(SaleLine.sale_id.in_(ids))).all() if ids else []
        tenders = s.exec(select(SaleTender).where(SaleTender.sale_id.in_(ids))).all() if ids else []
        returns = s.exec(returns_q).all()
        voids = s.exec(voids_q).all()
        movements = s.exec(select(CashMovement).where(CashMovement.till_id == till.id)
                           .order_by(CashMovement.created_at)).all()
        owner = s.get(Associate, till.associate_id) if till.associate_id is not None else None
    by_tender: dict[str, int] = {}
    for t in tenders:
        by_tender[t.kind] = by_tender.get(t.kind, 0) + t.amount_cents
    per_receipt: dict[str, list] = {}
    for l in lines:
        per_receipt.setdefault(l.sale_id, []).append((VatClass(l.vat_class), l.total_cents))
    vat_items = list(per_receipt.values())
    for r in returns:
        method = r.data.get("refund_method", "cash")
        by_tender[method] = by_tender.get(method, 0) - r.refund_cents
        vat_items.append([(VatClass(l.get("vat_class", "A")), -l["refund_cents"]) for l in r.data["lines"]])
    def goods(x) -> int:  # a gift card sold with a sale is money for a voucher, not revenue (spent: it is)
        return x.total_cents - sum(int(g["amount_cents"]) for g in (x.gift_cards or ()))

    by_origin: dict[str, tuple[int, int]] = {}
    for x in sales:
        count, cents = by_origin.get(x.origin, (0, 0))
        by_origin[x.origin] = (count + 1, cents + goods(x))
    moved: dict[str, int] = {}
    for m in movements:
        moved[m.kind] = moved.get(m.kind, 0) + m.amount_cents
    return DayFigures(
        register_id=till.register_id, store_name=ctx.store.name, opened_at=as_local(till.opened_at),
        at=(now or clock.now()).astimezone(), float_cents=till.float_cents,
        sales_count=len(sales), sales_cents=sum(goods(x) for x in sales),
        gift_cards_cents=sum(x.total_cents - goods(x) for x in sales),
        returns_count=len(returns), returns_cents=-sum(r.refund_cents for r in returns),
        by_tender=by_tender, by_vat=tuple(receipts_vat(vat_items)), by_origin=by_origin,
        # by hand on a line or the basket, the chain's offers and points spent: what the goods would have cost less
        discounts_cents=sum(l.gross_cents - l.total_cents for l in lines),
        voids_count=len(voids), voids_cents=sum(int(v.data.get("total_cents", 0)) for v in voids),
        cash_movements=moved, expected_cash_cents=expected_cash(ctx, till),
        training_count=len(all_sales) - len(sales), associate=owner.name if owner else "")
