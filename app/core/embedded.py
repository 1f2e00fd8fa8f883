"""In-store EAN-13 codes with an embedded price or weight (GS1 prefixes 20–29).

Scales and the deli counter print labels whose EAN-13 carries an item number
and either the price or the weight. Which prefixes carry what, and where the
item number and the value sit, differs between chains, so it is configured
per store as a list of `EmbeddedRule`s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal

from app.core.gtin import check_digit

Kind = Literal["price", "weight"]


@dataclass(frozen=True)
class EmbeddedRule:
    prefix: str  # e.g. "21"; matched against the start of the 13-digit code
    kind: Kind  # "price": value in cents; "weight": value in grams
    item_start: int  # 0-based positions in the 13-digit code
    item_len: int
    value_start: int
    value_len: int

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "EmbeddedRule":
        return cls(**data)


@dataclass(frozen=True)
class EmbeddedCode:
    item_number: str
    kind: Kind
    value: int  # cents for price, grams for weight


#: A common German layout: 2P IIIII VVVVV C, prices under 21–24, weights under 28–29.
DEFAULT_RULES: tuple[EmbeddedRule, ...] = tuple(
    [EmbeddedRule(p, "price", 2, 5, 7, 5) for p in ("21", "22", "23", "24")]
    + [EmbeddedRule(p, "weight", 2, 5, 7, 5) for p in ("28", "29")]
)


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
