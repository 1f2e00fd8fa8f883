from datetime import date

import pytest

from app.scanning.gs1 import GS, Gs1Error, looks_like_gs1, parse


def test_element_string_with_fnc1_separators():
    d = parse(f"0104012345678901{GS}10LOT42{GS}17261231{GS}21SN9" + f"{GS}3103001250")
    assert d.gtin == "04012345678901" and d.batch == "LOT42" and d.serial == "SN9"
    assert d.expiry == date(2026, 12, 31) and d.net_weight_g == 1250


def test_fixed_length_fields_need_no_separator_and_price_to_pay():
    d = parse("010401234567890117250600" + "3922000499")
    assert d.expiry == date(2025, 6, 30)  # day 00: end of the month
    assert d.price_cents == 499 and d.expired(date(2026, 1, 1)) and not d.expired(date(2025, 6, 30))


def test_bracketed_and_digital_link_and_count():
    assert parse("(01)04012345678901(30)12").count == 12
    d = parse("https://id.gs1.org/01/04012345678901/10/ABC?17=270101&3922=1999")
    assert d.gtin == "04012345678901" and d.batch == "ABC" and d.expiry == date(2027, 1, 1)
    assert d.price_cents == 1999


def test_bad_gs1_is_refused_with_a_message():
    with pytest.raises(Gs1Error, match="GTIN"):
        parse("0104012345678902")  # wrong check digit
    with pytest.raises(Gs1Error):
        parse("99")
    assert looks_like_gs1(f"{GS}0104012345678901") and looks_like_gs1("0104012345678901" + "17261231")
    assert not looks_like_gs1("4012345678901") and not looks_like_gs1("WEB-100001")
