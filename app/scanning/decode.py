"""Decoding barcodes in camera frames: zxing-cpp always, pyzbar too where libzbar loads.

`decode(frame)` takes an image as OpenCV gives it (BGR or grayscale numpy
array) and returns what it found. Both decoders read the frame as it is;
only when neither finds anything are further passes tried, cheapest first
(small codes upscaled, sharpened and not; local contrast; a slight blur
against moiré on screens), until one finds a code or the time budget is
spent. EAN/UPC results must pass their check digit, and are normalised to a
14-digit GTIN as on the sale screen. Reads that contradict each other on the
same spot are not trusted (`_consistent`), nor EAN/UPC reads zbar saw on only
a few scan lines. The passes and thresholds were chosen by cross-validation
on halves of the photographed set (`python -m tests.bench.scan --cross-validate`,
issue 17 §3): what did not help on the half it was not chosen on went (Otsu
thresholding, zxing-cpp's global binarizer); the blur stays for phone screens,
which the photos hardly cover.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from app.scanning.gs1 import GS, Gs1Error, looks_like_gs1, parse
from sync.common.gtin import GtinError, normalize

try:  # pyzbar needs the system's libzbar; without it zxing-cpp decodes alone
    from pyzbar import pyzbar as _pyzbar
    from pyzbar.pyzbar import ZBarSymbol

    #: only what the register uses: zbar then skips its other decoders (about a third faster, and no ITF,
    #: Code 39 or DataBar reads that nothing here asked for)
    _ZBAR_SYMBOLS = [ZBarSymbol.EAN13, ZBarSymbol.EAN8, ZBarSymbol.UPCA, ZBarSymbol.UPCE, ZBarSymbol.CODE128,
                     ZBarSymbol.QRCODE]
except (ImportError, OSError):  # pragma: no cover - depends on the machine
    _pyzbar = None

RETAIL = {"EAN13", "EAN8", "UPCA", "UPCE"}
#: zbar's quality of a read is the number of scan lines that decoded it. A retail code seen on fewer is
#: dropped (in a strip of under 48 lines: on fewer than a quarter of them): such reads are where zbar's
#: misreads are (half the bars decoded wrongly, the check digit passing by chance). Chosen by
#: cross-validation on the two halves of ../shared/barcodes (issue 17 §3).
_ZBAR_MIN_QUALITY = 12
_ZXING_NAMES = {"EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "Code128": "Code128",
                "QRCode": "QRCode", "DataMatrix": "DataMatrix", "MicroQRCode": "QRCode", "DataBar": "DataBar",
                "DataBarExpanded": "DataBar", "DataBarExp": "DataBar", "ITF": "ITF", "Code39": "Code39"}
_ZBAR_NAMES = {"EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "UPCE": "UPCE", "CODE128": "Code128",
               "QRCODE": "QRCode"}
_FORMATS = [zxingcpp.BarcodeFormat.EAN13, zxingcpp.BarcodeFormat.EAN8, zxingcpp.BarcodeFormat.UPCA,
            zxingcpp.BarcodeFormat.UPCE, zxingcpp.BarcodeFormat.Code128, zxingcpp.BarcodeFormat.QRCode,
            zxingcpp.BarcodeFormat.DataMatrix, zxingcpp.BarcodeFormat.MicroQRCode]


@dataclass(frozen=True)
class DecodeResult:
    text: str  # the content; a GS1 element string keeps its FNC1 separators as \x1d
    symbology: str  # EAN13, EAN8, UPCA, UPCE, Code128, QRCode, DataMatrix
    gtin: str | None = None  # retail codes: the 14-digit GTIN
    gs1: bool = False  # GS1-128 / GS1 DataMatrix / GS1 QR element string
    corners: tuple[tuple[int, int], ...] = ()  # where in the frame, for the preview's highlight
    engine: str = ""

    @property
    def scan_text(self) -> str:
        """What goes down the scan path: the GTIN for retail codes, else the text."""
        return self.gtin[1:] if self.gtin and self.gtin.startswith("0") else (self.gtin or self.text)


def zbar_available() -> bool:
    return _pyzbar is not None


def _retail(text: str, symbology: str) -> str | None:
    """The 14-digit GTIN, or None for a wrong check digit. UPC-E comes as its 8 digits from zbar and
    expanded to its 13-digit EAN-13 form from zxing-cpp 3 (the check digit is the same)."""
    try:
        return normalize(text, upce=symbology == "UPCE" and len(text) == 8)
    except GtinError:
        return None


def _from_zxing(gray: np.ndarray, **options) -> list[DecodeResult]:
    found = []
    for r in zxingcpp.read_barcodes(gray, formats=_FORMATS, text_mode=zxingcpp.TextMode.Plain, **options):
        if not r.valid:
            continue
        name = _ZXING_NAMES.get(r.format.name, r.format.name)
        p = r.position
        corners = tuple((int(pt.x), int(pt.y)) for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        gs1 = r.content_type == zxingcpp.ContentType.GS1
        found.append(DecodeResult(r.text, name, None, gs1, corners, "zxing"))
    return found


def _from_zbar(gray: np.ndarray) -> list[DecodeResult]:
    if _pyzbar is None:
        return []
    found = []
    need = min(_ZBAR_MIN_QUALITY, max(1, min(gray.shape[:2]) // 4))  # a strip of a few lines has no more
    for r in _pyzbar.decode(gray, symbols=_ZBAR_SYMBOLS):
        name = _ZBAR_NAMES.get(r.type)
        if name is None:
            continue
        if name in RETAIL and r.quality < need:
            continue
        try:
            text = r.data.decode("utf-8")
        except UnicodeDecodeError:
            text = r.data.decode("shift_jis", "replace")
        corners = tuple((int(p.x), int(p.y)) for p in r.polygon)
        if name == "EAN13" and text.startswith("0") and len(text) == 13:
            name, text = "UPCA", text[1:]  # zbar reports UPC-A in its EAN-13 form
        found.append(DecodeResult(text, name, None, False, corners, "zbar"))
    return found


def _checked(results: list[DecodeResult], scale: float = 1.0) -> list[DecodeResult]:
    """Check digits verified, GTINs set, duplicates (the same code from both engines) merged, and
    contradictions resolved (`_consistent`)."""
    out: dict[tuple, DecodeResult] = {}
    for r in results:
        gtin = None
        if r.symbology in RETAIL:
            gtin = _retail(r.text, r.symbology)
            if gtin is None:
                continue  # a wrong check digit is a misread, never a result
        corners = tuple((int(x / scale), int(y / scale)) for x, y in r.corners) if scale != 1 else r.corners
        key = ("GTIN", gtin) if gtin else (r.symbology, r.text.lstrip(GS))
        gs1 = r.gs1 or (r.symbology != "QRCode" and _is_gs1(r.text))  # zbar does not say, the content does
        if key not in out or (gs1 and not out[key].gs1):
            out[key] = DecodeResult(r.text, r.symbology, gtin, gs1, corners, r.engine)
    return _consistent(list(out.values()))


def _box(r: DecodeResult) -> tuple[int, int, int, int] | None:
    if not r.corners:
        return None
    xs, ys = [x for x, _ in r.corners], [y for _, y in r.corners]
    return min(xs), min(ys), max(xs), max(ys)


def _same_place(a: DecodeResult, b: DecodeResult) -> bool:
    """Whether two reads cover the same spot: their boxes meet, with a margin of a tenth of the wider
    (a linear read is often a band of a few scan lines, another read of the same bars a band beside it)."""
    ba, bb = _box(a), _box(b)
    if ba is None or bb is None:
        return True  # no position: it cannot be told apart
    m = max(4, (max(ba[2] - ba[0], bb[2] - bb[0], ba[3] - ba[1], bb[3] - bb[1])) // 10)
    return ba[0] - m <= bb[2] and bb[0] - m <= ba[2] and ba[1] - m <= bb[3] and bb[1] - m <= ba[3]


def _consistent(found: list[DecodeResult]) -> list[DecodeResult]:
    """Two different codes read on the same spot cannot both be right. Two retail codes there are a
    misread (typically one half of the bars decoded wrongly, the check digit passing by chance): both
    are dropped, and the further passes look again. Two different texts of one QR or Code 128 symbol
    from the two engines: zxing-cpp's is kept (zbar guesses the text encoding of QR codes and misses
    Code 128's extended characters). Codes of other kinds side by side, and two codes read by one
    engine in one place (a QR code inside a QR code), all stay."""
    drop: set[int] = set()
    for i, a in enumerate(found):
        for j in range(i + 1, len(found)):
            b = found[j]
            if not _same_place(a, b):
                continue
            if a.symbology in RETAIL and b.symbology in RETAIL:
                drop |= {i, j}
            elif a.engine != b.engine and a.symbology == b.symbology:
                drop.add(i if a.engine == "zbar" else j)
    return [r for i, r in enumerate(found) if i not in drop]


def _is_gs1(text: str) -> bool:
    if not looks_like_gs1(text):
        return False
    try:
        parse(text)
    except Gs1Error:
        return False
    return True


def _sharpen(gray: np.ndarray) -> np.ndarray:
    blur = cv2.GaussianBlur(gray, (0, 0), 2)
    return cv2.addWeighted(gray, 1.8, blur, -0.8, 0)


def _passes(gray: np.ndarray):
    """Further attempts when a frame gives nothing: (image, scale, engines), cheapest and most likely first."""
    h, w = gray.shape[:2]
    if min(h, w) < 400:  # a small or distant code: give the bars more pixels
        up = cv2.resize(gray, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
        yield _sharpen(up), 2.0, ("zxing",)
        yield up, 2.0, ("zxing", "zbar")
    yield cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray), 1.0, ("zxing", "zbar")
    yield cv2.GaussianBlur(gray, (3, 3), 0), 1.0, ("zbar",)  # moiré of a phone screen


def decode(frame: np.ndarray, *, budget_ms: float = 40.0) -> list[DecodeResult]:
    """Every barcode found in the frame (often one). Empty when there is none: no guesses."""
    if frame is None or frame.size == 0 or max(frame.shape[:2]) < 8:  # a single scan line is fine
        return []
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    gray = np.ascontiguousarray(gray)
    start = time.perf_counter()
    found = _checked(_from_zxing(gray) + _from_zbar(gray))
    if found:
        return found
    for image, scale, engines in _passes(gray):
        if (time.perf_counter() - start) * 1000 > budget_ms:
            break
        raw = []
        for engine in engines:
            if engine == "zxing":
                raw += _from_zxing(image, try_downscale=False)
            else:
                raw += _from_zbar(image)
        found = _checked(raw, scale)
        if found:
            return found
    return []
