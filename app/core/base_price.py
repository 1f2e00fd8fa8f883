"""The base price (Grundpreis) German price labelling requires: per kg, per litre or per piece."""

from __future__ import annotations

from app.core.money import round_half_up_div


def base_price_cents(gross_price_cents: int, net_content: int, base_unit: str) -> int:
    """Price per kg or litre (content in g or ml), or per piece."""
    if net_content <= 0:
        raise ValueError("net content must be positive")
    if base_unit in ("kg", "l"):
        return round_half_up_div(gross_price_cents * 1000, net_content)
    return round_half_up_div(gross_price_cents, net_content)
