"""The Z closing: the drawer counted blind, the difference booked as DSFinV-K "DifferenzSollIst", a
consecutive Z number, the day's figures kept as they were, the drawer's day closed (issue 12).

The count comes in before anything about the expected cash is shown (the UI asks for it first); the figures
are taken in the same step. A difference above the store's threshold needs a manager. The closing is a
fiscal event: its journal entry carries the figures to the backend; the difference is a signed receipt like
any cash movement. All of it works offline.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session, select

from app.core import clock
from app.core.cash import CashCount, CashError, cash_process_data
from app.core.day_report import as_local, figures_to_dict, merge_figures
from app.core.money import format_eur
from app.services import audit, journal
from app.services.auth import ApprovalNeeded, AssociateSession, refuse_trainee
from app.services.context import RegisterContext
from app.services.day_report import x_report
from app.services.outbox import next_number
from app.services.till import current_till, record_movement
from app.store.db import transaction
from app.store.models import DayClosing, TillSession, utcnow
from sync.common.messages import translate
from sync.protocol import Counter, FiscalEventKind

__all__ = ["DIFFERENCE", "DifferenceApprovalNeeded", "DrawerClosing", "close_day", "closings", "unclosed_day"]

DIFFERENCE = "DifferenzSollIst"


class DifferenceApprovalNeeded(ApprovalNeeded):
    """The count is off by more than the store allows: a manager's PIN is needed."""


@dataclass(frozen=True)
class DrawerClosing:
    """An associate's drawer counted and closed while other drawers of the register are still open: the Z
    closing comes with the last one (a Z covers every receipt of the register since the previous Z)."""

    till_id: str
    counted_cents: int
    difference_cents: int
    figures: dict  # the drawer's figures, kind "D"
    z_no: None = None


def close_day(ctx: RegisterContext, associate: AssociateSession, *, counted: CashCount,
              approver_pin: str | None = None, now: datetime | None = None) -> DayClosing | DrawerClosing:
    """Count the associate's drawer blind and book the difference; then the Z closing — or, where each
    associate counts a drawer and others are still open, only this drawer's closing."""
    refuse_trainee(associate, translate("closing", "Tagesabschluss"))
    till = current_till(ctx, associate)
    if till is None:
        raise CashError(translate("closing", "Die Kasse ist nicht geöffnet – es gibt keinen Tag abzuschließen"))
    figures = x_report(ctx, till, now=now)
    difference = counted.total_cents - figures.expected_cash_cents
    approved_by = None
    limit = ctx.settings.cash_difference_approval_above_cents
    if abs(difference) > limit:
        if not approver_pin and not associate.is_manager:  # a count held for a manager stays on record
            audit.record(ctx.engine, kind=audit.AuditKind.COUNT_HELD, associate_id=associate.associate_id,
                         till_id=till.id, counted_cents=counted.total_cents, difference_cents=difference)
        refused = DifferenceApprovalNeeded(  # the amount is not shown: the associate counted blind
            translate("closing", "Die Zählung weicht um mehr als {limit} ab. Den Tag schließt eine Marktleitung ab – "
                                 "bitte Marktleiter-PIN eingeben.").format(limit=format_eur(limit)))
        approved_by = ctx.auth.approve(associate, pin=approver_pin, action="cash_difference",
                                       difference_cents=difference, till_id=till.id, refused=refused).associate_id
    if difference:
        record_movement(ctx, associate, till, kind=DIFFERENCE, signed_cents=difference,
                        process_data=cash_process_data(difference), note="", approved_by=approved_by,
                        gv_typ=DIFFERENCE)
        # the difference is now among the drawer's cash movements (the last one) and in its expected cash
        figures = replace(figures, cash_movements={**figures.cash_movements, DIFFERENCE: difference},
                          expected_cash_cents=figures.expected_cash_cents + difference)
    figures = replace(figures, counted_cents=counted.total_cents)
    at = utcnow()
    if till.associate_id is not None and _open_drawers(ctx, besides=till.id):
        with transaction(ctx.engine) as s:
            _close_drawer(s, till.id, at, counted, difference)
        return DrawerClosing(till.id, counted.total_cents, difference, figures_to_dict(replace(figures, kind="D")))
    own_count, own_difference = counted, difference
    drawers = [(figures, counted, difference)] + _drawers_closed_since_the_last_z(ctx, besides=till.id)
    if len(drawers) > 1:
        figures = merge_figures([f for f, _, _ in drawers], at=figures.at)
        counted = CashCount(_summed_pieces(c for _, c, _ in drawers))
        difference = sum(d for _, _, d in drawers)
    closing_id = uuid.uuid4().hex
    with transaction(ctx.engine) as s:
        z_no = next_number(s, Counter.Z_NO)
        data = figures_to_dict(figures)
        # Soll is what was expected before the count; the difference is among the cash movements too.
        data.update(kind="Z", z_no=z_no, counted_cents=counted.total_cents,
                    expected_cash_cents=counted.total_cents - difference)
        closing = DayClosing(id=closing_id, till_id=till.id, z_no=z_no, register_id=ctx.register_id, closed_at=at,
                             counted=counted.to_dict(), counted_cents=counted.total_cents,
                             expected_cents=counted.total_cents - difference, difference_cents=difference,
                             figures=data, associate_id=associate.associate_id, approved_by=approved_by)
        s.add(closing)
        _close_drawer(s, till.id, at, own_count, own_difference)
        journal.append(s, kind=FiscalEventKind.CLOSING, register_id=ctx.register_id, location_id=ctx.store.id,
                       entity_id=closing_id, at=at, data={
                           "z_no": z_no, "till_id": till.id, "counted": counted.to_dict(),
                           "counted_cents": counted.total_cents, "difference_cents": difference,
                           "associate_id": associate.associate_id, "approved_by": approved_by, "figures": data,
                           "drawers": len(drawers)})
    return closing


def _close_drawer(s: Session, till_id: str, at: datetime, counted: CashCount, difference: int) -> None:
    stored = s.get(TillSession, till_id)
    stored.closed_at, stored.counted, stored.counted_cents = at, counted.to_dict(), counted.total_cents
    stored.difference_cents = difference
    s.add(stored)


def _open_drawers(ctx: RegisterContext, *, besides: str) -> bool:
    with Session(ctx.engine) as s:
        return s.exec(select(TillSession.id).where(
            TillSession.register_id == ctx.register_id, TillSession.closed_at == None,  # noqa: E711
            TillSession.id != besides)).first() is not None


def _drawers_closed_since_the_last_z(ctx: RegisterContext, *, besides: str) -> list:
    """The drawers counted and closed since the register's last Z (where each associate counts one): their
    figures up to their closing, what was counted, the difference booked."""
    with Session(ctx.engine) as s:
        last = s.exec(select(DayClosing.closed_at).where(DayClosing.register_id == ctx.register_id)
                      .order_by(DayClosing.closed_at.desc())).first()
        query = select(TillSession).where(TillSession.register_id == ctx.register_id,
                                          TillSession.counted_cents != None, TillSession.id != besides)  # noqa: E711
        if last is not None:
            query = query.where(TillSession.closed_at > last)
        tills = s.exec(query.order_by(TillSession.closed_at)).all()
    return [(replace(x_report(ctx, t, now=as_local(t.closed_at)), counted_cents=t.counted_cents),
             CashCount.from_dict(t.counted), t.difference_cents or 0) for t in tills]


def _summed_pieces(counts) -> dict[int, int]:
    pieces: dict[int, int] = {}
    for count in counts:
        for denomination, n in count.pieces.items():
            pieces[denomination] = pieces.get(denomination, 0) + n
    return pieces


def unclosed_day(ctx: RegisterContext, associate: AssociateSession, *, today=None) -> TillSession | None:
    """A drawer opened on an earlier day and never closed: the next login is told."""
    till = current_till(ctx, associate)
    today = today or clock.local_now().date()
    if till is not None and as_local(till.opened_at).date() < today:
        return till
    return None


def closings(ctx: RegisterContext, *, limit: int = 30) -> list[DayClosing]:
    with Session(ctx.engine) as s:
        return list(s.exec(select(DayClosing).where(DayClosing.register_id == ctx.register_id)
                           .order_by(DayClosing.z_no.desc()).limit(limit)))
