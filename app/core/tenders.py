"""Tenders: how a cart is paid, possibly split across several.

The amounts applied to the sale always add up to the total exactly; change
is only ever given on cash, never on a card.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum

from sync.common.messages import translate


class TenderKind(str, Enum):
    CASH = "cash"
    CARD = "card"
    VOUCHER = "voucher"  # a store-credit voucher; `reference` is its code


class TenderError(ValueError):
    """A tender the payment refuses; the message is for the associate."""


# More change than the largest note means the amount was mistyped or a barcode was
# scanned into the amount field: refused, never booked.
MAX_CHANGE_CENTS = 50_000


@dataclass(frozen=True)
class Tender:
    kind: TenderKind
    amount_cents: int  # applied to the sale
    given_cents: int = 0  # cash handed over
    change_cents: int = 0  # cash handed back
    reference: str | None = None  # card: the terminal reference
    approval_code: str | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind.value
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Tender":
        return cls(**{**d, "kind": TenderKind(d["kind"])})


@dataclass
class Payment:
    total_cents: int
    tenders: list[Tender] = field(default_factory=list)

    @property
    def paid_cents(self) -> int:
        return sum(t.amount_cents for t in self.tenders)

    @property
    def remaining_cents(self) -> int:
        return self.total_cents - self.paid_cents

    @property
    def change_cents(self) -> int:
        return sum(t.change_cents for t in self.tenders)

    @property
    def is_complete(self) -> bool:
        return self.remaining_cents == 0

    def cash(self, given_cents: int) -> Tender:
        """Cash handed over; applies up to what is still due and returns the change."""
        if given_cents <= 0:
            raise TenderError(translate("payment", "Bitte einen Betrag größer als 0 eingeben"))
        if self.is_complete:
            raise TenderError(translate("payment", "Der Betrag ist bereits bezahlt"))
        applied = min(given_cents, self.remaining_cents)
        if given_cents - applied > MAX_CHANGE_CENTS:
            raise TenderError(translate("payment", "Mehr als 500 € Rückgeld – bitte den Betrag prüfen"))
        tender = Tender(TenderKind.CASH, applied, given_cents=given_cents, change_cents=given_cents - applied)
        self.tenders.append(tender)
        return tender

    def check_card_amount(self, amount_cents: int) -> None:
        if amount_cents <= 0:
            raise TenderError(translate("payment", "Bitte einen Betrag größer als 0 eingeben"))
        if amount_cents > self.remaining_cents:
            raise TenderError(translate("payment", "Eine Karte kann nicht mehr als den offenen Betrag zahlen"))

    def voucher(self, code: str, balance_cents: int) -> Tender:
        """Redeem a voucher: up to its balance, never more than is due (no change on a voucher)."""
        if balance_cents <= 0:
            raise TenderError(translate("payment", "Gutschein {code} hat kein Guthaben mehr").format(code=code))
        if self.is_complete:
            raise TenderError(translate("payment", "Der Betrag ist bereits bezahlt"))
        if any(t.kind is TenderKind.VOUCHER and t.reference == code for t in self.tenders):
            raise TenderError(translate("payment", "Gutschein {code} ist auf diesem Bon schon eingelöst").format(code=code))
        tender = Tender(TenderKind.VOUCHER, min(balance_cents, self.remaining_cents), reference=code)
        self.tenders.append(tender)
        return tender

    def card(self, amount_cents: int, *, reference: str, approval_code: str | None) -> Tender:
        """Record a card payment the terminal approved."""
        self.check_card_amount(amount_cents)
        tender = Tender(TenderKind.CARD, amount_cents, reference=reference, approval_code=approval_code)
        self.tenders.append(tender)
        return tender
