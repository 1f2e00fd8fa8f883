"""Roles beyond associate and manager (issue 13): a trainee sells in training mode only, enforced in the
services, not only by hidden buttons."""

import pytest

from app.core.cash import CashCount, CashMovementKind
from app.services import day_closing, inventory, till
from app.services.auth import AssociateSession, AuthError, Role
from app.services.checkout import complete_cart
from app.services.sale_session import SaleSession
from tests.conftest import gtin_of, piece_product_ids

TRAINEE = AssociateSession(1, "Lena Schmidt", Role.TRAINEE)


def test_a_trainee_sells_in_training_mode_and_cannot_leave_it(ctx, manager):
    sale = SaleSession(ctx, TRAINEE)
    assert sale.training
    with pytest.raises(AuthError, match="Auszubildende"):
        sale.set_training(False, approver_pin="987654")  # not even with a manager's PIN
    sale.scan(gtin_of(ctx.engine, piece_product_ids(ctx.engine, 1)[0]))
    sale.pay_cash(sale.remaining_cents)
    receipt = sale.complete()
    assert receipt.fiscal.training and sale.training  # the next cart is a training cart too


def test_the_services_refuse_what_moves_money_or_goods_for_a_trainee(ctx, manager):
    product = piece_product_ids(ctx.engine, 1)[0]
    real = SaleSession(ctx, manager)
    real.scan(gtin_of(ctx.engine, product))
    real.pay_cash(real.remaining_cents)
    with pytest.raises(AuthError, match="Auszubildende"):  # a real receipt, even if the UI offered it
        complete_cart(ctx, cart=real.cart, tenders=list(real.payment.tenders), associate=TRAINEE,
                      started_at=real.started_at, training=False)
    with pytest.raises(AuthError, match="Auszubildende"):
        till.move_cash(ctx, TRAINEE, kind=CashMovementKind.PAY_IN, amount_cents=500, approver_pin="987654")
    with pytest.raises(AuthError, match="Auszubildende"):
        till.open_till(ctx, TRAINEE, float_count=CashCount())
    with pytest.raises(AuthError, match="Auszubildende"):
        day_closing.close_day(ctx, TRAINEE, counted=CashCount(), approver_pin="987654")
    with pytest.raises(AuthError, match="Auszubildende"):
        inventory.count_stock(ctx, TRAINEE, product_id=product, counted=3, approver_pin="987654")
    real.complete()  # the manager's own sale goes through
