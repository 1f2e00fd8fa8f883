"""In-store EAN-13 codes with an embedded price or weight (GS1 prefixes 20–29).

Scales and the deli counter print labels whose EAN-13 carries an item number and either the price or the
weight; the store's `EmbeddedRule`s (sync/common/scale_labels.py) say where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sync.common.gtin import check_digit
from sync.common.scale_labels import EmbeddedRule, Kind


@dataclass(frozen=True)
class EmbeddedCode:
    item_number: str
    kind: Kind
    value: int  # cents for price, grams for weight


def parse_embedded(code: str, rules: Iterable[EmbeddedRule]) -> EmbeddedCode | None:
    """Return the embedded item and value, or None if no rule applies to this code."""
    if len(code) != 13 or not code.isdigit() or code[0] != "2":
        return None
    if check_digit(code[:12]) != int(code[12]):
        return None
    for rule in rules:
        if code.startswith(rule.prefix):
            item = code[rule.item_start : rule.item_start + rule.item_len]
            value = int(code[rule.value_start : rule.value_start + rule.value_len])
            return EmbeddedCode(item_number=item, kind=rule.kind, value=value)
    return None


def make_embedded(rule: EmbeddedRule, item_number: str, value: int) -> str:
    """Build a valid code for `rule` (used by the demo data and tests)."""
    digits = list(rule.prefix.ljust(12, "0"))
    item = item_number.zfill(rule.item_len)
    val = str(value).zfill(rule.value_len)
    if len(item) != rule.item_len or len(val) != rule.value_len:
        raise ValueError("item number or value too long for this rule")
    digits[rule.item_start : rule.item_start + rule.item_len] = item
    digits[rule.value_start : rule.value_start + rule.value_len] = val
    body = "".join(digits[:12])
    return body + str(check_digit(body))
