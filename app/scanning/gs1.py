"""GS1 element strings: from GS1-128, GS1 DataMatrix and GS1 Digital Link QR codes.

Understood application identifiers: 01 (GTIN), 10 (batch), 17 (expiry,
YYMMDD; day 00 = end of month), 21 (serial), 30 (count), 310n (net weight in
kg with n decimals) and 392n (price to pay with n decimals). Others are kept
as they are. Variable-length fields end at the FNC1 separator (\\x1d) or at
the end; a bracketed human-readable form "(01)…(17)…" is read too.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl, urlsplit

from sync.common.gtin import GtinError, normalize
from sync.common.messages import message_of, translate

GS = "\x1d"
# fixed lengths (without the AI) of the AIs we know; the rest are variable (up to a GS)
_FIXED = {"00": 18, "01": 14, "02": 14, "11": 6, "12": 6, "13": 6, "15": 6, "16": 6, "17": 6, "20": 2}
_VARIABLE_MAX = {"10": 20, "21": 20, "30": 8, "37": 8, "240": 30, "241": 30}


class Gs1Error(ValueError):
    """Not a readable GS1 element string; the message is for the associate."""


@dataclass(frozen=True)
class Gs1Data:
    gtin: str | None = None  # 14 digits, check digit verified
    batch: str | None = None
    expiry: date | None = None
    serial: str | None = None
    count: int | None = None
    net_weight_g: int | None = None
    price_cents: int | None = None
    other: dict[str, str] = field(default_factory=dict)

    def expired(self, today: date | None = None) -> bool:
        return self.expiry is not None and self.expiry < (today or date.today())


def _ai_at(text: str, i: int) -> str:
    for n in (2, 3, 4):
        ai = text[i:i + n]
        if ai in _FIXED or ai in _VARIABLE_MAX:
            return ai
        if n == 4 and (ai.startswith("310") or ai.startswith("392")):
            return ai
    raise Gs1Error(translate("scanning", "Unbekannter GS1-Datenbezeichner bei '{ai}'").format(ai=text[i:i + 4]))


def _split(text: str) -> list[tuple[str, str]]:
    text = text.lstrip(GS)
    if text.startswith("]"):  # a symbology identifier such as ]C1 or ]d2
        text = text[3:]
    if text.startswith("("):
        return re.findall(r"\((\d{2,4})\)([^(]*)", text)
    pairs, i = [], 0
    while i < len(text):
        if text[i] == GS:
            i += 1
            continue
        ai = _ai_at(text, i)
        i += len(ai)
        if ai in _FIXED:
            value = text[i:i + _FIXED[ai]]
            if len(value) != _FIXED[ai]:
                raise Gs1Error(translate("scanning", "GS1-Feld {ai} ist zu kurz").format(ai=ai))
            i += len(value)
        elif ai.startswith("310"):  # net weight: six digits
            value, i = text[i:i + 6], i + 6
        else:
            end = text.find(GS, i)
            end = len(text) if end < 0 else end
            value, i = text[i:end], end
        pairs.append((ai, value))
    return pairs


def _expiry(value: str) -> date:
    yy, mm, dd = int(value[0:2]), int(value[2:4]), int(value[4:6])
    this = date.today().year
    diff = yy - this % 100
    century = this // 100 * 100 + (-100 if diff >= 51 else 100 if diff <= -50 else 0)  # GS1's sliding window
    year = century + yy
    if not 1 <= mm <= 12:
        raise Gs1Error(translate("scanning", "Ungültiges Verfallsdatum {value}").format(value=value))
    day = dd or calendar.monthrange(year, mm)[1]
    return date(year, mm, day)


def parse(text: str) -> Gs1Data:
    """An element string (FNC1 as \\x1d, or bracketed) or a GS1 Digital Link URL."""
    if text.startswith(("http://", "https://")):
        return parse_digital_link(text)
    values: dict[str, str] = {}
    for ai, value in _split(text):
        values[ai] = value
    return _build(values)


def parse_digital_link(url: str) -> Gs1Data:
    """https://example.com/01/09506000134352/10/ABC?17=261231 (path pairs and query)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    values: dict[str, str] = {}
    try:
        start = segments.index("01")
    except ValueError as exc:
        raise Gs1Error(translate("scanning", "Kein GS1 Digital Link (kein /01/ im Pfad)")) from exc
    pairs = segments[start:]
    for ai, value in zip(pairs[0::2], pairs[1::2]):
        values[ai] = value
    for ai, value in parse_qsl(parts.query):
        if ai.isdigit():
            values[ai] = value
    return _build(values)


def _build(values: dict[str, str]) -> Gs1Data:
    data: dict = {"other": {}}
    for ai, value in values.items():
        if ai == "01":
            try:
                data["gtin"] = normalize(value)
            except GtinError as exc:
                raise Gs1Error(translate("scanning", "GTIN im GS1-Code ungültig: {reason}").format(
                                         reason=message_of(exc) or str(exc))) from exc
        elif ai == "10":
            data["batch"] = value
        elif ai == "17":
            data["expiry"] = _expiry(value)
        elif ai == "21":
            data["serial"] = value
        elif ai == "30":
            data["count"] = int(value)
        elif ai.startswith("310") and len(ai) == 4:
            data["net_weight_g"] = round(int(value) * 1000 / 10 ** int(ai[3]))
        elif ai.startswith("392") and len(ai) == 4:
            data["price_cents"] = round(int(value) * 100 / 10 ** int(ai[3]))
        else:
            data["other"][ai] = value
    if not data.get("gtin") and not data["other"] and len(data) == 1:
        raise Gs1Error(translate("scanning", "Leerer GS1-Code"))
    return Gs1Data(**data)


def looks_like_gs1(text: str) -> bool:
    """A scan that carries GS1 data rather than a plain GTIN."""
    if text.startswith(("http://", "https://")):
        return "/01/" in text
    t = text.lstrip(GS)
    return text.startswith(GS) or t.startswith(("]C1", "]d2", "]Q3", "(01)")) or (
        len(t) > 16 and t[:2] == "01" and t[2:16].isdigit())
