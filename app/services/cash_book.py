"""The cash book of a drawer's day, from what the register recorded: the float and every cash movement, the cash
kept from each sale (net of change) and each cash refund (issue 12)."""

from __future__ import annotations

from sqlmodel import Session, select

from app.core.cash import movement_name
from app.core.cash_book import CashBookEntry
from app.core.day_report import as_local
from app.services.context import RegisterContext
from app.services.auth import AssociateSession
from app.services.till import current_till, drawer_receipts
from app.store.models import CashMovement, DayClosing, TillSession

__all__ = ["cash_book", "cash_book_day", "drawer_days"]


def cash_book(ctx: RegisterContext, till: TillSession) -> list[CashBookEntry]:
    with Session(ctx.engine) as s:
        entries = [CashBookEntry(as_local(m.created_at), m.receipt_no,
                                 f"{movement_name(m.kind)}{': ' + m.note if m.note else ''}", m.amount_cents)
                   for m in s.exec(select(CashMovement).where(CashMovement.till_id == till.id))]
        sales, returns = drawer_receipts(till)
        entries += [CashBookEntry(as_local(sale.ended_at), sale.receipt_no, "Barverkauf", tender.amount_cents)
                    for sale, tender in s.exec(sales)]
        # stays German: the cash book PDF (law)
        entries += [CashBookEntry(as_local(r.created_at), r.data.get("receipt_no"), "Rückgabe bar", -r.refund_cents)
                    for r in s.exec(returns) if r.data.get("refund_method") == "cash"]
    return sorted(entries, key=lambda e: e.at)


def cash_book_day(ctx: RegisterContext, associate: AssociateSession, *,
                  closed_till_id: str | None = None) -> tuple[TillSession, int | None] | None:
    """The drawer's day to write the cash book of — `closed_till_id`, else the open one — and what was counted
    at its closing (None while open)."""
    with Session(ctx.engine) as s:
        day = s.get(TillSession, closed_till_id) if closed_till_id else current_till(ctx, associate)
        if day is None:
            return None
        counted = day.counted_cents
        if counted is None and day.closed_at is not None:  # closed before drawers kept their count (0014)
            closing = s.exec(select(DayClosing).where(DayClosing.till_id == day.id)).first()
            counted = closing.counted_cents if closing else None
    return day, counted


def drawer_days(ctx: RegisterContext, associate: AssociateSession, *, limit: int = 31) -> list[TillSession]:
    """The drawer's days whose cash book can be written, newest first: the open one, then the closed ones (a
    drawer per associate: the associate's own)."""
    with Session(ctx.engine) as s:
        query = select(TillSession).where(TillSession.register_id == ctx.register_id)
        if ctx.settings.drawer_per == "associate":
            query = query.where(TillSession.associate_id == associate.associate_id)
        return list(s.exec(query.order_by(TillSession.opened_at.desc()).limit(limit)))
