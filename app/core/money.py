"""Money as integer euro cents. Floats never hold an amount."""

from __future__ import annotations

import re

from sync.common.messages import translate

_AMOUNT_RE = re.compile(r"^\s*(-)?\s*(\d{1,3}(?:\.\d{3})+|\d+)?(?:[,.](\d{1,2}))?\s*(?:€|EUR)?\s*$")


def round_half_up_div(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (kaufmännisch runden)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def format_eur(cents: int, *, symbol: bool = True) -> str:
    """German formatting: 1234567 -> '12.345,67 €'."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    text = f"{sign}{grouped},{rest:02d}"
    return f"{text} €" if symbol else text


def parse_eur(text: str) -> int:
    """Parse what an associate types ('12,50', '12.50', '1.234,5', '20') into cents.

    Raises ValueError with a readable message on anything else.
    """
    if text is None or not text.strip():
        raise ValueError(translate("money", "Kein Betrag eingegeben"))
    m = _AMOUNT_RE.match(text)
    if not m or (m.group(2) is None and m.group(3) is None):
        raise ValueError(translate("money", "'{text}' ist kein gültiger Betrag").format(text=text))
    whole = int((m.group(2) or "0").replace(".", ""))
    frac = m.group(3) or "0"
    cents = whole * 100 + int(frac.ljust(2, "0"))
    return -cents if m.group(1) else cents


def percent_of(cents: int, basis_points: int) -> int:
    """`basis_points` percent (1 % = 100 bp) of an amount, rounded half-up."""
    return round_half_up_div(cents * basis_points, 10_000)
