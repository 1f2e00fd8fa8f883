"""Card refunds are journalled: a timeout is an unknown outcome, a dead register loses no approved refund,
and money goes to a card only by the route it came in (or with a manager)."""

import pytest
from sqlmodel import Session, select

from app.core.receipt import receipt_barcode
from app.payment.terminal import TerminalTimeout
from app.services import audit, card_refunds, returns
from app.services.auth import AuthError
from app.services.context import RegisterContext
from app.services.return_sources import ReturnError, find_source
from app.store.models import CardRefund, ReturnRecord, Sale


def sold(sale, ctx, engine, *, by: str):
    sale.add_product(2)
    sale.add_product(3)
    if by == "card":
        assert sale.pay_card(sale.remaining_cents) == "approved"
    else:
        sale.pay_cash(5000)
    sale.complete()
    with Session(engine) as s:
        receipt_no = s.exec(select(Sale.receipt_no).order_by(Sale.receipt_no.desc())).first()
    return find_source(ctx, receipt_barcode(ctx.register_id, receipt_no))


def plan(ctx, associate, source):
    return returns.plan_return(ctx, associate, source=source, quantities={2: 1}, reason="dislike")


def records(engine):
    with Session(engine) as s:
        return s.exec(select(ReturnRecord)).all()


def test_a_timeout_is_an_unknown_outcome_and_blocks_every_other_route(sale, ctx, associate, engine, terminal):
    source = sold(sale, ctx, engine, by="card")
    p = plan(ctx, associate, source)
    attempt = card_refunds.begin_card_refund(ctx, associate, p)
    terminal.mode, terminal.charge_on_timeout = "timeout", True  # the terminal paid out, the answer was lost
    with pytest.raises(TerminalTimeout):
        terminal.refund(reference=attempt.reference, amount_cents=attempt.amount_cents)
    assert card_refunds.finish_card_refund(ctx, attempt, None, TerminalTimeout()) == ("unknown", None)
    assert records(engine) == []
    for method in ("cash", "voucher"):  # no second refund while the first is unclear
        with pytest.raises(ReturnError, match="ungeklärt"):
            returns.commit_return(ctx, associate, plan(ctx, associate, source), refund_method=method)
    with pytest.raises(ReturnError, match="ungeklärt"):
        card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source))
    terminal.mode = "approve"
    outcome, record = card_refunds.apply_lookup(ctx, attempt, terminal.lookup_refund(reference=attempt.reference))
    assert outcome == "approved" and record.id == p.return_id and record.data["card_approval"]
    assert [r.id for r in records(engine)] == [p.return_id] and terminal.refunded_cents == p.refund_cents
    assert card_refunds.pending_refunds(ctx) == []


def test_a_timeout_where_nothing_was_paid_out_frees_the_other_routes(sale, ctx, associate, engine, terminal):
    source = sold(sale, ctx, engine, by="card")
    attempt = card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source))
    terminal.mode, terminal.charge_on_timeout = "timeout", False
    with pytest.raises(TerminalTimeout):
        terminal.refund(reference=attempt.reference, amount_cents=attempt.amount_cents)
    terminal.mode = "approve"
    assert card_refunds.apply_lookup(ctx, attempt, terminal.lookup_refund(reference=attempt.reference)) == (
        "not_refunded", None)
    record = returns.commit_return(ctx, associate, plan(ctx, associate, source), refund_method="cash")
    assert record.refund_cents > 0 and terminal.refunded_cents == 0


def test_an_approved_refund_is_recorded_after_the_register_died(sale, ctx, associate, engine, terminal):
    source = sold(sale, ctx, engine, by="card")
    p = plan(ctx, associate, source)
    attempt = card_refunds.begin_card_refund(ctx, associate, p, customer={"id": 7, "card_no": "KD10000001"})
    terminal.refund(reference=attempt.reference, amount_cents=attempt.amount_cents)  # approved ... and the app died
    restarted = RegisterContext.load(engine, terminal=terminal)
    (pending,) = card_refunds.pending_refunds(restarted)
    outcome, record = card_refunds.apply_lookup(restarted, pending, terminal.lookup_refund(reference=pending.reference))
    assert outcome == "approved"
    assert (record.id, record.refund_cents, record.associate_id, record.data["refund_method"]) == (
        p.return_id, p.refund_cents, associate.associate_id, "card")
    assert record.data["customer"] == {"id": 7, "card_no": "KD10000001"} and record.data["lines"] == list(p.lines)
    with Session(engine) as s:
        assert s.get(CardRefund, p.return_id).status == "approved"
    again = find_source(restarted, receipt_barcode(ctx.register_id, 1))
    assert [(l.product_id, l.returnable) for l in returns.returnable(restarted, again)] == [(2, 0), (3, 1)]


def test_cash_goes_back_to_a_card_only_with_a_manager(sale, ctx, associate, manager, engine):
    source = sold(sale, ctx, engine, by="cash")
    assert returns.refund_methods(ctx, source)[0] == "cash"
    with pytest.raises(returns.ReturnApprovalNeeded, match="nicht mit Karte bezahlt"):
        card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source))
    with pytest.raises(AuthError):
        card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source), approver_pin="1234")
    attempt = card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source), approver_pin="987654")
    approval = audit.events(engine, kind=audit.AuditKind.APPROVAL)[0]
    assert (approval.approved_by, approval.data["action"], approval.data["return_id"]) == (3, "card_refund",
                                                                                            attempt.reference)
    assert card_refunds.card_needs_approval(source)
