"""A register without a card terminal (`terminal = none`, the default outside the demo): card payments and card
refunds are refused before anything is journalled, and a return offers cash and vouchers only."""

import pytest
from sqlmodel import Session, select

from app.payment.terminal import NoTerminal, TerminalUnavailable
from app.services import card_refunds, returns
from app.services.card_payments import PaymentError
from app.store.models import CardPayment, CardRefund
from tests.services.test_card_refunds import plan, sold


def rows(engine, model) -> list:
    with Session(engine) as s:
        return s.exec(select(model)).all()


def test_a_card_payment_is_refused_before_it_is_journalled(sale, ctx, engine):
    ctx.terminal = NoTerminal()
    sale.add_product(2)
    with pytest.raises(PaymentError, match="Kein Kartenterminal"):
        sale.begin_card(sale.remaining_cents)
    assert rows(engine, CardPayment) == [] and sale.pending_card() is None
    sale.pay_cash(sale.remaining_cents)  # the sale is paid in cash
    assert sale.complete().tenders[0].kind.value == "cash"


def test_a_card_purchase_comes_back_in_cash_or_as_a_voucher(sale, ctx, associate, engine):
    source = sold(sale, ctx, engine, by="card")  # paid by card while the register still had a terminal
    ctx.terminal = NoTerminal()
    assert returns.refund_methods(ctx, source) == ["cash", "voucher"]
    with pytest.raises(returns.ReturnError, match="Kein Kartenterminal"):
        card_refunds.begin_card_refund(ctx, associate, plan(ctx, associate, source))
    assert rows(engine, CardRefund) == []


def test_the_terminal_that_is_not_there_charges_nothing():
    terminal = NoTerminal()
    assert not terminal.available
    for call in (lambda: terminal.authorize(reference="r", amount_cents=100),
                 lambda: terminal.refund(reference="r", amount_cents=100),
                 lambda: terminal.lookup(reference="r"), lambda: terminal.lookup_refund(reference="r")):
        with pytest.raises(TerminalUnavailable):
            call()
