"""The drawer's day: opening it with a counted float, cash moved in and out without a sale, and the cash that
should be in it (issue 12).

Every cash movement — the float too (DSFinV-K "Anfangsbestand") — is a receipt of its own: numbered in the
register's one receipt series, signed by the TSE as a `Beleg` whose not-taxable amount is the cash that
moved (`app.core.cash.movement_process_data`), and written with its journal entry in one transaction. All of
it works offline; the journal entry travels to the backend like any fiscal event.

A store counts one drawer per register, or one per associate (`StoreSettings.drawer_per`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, select

from app.core.cash import CashCount, CashError, CashMovementKind, movement_process_data
from app.core.money import format_eur
from app.services import journal
from app.services.auth import ApprovalNeeded, AssociateSession, refuse_trainee
from app.services.context import RegisterContext
from app.services.outbox import next_number
from app.store.db import transaction
from app.store.models import CashMovement, ReturnRecord, Sale, SaleTender, TillSession, utcnow
from sync.common.messages import translate
from sync.protocol import Counter, FiscalEventKind

__all__ = ["CashApprovalNeeded", "CashError", "OPENING_FLOAT", "TillClosed", "TillState", "current_till",
           "expected_cash", "move_cash", "open_till", "open_till_of", "record_movement"]

OPENING_FLOAT = "Anfangsbestand"  # the DSFinV-K business case of the counted float


class CashApprovalNeeded(ApprovalNeeded):
    """Cash in or out above the store's limit: a manager's PIN is needed."""


class TillClosed(CashError):
    """Money changes hands only into an open drawer: its day starts with the counted float."""

    def __init__(self) -> None:
        super().__init__(translate("till", "Die Kasse ist noch nicht geöffnet – bitte zuerst den Anfangsbestand "
                                           "zählen"))


@dataclass(frozen=True)
class TillState:
    till: TillSession
    expected_cents: int  # the cash that should be in the drawer now


def _scope(ctx: RegisterContext, associate: AssociateSession) -> int | None:
    return associate.associate_id if ctx.settings.drawer_per == "associate" else None


def current_till(ctx: RegisterContext, associate: AssociateSession) -> TillSession | None:
    """The open drawer this associate sells into: the register's, or the associate's own."""
    with Session(ctx.engine) as s:
        return s.exec(select(TillSession).where(
            TillSession.register_id == ctx.register_id, TillSession.closed_at == None,  # noqa: E711
            TillSession.associate_id == _scope(ctx, associate)).order_by(TillSession.opened_at.desc())).first()


def open_till_of(ctx: RegisterContext, associate: AssociateSession) -> TillSession:
    """The open drawer this associate sells into, or TillClosed: a sale, a return or cash moved needs one."""
    till = current_till(ctx, associate)
    if till is None:
        raise TillClosed()
    return till


def open_till(ctx: RegisterContext, associate: AssociateSession, *, float_count: CashCount) -> TillSession:
    """Open the drawer's day with the float as counted, by denomination."""
    refuse_trainee(associate, translate("till", "Kasse öffnen"))
    if current_till(ctx, associate) is not None:
        raise CashError(translate("till", "Die Kasse ist bereits geöffnet"))
    till = TillSession(id=uuid.uuid4().hex, register_id=ctx.register_id, associate_id=_scope(ctx, associate),
                       opened_by=associate.associate_id, float_count=float_count.to_dict(),
                       float_cents=float_count.total_cents)
    with transaction(ctx.engine) as s:
        s.add(till)
    if float_count.total_cents:
        record_movement(ctx, associate, till, kind=OPENING_FLOAT, signed_cents=float_count.total_cents,
                process_data=movement_process_data(CashMovementKind.PAY_IN, float_count.total_cents),
                note="", approved_by=None, gv_typ=OPENING_FLOAT)
    return till


def move_cash(ctx: RegisterContext, associate: AssociateSession, *, kind: CashMovementKind, amount_cents: int,
              note: str = "", approver_pin: str | None = None) -> CashMovement:
    """Cash into or out of the open drawer, with its business case. Above the store's limit a manager
    approves (the associate's own login if a manager, or a manager's PIN)."""
    refuse_trainee(associate, translate("till", "Ein- und Auszahlungen"))
    kind = CashMovementKind(kind)
    signed = kind.signed_cents(amount_cents)
    till = open_till_of(ctx, associate)
    if not kind.into_drawer and amount_cents > expected_cash(ctx, till):
        raise CashError(translate("till", "So viel Bargeld ist nicht in der Kasse"))  # not how much: a blind count
    approved_by = None
    limit = ctx.settings.cash_movement_approval_above_cents
    if amount_cents > limit:
        approved_by = ctx.auth.approve(
            associate, pin=approver_pin, action="cash_movement", movement=kind.value, amount_cents=amount_cents,
            refused=CashApprovalNeeded(translate("till", "Bargeld über {limit} bewegt nur eine Marktleitung. "
                                                         "Bitte Marktleiter-PIN eingeben.").format(
                                                 limit=format_eur(limit)))).associate_id
    return record_movement(ctx, associate, till, kind=kind.value, signed_cents=signed,
                   process_data=movement_process_data(kind, amount_cents), note=note.strip()[:200],
                   approved_by=approved_by, gv_typ=kind.gv_typ)


def record_movement(ctx: RegisterContext, associate: AssociateSession, till: TillSession, *, kind: str,
                    signed_cents: int, process_data: str, note: str, approved_by: int | None,
                    gv_typ: str) -> CashMovement:
    """Sign and write one cash movement (a receipt of its own) with its journal entry."""
    movement_id = uuid.uuid4().hex
    signing = ctx.signing
    signed = signing.finish(signing.prepare_finish(kind="cash", receipt_id=movement_id, process_data=process_data))
    at = utcnow()
    with transaction(ctx.engine) as s:
        movement = CashMovement(id=movement_id, till_id=till.id, receipt_no=next_number(s, Counter.RECEIPT_NO),
                                kind=kind, amount_cents=signed_cents, note=note,
                                associate_id=associate.associate_id, approved_by=approved_by, created_at=at)
        s.add(movement)
        tse = signing.record(s, signed, receipt_id=movement_id)
        journal.append(s, kind=FiscalEventKind.CASH_MOVEMENT, register_id=ctx.register_id,
                       location_id=ctx.store.id, entity_id=movement_id, at=at, data={
                           "receipt_no": movement.receipt_no, "till_id": till.id, "gv_typ": gv_typ, "kind": kind,
                           "amount_cents": signed_cents, "note": note, "associate_id": associate.associate_id,
                           "approved_by": approved_by, "tse": tse})
    return movement


def expected_cash(ctx: RegisterContext, till: TillSession) -> int:
    """Float and cash movements, plus the cash kept from sales (net of change), minus cash refunded, since
    the drawer opened; a drawer per associate counts that associate's only."""
    with Session(ctx.engine) as s:
        moved = sum(s.exec(select(CashMovement.amount_cents).where(CashMovement.till_id == till.id)).all())
        sales, returns = drawer_receipts(till)
        taken = sum(tender.amount_cents for _sale, tender in s.exec(sales))
        refunded = sum(r.refund_cents for r in s.exec(returns).all() if r.data.get("refund_method") == "cash")
    return moved + taken - refunded


def drawer_receipts(till: TillSession):
    """The queries of the drawer's cash receipts: (sale, cash tender) pairs kept net of change, and returns
    (refunded in cash or not), since it opened and until it closed; a drawer per associate: theirs only."""
    sales = select(Sale, SaleTender).join(SaleTender, SaleTender.sale_id == Sale.id).where(
        SaleTender.kind == "cash", Sale.training == False, Sale.register_id == till.register_id,  # noqa: E712
        Sale.ended_at >= till.opened_at)
    returns = select(ReturnRecord).where(ReturnRecord.created_at >= till.opened_at)
    if till.associate_id is not None:
        sales = sales.where(Sale.associate_id == till.associate_id)
        returns = returns.where(ReturnRecord.associate_id == till.associate_id)
    if till.closed_at is not None:
        sales = sales.where(Sale.ended_at <= till.closed_at)
        returns = returns.where(ReturnRecord.created_at <= till.closed_at)
    return sales, returns
