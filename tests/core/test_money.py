import pytest
from hypothesis import given, strategies as st

from app.core.money import format_eur, parse_eur, percent_of, round_half_up_div


def test_round_half_up():
    assert round_half_up_div(5, 10) == 1
    assert round_half_up_div(4, 10) == 0
    assert round_half_up_div(15, 10) == 2
    assert round_half_up_div(-15, 10) == -2


def test_format_german():
    assert format_eur(123456789) == "1.234.567,89 €"
    assert format_eur(5) == "0,05 €"
    assert format_eur(-250, symbol=False) == "-2,50"


@pytest.mark.parametrize("text,cents", [("12,50", 1250), ("12.50", 1250), ("20", 2000), ("1.234,5", 123450),
                                        (",99", 99), ("7 €", 700), ("0,05", 5)])
def test_parse(text, cents):
    assert parse_eur(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1,2,3", "€"])
def test_parse_rejects(text):
    with pytest.raises(ValueError):
        parse_eur(text)


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_format_parse_roundtrip(cents):
    assert parse_eur(format_eur(cents)) == cents


def test_percent_of():
    assert percent_of(999, 1000) == 100  # 10 % of 9,99 = 0,999 -> 1,00
