"""Card refunds of returns, journalled like card payments so a terminal timeout never pays out twice
nor loses a refund the terminal made.

The journal row (CardRefund) is written before the terminal is asked; it holds
the whole return plan. While its outcome is unknown (a timeout), no other
refund route is offered for that purchase and the associate asks the terminal
(`lookup_refund`). An approval is recorded with the return in one transaction;
if the register dies right after the terminal approved, the next start asks
the terminal about every pending row and records what it paid out.

Only a purchase paid by card goes back to a card without more ado; refunding
cash or an online payment to a card needs a manager (money would otherwise
leave the store by a route it never came in).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from app.payment.terminal import TerminalOutcome, TerminalResult, TerminalTimeout, TerminalUnavailable
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.return_sources import ReturnError, ReturnSource
from app.services.returns import ReturnApprovalNeeded, ReturnPlan, commit_return
from app.store.db import transaction
from app.store.models import CardRefund, ReturnRecord, utcnow
from sync.common.messages import translate

__all__ = ["RefundAttempt", "begin_card_refund", "finish_card_refund", "apply_lookup", "pending_refund",
           "pending_refunds", "card_needs_approval"]


@dataclass(frozen=True)
class RefundAttempt:
    reference: str  # the return's id: the terminal sees the same reference on every retry
    amount_cents: int
    source_id: str
    source_label: str


def card_needs_approval(source: ReturnSource) -> bool:
    return "card" not in source.tenders


def _attempt(row: CardRefund) -> RefundAttempt:
    return RefundAttempt(row.reference, row.amount_cents, row.plan["source"]["id"], row.plan["source"]["label"])


def pending_refunds(ctx: RegisterContext) -> list[RefundAttempt]:
    with Session(ctx.engine) as s:
        rows = s.exec(select(CardRefund).where(CardRefund.status == "pending").order_by(CardRefund.created_at)).all()
    return [_attempt(r) for r in rows]


def pending_refund(ctx: RegisterContext, *, source_id: str) -> RefundAttempt | None:
    return next((a for a in pending_refunds(ctx) if a.source_id == source_id), None)


def _plan_document(plan: ReturnPlan, customer: dict | None, approved_by: int | None) -> dict:
    src = plan.source
    return {"source": {"kind": src.kind, "id": src.id, "label": src.label, "tenders": list(src.tenders)},
            "lines": list(plan.lines), "refund_cents": plan.refund_cents, "reason": plan.reason,
            "resellable": plan.resellable, "approved_by": plan.approved_by, "customer": customer,
            "card_approved_by": approved_by}


def _plan_from(row: CardRefund) -> tuple[ReturnPlan, dict | None]:
    d = row.plan
    src = d["source"]
    source = ReturnSource(src["kind"], src["id"], src["label"], None, (), tuple(src["tenders"]))
    plan = ReturnPlan(row.reference, source, tuple(d["lines"]), d["refund_cents"], d["reason"], d["resellable"],
                      d["approved_by"])
    return plan, d.get("customer")


def begin_card_refund(ctx: RegisterContext, associate: AssociateSession, plan: ReturnPlan, *,
                      customer: dict | None = None, approver_pin: str | None = None) -> RefundAttempt:
    """Journal a card refund before the terminal is asked (each plan has its own reference: its return id)."""
    if not ctx.terminal.available:
        raise ReturnError(translate("returns", "Kein Kartenterminal an dieser Kasse – bitte bar oder als Gutschein "
                                               "erstatten"))
    if pending_refund(ctx, source_id=plan.source.id) is not None:
        raise ReturnError(translate("returns", "Eine Kartengutschrift für diesen Einkauf ist ungeklärt – bitte zuerst "
                                               "das Terminal fragen"))
    approved_by = None
    if card_needs_approval(plan.source):
        approved_by = ctx.auth.approve(
            associate, pin=approver_pin, action="card_refund", return_id=plan.return_id, source_id=plan.source.id,
            refund_cents=plan.refund_cents,
            refused=ReturnApprovalNeeded(translate("returns", "Dieser Einkauf wurde nicht mit Karte bezahlt – eine "
                                                              "Erstattung auf eine Karte braucht die Freigabe der "
                                                              "Marktleitung"))).associate_id
    with transaction(ctx.engine) as s:
        s.add(CardRefund(reference=plan.return_id, amount_cents=plan.refund_cents,
                         associate_id=associate.associate_id, plan=_plan_document(plan, customer, approved_by)))
    return RefundAttempt(plan.return_id, plan.refund_cents, plan.source.id, plan.source.label)


def _set_status(ctx: RegisterContext, attempt: RefundAttempt, status: str) -> None:
    with transaction(ctx.engine) as s:
        row = s.get(CardRefund, attempt.reference)
        row.status, row.updated_at = status, utcnow()
        s.add(row)


def _record(ctx: RegisterContext, attempt: RefundAttempt, result: TerminalResult) -> ReturnRecord:
    with Session(ctx.engine) as s:
        row = s.get(CardRefund, attempt.reference)
        done = s.get(ReturnRecord, attempt.reference)
    if done is not None:  # recorded already (a second answer to the same refund)
        return done
    plan, customer = _plan_from(row)
    associate = AssociateSession(row.associate_id, "", Role.ASSOCIATE)
    return commit_return(ctx, associate, plan, refund_method="card", card_approval=result.approval_code,
                         customer=customer, card_refund_reference=attempt.reference)


def finish_card_refund(ctx: RegisterContext, attempt: RefundAttempt, result: TerminalResult | None,
                       error: Exception | None = None) -> tuple[str, ReturnRecord | None]:
    """What the terminal said to `refund`: approved (the return is recorded), declined, unavailable (nothing
    paid out) or unknown (a timeout: the row stays pending until the terminal is asked)."""
    if isinstance(error, TerminalTimeout):
        return "unknown", None
    if isinstance(error, TerminalUnavailable):
        _set_status(ctx, attempt, "not_refunded")
        return "unavailable", None
    if error is not None:
        raise error
    assert result is not None
    if result.outcome is TerminalOutcome.APPROVED:
        return "approved", _record(ctx, attempt, result)
    _set_status(ctx, attempt, "declined")
    return "declined", None


def apply_lookup(ctx: RegisterContext, attempt: RefundAttempt,
                 result: TerminalResult | None) -> tuple[str, ReturnRecord | None]:
    """The terminal's answer to `lookup_refund`: None means it never paid this refund out."""
    if result is None:
        _set_status(ctx, attempt, "not_refunded")
        return "not_refunded", None
    return finish_card_refund(ctx, attempt, result)
