"""The decoder's rules for what it trusts (issue 17 §3): zxing-cpp's expanded UPC-E, contradicting reads."""

from __future__ import annotations

from app.scanning.decode import DecodeResult, _checked, _retail


def read(text: str, symbology: str, engine: str, box=(10, 10, 200, 60)) -> DecodeResult:
    x0, y0, x1, y1 = box
    return DecodeResult(text, symbology, corners=((x0, y0), (x1, y0), (x1, y1), (x0, y1)), engine=engine)


def test_upce_in_zxings_expanded_13_digit_form_is_a_gtin():
    # UPC-E 01234565 expands to UPC-A 012345000065; zxing-cpp 3 gives its EAN-13 form, zbar the 8 digits
    assert _retail("0012345000065", "UPCE") == _retail("01234565", "UPCE") == "00012345000065"
    assert _retail("0012345000066", "UPCE") is None  # a wrong check digit stays a misread


def test_two_different_retail_codes_on_one_spot_are_both_dropped():
    found = _checked([read("4006381333931", "EAN13", "zxing"), read("5901234123457", "EAN13", "zbar")])
    assert found == []  # both check digits pass: one is a misread, and which one cannot be told
    apart = _checked([read("4006381333931", "EAN13", "zxing"),
                      read("96385074", "EAN8", "zxing", box=(400, 300, 520, 340))])
    assert len(apart) == 2  # two codes side by side on a shelf: both are real


def test_the_same_code_from_both_engines_is_one_result_and_zxings_qr_text_wins():
    same = _checked([read("4006381333931", "EAN13", "zxing"), read("4006381333931", "EAN13", "zbar")])
    assert [r.gtin for r in same] == ["04006381333931"]
    qr = _checked([read("Grüße", "QRCode", "zxing"), read("GrﾃｼﾃÿE", "QRCode", "zbar")])
    assert [r.text for r in qr] == ["Grüße"]
