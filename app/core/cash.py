"""Cash in the drawer: euro denominations, a count by denomination, and the cash movements of the DSFinV-K.

A count is a mapping denomination (cents) -> number of pieces, as an associate counts the drawer: coins from
1 cent to 2 euros, notes from 5 to 500 euros. Cash movements are the DSFinV-K business cases (GV_TYP) that
move cash without selling anything; each has a direction (into or out of the drawer) and is not taxable
(UST_SCHLUESSEL 5), so its TSE process data carries the amount in the 0 % bucket and a cash payment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from app.core.fiscal import BonType, ProcessPayment, PaymentType, kassenbeleg_v1
from sync.common.messages import translate

__all__ = ["COINS", "DENOMINATIONS", "NOTES", "CashCount", "CashError", "CashMovementKind", "MOVEMENT_NAMES",
           "cash_process_data", "movement_name", "movement_process_data"]

COINS = (1, 2, 5, 10, 20, 50, 100, 200)
NOTES = (500, 1000, 2000, 5000, 10000, 20000, 50000)
DENOMINATIONS = COINS + NOTES


#: How a movement's business case is named on receipts, reports and in the cash book (the stored kind is the
#: DSFinV-K name, which is not always German an associate would read).
MOVEMENT_NAMES = {"DifferenzSollIst": "Kassendifferenz", "TrinkgeldAN": "Trinkgeld an Mitarbeitende",
                  # stays German: DSFinV-K names, on reports and exports
                  "Geldtransit zurück": "Geldtransit (zurück in die Kasse)"}


def movement_name(kind: str) -> str:
    return MOVEMENT_NAMES.get(kind, kind)


class CashError(ValueError):
    """A count or a movement that cannot be; the message is for the associate."""


class CashMovementKind(str, Enum):
    """The DSFinV-K business cases (GV_TYP) of cash moved without a sale, and which way the cash goes."""

    PAY_IN = "Einzahlung"  # cash put in that is not a sale, e.g. a deposit for a later order
    PAY_OUT = "Auszahlung"  # e.g. a parcel service paid from the drawer
    TRANSIT_OUT = "Geldtransit"  # to the safe or the bank
    # stays German: DSFinV-K names, on reports and exports
    TRANSIT_IN = "Geldtransit zurück"  # from the safe or the bank (GV_TYP Geldtransit, positive)
    OWNER_WITHDRAWAL = "Privatentnahme"
    OWNER_DEPOSIT = "Privateinlage"
    WAGES = "Lohnzahlung"
    TIP_TO_STAFF = "TrinkgeldAN"  # tips the business collected and hands to an employee

    @property
    def into_drawer(self) -> bool:
        return self in (CashMovementKind.PAY_IN, CashMovementKind.TRANSIT_IN, CashMovementKind.OWNER_DEPOSIT)

    @property
    def gv_typ(self) -> str:
        """The GV_TYP written to DSFinV-K businesscases.csv."""
        return "Geldtransit" if self is CashMovementKind.TRANSIT_IN else self.value

    def signed_cents(self, amount_cents: int) -> int:
        """The drawer's change: positive into it, negative out of it."""
        if amount_cents <= 0:
            raise CashError(translate("cash", "Bitte einen Betrag über 0,00 € eingeben"))
        return amount_cents if self.into_drawer else -amount_cents


@dataclass(frozen=True)
class CashCount:
    """Pieces per denomination (cents -> count)."""

    pieces: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for denomination, count in self.pieces.items():
            if denomination not in DENOMINATIONS:
                raise CashError(translate("cash", "Keine Euro-Stückelung: {denomination} Cent").format(
                                          denomination=denomination))
            if count < 0 or count > 100_000:
                raise CashError(translate("cash", "Die Anzahl muss zwischen 0 und 100.000 liegen"))

    @property
    def total_cents(self) -> int:
        return sum(denomination * count for denomination, count in self.pieces.items())

    def to_dict(self) -> dict[str, int]:
        return {str(d): c for d, c in sorted(self.pieces.items()) if c}

    @classmethod
    def fewest_pieces(cls, cents: int) -> "CashCount":
        """`cents` in the fewest notes and coins (a float prepared by the bank, a count in a test or the demo)."""
        pieces = {}
        for denomination in sorted(DENOMINATIONS, reverse=True):
            pieces[denomination], cents = divmod(cents, denomination)
        return cls({d: n for d, n in pieces.items() if n})

    @classmethod
    def from_dict(cls, data: dict) -> "CashCount":
        return cls({int(d): int(c) for d, c in (data or {}).items()})


def movement_process_data(kind: CashMovementKind, amount_cents: int) -> str:
    """The TSE process data of a cash movement: a `Beleg` whose not-taxable amount (0 % bucket) is the cash
    that moved, paid in cash; out of the drawer both are negative."""
    return cash_process_data(kind.signed_cents(amount_cents))


def cash_process_data(signed_cents: int) -> str:
    """Cash into (+) or out of (-) the drawer, not taxable (a movement, the float, a counted difference)."""
    return kassenbeleg_v1(BonType.RECEIPT, (0, 0, 0, 0, signed_cents),
                          [ProcessPayment(signed_cents, PaymentType.CASH)])
