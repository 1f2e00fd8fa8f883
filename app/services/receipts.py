"""Receipts are built from the stored sale, so a reprint is identical to the original."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlmodel import Session, select

from app.core.fiscal import receipt_qr
from app.core.cash import movement_name
from app.core.day_report import as_local
from app.core.receipt import Receipt, ReceiptFiscal, ReceiptLine, receipt_barcode
from app.core.tenders import Tender, TenderKind
from app.core.vat import VatClass, vat_breakdown
from app.services.context import RegisterContext
from app.store.models import (
    Associate, CashMovement, Location, ReturnRecord, Sale, SaleLine, SaleTender, TseTransaction,
)
from sync.common.messages import translate


class ReceiptNotFound(LookupError):
    pass


def _qr_time(iso: str) -> str:
    return iso.replace("+00:00", "Z")


def receipt_fiscal(s: Session, *, receipt_id: str, register_serial: str, training: bool = False) -> ReceiptFiscal | None:
    """The TSE block of a stored receipt: signed, unsigned (an outage), or None (made before signing)."""
    rows = s.exec(select(TseTransaction).where(TseTransaction.receipt_id == receipt_id,
                                               TseTransaction.state.in_(("finished", "failed")))
                  .order_by(TseTransaction.updated_at.desc())).all()
    row = next((r for r in rows if r.state == "finished"), rows[0] if rows else None)  # signed wins
    if row is None:
        return None
    if row.state != "finished":
        return ReceiptFiscal(register_serial=register_serial, error=row.error or "TSE ausgefallen", training=training)
    qr = receipt_qr(SimpleNamespace(  # the stored row in the shape receipt_qr reads (app.core.fiscal)
        client_id=row.client_id, process_type=row.process_type, process_data=row.process_data,
        transaction_number=row.transaction_number, signature_counter=row.signature_counter,
        start_time=datetime.fromisoformat(row.start_time), log_time=datetime.fromisoformat(row.log_time),
        signature_algorithm=row.signature_algorithm, time_format=row.time_format, signature_b64=row.signature,
        public_key_b64=row.public_key))
    return ReceiptFiscal(register_serial=row.client_id, tse_serial=row.tse_serial,
                         transaction_number=row.transaction_number, start_time=_qr_time(row.start_time),
                         end_time=_qr_time(row.log_time), signature_counter=row.signature_counter,
                         signature=row.signature, qr=qr, training=training)


def load_receipt(ctx: RegisterContext, *, sale_id: str) -> Receipt:
    with Session(ctx.engine) as s:
        sale = s.get(Sale, sale_id)
        if sale is None:
            raise ReceiptNotFound(translate("receipts", "Bon {id} nicht gefunden").format(id=sale_id))
        lines = s.exec(select(SaleLine).where(SaleLine.sale_id == sale_id).order_by(SaleLine.position)).all()
        tenders = s.exec(select(SaleTender).where(SaleTender.sale_id == sale_id).order_by(SaleTender.id)).all()
        associate = s.get(Associate, sale.associate_id)
        store = s.get(Location, sale.location_id)
        fiscal = receipt_fiscal(s, receipt_id=sale_id, register_serial=sale.register_id, training=sale.training)
        delivery = s.connection().exec_driver_sql(
            "SELECT json_extract(payload, '$.order_no'), json_extract(payload, '$.customer_name'),"
            " json_extract(payload, '$.address') FROM outboxentry WHERE op = 'order.placed'"
            " AND json_extract(payload, '$.sale_id') = ?", (sale_id,)).first()
    # Line totals on the receipt are before the basket discount, which is shown once below them;
    # the VAT groups use the final totals, so they add up to the receipt total.
    receipt_lines = tuple(
        ReceiptLine(
            name=l.name, quantity=l.quantity, unit_price_cents=l.unit_price_cents,
            total_cents=l.gross_cents - l.discount_cents - sum(o[2] for o in l.offers if not o[3]),
            vat_letter=l.vat_class, weight_g=l.weight_g, discount_cents=l.discount_cents,
            offers=tuple((o[1], o[2]) for o in l.offers if not o[3]),
        )
        for l in lines
    )
    basket_offers: dict[str, int] = {}
    for l in lines:
        for o in l.offers:
            if o[3]:
                basket_offers[o[1]] = basket_offers.get(o[1], 0) + o[2]
    return Receipt(
        store_name=store.name, store_street=store.street, store_city=store.city, vat_id=store.vat_id,
        register_id=sale.register_id, receipt_no=sale.receipt_no,
        barcode=receipt_barcode(sale.register_id, sale.receipt_no),
        associate=associate.name.split()[0] if associate else "",
        started_at=sale.started_at.astimezone(), ended_at=sale.ended_at.astimezone(),
        lines=receipt_lines, subtotal_cents=sale.subtotal_cents,
        basket_discount_cents=sale.basket_discount_cents, total_cents=sale.total_cents,
        basket_offers=tuple(basket_offers.items()),
        points_earned=sale.points_earned, points_balance=sale.points_balance,
        gift_cards=tuple((g["code"], int(g["amount_cents"])) for g in sale.gift_cards or ()),
        vat_groups=tuple(vat_breakdown((VatClass(l.vat_class), l.total_cents) for l in lines)),
        tenders=tuple(
            Tender(TenderKind(t.kind), t.amount_cents, t.given_cents, t.change_cents, t.reference, t.approval_code)
            for t in tenders
        ),
        change_cents=sale.change_cents,
        reference=f"Lieferauftrag {delivery[0]} an {delivery[1]}, {delivery[2]}" if delivery else "",
        fiscal=fiscal,
    )


# stays German: printed on the return receipt
REFUND_TEXT = {"cash": "Bar", "card": "Karte", "online": "über den Online-Shop", "voucher": "Gutschein"}


def load_return_receipt(ctx: RegisterContext, *, return_id: str) -> Receipt:
    """The return receipt: the same legal fields as a sale receipt, amounts negative."""
    with Session(ctx.engine) as s:
        ret = s.get(ReturnRecord, return_id)
        if ret is None:
            raise ReceiptNotFound(translate("receipts", "Rückgabe {id} nicht gefunden").format(id=return_id))
        associate = s.get(Associate, ret.associate_id)
        store = s.get(Location, ctx.store.id)
        fiscal = receipt_fiscal(s, receipt_id=return_id, register_serial=ctx.register_serial)
    d = ret.data
    lines = tuple(ReceiptLine(name=l.get("name", str(l["product_id"])), quantity=l["quantity"],
                              unit_price_cents=-(l["refund_cents"] // l["quantity"]), total_cents=-l["refund_cents"],
                              vat_letter=l.get("vat_class", "A")) for l in d["lines"])
    refund = REFUND_TEXT.get(d.get("refund_method", "cash"), "")
    if d.get("voucher_code"):
        refund += f" {d['voucher_code']}"
    if d.get("card_approval"):
        refund += f" (Gen. {d['card_approval']})"
    when = ret.created_at.astimezone()
    return Receipt(
        store_name=store.name, store_street=store.street, store_city=store.city, vat_id=store.vat_id,
        register_id=ctx.register_id, receipt_no=d["receipt_no"],
        barcode=receipt_barcode(ctx.register_id, d["receipt_no"]),
        associate=associate.name.split()[0] if associate else "", started_at=when, ended_at=when, lines=lines,
        subtotal_cents=-ret.refund_cents, basket_discount_cents=0, total_cents=-ret.refund_cents,
        vat_groups=tuple(vat_breakdown((VatClass(l.get("vat_class", "A")), -l["refund_cents"]) for l in d["lines"])),
        tenders=(), change_cents=0, kind="return", reference=d.get("source_label", ""), refund_text=refund,
        customer=(d.get("customer") or {}).get("name", ""), fiscal=fiscal)


def load_cash_receipt(ctx: RegisterContext, *, movement_id: str) -> Receipt:
    """A cash movement's receipt (the float, a pay-in or -out, a counted difference): one line, signed."""
    with Session(ctx.engine) as s:
        movement = s.get(CashMovement, movement_id)
        if movement is None:
            raise ReceiptNotFound(translate("receipts", "Kassenbeleg {id} nicht gefunden").format(id=movement_id))
        associate = s.get(Associate, movement.associate_id)
        store = s.get(Location, ctx.store.id)
        fiscal = receipt_fiscal(s, receipt_id=movement_id, register_serial=ctx.register_serial)
    when = as_local(movement.created_at)
    text = movement_name(movement.kind) + (f": {movement.note}" if movement.note else "")
    cents = movement.amount_cents
    return Receipt(
        store_name=store.name, store_street=store.street, store_city=store.city, vat_id=store.vat_id,
        register_id=ctx.register_id, receipt_no=movement.receipt_no,
        barcode="",  # nothing to take back: no return barcode
        associate=associate.name.split()[0] if associate else "", started_at=when, ended_at=when,
        lines=(ReceiptLine(name=text, quantity=1, unit_price_cents=cents, total_cents=cents, vat_letter=""),),
        subtotal_cents=cents, basket_discount_cents=0, total_cents=cents, vat_groups=(), tenders=(),
        change_cents=0, kind="cash", fiscal=fiscal)


@dataclass(frozen=True)
class JournalEntry:
    """One receipt of this register in the journal."""

    kind: str  # sale | return | cash
    id: str  # the sale's or the return's id
    receipt_no: int
    at: datetime  # local time
    total_cents: int  # a return's is negative
    associate: str


def recent_receipts(ctx: RegisterContext, *, limit: int = 50) -> list[JournalEntry]:
    """The last receipts of this register, sales and returns, newest first (they share one number series)."""
    with Session(ctx.engine) as s:
        names = {a.id: a.name for a in s.exec(select(Associate))}
        sales = s.exec(select(Sale).where(Sale.register_id == ctx.register_id)
                       .order_by(Sale.receipt_no.desc()).limit(limit)).all()
        returns = s.exec(select(ReturnRecord).order_by(ReturnRecord.created_at.desc()).limit(limit)).all()
        cash = s.exec(select(CashMovement).order_by(CashMovement.receipt_no.desc()).limit(limit)).all()
    entries = [JournalEntry("sale", x.id, x.receipt_no, x.ended_at.astimezone(), x.total_cents,
                            names.get(x.associate_id, "")) for x in sales]
    entries += [JournalEntry("return", r.id, r.data["receipt_no"], r.created_at.astimezone(), -r.refund_cents,
                             names.get(r.associate_id, "")) for r in returns]
    entries += [JournalEntry("cash", m.id, m.receipt_no, m.created_at.astimezone(), m.amount_cents,
                             names.get(m.associate_id, "")) for m in cash]
    return sorted(entries, key=lambda e: e.receipt_no, reverse=True)[:limit]


def load_journal_receipt(ctx: RegisterContext, *, entry: JournalEntry) -> Receipt:
    if entry.kind == "return":
        return load_return_receipt(ctx, return_id=entry.id)
    if entry.kind == "cash":
        return load_cash_receipt(ctx, movement_id=entry.id)
    return load_receipt(ctx, sale_id=entry.id)
