"""The sale at the counter: one associate, one cart, its payment and checkout.

Every change to the cart is written to the replica at once (the cart row is
its document), so a crash or a power cut never loses the basket the
associate was scanning. Each method returns a `Changes` for the views.
"""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.core.cart import Cart, CartError, Discount
from app.core.receipt import Receipt
from app.core.tenders import Payment, Tender
from app.core.money import format_eur
from app.services import audit, catalog, journal, promotions, vouchers
from app.services.cart_extras import CartExtras
from app.scanning import gs1
from app.services.auth import ApprovalNeeded, AssociateSession, AuthError, refuse_trainee  # noqa: F401 (ApprovalNeeded: API)
from app.services.catalog import ScanError
from app.services.card_payments import CardPayments, PaymentError  # noqa: F401 (PaymentError: API)
from app.services.changes import CART_RESET, Changes, cart_row
from app.services.checkout import complete_cart
from app.services.context import RegisterContext
from app.services.prices import current_prices
from app.services.receipts import load_receipt
from app.services.till import open_till_of
from app.store.db import transaction
from app.store.models import CartRecord, utcnow
from app.services.outbox import next_number
from sync.common.messages import Message, message_of, translate
from sync.protocol import Counter, FiscalEventKind


@dataclass(frozen=True)
class ParkedCart:
    cart_id: str
    label: str
    item_count: int
    total_cents: int
    parked_at: datetime


def gs1_note(data) -> Message | str:
    """What the associate must see about a GS1 code: an expired item first of all ("" nothing; an expired
    item's note starts with ⚠)."""
    if data.expiry is None:
        return ""
    when = data.expiry.strftime("%d.%m.%Y")
    if data.expired():
        return translate("sale", "⚠ ABGELAUFEN seit {date} – nicht verkaufen").format(date=when)
    return translate("sale", "MHD {date}").format(date=when)


def _coupons_dropped(codes: list[str]) -> Message | str:
    """The coupons a change of customer took off the cart ("" none)."""
    if not codes:
        return ""
    if len(codes) == 1:
        return translate("sale", "Coupon {code} gilt nicht für diesen Kunden – vom Bon genommen").format(code=codes[0])
    return translate("sale", "Coupons {codes} gelten nicht für diesen Kunden – vom Bon genommen").format(
                     codes=", ".join(codes))


class SaleSession(CardPayments):
    def __init__(self, ctx: RegisterContext, associate: AssociateSession):
        self.ctx = ctx
        self.associate = associate
        self.cart = Cart()
        self.payment = Payment(0)
        self.started_at = utcnow()
        self.training = False  # Schulungsmodus: receipts signed as AVTraining, no money, no goods
        self._offers_moved: set[str] = set()  # lines whose offers the last change moved (e.g. a 3 for 2 spread)
        self.extras = CartExtras(self)  # coupons, loyalty points, gift cards
        self._resume_open_cart()
        if associate.is_trainee and not (self.cart.lines or self.payment.tenders):
            self.training = True  # a trainee sells in training mode only (app.services.auth.refuse_trainee)

    # -- persistence of the cart -------------------------------------------
    def _resume_open_cart(self) -> None:
        """After a restart, carry on with the cart that was open on this register."""
        with Session(self.ctx.engine) as s:
            record = s.exec(
                select(CartRecord).where(CartRecord.status == "open").order_by(CartRecord.updated_at.desc())
            ).first()
        if record is not None:
            self._load(record)

    def _load(self, record: CartRecord) -> None:
        self.cart = Cart.from_dict(record.data["cart"])
        self.payment = Payment(self.cart.total_cents, [Tender.from_dict(t) for t in record.data.get("tenders", [])])
        self.started_at = record.created_at
        self.training = bool(record.data.get("training"))

    def _document(self) -> dict:
        return {"cart": self.cart.to_dict(), "tenders": [t.to_dict() for t in self.payment.tenders],
                "training": self.training}

    def _save(self, session: Session, status: str = "open", label: str = "") -> None:
        record = session.get(CartRecord, self.cart.cart_id)
        if record is None:
            record = CartRecord(id=self.cart.cart_id, associate_id=self.associate.associate_id,
                                created_at=self.started_at)
        record.status, record.label, record.data, record.updated_at = status, label, self._document(), utcnow()
        session.add(record)

    def _commit_cart(self) -> None:
        if not self.payment.tenders:  # the chain's offers, as they are now (a paid cart keeps its prices)
            # Only a line's own offers are shown on its row (a basket offer's share is shown once, under the cart),
            # so only they make other rows change.
            before = {line.line_id: line.item_offer_cents for line in self.cart.lines}
            promotions.price_cart(self.ctx.offers, self.cart, store_id=self.ctx.store.id)
            self._offers_moved = {line.line_id for line in self.cart.lines
                                  if line.line_id in before and before[line.line_id] != line.item_offer_cents}
        with transaction(self.ctx.engine) as s:
            if self.cart.lines or self.cart.gift_cards or self.payment.tenders:
                self._save(s)
            else:
                record = s.get(CartRecord, self.cart.cart_id)
                if record is not None:
                    s.delete(record)
        self.payment.total_cents = self.cart.total_cents
        if self.cart.lines or self.cart.gift_cards:  # the receipt's TSE transaction starts with its first item
            self.ctx.signing.start(cart_id=self.cart.cart_id)

    @contextmanager
    def _editing(self):
        """If saving fails (disk full, locked database), the cart in memory goes back
        to what the replica holds, so the screen never shows an unsaved change."""
        cart, tenders = self.cart.snapshot(), list(self.payment.tenders)
        try:
            yield
        except BaseException:
            self.cart, self.payment.tenders = cart, tenders
            self.payment.total_cents = cart.total_cents
            raise

    def _editable(self) -> None:
        self._not_signed_yet()
        if self.payment.tenders:
            raise CartError(translate("sale", "Die Zahlung hat begonnen – erst die Zahlung abbrechen, dann ändern"))
        if self.pending_card() is not None:  # the customer may have been charged: nothing changes until it is clear
            raise CartError(translate("sale", "Eine Kartenzahlung ist ungeklärt – bitte zuerst im Bezahlen-Dialog "
                                              "das Terminal fragen (F12, dann F7)"))

    def _not_signed_yet(self) -> None:
        """After the TSE signed this cart (its save then failed), it is completed as signed, or not at all."""
        if self.payment.tenders and self.ctx.signing.finishing(self.cart.cart_id):  # only a paid cart is signed
            raise CartError(translate("sale", "Der Bon ist bereits signiert, aber noch nicht gespeichert – bitte "
                                              "erneut abschließen (F12)"))

    # -- scanning and editing ------------------------------------------------
    def scan(self, code: str) -> Changes:
        """A code from the wedge scanner, the camera or typed in. Raises on unknown or bad codes."""
        if self.extras.is_coupon(code):  # a coupon's code, scanned like an item
            return self.extras.add_coupon(code)
        with self._editing():
            self._editable()
            data, note = None, ""
            if gs1.looks_like_gs1(code):  # GS1-128 / DataMatrix / Digital Link: the GTIN plus what it carries
                try:
                    data = gs1.parse(code)
                except gs1.Gs1Error as exc:
                    raise ScanError(message_of(exc) or str(exc)) from exc
                if data.gtin is None:
                    raise ScanError(translate("sale", "GS1-Code ohne GTIN – bitte den Artikel-Barcode scannen"))
                code, note = data.gtin, gs1_note(data)
            with Session(self.ctx.engine) as s:
                match = catalog.lookup_code(s, code=code, rules=self.ctx.settings.embedded_rules,
                                            store_id=self.ctx.store.id)
            if data is not None and (data.net_weight_g or data.price_cents):
                match = dataclasses.replace(match, weight_g=data.net_weight_g, amount_cents=data.price_cents)
            if match.product.weighed:
                if match.weight_g is None and match.amount_cents is None:
                    raise CartError(translate("sale", "{name} wird gewogen – bitte das Waagenetikett scannen").format(
                                              name=match.product.name))
                row = self.cart.add_weighed(match.product, gtin=match.code, weight_g=match.weight_g,
                                            amount_cents=match.amount_cents)
                merged = False
            else:
                row, merged = self.cart.add_product(match.product, gtin=match.code)
            self._commit_cart()
            return self._row("updated" if merged else "inserted", row, note)

    def add_product(self, product_id: int) -> Changes:
        with self._editing():
            self._editable()
            with Session(self.ctx.engine) as s:
                product = catalog.get_product(s, product_id=product_id, store_id=self.ctx.store.id)
            row, merged = self.cart.add_product(product)
            self._commit_cart()
            return self._row("updated" if merged else "inserted", row)

    def take_over_online_cart(self, claim: dict) -> Changes:
        """Put a claimed online cart's lines into this (empty) cart, at today's shelf prices."""
        with Session(self.ctx.engine) as s:
            items = [(catalog.get_product(s, product_id=l["product_id"], store_id=self.ctx.store.id), l["quantity"])
                     for l in claim["lines"]]
        return self.start_linked_cart(items, online_cart_id=claim["id"])

    def start_linked_cart(self, items: list, **links) -> Changes:
        """Fill the empty cart from another channel (a handed-over online cart, a pickup order to pay).

        `items` are (ProductInfo, quantity); `links` set the cart's online_cart_id or pickup.
        """
        with self._editing():
            self._editable()
            self._refuse_in_training(translate("sale", "Online-Warenkörbe und Abholungen"))
            if self.cart.lines:
                raise CartError(translate("sale", "Bitte zuerst den aktuellen Bon abschließen oder parken"))
            for product, quantity in items:
                self.cart.add_product(product, quantity=quantity)
            for name, value in links.items():
                setattr(self.cart, name, value)
            self._commit_cart()
            return Changes(cart=True, payment=True)

    def set_links(self, **links) -> Changes:
        """Attach a customer or a delivery to the open cart (None removes it)."""
        with self._editing():
            self._editable()
            if links.get("delivery") or links.get("pickup"):
                self._refuse_in_training(translate("sale", "Lieferaufträge"))
            new, old = links.get("customer") or {}, self.cart.customer or {}
            other = "customer" in links and (new.get("id"), new.get("card_no")) != (old.get("id"), old.get("card_no"))
            if other:
                self.cart.loyalty_points = 0  # another customer (or none): the points were the previous one's
            for name, value in links.items():
                setattr(self.cart, name, value)
            dropped = self.extras.recheck_coupons() if other else []
            self._commit_cart()
            return Changes(cart=True, payment=True, message=_coupons_dropped(dropped))

    def _row(self, kind, row: int, note: Message | str = "") -> Changes:
        """One row changed, unless the offers moved on others too: then the whole cart is shown again."""
        own = self.cart.lines[row].line_id if kind != "removed" and 0 <= row < len(self.cart.lines) else None
        if self._offers_moved - {own}:  # the row stays named: the scan's ✓ line and warnings still follow
            return Changes(cart=True, row_change="reset", row=row if own else -1, payment=True, message=note)
        return cart_row(kind, row, note)

    @contextmanager
    def changing_cart(self):
        """For what is composed into the session (`extras`): change `self.cart` inside the block; refused once
        payment began, then priced with the chain's offers and saved, or, on an error, rolled back."""
        with self._editing():
            self._editable()
            yield self.cart
            self._commit_cart()

    def set_quantity(self, line_id: str, quantity: int) -> Changes:
        with self._editing():
            self._editable()
            row = self.cart.set_quantity(line_id, quantity)
            self._commit_cart()
            return self._row("updated", row)

    def remove_line(self, line_id: str) -> Changes:
        with self._editing():
            self._editable()
            row = self.cart.remove(line_id)
            self._commit_cart()
            return self._row("removed", row)

    def _approve(self, discount: Discount, basis_cents: int, approver_pin: str | None) -> Discount:
        """Discounts above the store's limit need a manager: the associate's own, or a PIN typed in."""
        if discount.percent_bp_of(basis_cents) <= self.ctx.settings.discount_limit_bp:
            return discount
        detail = {"cart_id": self.cart.cart_id, "discount_kind": discount.kind, "discount_value": discount.value,
                  "basis_cents": basis_cents}
        manager = self.ctx.auth.approve(self.associate, pin=approver_pin, action="discount", refused=ApprovalNeeded(
            translate("sale", "Rabatte über {percent} % braucht die Freigabe einer Marktleitung").format(
                      percent=f"{self.ctx.settings.discount_limit_bp / 100:g}")), **detail)
        return Discount(discount.kind, discount.value, approved_by=manager.associate_id)

    def set_line_discount(self, line_id: str, discount: Discount | None, *, approver_pin: str | None = None) -> Changes:
        with self._editing():
            self._editable()
            line = self.cart.lines[self.cart.index_of(line_id)]
            if discount is not None:
                discount = self._approve(discount, line.gross_cents, approver_pin)
            row = self.cart.set_line_discount(line_id, discount)
            self._commit_cart()
            return self._row("updated", row)

    def set_basket_discount(self, discount: Discount | None, *, approver_pin: str | None = None) -> Changes:
        with self._editing():
            self._editable()
            if discount is not None:
                discount = self._approve(discount, self.cart.subtotal_cents, approver_pin)
            self.cart.set_basket_discount(discount)
            self._commit_cart()
            return Changes(cart=True, row_change="reset", payment=True)

    def price_changes(self) -> dict[str, int]:
        """Lines whose product now has another price in the catalog (today's): {line_id: current price}.

        The cart keeps the price each line was scanned at; the associate decides.
        Weighed lines (label prices) are not compared.
        """
        ids = {l.product_id for l in self.cart.lines if not l.weighed}
        if not ids:
            return {}
        with Session(self.ctx.engine) as s:
            current = current_prices(s, ids, store_id=self.ctx.store.id)
        return {l.line_id: current[l.product_id] for l in self.cart.lines
                if not l.weighed and l.product_id in current and current[l.product_id] != l.unit_price_cents}

    # -- park and resume -------------------------------------------------------
    def park(self, label: str = "") -> Changes:
        if not self.cart.lines:
            raise CartError(translate("sale", "Der Warenkorb ist leer – nichts zu parken"))
        self._editable()
        with transaction(self.ctx.engine) as s:
            self._save(s, status="parked", label=label)
        self._new_cart()
        return Changes(cart=True, payment=True, parked=True)

    def parked_carts(self) -> list[ParkedCart]:
        with Session(self.ctx.engine) as s:
            rows = s.exec(select(CartRecord).where(CartRecord.status == "parked")
                          .order_by(CartRecord.updated_at)).all()
        result = []
        for r in rows:
            cart = Cart.from_dict(r.data["cart"])
            result.append(ParkedCart(r.id, r.label, cart.item_count, cart.total_cents, r.updated_at))
        return result

    def resume(self, cart_id: str) -> Changes:
        """Resume a parked cart; the current one is parked first if it has items."""
        changes_parked = False
        with transaction(self.ctx.engine) as s:
            record = s.get(CartRecord, cart_id)
            if record is None or record.status != "parked":
                raise CartError(translate("sale", "Dieser geparkte Bon ist nicht mehr da"))
            if bool(record.data.get("training")) != self.training:
                raise CartError(translate("sale", "Dieser Bon wurde im Schulungsmodus geparkt – erst den "
                                                  "Schulungsmodus einschalten")
                                if record.data.get("training") else
                                translate("sale", "Ein echter Bon – erst den Schulungsmodus beenden"))
            if self.cart.lines:
                self._editable()
                self._save(s, status="parked")
                changes_parked = True
            record.status, record.updated_at = "open", utcnow()
            s.add(record)
        self._load(record)
        return Changes(cart=True, payment=True, parked=True, message="" if not changes_parked else
                       translate("sale", "Der bisherige Bon wurde geparkt"))

    def void(self, *, approver_pin: str | None = None) -> Changes:
        """Cancel the whole cart (no money has changed hands). Above the store's limit a manager approves;
        every void of a cart with items is recorded (who, when, which lines, the total)."""
        self._editable()
        total, approved_by = self.cart.total_cents, None
        if self.cart.lines and total > self.ctx.settings.void_approval_above_cents:
            refused = ApprovalNeeded(translate("sale", "Stornos über {limit} braucht die Freigabe einer Marktleitung").format(
                                               limit=format_eur(self.ctx.settings.void_approval_above_cents)))
            approved_by = self.ctx.auth.approve(
                self.associate, pin=approver_pin, action="void", cart_id=self.cart.cart_id, total_cents=total,
                refused=refused).associate_id
        lines = [{"product_id": l.product_id, "name": l.name, "sku": l.sku, "gtin": l.gtin, "quantity": l.quantity,
                  "weight_g": l.weight_g, "unit_price_cents": l.unit_price_cents, "vat_class": l.vat_class.value,
                  "total_cents": t} for l, t in zip(self.cart.lines, self.cart.final_line_totals())]

        def write(s: Session, tse: dict | None) -> None:  # in the transaction that records the cancellation
            record = s.get(CartRecord, self.cart.cart_id)
            if record is not None:
                s.delete(record)
            if lines:
                audit.record(s, kind=audit.AuditKind.VOID, associate_id=self.associate.associate_id,
                             approved_by=approved_by, cart_id=self.cart.cart_id, total_cents=total,
                             started_at=self.started_at.isoformat(), lines=lines)
            if lines or tse is not None:  # an aborted receipt (AVBelegabbruch): numbered in the receipt series
                journal.append(s, kind=FiscalEventKind.VOID, register_id=self.ctx.register_id,
                               location_id=self.ctx.store.id, entity_id=self.cart.cart_id, data={
                                   "receipt_no": next_number(s, Counter.RECEIPT_NO),
                                   "associate_id": self.associate.associate_id, "approved_by": approved_by,
                                   "total_cents": total, "started_at": self.started_at.isoformat(),
                                   "lines": lines, "tse": tse or {}, "training": self.training})

        self.ctx.signing.cancel(cart_id=self.cart.cart_id, write=write)  # AVBelegabbruch, if it was started
        self._new_cart()
        return CART_RESET

    def _new_cart(self) -> None:
        self.cart = Cart()
        self.payment = Payment(0)
        self.started_at = utcnow()

    # -- payment ----------------------------------------------------------------
    @property
    def remaining_cents(self) -> int:
        return self.cart.total_cents - self.payment.paid_cents

    def pay_cash(self, given_cents: int) -> Tender:
        with self._editing():
            self._check_payable()
            self.payment.total_cents = self.cart.total_cents
            tender = self.payment.cash(given_cents)
            self._commit_cart()
            return tender

    def pay_voucher(self, code: str) -> Tender:
        """Redeem a store-credit voucher or a gift card, up to its balance; a gift card while the register is
        offline up to the store's limit (app.services.vouchers)."""
        self._refuse_in_training(translate("sale", "Gutscheine"))
        with self._editing():
            self._check_payable()
            self.payment.total_cents = self.cart.total_cents
            allowed, offline = vouchers.redeemable_cents(self.ctx, code)
            if offline and allowed <= 0:
                raise vouchers.VoucherError(translate("sale", "Geschenkkarte {code}: ohne Verbindung zur Zentrale "
                                                              "ist die Grenze für diese Karte an dieser Kasse "
                                                              "erreicht").format(code=code.strip().upper()))
            tender = self.payment.voucher(code.strip().upper(), allowed)
            self._commit_cart()
            return tender

    def cancel_payment(self) -> Changes:
        """Take back cash tenders (the cash goes back to the customer). Card payments stay."""
        self._not_signed_yet()
        with self._editing():
            if any(t.kind.value == "card" for t in self.payment.tenders):
                raise PaymentError(translate("sale", "Eine Kartenzahlung ist bereits gebucht – der Bon muss "
                                                     "abgeschlossen werden"))
            self.payment.tenders.clear()
            self._commit_cart()
            return Changes(payment=True, cart=True)

    def _check_payable(self) -> None:
        if not self.cart.lines and not self.cart.gift_cards:
            raise PaymentError(translate("sale", "Der Warenkorb ist leer"))
        if not self.training:  # a training receipt moves no money (its cash is play money)
            open_till_of(self.ctx, self.associate)
        if self.pending_card() is not None:
            raise PaymentError(translate("sale", "Eine Kartenzahlung ist noch ungeklärt – bitte zuerst den Status "
                                                 "abfragen"))

    def begin_card(self, amount_cents: int):
        self._refuse_in_training(translate("sale", "Kartenzahlungen"))
        return super().begin_card(amount_cents)

    # -- training mode ----------------------------------------------------------------
    def set_training(self, on: bool, *, approver_pin: str | None = None) -> Changes:
        """Schulungsmodus on or off, between receipts; a manager approves. Training receipts are signed as
        AVTraining, say so in print, move no goods and take cash only (no terminal, no vouchers)."""
        if self.cart.lines or self.payment.tenders:
            raise CartError(translate("sale", "Den Schulungsmodus bitte zwischen zwei Bons wechseln"))
        if on != self.training:
            if not on:
                refuse_trainee(self.associate, translate("sale", "Schulungsmodus beenden"))
            self.ctx.auth.approve(self.associate, pin=approver_pin, action="training", on=on,
                                  refused=ApprovalNeeded(translate("sale", "Den Schulungsmodus schaltet eine "
                                                                           "Marktleitung")))
            self.training = on
        return Changes(cart=True, payment=True)

    def _refuse_in_training(self, what: Message) -> None:
        if self.training:
            raise PaymentError(translate("sale", "{what} gibt es im Schulungsmodus nicht").format(what=what))

    # -- checkout ------------------------------------------------------------------
    def complete(self) -> Receipt:
        """Sign the paid sale at the TSE, record it in one transaction and start a new cart."""
        self._check_payable()
        self.payment.total_cents = self.cart.total_cents
        if not self.payment.is_complete:
            raise PaymentError(translate("sale", "Es ist noch nicht alles bezahlt"))
        sale = complete_cart(self.ctx, cart=self.cart, tenders=list(self.payment.tenders),
                             associate=self.associate, started_at=self.started_at, training=self.training)
        self._new_cart()  # written: whatever happens to the receipt's display, this cart is done
        return load_receipt(self.ctx, sale_id=sale.id)
