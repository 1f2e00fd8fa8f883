"""Setting a PIN: the length rules (managers 6 digits, associates the store's minimum) and who may."""

import pytest

from app.services import associates
from app.services.auth import AuthError, Authenticator
from app.services.context import RegisterContext
from sync.common.pins import PinRuleError
from tests.conftest import set_store_settings


@pytest.mark.parametrize("pin", ["1234", "12345"])
def test_a_manager_pin_of_four_or_five_digits_is_refused(ctx, manager, pin):
    with pytest.raises(PinRuleError) as refused:
        associates.set_pin(ctx, manager, associate_id=3, pin=pin)
    assert refused.value.params["min_digits"] == 6
    assert Authenticator(ctx.engine).login(associate_id=3, pin="987654").is_manager  # unchanged


def test_a_manager_pin_of_six_digits_is_set(ctx, manager):
    associates.set_pin(ctx, manager, associate_id=3, pin="246810")
    auth = Authenticator(ctx.engine)
    assert auth.login(associate_id=3, pin="246810").is_manager
    with pytest.raises(AuthError):
        auth.login(associate_id=3, pin="987654")


def test_an_associate_pin_below_the_store_setting_is_refused(engine, terminal, manager):
    set_store_settings(engine, associate_pin_min_digits=6)
    ctx = RegisterContext.load(engine, terminal=terminal)
    assert ctx.settings.associate_pin_min_digits == 6
    with pytest.raises(PinRuleError) as refused:
        associates.set_pin(ctx, manager, associate_id=1, pin="12345")
    assert (refused.value.code, refused.value.params["min_digits"]) == ("pin_too_short", 6)
    associates.set_pin(ctx, manager, associate_id=1, pin="135790")
    assert Authenticator(engine).login(associate_id=1, pin="135790").name == "Lena Schmidt"


def test_associates_need_four_digits_by_default(ctx, associate):
    assert ctx.settings.associate_pin_min_digits == 4
    associates.set_pin(ctx, associate, associate_id=1, pin="4321")  # their own PIN
    assert Authenticator(ctx.engine).login(associate_id=1, pin="4321").name == "Lena Schmidt"


def test_only_a_manager_sets_someone_elses_pin(ctx, associate):
    with pytest.raises(AuthError):
        associates.set_pin(ctx, associate, associate_id=2, pin="4321")
    with pytest.raises(AuthError):
        associates.set_pin(ctx, associate, associate_id=3, pin="123456")
