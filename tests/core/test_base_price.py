import pytest

from app.core.base_price import base_price_cents


def test_base_price():
    assert base_price_cents(149, 100, "kg") == 1490  # 100 g chocolate at 1,49 € -> 14,90 €/kg
    assert base_price_cents(79, 1500, "l") == 53  # 1,5 l water at 0,79 € -> 0,53 €/l
    assert base_price_cents(799, 8, "Stk") == 100
    with pytest.raises(ValueError):
        base_price_cents(100, 0, "kg")
