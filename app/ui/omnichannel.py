"""The flows that continue another channel at the counter, one keystroke each from the sale screen.

  Strg+U  Online-Warenkorb übernehmen (handover)
  Strg+H  Click & Collect: Abholungen
  F10     Rückgabe (online order or store sale)
  Strg+B  Bestand in anderen Märkten
  Strg+L  Lieferung nach Hause (endless aisle)
  Strg+K  Kunde suchen und zuordnen
  Strg+R  Bonjournal: die letzten Bons nachdrucken (app/ui/receipt_journal.py)

A scanned handover QR, order code or receipt barcode opens its flow directly,
so the associate does not have to pick the screen first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QInputDialog
from sqlmodel import Session

from app.scanning.codes import classify
from app.services import catalog, delivery, loyalty, pickup
from app.ui.customer_dialog import CustomerDialog
from app.ui.delivery_dialog import DeliveryDialog
from app.ui.handover_dialog import HandoverDialog
from app.ui.pickup_dialog import PickupDialog
from app.ui.receipt_journal import ReceiptJournal
from app.ui.return_dialog import ReturnDialog
from app.ui.ship_dialog import ShipDialog
from app.ui.stock_dialog import StockDialog
from app.ui.texts import describe


class OmnichannelActions(QObject):
    def __init__(self, screen, button):
        """`button(text, slot, key, name)` makes a sale-screen button with its shortcut."""
        super().__init__()  # a QObject for `self.tr`
        self.screen = screen
        self.handover_dialog: HandoverDialog | None = None
        self.return_dialog: ReturnDialog | None = None
        self.stock_dialog: StockDialog | None = None
        self.bar = QHBoxLayout()
        self.pickup_dialog: PickupDialog | None = None
        self.delivery_dialog: DeliveryDialog | None = None
        self.customer_dialog: CustomerDialog | None = None
        self.journal_dialog: ReceiptJournal | None = None
        self.ship_dialog: ShipDialog | None = None
        # Two lines each (what, then its key): eight flows fit the 1280 px of a counter screen.
        for text, slot, key in ((self.tr("Online-Korb\nStrg+U"), self.open_handover, "Ctrl+U"),
                                (self.tr("Abholung\nStrg+H"), self.open_pickup, "Ctrl+H"),
                                (self.tr("Versand\nStrg+S"), self.open_shipping, "Ctrl+S"),
                                (self.tr("Rückgabe\nF10"), self.open_returns, "F10"),
                                (self.tr("Bestand\nStrg+B"), self.show_stock, "Ctrl+B"),
                                (self.tr("Liefern\nStrg+L"), self.open_delivery, "Ctrl+L"),
                                (self.tr("Kunde\nStrg+K"), self.open_customer, "Ctrl+K"),
                                (self.tr("Bons\nStrg+R"), self.open_journal, "Ctrl+R")):
            self.bar.addWidget(button(text, slot, key, "channelButton"))
        self.bar.itemAt(self.bar.count() - 1).widget().setToolTip(self.tr("Bonjournal: die letzten Bons nachdrucken "
                                                                          "(Strg+R)"))

    def _present(self, dialog, field):
        """Open a flow's dialog over the sale screen with its field focused; back to the search afterwards."""
        dialog.finished.connect(lambda _r: self.screen.focus_search())
        dialog.open()
        field.setFocus()
        return dialog

    @property
    def sale(self):
        return self.screen.sale

    def _not_in_training(self) -> bool:
        """Real goods and real money of other channels stay out of the training mode."""
        if self.sale is not None and self.sale.training:
            self.screen.show_error(self.tr("Im Schulungsmodus nicht möglich – erst den Schulungsmodus beenden "
                                           "(Knopf TSE)."))
            return False
        return self.sale is not None

    def route_scan(self, code: str) -> bool:
        """Open the flow a scanned code belongs to and hand it the scan; False if it is a product code."""
        scanned = classify(code)
        if scanned.kind == "product":
            return False
        if scanned.kind == "order" and self.sale is not None:  # a pickup of this store, or else a return
            order = pickup.find_pickup(self.sale.ctx, order_no=scanned.value)
            opener = self.open_pickup if order is not None and order.status != "collected" else self.open_returns
        else:
            opener = {"cart": self.open_handover, "customer": self.open_customer,
                      "receipt": self.open_returns, "order": self.open_returns}[scanned.kind]
        dialog = opener()
        if dialog is not None:
            dialog.handle_scan(code if scanned.kind == "cart" else scanned.value)
        return True

    # -- handover ---------------------------------------------------------------------
    def open_handover(self) -> HandoverDialog | None:
        if not self._not_in_training():
            return None
        dialog = HandoverDialog(self.screen, self.sale, self.screen.executor, self.screen.backend_client())
        dialog.taken_over.connect(self._taken_over)
        dialog.local_cart_wanted.connect(self.screen.focus_search)
        self.handover_dialog = self._present(dialog, dialog.code)
        return dialog

    def _taken_over(self, changes) -> None:
        self.screen._apply(changes)
        self.screen.banner.show_message(self.tr("Online-Warenkorb übernommen – prüfen, ändern, bezahlen (F12)."),
                                        "ok")
        self.screen.sounds.play("ok")

    def release_online_cart(self, cart_id: str) -> None:
        """A voided handover: give the cart back to the customer now rather than when the claim expires."""
        client = self.screen.backend_client()
        if client is not None:
            self.screen.executor.submit(lambda _s: client.release_cart(cart_id), lambda _r, _e: None)

    # -- click & collect ------------------------------------------------------------
    def open_pickup(self) -> PickupDialog | None:
        if not self._not_in_training():
            return None
        dialog = PickupDialog(self.screen, self.sale)
        dialog.pay_requested.connect(self._pay_pickup)
        self.pickup_dialog = self._present(dialog, dialog.search)
        return dialog

    # -- ship from store ----------------------------------------------------------------
    def open_shipping(self) -> ShipDialog | None:
        if not self._not_in_training():
            return None
        store = self.sale.ctx.store
        dialog = ShipDialog(self.screen, self.sale, pdf_dir=getattr(self.screen.window(), "pdf_dir", None),
                            sender=tuple(p for p in (store.name, store.street, store.city) if p))
        dialog.booked.connect(self._sync_now)
        self.ship_dialog = self._present(dialog, dialog.scan_field)
        return dialog

    def _sync_now(self) -> None:
        runtime = getattr(self.screen.window(), "sync", None)
        if runtime is not None:
            runtime.wake()

    def _pay_pickup(self, items, link) -> None:
        changes = self.screen.run_op(lambda: self.sale.start_linked_cart(items, pickup=link))
        if changes is not None:
            self.screen.banner.show_message(self.tr("Abholung {0}: bitte kassieren (F12), dann übergeben.")
                                            .format(link["order_no"]), "ok")

    # -- delivery and customer ----------------------------------------------------------
    def open_delivery(self) -> DeliveryDialog | None:
        if not self._not_in_training():
            return None
        try:
            dialog = DeliveryDialog(self.screen, self.sale, client=self.screen.backend_client(),
                                    executor=self.screen.executor)
        except delivery.DeliveryError as exc:
            self.screen.show_error(describe(exc))
            return None
        dialog.prepared.connect(self._delivery_prepared)
        self.delivery_dialog = self._present(dialog, dialog.name)
        return dialog

    def _delivery_prepared(self, link) -> None:
        if self.screen.run_op(lambda: self.sale.set_links(delivery=link)) is not None:
            self.screen.banner.show_message(self.tr("Lieferung an {0} – bitte kassieren (F12).")
                                            .format(link["customer_name"]), "ok")

    def open_customer(self) -> CustomerDialog | None:
        if self.sale is None:
            return None
        dialog = CustomerDialog(self.screen, self.screen.executor, self.screen.backend_client(), self.sale.cart.customer)
        dialog.attached.connect(self._customer_attached)
        dialog.redeem_wanted.connect(self.redeem_points)
        self.customer_dialog = self._present(dialog, dialog.query)
        return dialog

    def redeem_points(self) -> None:
        """How many of the attached customer's points to spend (at most what the cart and the balance allow)."""
        screen = self.screen
        try:
            allowed, offline = loyalty.redeemable_points(self.sale.ctx, self.sale.cart)
        except loyalty.LoyaltyError as exc:
            screen.show_error(describe(exc))
            return
        label = self.tr("Punkte einlösen (100 Punkte = 1 €), höchstens {0}:").format(allowed)
        if offline:
            label += "\n" + self.tr("Ohne Verbindung zur Zentrale: Grenze für Einlösungen ohne Verbindung.")
        points, ok = QInputDialog.getInt(screen, self.tr("Treuepunkte"), label, allowed, 0, allowed)
        if ok:
            screen.run_op(lambda: self.sale.extras.redeem_points(points))

    def _customer_attached(self, customer) -> None:
        link = customer.link() if customer is not None else None
        changes = self.screen.run_op(lambda: self.sale.set_links(customer=link))
        if changes is not None:
            text = (self.tr("Kunde: {0}").format(customer.name) if customer
                    else self.tr("Kunde vom Bon genommen."))
            if changes.message:  # coupons that do not hold for this customer came off
                text += "   ·   " + describe(changes.message)
            if customer is not None and customer.coupons:  # personal offers: tell the associate to offer them
                text += self.tr("   ·   Persönliche Coupons: {0} – einlösen mit Strg+P").format(
                    ", ".join(f"{c['code']} ({c['name']})" for c in customer.coupons))
            self.screen.banner.show_message(text, "info")

    # -- returns and stock ------------------------------------------------------------
    def open_returns(self) -> ReturnDialog | None:
        if not self._not_in_training():
            return None
        self.return_dialog = ReturnDialog(self.screen, self.sale, self.screen.executor, self.screen.backend_client())
        self.return_dialog.receipt_ready.connect(self.screen.return_receipt_ready)
        self._present(self.return_dialog, self.return_dialog.order_no)
        return self.return_dialog

    def show_stock(self) -> StockDialog | None:
        """Stock of the selected search hit (or cart line) across the chain."""
        if self.sale is None:
            return None
        item = self.screen.results.currentItem()
        with Session(self.sale.ctx.engine) as s:
            if item is not None and item.data(Qt.UserRole) is not None:
                product = catalog.get_product(s, product_id=int(item.data(Qt.UserRole)),
                                              store_id=self.sale.ctx.store.id)
            elif self.sale.cart.lines:
                line = self.screen.selected_line()
                product = catalog.get_product(s, product_id=line.product_id, store_id=self.sale.ctx.store.id)
            else:
                self.screen.show_error(self.tr("Erst einen Artikel suchen oder scannen"))
                return None
        pdf_dir = getattr(self.screen.window(), "pdf_dir", None)
        self.stock_dialog = StockDialog(self.screen, self.sale.ctx, product,
                                        label_dir=pdf_dir.parent / "Etiketten" if pdf_dir else None,
                                        associate=self.sale.associate, client=self.screen.backend_client(),
                                        executor=self.screen.executor)
        self.stock_dialog.open()
        return self.stock_dialog

    def open_journal(self) -> ReceiptJournal | None:
        """The last receipts of this register, to print again or save as PDF (marked as copies)."""
        if self.sale is None:
            return None
        w = self.screen.window()
        self.journal_dialog = ReceiptJournal(self.screen, self.sale.ctx, executor=self.screen.executor,
                                             printer_spec=getattr(w, "printer_spec", None),
                                             pdf_dir=getattr(w, "pdf_dir", None))
        return self._present(self.journal_dialog, self.journal_dialog.table)
