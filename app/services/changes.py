"""What an operation changed, so views refresh only what they must (as in Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sync.common.messages import Message

RowChange = Literal["inserted", "updated", "removed", "reset"]


@dataclass(frozen=True)
class Changes:
    cart: bool = False
    row_change: RowChange = "reset"  # how the cart's rows changed, when `cart` is set
    row: int = -1  # which row, for inserted/updated/removed
    payment: bool = False
    parked: bool = False
    sales: bool = False
    stock: bool = False
    message: Message | str = ""  # feedback for the associate, e.g. "Preis geändert" (the UI shows it with describe)


def cart_row(kind: RowChange, row: int, message: Message | str = "") -> Changes:
    return Changes(cart=True, row_change=kind, row=row, message=message)


CART_RESET = Changes(cart=True, payment=True)
