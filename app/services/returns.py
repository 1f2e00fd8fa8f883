"""Taking goods back at the counter: online orders and store sales, also offline.

Returnable per product = sold − what the source knows was returned − this
register's own returns the source does not count yet. Offline, two registers
can still together take back more than was sold: the money has left the
drawer, so both are recorded and the backend flags the excess (over-refund).

A return is planned first (quantities, amount, approval), then, once the
refund has been paid out (a card refund runs through the terminal), recorded
in one transaction with its stock movements, its receipt number and the outbox.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from app.core import clock
from app.core.fiscal import return_process_data
from app.core.money import format_eur
from app.services.auth import AssociateSession, AuthError, refuse_trainee
from app.services import journal as fiscal_journal
from app.services.outbox import add_outbox, next_number
from app.services.context import RegisterContext
from app.services.till import open_till_of
from app.services.return_sources import ReturnError, ReturnSource, find_order, find_source  # noqa: F401 (API)
from app.store.db import transaction
from app.store.models import CardRefund, ReturnRecord, StockMovement, utcnow
from sync.common.messages import Message, translate
from sync.protocol import FiscalEventKind, MovementReason, Op
from sync.protocol import Counter  # the register's numbering, continued by a replaced PC


class ReturnApprovalNeeded(AuthError):
    """Outside the return window or above the amount limit: a manager's PIN is needed."""


REASONS: dict[str, Message] = {
    "defect": translate("returns", "Defekt"), "dislike": translate("returns", "Gefällt nicht"),
    "wrong_item": translate("returns", "Falscher Artikel / Größe"), "late": translate("returns", "Zu spät geliefert"),
    "other": translate("returns", "Sonstiges")}
#: Reasons whose goods are written off by default (not put back into stock); the associate may still decide.
WRITTEN_OFF = frozenset({"defect"})
REFUND_METHODS: dict[str, Message] = {
    "cash": translate("returns", "Bar"), "card": translate("returns", "Karte (Terminal)"),
    "online": translate("returns", "Online (Shop erstattet)"), "voucher": translate("returns", "Gutschein")}
RETURNS = translate("returns", "Rückgaben")  # what a trainee may not do (refuse_trainee)


def resellable_by_default(reason: str | None) -> bool:
    """The goods' condition follows the reason: defective goods are written off, others go back on the shelf."""
    return reason not in WRITTEN_OFF


@dataclass(frozen=True)
class ReturnableLine:
    product_id: int
    name: str
    sold: int
    returnable: int
    unit_price_cents: int  # what one piece brought in, after discounts (shown; the refund is exact per line)
    weighed: bool = False


def age_days(source: ReturnSource, now: datetime | None = None) -> int | None:
    if source.created_at is None:
        return None
    when = source.created_at if source.created_at.tzinfo else source.created_at.replace(tzinfo=timezone.utc)
    return ((now or clock.now()) - when) // timedelta(days=1)


def _pending(s: Session, source: ReturnSource) -> dict[int, int]:
    """This register's returns of the source that the source does not count yet."""
    pending: dict[int, int] = {}
    for r in s.exec(select(ReturnRecord).where(ReturnRecord.source_id == source.id)):
        if r.id not in source.return_ids:
            for line in r.data["lines"]:
                pending[line["product_id"]] = pending.get(line["product_id"], 0) + line["quantity"]
    return pending


def _known_returned(ctx: RegisterContext, source: ReturnSource) -> dict[int, int]:
    with Session(ctx.engine) as s:
        pending = _pending(s, source)
    return {l.product_id: l.returned + pending.get(l.product_id, 0) for l in source.lines}


def returnable(ctx: RegisterContext, source: ReturnSource) -> list[ReturnableLine]:
    known = _known_returned(ctx, source)
    return [ReturnableLine(l.product_id, l.name, l.sold, max(l.sold - known[l.product_id], 0),
                           l.total_cents // l.sold if l.sold else 0, l.weighed) for l in source.lines]


def refund_methods(ctx: RegisterContext, source: ReturnSource) -> list[str]:
    """The original tender first where it can be refunded to, then what the policy allows instead; no card
    without a card terminal."""
    methods = [m for m in source.tenders if m in REFUND_METHODS]
    for m in ("cash", "card", "voucher"):
        if m not in methods:
            methods.append(m)
    return [m for m in methods if m != "card" or ctx.terminal.available]


def _refund_for(line, already: int, quantity: int) -> int:
    """Exact to the cent: what `quantity` more pieces brought in, with the line's share of every discount;
    returning the whole line gives back exactly what it cost."""
    return line.total_cents * (already + quantity) // line.sold - line.total_cents * already // line.sold


def refund_preview(ctx: RegisterContext, source: ReturnSource, quantities: dict[int, int]) -> int:
    known = _known_returned(ctx, source)
    return sum(_refund_for(l, known[l.product_id], quantities.get(l.product_id, 0))
               for l in source.lines if quantities.get(l.product_id) and l.sold)


@dataclass(frozen=True)
class ReturnPlan:
    return_id: str
    source: ReturnSource
    lines: tuple[dict, ...]
    refund_cents: int
    reason: str
    resellable: bool
    approved_by: int | None


def plan_return(ctx: RegisterContext, associate: AssociateSession, *, source: ReturnSource,
                quantities: dict[int, int], resellable: bool | None = None, reason: str = "other",
                approver_pin: str | None = None, now: datetime | None = None) -> ReturnPlan:
    """Check quantities, reason, window and limit; nothing is written yet. `resellable` None: as the reason
    says (defective goods are written off)."""
    refuse_trainee(associate, RETURNS)
    open_till_of(ctx, associate)  # a return is a receipt of the drawer's day, whatever the refund
    if reason not in REASONS:
        raise ReturnError(translate("returns", "Bitte einen Rückgabegrund wählen"))
    if resellable is None:
        resellable = resellable_by_default(reason)
    known = _known_returned(ctx, source)
    by_product = {l.product_id: l for l in source.lines}
    lines, refund = [], 0
    for product_id, qty in quantities.items():
        if qty <= 0:
            continue
        line = by_product.get(product_id)
        if line is None:
            raise ReturnError(translate("returns", "Dieser Artikel ist nicht Teil des Einkaufs"))
        left = line.sold - known[product_id]
        if qty > left:
            raise ReturnError(translate("returns", "{name}: höchstens {left} Stück rückgabefähig").format(name=line.name,
                                        left=max(left, 0)))
        amount = _refund_for(line, known[product_id], qty)
        refund += amount
        back = resellable and not line.weighed  # weighed fresh goods are never resold
        lines.append({"product_id": product_id, "name": line.name, "vat_class": line.vat_class, "quantity": qty,
                      "refund_cents": amount, "resellable": back, "movement_id": uuid.uuid4().hex if back else None})
    if not lines:
        raise ReturnError(translate("returns", "Keine Menge zur Rückgabe gewählt"))
    age = age_days(source, now)
    window, limit = ctx.settings.return_window_days, ctx.settings.return_approval_above_cents
    needs = []
    if age is not None and age > window:
        needs.append(translate("returns", "Der Einkauf ist {age} Tage her (Rückgabefrist {window} Tage)").format(age=age,
                               window=window))
    if refund > limit:
        needs.append(translate("returns", "Erstattung über {limit}").format(limit=format_eur(limit)))
    return_id, approved_by = uuid.uuid4().hex, None
    if needs:
        approved_by = ctx.auth.approve(
            associate, pin=approver_pin, action="return", return_id=return_id, source_id=source.id,
            refund_cents=refund,
            refused=ReturnApprovalNeeded(_approval_needed(needs))).associate_id
    return ReturnPlan(return_id, source, tuple(lines), refund, reason, resellable, approved_by)


def _approval_needed(needs: list[Message]) -> Message:
    """Why a manager must approve: one reason or both (the window and the limit)."""
    if len(needs) == 1:
        return translate("returns", "{reason} – Freigabe durch die Marktleitung nötig").format(reason=needs[0])
    return translate("returns", "{first} und {second} – Freigabe durch die Marktleitung nötig").format(first=needs[0],
                     second=needs[1])


def new_voucher_code() -> str:
    return "GS" + "".join(secrets.choice("0123456789") for _ in range(10))


def commit_return(ctx: RegisterContext, associate: AssociateSession, plan: ReturnPlan, *, refund_method: str,
                  card_approval: str | None = None, customer: dict | None = None,
                  card_refund_reference: str | None = None) -> ReturnRecord:
    """Record the paid-out return: one transaction with the stock movements, a receipt number and the outbox
    (and, for a card refund, its journal row marked approved: app.services.card_refunds)."""
    refuse_trainee(associate, RETURNS)
    if refund_method not in REFUND_METHODS:
        raise ReturnError(translate("returns", "Bitte wählen, wie erstattet wird"))
    if refund_method == "online" and not plan.source.paid_online:
        raise ReturnError(translate("returns", "Nur online bezahlte Bestellungen werden über den Shop erstattet"))
    voucher = new_voucher_code() if refund_method == "voucher" else None
    with Session(ctx.engine) as s:
        _refuse_unclear_card_refund(s, plan, card_refund_reference)
    # The return is a receipt of its own: signed (negative amounts) before it is written, like a sale.
    process_data = return_process_data([(l["vat_class"], l["refund_cents"]) for l in plan.lines], refund_method,
                                       plan.refund_cents)
    signed = ctx.signing.finish(ctx.signing.prepare_finish(kind="return", receipt_id=plan.return_id,
                                                           process_data=process_data))  # again: the same one
    at = utcnow()
    with transaction(ctx.engine) as s:
        _refuse_unclear_card_refund(s, plan, card_refund_reference)
        tse = ctx.signing.record(s, signed, receipt_id=plan.return_id)
        if card_refund_reference is not None:
            journal = s.get(CardRefund, card_refund_reference)
            journal.status, journal.approval_code, journal.updated_at = "approved", card_approval, at
            s.add(journal)
        receipt_no = next_number(s, Counter.RECEIPT_NO)
        record = ReturnRecord(id=plan.return_id, source=plan.source.kind, source_id=plan.source.id,
                              associate_id=associate.associate_id, refund_cents=plan.refund_cents, created_at=at,
                              data={"lines": list(plan.lines), "reason": plan.reason, "approved_by": plan.approved_by,
                                    "refund_method": refund_method, "voucher_code": voucher,
                                    "card_approval": card_approval, "receipt_no": receipt_no,
                                    "source_label": plan.source.label, "customer": customer})
        s.add(record)
        for line in plan.lines:
            if line["resellable"]:
                s.add(StockMovement(id=line["movement_id"], product_id=line["product_id"], location_id=ctx.store.id,
                                    delta=line["quantity"], reason=MovementReason.RETURN.value, created_at=at))
        add_outbox(s, op=Op.RETURN_RECORDED.value, entity_id=plan.return_id, payload={
            "return_id": plan.return_id, "source": plan.source.kind, "source_id": plan.source.id,
            "register_id": ctx.register_id, "location_id": ctx.store.id, "refund_cents": plan.refund_cents,
            "refund_method": refund_method, "voucher_code": voucher, "at": at.isoformat(),
            "customer_id": (customer or {}).get("id"), "customer_card": (customer or {}).get("card_no"),
            "receipt_no": receipt_no,
            "lines": [{k: l[k] for k in ("product_id", "quantity", "refund_cents", "resellable", "movement_id")}
                      for l in plan.lines]})
        fiscal_journal.append(s, kind=FiscalEventKind.RETURN, register_id=ctx.register_id, location_id=ctx.store.id,
                              entity_id=plan.return_id, at=at, data={
                                  "receipt_no": receipt_no, "refund_cents": plan.refund_cents,
                                  "refund_method": refund_method, "source": plan.source.kind,
                                  "source_id": plan.source.id, "associate_id": associate.associate_id,
                                  "approved_by": plan.approved_by,
                                  "source_receipt": plan.source.label, "voucher_code": voucher,
                                  "source_created_at": plan.source.created_at.isoformat()
                                  if plan.source.created_at else None,
                                  "lines": [{k: l.get(k) for k in ("product_id", "name", "vat_class", "quantity",
                                                                   "refund_cents")} for l in plan.lines],
                                  "tse": tse})
    return record


def _refuse_unclear_card_refund(s: Session, plan: ReturnPlan, card_refund_reference: str | None) -> None:
    unclear = s.exec(select(CardRefund).where(CardRefund.status == "pending",
                                              CardRefund.reference != (card_refund_reference or ""))).all()
    if any(r.plan["source"]["id"] == plan.source.id for r in unclear):
        raise ReturnError(translate("returns", "Eine Kartengutschrift für diesen Einkauf ist ungeklärt – bitte zuerst "
                                               "das Terminal fragen"))


def record_return(ctx: RegisterContext, associate: AssociateSession, *, source: ReturnSource,
                  quantities: dict[int, int], resellable: bool | None = None, reason: str = "other",
                  refund_method: str = "cash", approver_pin: str | None = None,
                  now: datetime | None = None) -> ReturnRecord:
    """Plan and record in one go, for refunds that need no device (cash, voucher, online request)."""
    if refund_method == "card":
        raise ReturnError("a card refund goes through the terminal: plan_return, then commit_return")  # a bug, not a message
    plan = plan_return(ctx, associate, source=source, quantities=quantities, resellable=resellable, reason=reason,
                       approver_pin=approver_pin, now=now)
    return commit_return(ctx, associate, plan, refund_method=refund_method)
