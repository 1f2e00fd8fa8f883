import pytest
from hypothesis import given, strategies as st

from sync.common.gtin import GtinError, check_digit, display_form, expand_upce, is_valid, normalize


def test_known_codes():
    assert is_valid("4006381333931")  # EAN-13
    assert is_valid("73513537")  # EAN-8
    assert is_valid("036000291452")  # UPC-A
    assert normalize("036000291452") == normalize("0036000291452") == normalize("00036000291452")
    assert normalize("73513537") == "00000073513537"


def test_upce_expansion():
    assert expand_upce("04252614") == "042100005264"
    assert normalize("04252614", upce=True) == normalize("042100005264")
    assert expand_upce("01234505") == "012000003455"
    assert is_valid(expand_upce("01234505"))


@pytest.mark.parametrize("bad", ["4006381333932", "1234", "40063813339a1", "123456789012345", "40063813339"])
def test_rejects(bad):
    assert not is_valid(bad)  # what the backend's catalog import refuses
    with pytest.raises(GtinError):
        normalize(bad)


def test_bad_check_digit_message_is_clear():
    with pytest.raises(GtinError, match="Prüfziffer"):
        normalize("4006381333932")


@given(st.text(alphabet="0123456789", min_size=11, max_size=13))
def test_normalize_roundtrips(body):
    code = body + str(check_digit(body))
    gtin = normalize(code)
    assert len(gtin) == 14 and is_valid(gtin)
    assert normalize(display_form(gtin)) == gtin
    assert normalize(gtin) == gtin


@given(st.text(alphabet="0123456789", min_size=7, max_size=7))
def test_ean8_roundtrips(body):
    code = body + str(check_digit(body))
    assert normalize(display_form(normalize(code))) == normalize(code)


@given(st.sampled_from("01"), st.text(alphabet="0123456789", min_size=6, max_size=6))
def test_upce_expands_to_valid_upca(ns, digits):
    body = ns + digits
    upca = expand_upce(body + "0")
    fixed = upca[:11] + str(check_digit(upca[:11]))
    assert is_valid(fixed)
