"""A receipt (Bon) as the export sees it, and its VAT: the keys of DSFinV-K Anlage 2 the registers' VAT
classes map to, the net and VAT of each key computed from its gross sum once per receipt (as the receipt
prints them, app.core.vat), and shared out over the lines in proportion to their gross, so that the lines
of a receipt add up to its totals exactly, and a closing's business cases to its receipts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

__all__ = ["GV_TYPES", "KEY_OF_VAT_CLASS", "NOT_TAXABLE", "RATES", "VAT_DESCRIPTIONS", "Bon", "Line", "Payment",
           "Reference", "TseData", "allocate_vat", "eur", "net_of", "vat_totals"]

#: UST_SCHLUESSEL -> rate in percent. 1 and 2 are "the rate in force when recorded" (19 % and 7 % now).
RATES = {1: 19, 2: 7, 5: 0, 8: 0}
VAT_DESCRIPTIONS = {1: "Allgemeiner Steuersatz (§ 12 Abs. 1 UStG)", 2: "Ermäßigter Steuersatz (§ 12 Abs. 2 UStG)",
                    5: "Nicht steuerbar", 8: "Steuersatz 0 % (§ 12 Abs. 3 UStG)"}
#: The registers' VAT classes (app.core.vat.VatClass) as keys: A 19 %, B 7 %, C 0 %.
KEY_OF_VAT_CLASS = {"A": 1, "B": 2, "C": 8}
NOT_TAXABLE = 5  # multi-purpose vouchers and cash movements

#: Every GV_TYP the DSFinV-K defines.
GV_TYPES = frozenset((
    "Umsatz", "Pfand", "PfandRueckzahlung", "Rabatt", "Aufschlag", "ZuschussEcht", "ZuschussUnecht",
    "TrinkgeldAG", "TrinkgeldAN", "EinzweckgutscheinKauf", "EinzweckgutscheinEinloesung",
    "MehrzweckgutscheinKauf", "MehrzweckgutscheinEinloesung", "Forderungsentstehung", "Forderungsaufloesung",
    "Anzahlungseinstellung", "Anzahlungsaufloesung", "Anfangsbestand", "Privatentnahme", "Privateinlage",
    "Geldtransit", "Lohnzahlung", "Einzahlung", "Auszahlung", "DifferenzSollIst"))


def eur(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _div_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (kaufmännisch), for negative amounts too."""
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    q, r = divmod(abs(numerator), abs(denominator))
    return sign * (q + (1 if 2 * r >= abs(denominator) else 0))


def net_of(gross_cents: int, key: int) -> int:
    return _div_half_up(gross_cents * 100, 100 + RATES[key])


@dataclass
class Line:
    pos: str  # POS_ZEILE
    text: str
    gv_typ: str
    vat_key: int
    gross_cents: int  # after every discount: POS_BRUTTO
    base_cents: int | None = None  # before the discounts, when there are any (itemamounts.csv)
    art_nr: str = ""
    gtin: str = ""
    quantity: Decimal | None = None  # MENGE: pieces, or kg of a weighed item
    unit: str = ""
    unit_price: Decimal | None = None  # STK_BR, euros
    voucher_no: str = ""
    storno: bool = False
    vat_cents: int = 0  # set by allocate_vat

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.vat_cents


@dataclass(frozen=True)
class Payment:
    typ: str  # ZAHLART_TYP: Bar | Unbar | Keine
    name: str
    cents: int
    currency: str = "EUR"


@dataclass(frozen=True)
class TseData:
    serial: str = ""
    number: int | None = None
    start: datetime | None = None
    end: datetime | None = None
    process_type: str = ""
    counter: int | None = None
    signature: str = ""
    process_data: str = ""
    error: str = ""  # the receipt is unsigned: why (TSE_TA_FEHLER)


@dataclass(frozen=True)
class Reference:
    typ: str  # REF_TYP
    bon_id: str
    name: str = ""
    date: datetime | None = None
    z_kasse_id: str = ""
    z_nr: int | None = None


@dataclass
class Bon:
    bon_id: str
    bon_nr: int | None
    bon_typ: str  # Beleg | AVTraining | AVBelegabbruch
    start: datetime
    end: datetime
    operator: str
    lines: list[Line] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    tse: TseData = field(default_factory=TseData)
    references: list[Reference] = field(default_factory=list)
    customer_id: str = ""
    customer_name: str = ""
    vat: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # key -> (gross, net, vat), set below

    @property
    def gross_cents(self) -> int:
        return sum(line.gross_cents for line in self.lines)


def vat_totals(lines: list[Line]) -> dict[int, tuple[int, int, int]]:
    """Per key (ascending): the gross sum, and net and VAT computed from it once, as a receipt prints them.
    A key only of lines without an amount (an aborted receipt's) has no total."""
    gross: dict[int, int] = {}
    for line in lines:
        if line.gross_cents:
            gross[line.vat_key] = gross.get(line.vat_key, 0) + line.gross_cents
    out = {}
    for key in sorted(gross):
        net = net_of(gross[key], key)
        out[key] = (gross[key], net, gross[key] - net)
    return out


def allocate_vat(bon: Bon) -> None:
    """Set the receipt's VAT totals and share each key's VAT out over its lines by their gross (cumulative
    rounding: the shares add up to the total exactly)."""
    bon.vat = vat_totals(bon.lines)
    for key, (gross, _net, vat) in bon.vat.items():
        lines = [line for line in bon.lines if line.vat_key == key]
        if gross == 0:  # e.g. an item and its exact opposite: each its own VAT, the rest on the last
            for line in lines:
                line.vat_cents = line.gross_cents - net_of(line.gross_cents, key)
            lines[-1].vat_cents += vat - sum(line.vat_cents for line in lines)
            continue
        running, given = 0, 0
        for line in lines:
            running += line.gross_cents
            share = _div_half_up(vat * running, gross) - given
            line.vat_cents, given = share, given + share
