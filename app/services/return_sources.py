"""What a return refers to: an online order or a store sale, found by a scanned code or by day and amount.

Online orders: the replica holds those collected in this store (found offline
too, without the customer's e-mail); any other order, delivered or collected
in another store, comes from the backend by its number or the customer's
e-mail when the link is up. Store sales: this register's own are in the
replica; those of other registers and stores come from the backend when the
link is up.
"""

from __future__ import annotations

import logging
import re

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlmodel import Session, select

from app.core.receipt import parse_receipt_barcode
from app.scanning.codes import classify
from app.services.context import RegisterContext
from app.store.models import CashMovement, OnlineOrderRecord, Sale, SaleLine, SaleTender
from sync.client.http import BackendRejected, BackendUnavailable, BadResponse
from sync.common.messages import Message, translate


class ReturnError(ValueError):
    """A return the register refuses; the message is for the associate."""


@dataclass(frozen=True)
class SourceLine:
    product_id: int
    name: str
    vat_class: str
    sold: int
    returned: int  # as the source knows it (the backend, for orders and remote sales)
    total_cents: int  # paid for the whole line, after discounts
    weighed: bool = False


@dataclass(frozen=True)
class ReturnSource:
    kind: str  # order | sale
    id: str
    label: str  # "Bestellung WEB-100001" or "Bon 42, Kasse 1001-01": stored and printed, so German (see `shown`)
    created_at: datetime | None
    lines: tuple[SourceLine, ...]
    tenders: tuple[str, ...]  # how it was paid: cash, card, online, voucher
    return_ids: tuple[str, ...] = ()  # returns the source already counts in `returned`
    customer_name: str = ""  # an online order's customer
    card_reference: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def paid_online(self) -> bool:
        return "online" in self.tenders

    @property
    def shown(self) -> Message | str:
        """The label on screen, in the associate's language."""
        return shown_label(self.label)


def shown_label(label: str) -> Message | str:
    """A source's label ("Bon 42, Kasse 1001-01", "Bestellung WEB-1") on screen, in the associate's language. Read
    back from the label, which is what a return stores and prints (a card refund recovered after a restart has
    only that)."""
    if m := re.fullmatch(r"Bon (\d+), Kasse (\S+)", label):  # stays German: the stored label's form
        return translate("returns", "Bon {receipt_no}, Kasse {register}").format(receipt_no=m[1], register=m[2])
    if m := re.fullmatch(r"Bestellung (\S+)", label):  # stays German: the stored label's form
        return translate("returns", "Bestellung {order_no}").format(order_no=m[1])
    return label


def _parse_time(value: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


log = logging.getLogger(__name__)

RECEIPT_OFFLINE = translate("returns", "Bon nicht in dieser Kasse, und die Zentrale ist nicht erreichbar – "
                                      "Bons anderer Kassen lassen sich nur mit Verbindung finden")
ORDER_OFFLINE = translate("returns", "Bestellung nicht in dieser Kasse, und die Zentrale ist nicht erreichbar – "
                                    "gelieferte Bestellungen und Abholungen anderer Märkte lassen sich nur mit "
                                    "Verbindung finden")
EMAIL_OFFLINE = translate("returns", "Die Zentrale ist nicht erreichbar – Bestellungen nach E-Mail lassen sich nur "
                                    "mit Verbindung finden; bitte die Bestellnummer scannen oder eingeben")


def _ask_backend(call, offline: Message = RECEIPT_OFFLINE):
    try:
        return call()
    except BackendUnavailable as exc:
        raise ReturnError(offline) from exc
    except BackendRejected as exc:  # the backend's own words are for IT (the log), not the counter
        log.warning("backend refused a return lookup: %s %s", exc.status, exc.detail)
        if exc.status == 404:
            raise ReturnError(translate("returns",
                                        "Die Zentrale kennt diesen Bon bzw. diese Bestellung nicht")) from exc
        raise ReturnError(translate("returns", "Die Zentrale lehnt die Suche ab – bitte Eingabe prüfen; "
                                               "wenn es anhält, IT verständigen")) from exc
    except BadResponse as exc:
        log.warning("unreadable answer to a return lookup: %s", exc)
        raise ReturnError(translate("returns", "Antwort der Zentrale unlesbar – bitte noch einmal versuchen")) from exc


def order_from_data(d: dict) -> ReturnSource:
    """An online order as the backend describes it to a register (replicated, or looked up online)."""
    lines = tuple(SourceLine(l["product_id"], l["name"], l.get("vat_class", "A"), l["quantity"], l.get("returned", 0),
                             l.get("total_cents", l["unit_price_cents"] * l["quantity"])) for l in d["lines"])
    tenders = ("online",) if d["paid_online"] else ("cash",)  # paid at the counter on pickup
    return ReturnSource("order", d["id"], f"Bestellung {d['order_no']}", _parse_time(d.get("created_at", "")), lines,
                        tenders, tuple(d.get("return_ids", [])), d.get("customer_name", ""))


def order_source(order: OnlineOrderRecord) -> ReturnSource:
    return order_from_data({**order.data, "id": order.id, "order_no": order.order_no,
                            "paid_online": order.paid_online})


def _remote_orders(client, query: str, offline: Message) -> list[ReturnSource]:
    found = _ask_backend(lambda: client.find_orders(query), offline)
    try:
        return [order_from_data(d) for d in found]
    except (KeyError, TypeError, ValueError) as exc:
        raise ReturnError(translate("returns", "Antwort der Zentrale unlesbar (Bestellung)")) from exc


def find_order(ctx: RegisterContext, *, order_no: str, client=None) -> ReturnSource:
    """An order collected in this store from the replica, offline too; any other from the backend through
    `client` (a BackendClient, None when offline; call this off the GUI thread when a client is given)."""
    number = order_no.strip().upper()
    with Session(ctx.engine) as s:
        order = s.exec(select(OnlineOrderRecord).where(OnlineOrderRecord.order_no == number)).first()
    if order is not None:
        return order_source(order)
    if client is None:
        raise ReturnError(translate("returns", "Bestellung {number} ist in dieser Kasse nicht bekannt – gelieferte "
                                               "Bestellungen und Abholungen anderer Märkte findet die Kasse nur mit "
                                               "Verbindung zur Zentrale").format(number=number))
    found = _remote_orders(client, number, ORDER_OFFLINE)
    if not found:
        raise ReturnError(translate("returns", "Bestellung {number} ist der Zentrale nicht bekannt").format(number=number))
    return found[0]


def find_orders_by_email(ctx: RegisterContext, *, email: str, client=None) -> list[ReturnSource]:
    """The customer's online orders, newest first (for a customer without the order number). The register
    keeps no e-mail: only the backend knows, through `client` (off the GUI thread; None when offline)."""
    if client is None:
        raise ReturnError(translate("returns", "Bestellungen nach E-Mail findet die Kasse nur mit Verbindung zur "
                                               "Zentrale – bitte die Bestellnummer scannen oder eingeben"))
    found = sorted(_remote_orders(client, email.strip(), EMAIL_OFFLINE), reverse=True,
                   key=lambda src: src.created_at or datetime.min.replace(tzinfo=timezone.utc))
    if not found:
        raise ReturnError(translate("returns", "Keine Online-Bestellung mit der E-Mail {email}").format(email=email.strip()))
    return found


def _local_sale(s: Session, sale: Sale) -> ReturnSource:
    lines = s.exec(select(SaleLine).where(SaleLine.sale_id == sale.id).order_by(SaleLine.position)).all()
    tenders = s.exec(select(SaleTender).where(SaleTender.sale_id == sale.id)).all()
    merged: dict[int, SourceLine] = {}
    for l in lines:  # one line per product: a product scanned twice is one return line
        prev = merged.get(l.product_id)
        sold = 1 if l.weight_g else l.quantity
        merged[l.product_id] = SourceLine(l.product_id, l.name, l.vat_class, sold + (prev.sold if prev else 0), 0,
                                          l.total_cents + (prev.total_cents if prev else 0), bool(l.weight_g))
    card = next((t.reference for t in tenders if t.kind == "card"), None)
    return ReturnSource("sale", sale.id, f"Bon {sale.receipt_no}, Kasse {sale.register_id}",  # stays German
                        sale.ended_at,
                        tuple(merged.values()), tuple(dict.fromkeys(t.kind for t in tenders)), (), "", card)


def remote_sale(data: dict) -> ReturnSource:
    """A sale as the backend sends it (sync/server/sales.py)."""
    returned = {int(k): v for k, v in data.get("returned", {}).items()}
    merged: dict[int, SourceLine] = {}
    for l in data["lines"]:
        prev = merged.get(l["product_id"])
        sold = 1 if l.get("weight_g") else l["quantity"]
        merged[l["product_id"]] = SourceLine(l["product_id"], l.get("name") or l.get("sku", ""), l["vat_class"],
                                             sold + (prev.sold if prev else 0), returned.get(l["product_id"], 0),
                                             l["total_cents"] + (prev.total_cents if prev else 0),
                                             bool(l.get("weight_g")))
    tenders = data.get("tenders", [])
    card = next((t.get("reference") for t in tenders if t.get("kind") == "card"), None)
    return ReturnSource("sale", data["id"], f"Bon {data['receipt_no']}, Kasse {data['register_id']}",  # stays German
                        _parse_time(data.get("ended_at", "")), tuple(merged.values()),
                        tuple(dict.fromkeys(t.get("kind", "cash") for t in tenders)), tuple(data.get("return_ids", [])),
                        "", card)


def find_source(ctx: RegisterContext, code: str, *, client=None) -> ReturnSource:
    """The order or sale a scanned or typed code names. `client` (BackendClient or None) finds other registers'
    sales and the orders this register does not hold; call this off the GUI thread when a client is given."""
    scanned = classify(code)
    if scanned.kind == "order":
        return find_order(ctx, order_no=scanned.value, client=client)
    if scanned.kind != "receipt":
        raise ReturnError(translate("returns", "Bitte den Barcode vom Kassenbon oder die Bestellnummer scannen"))
    register_id, receipt_no = parse_receipt_barcode(scanned.value)
    with Session(ctx.engine) as s:
        sale = s.exec(select(Sale).where(Sale.register_id == register_id, Sale.receipt_no == receipt_no)).first()
        if sale is not None and sale.training:
            raise ReturnError(translate("returns", "Bon {receipt_no} ist ein Schulungsbon – nichts zurückzunehmen").format(
                                        receipt_no=receipt_no))
        if sale is not None:
            return _local_sale(s, sale)
        if register_id == ctx.register_id and s.exec(select(CashMovement.id).where(
                CashMovement.receipt_no == receipt_no)).first() is not None:
            raise ReturnError(translate("returns", "Bon {receipt_no} ist ein Kassenbeleg (Bargeldbewegung) – nichts "
                                                   "zurückzunehmen").format(receipt_no=receipt_no))
    if client is None:
        raise ReturnError(translate("returns", "Bon {receipt_no} der Kasse {register_id} ist hier nicht gespeichert "
                                               "und die Kasse ist nicht mit der Zentrale verbunden").format(
                                    receipt_no=receipt_no, register_id=register_id))
    return remote_sale(_ask_backend(lambda: client.sale_by_receipt(register_id, receipt_no)))


def search_sales(ctx: RegisterContext, *, day: date, total_cents: int, client=None) -> list[ReturnSource]:
    """Sales of this store on `day` with this total: this register's, and the others' when the link is up."""
    start = datetime(day.year, day.month, day.day).astimezone(timezone.utc)
    with Session(ctx.engine) as s:
        local = [_local_sale(s, sale) for sale in s.exec(
            select(Sale).where(Sale.total_cents == total_cents, Sale.training == False,  # noqa: E712
                               Sale.ended_at >= start,
                               Sale.ended_at < start + timedelta(days=1)).order_by(Sale.ended_at.desc()))]
    if client is None:
        return local
    try:
        remote = [remote_sale(d) for d in client.sales_by_day(day, total_cents)]
    except (BackendUnavailable, BackendRejected, BadResponse):
        return local  # offline: what this register has
    seen = {src.id for src in local}
    return local + [src for src in remote if src.id not in seen]
