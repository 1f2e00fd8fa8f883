"""The base price (Grundpreis) German price labelling requires: per kg, per litre or per piece."""

from __future__ import annotations

import re

from app.core.money import round_half_up_div

_SIZE_RE = re.compile(r"^(\d+(?:,\d+)?)\s*(kg|g|l|ml|Stk|Stück|Beutel|Rollen)\b", re.IGNORECASE)


def parse_size(text: str) -> tuple[int, str] | None:
    """'500 g' -> (500, 'kg'); '1,5 l' -> (1500, 'l'); '8 Stk' -> (8, 'Stk'). Amount in g, ml or pieces."""
    m = _SIZE_RE.match(text.strip())
    if not m:
        return None
    number = float(m.group(1).replace(",", "."))
    unit = m.group(2).lower()
    if unit == "kg":
        return round(number * 1000), "kg"
    if unit == "g":
        return round(number), "kg"
    if unit == "l":
        return round(number * 1000), "l"
    if unit == "ml":
        return round(number), "l"
    return round(number), "Stk"


def base_price_cents(gross_price_cents: int, net_content: int, base_unit: str) -> int:
    """Price per kg or litre (content in g or ml), or per piece."""
    if net_content <= 0:
        raise ValueError("net content must be positive")
    if base_unit in ("kg", "l"):
        return round_half_up_div(gross_price_cents * 1000, net_content)
    return round_half_up_div(gross_price_cents, net_content)
