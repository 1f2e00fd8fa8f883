"""German fiscal rules without a device: the TSE process data of a receipt (DSFinV-K Anhang I,
processType "Kassenbeleg-V1") and the receipt QR code string.

Process data: `<Vorgangstyp>^<five gross amounts>^<payments>`.

- Vorgangstyp (BON_TYP): "Beleg" for a sale or a return, "AVTraining" in training mode, "AVBelegabbruch"
  for a cart voided after its transaction started (amounts all zero, no payments).
- The five gross amounts, "_"-separated, in this fixed order: 19 % (allgemein), 7 % (ermäßigt),
  § 24 (1) Nr. 3 UStG, § 24 (1) Nr. 1 UStG, 0 % (UST_SCHLUESSEL 5-8: nicht steuerbar, steuerfrei, …).
  Two decimals with a point, a minus sign for returns, 0.00 for an unused rate.
- Payments, "_"-separated, each `<Betrag>:<Bar|Unbar>[:<ISO currency>]` (the currency only when it is not
  the base currency). Only "Bar" and "Unbar" exist: a card is "Unbar". Equal kinds are added up, cash
  comes first, the base currency before foreign ones (Weltladenkasse's reading of DSFinV-K p. 110 f.);
  a receipt without any payment has nothing after the last "^".
- Cash is counted net of change: what stays in the drawer.

Store-credit vouchers (`TenderKind.VOUCHER`) are multi-purpose vouchers (Mehrzweckgutschein: redeemable
for goods at any rate). The DSFinV-K does not count them as a payment: redeeming one is the business case
MehrzweckgutscheinEinloesung with UST_SCHLUESSEL 5 (nicht steuerbar) and a negative amount, and a receipt
paid entirely by voucher has ZAHLART_TYP "Keine" (fiskaltrust maps its voucher pay item to "Keine" and
leaves it out of the payments; its charge item "voucher redeem not taxable" is key 5
MehrzweckgutscheinEinloesung). So a redemption lowers the 0 % amount and does not appear among the
payments; issuing store credit as a refund is MehrzweckgutscheinKauf, the same with the opposite sign.
Either way the five amounts add up to the payments, which is how a checker that rebuilds the process data
from transactions_vat.csv and datapayment.csv (AmadeusVerify) sees the receipt.

The QR code (DSFinV-K Anhang I, V0): twelve ";"-separated fields, times as yyyy-MM-ddTHH:mm:ss.fffZ (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import Iterable, Protocol, Sequence

from app.core.tenders import Tender, TenderKind
from app.core.vat import VatClass

__all__ = [
    "ABORTED_PROCESS_DATA", "BonType", "FinishedTransaction", "GROSS_BUCKETS", "PaymentType", "ProcessPayment",
    "RefundMethod", "aborted_process_data", "format_amount", "format_qr_time", "gross_buckets", "kassenbeleg_v1",
    "receipt_qr", "return_process_data", "sale_process_data",
]

BASE_CURRENCY = "EUR"


class BonType(str, Enum):
    """The Vorgangstyp (BON_TYP) that starts the process data. AVBelegstorno is not allowed with a TSE."""

    RECEIPT = "Beleg"
    TRAINING = "AVTraining"
    ABORTED = "AVBelegabbruch"


class PaymentType(str, Enum):
    CASH = "Bar"
    NON_CASH = "Unbar"


# The five gross amounts, by position: (DSFinV-K name, rate or rule).
# stays German: DSFinV-K names, on reports and exports
GROSS_BUCKETS = (("allgemein", "19 %"), ("ermäßigt", "7 %"), ("Durchschnittssatz", "§ 24 (1) Nr. 3 UStG"),
                 ("Durchschnittssatz", "§ 24 (1) Nr. 1 UStG"), ("0 %", "UST_SCHLUESSEL 5-8"))
_BUCKET_OF_VAT_CLASS = {VatClass.STANDARD: 0, VatClass.REDUCED: 1, VatClass.ZERO: 4}
_NOT_TAXABLE = 4  # a multi-purpose voucher (UST_SCHLUESSEL 5) counts in the 0 % amount

_PAYMENT_OF_TENDER = {TenderKind.CASH: PaymentType.CASH, TenderKind.CARD: PaymentType.NON_CASH}


class RefundMethod(str, Enum):
    """How a return's money goes back (app.services.returns.REFUND_METHODS)."""

    CASH = "cash"
    CARD = "card"  # back to the card through the terminal: Unbar
    ONLINE = "online"  # the web shop refunds the online payment: Unbar
    VOUCHER = "voucher"  # store credit issued: MehrzweckgutscheinKauf, not a payment


@dataclass(frozen=True)
class ProcessPayment:
    amount_cents: int
    payment_type: PaymentType
    currency: str = BASE_CURRENCY  # ISO 4217


def format_amount(cents: int) -> str:
    """Integer cents as the process data writes them: 1234 -> "12.34", -5 -> "-0.05"."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole}.{rest:02d}"


def gross_buckets(items: Iterable[tuple[VatClass, int]], *, not_taxable_cents: int = 0) -> tuple[int, ...]:
    """(vat class, gross cents) pairs summed into the five amounts; `not_taxable_cents` (multi-purpose
    voucher business cases) into the 0 % amount."""
    buckets = [0] * len(GROSS_BUCKETS)
    for vat_class, gross_cents in items:
        buckets[_BUCKET_OF_VAT_CLASS[VatClass(vat_class)]] += gross_cents
    buckets[_NOT_TAXABLE] += not_taxable_cents
    return tuple(buckets)


def _payments_part(payments: Iterable[ProcessPayment]) -> str:
    totals: dict[tuple[PaymentType, str], int] = {}
    for p in payments:
        currency = p.currency.upper()
        if len(currency) != 3 or not currency.isalpha():
            raise ValueError(f"not an ISO 4217 currency code: {p.currency!r}")
        key = (PaymentType(p.payment_type), currency)
        totals[key] = totals.get(key, 0) + p.amount_cents

    def order(key: tuple[PaymentType, str]) -> tuple[int, int, str]:
        payment_type, currency = key
        return (0 if payment_type is PaymentType.CASH else 1, 0 if currency == BASE_CURRENCY else 1, currency)

    parts = []
    for key in sorted(totals, key=order):
        if totals[key] == 0:
            continue
        payment_type, currency = key
        suffix = "" if currency == BASE_CURRENCY else f":{currency}"
        parts.append(f"{format_amount(totals[key])}:{payment_type.value}{suffix}")
    return "_".join(parts)


def kassenbeleg_v1(bon_type: BonType | str, gross_cents: Sequence[int], payments: Iterable[ProcessPayment]) -> str:
    """The process data from its parts (the general form; foreign currencies are passed through as given)."""
    if len(gross_cents) != len(GROSS_BUCKETS):
        raise ValueError(f"{len(GROSS_BUCKETS)} gross amounts expected, got {len(gross_cents)}")
    amounts = "_".join(format_amount(c) for c in gross_cents)
    return f"{BonType(bon_type).value}^{amounts}^{_payments_part(payments)}"


def _checked(gross: tuple[int, ...], payments: list[ProcessPayment], bon_type: BonType) -> str:
    paid = sum(p.amount_cents for p in payments)
    if sum(gross) != paid:
        raise ValueError(f"the amounts ({sum(gross)} cents) and the payments ({paid} cents) differ")
    return kassenbeleg_v1(bon_type, gross, payments)


def sale_process_data(items: Iterable[tuple[VatClass, int]], tenders: Iterable[Tender], *,
                      training: bool = False, gift_card_cents: int = 0) -> str:
    """A sale: `items` are (vat class, gross cents) per line or per VAT group as printed, `tenders` as paid.
    Cash counts net of change; a voucher lowers the 0 % amount instead of being a payment, and a gift card sold
    (a multi-purpose voucher: not taxable) raises it."""
    payments, vouchers = [], 0
    for tender in tenders:
        if tender.kind is TenderKind.VOUCHER:
            vouchers += tender.amount_cents
        else:
            payments.append(ProcessPayment(tender.amount_cents, _PAYMENT_OF_TENDER[tender.kind]))
    gross = gross_buckets(items, not_taxable_cents=gift_card_cents - vouchers)
    return _checked(gross, payments, BonType.TRAINING if training else BonType.RECEIPT)


def return_process_data(items: Iterable[tuple[VatClass, int]], refund_method: RefundMethod | str,
                        refund_cents: int, *, training: bool = False) -> str:
    """A return: `items` are the returned (vat class, gross cents) as positive amounts, `refund_cents` what
    goes back. Everything is written negative; store credit is issued as a multi-purpose voucher."""
    method = RefundMethod(refund_method)
    items = [(vat_class, -abs(cents)) for vat_class, cents in items]
    if method is RefundMethod.VOUCHER:
        gross, payments = gross_buckets(items, not_taxable_cents=abs(refund_cents)), []
    else:
        payment_type = PaymentType.CASH if method is RefundMethod.CASH else PaymentType.NON_CASH
        gross, payments = gross_buckets(items), [ProcessPayment(-abs(refund_cents), payment_type)]
    return _checked(gross, payments, BonType.TRAINING if training else BonType.RECEIPT)


ABORTED_PROCESS_DATA = kassenbeleg_v1(BonType.ABORTED, (0, 0, 0, 0, 0), ())


def aborted_process_data() -> str:
    """A cart voided after its transaction started: "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^"."""
    return ABORTED_PROCESS_DATA


def format_qr_time(moment: datetime) -> str:
    """yyyy-MM-ddTHH:mm:ss.fffZ in UTC (a naive datetime is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class FinishedTransaction(Protocol):
    """What the QR code needs of a finished TSE transaction (app.tse.TransactionLog has it all)."""

    client_id: str
    process_type: str
    process_data: str
    transaction_number: int
    signature_counter: int
    start_time: datetime
    log_time: datetime
    signature_algorithm: str
    time_format: str
    signature_b64: str
    public_key_b64: str


def receipt_qr(finished: FinishedTransaction) -> str:
    """V0;<Kassen-Seriennummer>;<processType>;<processData>;<Transaktionsnummer>;<Signaturzähler>;
    <Start-Zeit>;<Log-Time>;<Signaturalgorithmus>;<Log-Time-Format>;<Signatur>;<Public Key>"""
    fields = ["V0", finished.client_id, finished.process_type, finished.process_data,
              str(finished.transaction_number), str(finished.signature_counter),
              format_qr_time(finished.start_time), format_qr_time(finished.log_time),
              finished.signature_algorithm, finished.time_format, finished.signature_b64, finished.public_key_b64]
    if any(";" in f for f in fields):
        raise ValueError("a QR code field contains ';'")
    return ";".join(fields)
