"""The receipts (Bons) of a closing, made from its journal entries as the registers wrote them
(app/services: checkout.record_sale, returns.commit_return, sale_session.void, till.record_movement).

- sale: BON_TYP Beleg; its lines are Umsatz at the key of their VAT class with the amount after every
  discount (the chain's offers and redeemed loyalty points included); a gift card sold is a line
  MehrzweckgutscheinKauf (key 5, positive); a store-credit voucher or gift card redeemed is a line
  MehrzweckgutscheinEinloesung (key 5, negative) and no payment; cash counts net of change, a card is Unbar.
- training: the same as AVTraining. void: AVBelegabbruch, its lines without amounts (marked cancelled);
  numbered in the register's receipt series (an entry of an older register without a number is reported).
- return: a Beleg with negative lines and refund, referencing its original (REF_TYP Transaktion); a refund
  as a voucher is a line MehrzweckgutscheinKauf (key 5, positive) instead of a payment.
- cash_movement: one line of its GV_TYP (Anfangsbestand, Geldtransit, ...), key 5, paid in cash.
A receipt without any payment has the payment type "Keine" (0,00). So every receipt's lines add up to
its payments, and its VAT totals rebuild the TSE process data it was signed with."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from sync.dsfinvk.source import Entry, JournalSource, parse_time
from sync.dsfinvk.model import (GV_TYPES, KEY_OF_VAT_CLASS, NOT_TAXABLE, Bon, Line, Payment, Reference,
                                       TseData, allocate_vat, eur)

__all__ = ["NO_TRANSACTION", "build_bons"]

_PAYMENT_OF_TENDER = {"cash": ("Bar", "Bargeld"), "card": ("Unbar", "Karte")}
_PAYMENT_OF_REFUND = {"cash": ("Bar", "Bargeld"), "card": ("Unbar", "Karte"),
                      "online": ("Unbar", "Online-Zahlung")}
_FIVE = Decimal("0.00001")
NO_TRANSACTION = "Keine TSE-Transaktion: der Vorgang endete, bevor sie begann"


class _Context:
    """What building the receipts of one export needs besides the entry: master data rows by id, and
    the problems found on the way."""

    def __init__(self, journal: JournalSource, problems: list[str]):
        self.journal, self.problems = journal, problems
        self.products: dict[int, dict[str, Any]] = {}
        self.customers: dict[int, dict[str, Any]] = {}
        self.originals: dict[str, Entry] = {}  # the sales returns take back, by id
        self.closings: dict[tuple[str, str, int], Entry | None] = {}  # the closing covering an original

    def load(self, entries: list[Entry]) -> None:
        """Everything the entries name, in a few queries instead of one per receipt."""
        ids = {line.get("product_id") for e in entries for line in e.data.get("lines", [])}
        self.products.update(self.journal.products(ids - set(self.products)))
        customers = {e.data.get("customer_id") for e in entries} - {None}
        self.customers.update(self.journal.customers(customers - set(self.customers)))
        sources = {e.data.get("source_id") for e in entries if e.kind == "return" and e.data.get("source") == "sale"}
        self.originals.update(self.journal.receipts(sources - {None} - set(self.originals)))

    def closing_of(self, entry: Entry) -> Entry | None:
        key = (entry.register_id, entry.chain, entry.seq)
        if key not in self.closings:
            self.closings[key] = self.journal.closing_after(entry)
        return self.closings[key]


def _key(ctx: _Context, entry: Entry, vat_class: str | None, product_id: Any) -> int:
    if vat_class is None:  # a void's lines do not say: the product's class
        vat_class = (ctx.products.get(product_id) or {}).get("vat_class")
    if vat_class not in KEY_OF_VAT_CLASS:
        ctx.problems.append(f"{entry.where}: Artikel {product_id} ohne bekannte Steuerklasse "
                            f"({vat_class!r}); als 19 % exportiert")
        return 1
    return KEY_OF_VAT_CLASS[vat_class]


def _per_piece(cents: int, quantity: Decimal) -> Decimal:
    return (eur(cents) / quantity).quantize(_FIVE, rounding=ROUND_HALF_UP) if quantity else eur(cents)


def _article(line: dict, total_cents: int) -> dict:
    """MENGE, EINHEIT and STK_BR (before discounts) of a line: kg for a weighed item, else pieces."""
    unit_price, gross = line.get("unit_price_cents"), line.get("gross_cents", total_cents)
    if line.get("weight_g"):
        kg = Decimal(line["weight_g"]).scaleb(-3)
        return {"quantity": kg, "unit": "kg",
                "unit_price": eur(unit_price) if unit_price is not None else _per_piece(gross, kg)}
    quantity = Decimal(line.get("quantity") or 1)
    exact = unit_price is not None and unit_price * quantity == gross
    return {"quantity": quantity, "unit": "Stk",
            "unit_price": eur(unit_price) if exact else _per_piece(gross, quantity)}


def _start(entry: Entry):
    """BON_START: when the cart began (the register's clock); the end if the entry does not say."""
    started = entry.data.get("started_at")
    return parse_time(started) if started else entry.at


def _tse(entry: Entry) -> TseData:
    tse = entry.data.get("tse") or {}
    if tse.get("signature"):
        return TseData(serial=tse.get("tse_serial", ""), number=tse.get("transaction_number"),
                       start=parse_time(tse["start_time"]), end=parse_time(tse["log_time"]),
                       process_type=tse.get("process_type", ""), counter=tse.get("signature_counter"),
                       signature=tse["signature"], process_data=tse.get("process_data", ""))
    if tse.get("error"):
        return TseData(error=str(tse["error"]))
    return TseData(error=NO_TRANSACTION)


def _payments(tenders: list[dict]) -> list[Payment]:
    sums: dict[tuple[str, str], int] = {}
    for tender in tenders:
        if tender["kind"] in _PAYMENT_OF_TENDER:
            kind = _PAYMENT_OF_TENDER[tender["kind"]]
            sums[kind] = sums.get(kind, 0) + tender["amount_cents"]
    return [Payment(typ, name, cents) for (typ, name), cents in sums.items()]


def _sale(ctx: _Context, entry: Entry, bon_typ: str) -> Bon:
    d = entry.data
    bon = Bon(entry.entity_id, d.get("receipt_no"), bon_typ, _start(entry), entry.at, str(d.get("associate_id", "")))
    for line in d.get("lines", []):
        total = line["total_cents"]
        bon.lines.append(Line(
            pos=str(line["position"]), text=line.get("name", ""), gv_typ="Umsatz",
            vat_key=_key(ctx, entry, line.get("vat_class"), line.get("product_id")), gross_cents=total,
            base_cents=line["gross_cents"] if line.get("gross_cents", total) != total else None,
            art_nr=line.get("sku") or str(line.get("product_id", "")), gtin=line.get("gtin") or "",
            **_article(line, total)))
    for card in d.get("gift_cards", []):  # a gift card sold: a multi-purpose voucher, not taxable
        bon.lines.append(Line(pos=str(len(bon.lines) + 1), text="Geschenkkarte (Mehrzweckgutschein)",
                              gv_typ="MehrzweckgutscheinKauf", vat_key=NOT_TAXABLE,
                              gross_cents=int(card["amount_cents"]), voucher_no=card["code"]))
    for tender in d.get("tenders", []):
        if tender["kind"] == "voucher":
            bon.lines.append(Line(pos=str(len(bon.lines) + 1), text="Mehrzweckgutschein eingelöst",
                                  gv_typ="MehrzweckgutscheinEinloesung", vat_key=NOT_TAXABLE,
                                  gross_cents=-tender["amount_cents"], voucher_no=tender.get("reference") or ""))
        elif tender["kind"] not in _PAYMENT_OF_TENDER:
            ctx.problems.append(f"{entry.where}: unbekannte Zahlart {tender['kind']!r} nicht exportiert")
    bon.payments = _payments(d.get("tenders", []))
    if d.get("customer_id") is not None:  # a loyalty customer: known, so recorded (KUNDE_*)
        bon.customer_id = str(d["customer_id"])
        bon.customer_name = (ctx.customers.get(d["customer_id"]) or {}).get("name", "")
    return bon


def _original(ctx: _Context, entry: Entry) -> Reference:
    """The reference of a return to what it takes back: a receipt of a register, or an online order."""
    d = entry.data
    label = d.get("source_receipt") or ""
    when = parse_time(d["source_created_at"]) if d.get("source_created_at") else None
    if d.get("source") != "sale":
        return Reference("ExterneRechnung", str(d.get("source_id", "")), name=label, date=when)
    original = ctx.originals.get(d.get("source_id", ""))
    if original is None:
        ctx.problems.append(f"{entry.where}: der zurückgenommene Bon {d.get('source_id')} ({label}) ist nicht "
                            f"im Journal {ctx.journal.keeper}; Referenz ohne Kasse und Abschluss")
        return Reference("Transaktion", str(d.get("source_id", "")), name=label, date=when)
    closing = ctx.closing_of(original)
    return Reference("Transaktion", original.entity_id, name=label, date=original.at,
                     z_kasse_id=original.register_id, z_nr=closing.data.get("z_no") if closing else None)


def _return(ctx: _Context, entry: Entry) -> Bon:
    d = entry.data
    bon = Bon(entry.entity_id, d.get("receipt_no"), "Beleg", entry.at, entry.at, str(d.get("associate_id", "")))
    original = ctx.originals.get(d.get("source_id", "")) if d.get("source") == "sale" else None
    sold = {l.get("product_id"): l for l in (original.data.get("lines", []) if original else [])}
    for pos, line in enumerate(d.get("lines", []), start=1):
        quantity = Decimal(line.get("quantity") or 1)
        source = sold.get(line.get("product_id")) or ctx.products.get(line.get("product_id")) or {}
        bon.lines.append(Line(
            pos=str(pos), text=line.get("name", ""), gv_typ="Umsatz",
            vat_key=_key(ctx, entry, line.get("vat_class"), line.get("product_id")),
            gross_cents=-line["refund_cents"], art_nr=source.get("sku") or str(line.get("product_id", "")),
            gtin=source.get("gtin") or "", quantity=-quantity, unit="Stk",
            unit_price=_per_piece(line["refund_cents"], quantity)))
    method, refund = d.get("refund_method", "cash"), d.get("refund_cents", 0)
    if method == "voucher":
        bon.lines.append(Line(pos=str(len(bon.lines) + 1), text="Mehrzweckgutschein ausgegeben",
                              gv_typ="MehrzweckgutscheinKauf", vat_key=NOT_TAXABLE, gross_cents=refund,
                              voucher_no=d.get("voucher_code") or ""))
    elif method in _PAYMENT_OF_REFUND:
        bon.payments = [Payment(*_PAYMENT_OF_REFUND[method], -refund)]
    else:
        ctx.problems.append(f"{entry.where}: unbekannte Erstattungsart {method!r} nicht exportiert")
    bon.references.append(_original(ctx, entry))
    return bon


def _void(ctx: _Context, entry: Entry) -> Bon:
    d = entry.data
    if d.get("receipt_no") is None:
        ctx.problems.append(f"{entry.where}: Belegabbruch ohne Bonnummer (BON_NR): das Journal der Kasse "
                            "nennt keine")
    bon = Bon(entry.entity_id, d.get("receipt_no"), "AVBelegabbruch", _start(entry), entry.at,
              str(d.get("associate_id", "")))
    for pos, line in enumerate(d.get("lines", []), start=1):
        product = ctx.products.get(line.get("product_id")) or {}
        article = _article({k: v for k, v in line.items() if k != "unit_price_cents"}, line.get("total_cents", 0))
        bon.lines.append(Line(pos=str(pos), text=line.get("name", ""), gv_typ="Umsatz",
                              vat_key=_key(ctx, entry, None, line.get("product_id")), gross_cents=0,
                              art_nr=product.get("sku") or str(line.get("product_id", "")), storno=True,
                              **article))
    return bon


def _cash_movement(ctx: _Context, entry: Entry) -> Bon:
    d = entry.data
    gv_typ = d.get("gv_typ", "")
    if gv_typ not in GV_TYPES:
        ctx.problems.append(f"{entry.where}: Geschäftsvorfall {gv_typ!r} ist kein GV_TYP der DSFinV-K")
    text = d.get("kind") or gv_typ
    if d.get("note"):
        text = f"{text}: {d['note']}"
    bon = Bon(entry.entity_id, d.get("receipt_no"), "Beleg", entry.at, entry.at, str(d.get("associate_id", "")))
    bon.lines.append(Line(pos="1", text=text, gv_typ=gv_typ, vat_key=NOT_TAXABLE, gross_cents=d["amount_cents"]))
    bon.payments = [Payment("Bar", "Bargeld", d["amount_cents"])]
    return bon


_BUILDERS: dict[str, Callable[[_Context, Entry], Bon]] = {
    "sale": lambda ctx, e: _sale(ctx, e, "Beleg"),
    "training": lambda ctx, e: _sale(ctx, e, "AVTraining"),
    "return": _return,
    "void": _void,
    "cash_movement": _cash_movement,
}


def build_bons(journal: JournalSource, entries: list[Entry], problems: list[str]) -> list[Bon]:
    """The receipts among `entries`, in journal order, each with its VAT shared out and its TSE data."""
    ctx = _Context(journal, problems)
    receipts = [e for e in entries if e.kind in _BUILDERS]
    ctx.load(receipts)
    bons = []
    for entry in receipts:
        bon = _BUILDERS[entry.kind](ctx, entry)
        bon.tse = _tse(entry)
        if not bon.payments:
            bon.payments = [Payment("Keine", "", 0)]
        allocate_vat(bon)
        bons.append(bon)
    return bons
