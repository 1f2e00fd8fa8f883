"""The receipt as data, and its text layout for the screen, PDF and thermal printers.

One layout serves every output, so what the associate sees on screen is what
the customer gets on paper. Fields required on a German receipt: store name
and address, VAT ID, date with start and end time, a consecutive transaction
number, items with quantity and price, VAT per rate and the tenders, and the
TSE block (KassenSichV): the register's and the TSE's serial numbers, the
transaction number, start and end time, the signature counter and the
signature, in plain text and as the QR code of DSFinV-K Anhang I. A receipt
the TSE could not sign says so instead ("TSE ausgefallen", AEAO zu § 146a
Nr. 7) and never shows a signature it does not have.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, replace
from datetime import datetime

from app.core.money import format_eur
from app.core.tenders import Tender, TenderKind
from app.core.vat import VatGroup


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    quantity: int
    unit_price_cents: int
    total_cents: int  # after the line's discount and its own offers, before basket offers and discount
    vat_letter: str
    weight_g: int | None = None
    discount_cents: int = 0
    offers: tuple[tuple[str, int], ...] = ()  # the line's own offers: (name, cents saved)


@dataclass(frozen=True)
class ReceiptFiscal:
    """The TSE data of one receipt. `qr` is the V0 string (app.core.fiscal.receipt_qr), empty when unsigned."""

    register_serial: str
    tse_serial: str = ""
    transaction_number: int | None = None
    start_time: str = ""  # yyyy-MM-ddTHH:mm:ss.fffZ, UTC, from the TSE
    end_time: str = ""
    signature_counter: int | None = None
    signature: str = ""
    qr: str = ""
    error: str = ""  # why it is unsigned (the outage's reason); "" when signed
    training: bool = False

    @property
    def signed(self) -> bool:
        return bool(self.qr)


@dataclass(frozen=True)
class Receipt:
    store_name: str
    store_street: str
    store_city: str
    vat_id: str
    register_id: str
    receipt_no: int
    barcode: str  # Code 128 content that finds this sale again (returns)
    associate: str
    started_at: datetime  # local time
    ended_at: datetime
    lines: tuple[ReceiptLine, ...]
    subtotal_cents: int
    basket_discount_cents: int
    total_cents: int
    vat_groups: tuple[VatGroup, ...]
    tenders: tuple[Tender, ...]
    change_cents: int
    fiscal: ReceiptFiscal | None = None  # None: made before the register signed receipts
    kind: str = "sale"  # sale | return (amounts negative, refund instead of tenders) | cash (a cash movement)
    reference: str = ""  # a return: what was bought ("Bon 42, Kasse 1001-01" or "Bestellung WEB-1")
    refund_text: str = ""  # a return: how the money went back ("Bar", "Gutschein GS…")
    customer: str = ""  # the customer attached at the counter (name), if any
    basket_offers: tuple[tuple[str, int], ...] = ()  # offers on the whole basket (name, cents), before the Bonrabatt
    gift_cards: tuple[tuple[str, int], ...] = ()  # sold with this sale: (code, cents), a multi-purpose voucher each
    points_earned: int | None = None  # the attached customer's loyalty points; None: no customer
    points_balance: int | None = None  # after this sale, as far as the register knew (None: offline)
    copy_printed_at: datetime | None = None  # set on a reprint: marked as a copy on paper and in the PDF

    @property
    def title(self) -> str:
        if self.kind == "cash":
            return f"Kassenbeleg {self.receipt_no}"
        return f"Rückgabe {self.receipt_no}" if self.kind == "return" else f"Bon {self.receipt_no}"


COPY_MARK = "*** KOPIE ***"


def as_copy(receipt: Receipt, *, at: datetime) -> Receipt:
    """The receipt to give out again: German practice requires a reprint to say it is a copy."""
    return replace(receipt, copy_printed_at=at)


def receipt_barcode(register_id: str, receipt_no: int) -> str:
    """R, then store (4), register (2), number (8): the R keeps it apart from a GTIN-14 on a case."""
    store, _, reg = register_id.partition("-")
    return f"R{int(store):04d}{int(reg or 0):02d}{receipt_no:08d}"


def parse_receipt_barcode(code: str) -> tuple[str, int] | None:
    """(register id, receipt number) of a receipt barcode, or None."""
    code = code.strip().upper()
    if len(code) != 15 or code[0] != "R" or not code[1:].isdigit():
        return None
    return f"{code[1:5]}-{code[5:7]}", int(code[7:])


def _pair(left: str, right: str, width: int) -> str:
    room = width - len(right) - 1
    if len(left) > room:
        left = left[: max(room, 1)]
    return f"{left:<{room}} {right}"


TRAINING_MARK = "*** TRAININGSBON - KEIN VERKAUF ***"
TSE_FAILED_MARK = "*** TSE ausgefallen ***"


def _wrapped(label: str, value: str, width: int) -> list[str]:
    """A label and a long value (a serial, a signature) on as many lines as it needs."""
    first = width - len(label) - 1
    if len(value) <= first:
        return [_pair(label, value, width)]
    return [label] + [value[i:i + width] for i in range(0, len(value), width)]


def fiscal_lines(fiscal: ReceiptFiscal | None, width: int = 42) -> list[str]:
    """The TSE block as text. Without a signature: the outage mark, never an invented value."""
    if fiscal is None:
        return []
    out = [_pair("Kassen-Seriennr.", fiscal.register_serial, width)]
    if not fiscal.signed:
        out += [TSE_FAILED_MARK.center(width), "Nicht signiert, Zeiten der Kasse"[:width]]
        return out
    out += _wrapped("TSE-Seriennr.", fiscal.tse_serial, width)
    out.append(_pair("TSE-Transaktion", str(fiscal.transaction_number), width))
    out.append(_pair("TSE-Start", fiscal.start_time, width))
    out.append(_pair("TSE-Ende", fiscal.end_time, width))
    out.append(_pair("Signaturzähler", str(fiscal.signature_counter), width))
    out += _wrapped("TSE-Signatur", fiscal.signature, width)
    return out


def layout(receipt: Receipt, width: int = 42) -> list[str]:
    """The receipt as lines of at most `width` characters (42 fits 80 mm paper).

    Only characters that thermal printers' code pages know (no € sign, no dashes).
    """
    out = [receipt.store_name.center(width), receipt.store_street.center(width), receipt.store_city.center(width),
           f"USt-IdNr. {receipt.vat_id}".center(width), ""]
    if receipt.copy_printed_at is not None:
        out += [COPY_MARK.center(width), ""]
    training = receipt.fiscal is not None and receipt.fiscal.training
    if training:
        out += [TRAINING_MARK.center(width)[:width], ""]
    out.append(_pair(f"Bon-Nr. {receipt.receipt_no}", f"Kasse {receipt.register_id}", width))
    out.append(_pair(receipt.ended_at.strftime("%d.%m.%Y"),
                     f"{receipt.started_at:%H:%M:%S} - {receipt.ended_at:%H:%M:%S}", width))
    out.append(f"{'Gebucht von' if receipt.kind == 'cash' else 'Es bediente Sie'}: {receipt.associate}"[:width])
    if receipt.customer:
        out.append(f"Kunde: {receipt.customer}"[:width])
    if receipt.kind == "return":
        out += ["", "*** RÜCKGABE ***".center(width), f"zu {receipt.reference}"[:width]]
    elif receipt.reference:  # e.g. ordered for delivery: the order number and where it goes
        out += [""] + textwrap.wrap(receipt.reference, width)
    out.append("-" * width)
    for line in receipt.lines:
        gross = line.total_cents + line.discount_cents + sum(cents for _, cents in line.offers)
        amount = f"{format_eur(gross, symbol=False)} {line.vat_letter}"
        name = line.name
        if receipt.kind == "cash" and len(name) > width - len(amount) - 1:  # a movement's note is never cut
            wrapped = textwrap.wrap(name, width)
            out += wrapped[:-1]
            name = wrapped[-1]
        out.append(_pair(name, amount, width))
        if line.weight_g is not None:
            kg = f"{line.weight_g / 1000:.3f}".replace(".", ",")
            out.append(f"  {kg} kg x {format_eur(line.unit_price_cents, symbol=False)} EUR/kg")
        elif line.quantity != 1:
            out.append(f"  {line.quantity} x {format_eur(line.unit_price_cents, symbol=False)}")
        if line.discount_cents:
            out.append(_pair("  Rabatt", f"-{format_eur(line.discount_cents, symbol=False)} {line.vat_letter}", width))
        for name, cents in line.offers:
            out.append(_pair(f"  {name}"[:width - 12], f"-{format_eur(cents, symbol=False)} {line.vat_letter}", width))
    for code, cents in receipt.gift_cards:  # not taxable: no VAT letter
        out.append(_pair("Geschenkkarte", format_eur(cents, symbol=False) + "  ", width))
        out.append(f"  {code}"[:width])
    out.append("-" * width)
    if receipt.basket_discount_cents or receipt.basket_offers:
        before = receipt.subtotal_cents + sum(cents for _, cents in receipt.basket_offers) + \
            sum(cents for _, cents in receipt.gift_cards)
        out.append(_pair("Zwischensumme", format_eur(before, symbol=False), width))
        for name, cents in receipt.basket_offers:
            out.append(_pair(name[:width - 12], "-" + format_eur(cents, symbol=False), width))
    if receipt.basket_discount_cents:
        out.append(_pair("Bonrabatt", "-" + format_eur(receipt.basket_discount_cents, symbol=False), width))
    out.append(_pair("ERSTATTUNG EUR" if receipt.kind == "return" else
                     "BAR EIN EUR" if receipt.kind == "cash" and receipt.total_cents >= 0 else
                     "BAR AUS EUR" if receipt.kind == "cash" else "SUMME EUR",
                     format_eur(receipt.total_cents, symbol=False), width))
    out.append("")
    if receipt.refund_text:
        out.append(_pair("Erstattet", receipt.refund_text, width))
    for tender in receipt.tenders:
        if tender.kind is TenderKind.CASH:
            out.append(_pair("Bar gegeben", format_eur(tender.given_cents, symbol=False), width))
        elif tender.kind is TenderKind.VOUCHER:
            kind = "Geschenkkarte" if (tender.reference or "").startswith("GK") else "Gutschein"
            out.append(_pair(f"{kind} {tender.reference}", format_eur(tender.amount_cents, symbol=False), width))
        else:
            out.append(_pair("Karte", format_eur(tender.amount_cents, symbol=False), width))
            if tender.approval_code:
                out.append(f"  Genehmigung {tender.approval_code}"[:width])
    if receipt.change_cents:
        out.append(_pair("Rückgeld", format_eur(receipt.change_cents, symbol=False), width))
    if receipt.points_earned is not None:
        out.append("")
        out.append(_pair("Treuepunkte gesammelt", f"+{receipt.points_earned}", width))
        out.append(_pair("Punktestand", str(receipt.points_balance) if receipt.points_balance is not None
                         else "folgt", width))
    if receipt.vat_groups:  # a cash movement has none: not taxable
        out.append("")
        out.append(_pair("USt  Satz      Netto", "USt     Brutto", width))
    for g in receipt.vat_groups:
        left = f"{g.vat_class.value}   {g.rate_percent:>2} %  {format_eur(g.net_cents, symbol=False):>9}"
        right = f"{format_eur(g.vat_cents, symbol=False):>7} {format_eur(g.gross_cents, symbol=False):>9}"
        out.append(_pair(left, right, width))
    out.append("")
    out += fiscal_lines(receipt.fiscal, width)
    out.append("")
    if training:
        out.append(TRAINING_MARK.center(width)[:width])
    else:
        out.append(("Rückgabe gebucht. Danke!" if receipt.kind == "return" else
                    "Kassenbewegung, kein Verkauf" if receipt.kind == "cash" else "Vielen Dank für Ihren Einkauf!")
                   .center(width))
    if receipt.copy_printed_at is not None:
        out += ["", f"Duplikat, gedruckt {receipt.copy_printed_at:%d.%m.%Y %H:%M}".center(width),
                COPY_MARK.center(width)]
    return out
