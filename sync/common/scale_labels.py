"""The store setting `embedded_rules`: where a store's scale labels carry the item number and the price or
weight (in-store EAN-13 codes, GS1 prefixes 20–29). The backend keeps a store's rules in its settings and
sends them to the registers, which read labels with them (app/core/embedded.py).

Which prefixes carry what, and where the item number and the value sit, differs between chains, so it is
configured per store as a list of `EmbeddedRule`s.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

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


#: A common German layout: 2P IIIII VVVVV C, prices under 21–24, weights under 28–29.
DEFAULT_RULES: tuple[EmbeddedRule, ...] = tuple(
    [EmbeddedRule(p, "price", 2, 5, 7, 5) for p in ("21", "22", "23", "24")]
    + [EmbeddedRule(p, "weight", 2, 5, 7, 5) for p in ("28", "29")]
)
