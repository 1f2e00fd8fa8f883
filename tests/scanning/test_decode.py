"""Decoding generated codes (python-barcode, segno, zxing-cpp's writer) under what a camera does to them."""

import io

import cv2
import numpy as np
import pytest
import segno
import zxingcpp
from barcode import EAN13, EAN8, Code128, Gs1_128
from barcode.writer import ImageWriter

from app.scanning import decode as decoding
from app.scanning.decode import decode, zbar_available

#: What zxing-cpp 3.1 alone does not read of these synthetic codes; pyzbar (libzbar0, which CI installs) does.
#: Without libzbar these cases are skipped, saying so (issue 17 §3 tunes the decoder on unseen photos).
NEEDS_ZBAR = {("Code128", "plain"), ("Code128", "upside down"), ("Code128", "blurred"), ("Code128", "low contrast"),
              "UPC-E", "GS1-128"}


def needs_zbar(case) -> None:
    if case in NEEDS_ZBAR and not zbar_available():
        pytest.skip(f"{case}: read by pyzbar only, and libzbar0 is not installed on this machine")
from app.scanning.gs1 import parse

RNG = np.random.default_rng(7)


def gray(png: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)


def linear(cls, text: str) -> np.ndarray:
    buf = io.BytesIO()
    cls(text, writer=ImageWriter()).write(buf, options={"module_width": 0.25, "module_height": 12, "dpi": 200,
                                                        "quiet_zone": 4, "font_size": 6})
    return gray(buf.getvalue())


def qr(text: str) -> np.ndarray:
    buf = io.BytesIO()
    segno.make(text, error="m").save(buf, kind="png", scale=6, border=4)
    return gray(buf.getvalue())


def on_canvas(img: np.ndarray, size=(720, 960)) -> np.ndarray:
    """The code somewhere on a light-grey counter, as a camera frame (BGR)."""
    canvas = np.full(size, 200, np.uint8)
    h, w = img.shape
    scale = min(size[0] * 0.6 / h, size[1] * 0.6 / w, 1.5)
    img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    y, x = (size[0] - img.shape[0]) // 3, (size[1] - img.shape[1]) // 4
    canvas[y:y + img.shape[0], x:x + img.shape[1]] = img
    return cv2.cvtColor(canvas, cv2.COLOR_GRAY2BGR)


def rotated(f, angle):
    h, w = f.shape[:2]
    return cv2.warpAffine(f, cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1), (w, h), borderValue=(200,) * 3)


def perspective(f):
    h, w = f.shape[:2]
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = np.float32([[w * 0.08, h * 0.05], [w * 0.95, 0], [w * 0.9, h], [0, h * 0.93]])
    return cv2.warpPerspective(f, cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=(200,) * 3)


def noisy(f):
    return np.clip(f.astype(np.int16) + RNG.normal(0, 18, f.shape), 0, 255).astype(np.uint8)


def low_contrast(f):
    return (f.astype(np.float32) * 0.25 + 120).astype(np.uint8)


DISTORTIONS = {
    "plain": lambda f: f,
    "rotated 12°": lambda f: rotated(f, 12),
    "upside down": lambda f: rotated(f, 180),
    "blurred": lambda f: cv2.GaussianBlur(f, (5, 5), 1.2),
    "noisy": noisy,
    "perspective": perspective,
    "low contrast": low_contrast,
}
CODES = {
    "EAN13": (lambda: linear(EAN13, "400638133393"), "04006381333931"),
    "EAN8": (lambda: linear(EAN8, "9638507"), "00000096385074"),
    "Code128": (lambda: linear(Code128, "R10010100000042"), "R10010100000042"),
    "QRCode": (lambda: qr("TRESEN-CART:TRE5EN"), "TRESEN-CART:TRE5EN"),
}


@pytest.mark.parametrize("distortion", list(DISTORTIONS))
@pytest.mark.parametrize("symbology", list(CODES))
def test_generated_codes_survive_what_a_camera_does(symbology, distortion):
    needs_zbar((symbology, distortion))
    make, expected = CODES[symbology]
    frame = DISTORTIONS[distortion](on_canvas(make()))
    results = decode(frame)
    assert [r.symbology for r in results] == [symbology]
    assert (results[0].gtin or results[0].text) == expected
    assert len(results[0].corners) == 4


def test_upc_a_and_upc_e_are_normalised_like_the_sale_screen():
    needs_zbar("UPC-E")
    upca = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode("036000291452", zxingcpp.BarcodeFormat.UPCA),
                                           scale=3)
    upce = zxingcpp.write_barcode_to_image(zxingcpp.create_barcode("01234565", zxingcpp.BarcodeFormat.UPCE),
                                           scale=3)
    a, e = decode(on_canvas(np.asarray(upca))), decode(on_canvas(np.asarray(upce)))
    assert a[0].gtin == "00036000291452" and a[0].scan_text == "0036000291452"
    assert e[0].symbology in ("UPCE", "UPCA") and e[0].gtin == "00012345000065"  # expanded to its UPC-A


def test_gs1_128_and_gs1_datamatrix_carry_their_element_strings():
    needs_zbar("GS1-128")
    gs1 = linear(Gs1_128, "0104012345678901" + "17261231" + "10LOT7")
    results = decode(on_canvas(gs1))
    assert results[0].gs1 and parse(results[0].text).expiry.isoformat() == "2026-12-31"
    dm = zxingcpp.create_barcode("(01)04012345678901(3103)001250", zxingcpp.BarcodeFormat.DataMatrix, gs1=True)
    found = decode(on_canvas(np.asarray(zxingcpp.write_barcode_to_image(dm, scale=6))))
    assert found[0].symbology == "DataMatrix" and found[0].gs1 and parse(found[0].text).net_weight_g == 1250


def test_images_without_a_barcode_give_nothing():
    textured = cv2.GaussianBlur(RNG.integers(0, 255, (480, 640), dtype=np.uint8), (0, 0), 3)
    stripes = np.tile(np.repeat(RNG.integers(0, 2, 80, dtype=np.uint8) * 255, 8), (300, 1))  # bar-like, no code
    for frame in (np.zeros((480, 640, 3), np.uint8), np.full((480, 640), 255, np.uint8), textured, stripes,
                  np.zeros((1, 1), np.uint8), np.zeros((0, 0), np.uint8)):
        assert decode(frame) == []


def test_a_wrong_check_digit_is_never_a_result(monkeypatch):
    fake = decoding.DecodeResult("4006381333932", "EAN13", engine="zbar")
    monkeypatch.setattr(decoding, "_from_zbar", lambda _g: [fake])
    monkeypatch.setattr(decoding, "_from_zxing", lambda _g, **_k: [])
    assert decode(np.full((100, 300), 255, np.uint8)) == []
