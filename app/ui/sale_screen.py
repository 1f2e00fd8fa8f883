"""The sale screen: scan, search, edit the cart, park, pay. Every frequent action has an F-key."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QPushButton, QSizePolicy, QTableView, QVBoxLayout, QWidget,
)
from sqlalchemy.exc import SQLAlchemyError

from app.core.cart import CartError
from app.core.money import format_eur
from app.services.vouchers import VOUCHER_CODE
from app.services.auth import AuthError
from app.services.catalog import ScanError
from app.services.changes import Changes
from app.services.pickup import reserved_shortfall
from app.scanning.codes import classify
from app.services.sale_session import ApprovalNeeded, PaymentError, SaleSession
from app.ui import prompts
from app.ui.cart_model import CartModel
from app.ui.feedback import Banner, Sounds
from app.ui.omnichannel import OmnichannelActions
from app.ui.cart_actions import CartActions
from app.ui.product_search import fill_results
from app.ui.payment_dialog import PaymentDialog
from app.ui.sync_status import SyncIndicator
from app.ui.texts import describe
from app.ui.till_actions import TillActions
from app.ui.tse_status import TseIndicator
from sync.common.gtin import GtinError

EXPECTED_ERRORS = (ScanError, GtinError, CartError, AuthError, PaymentError, ValueError)


class SaleScreen(QWidget):
    lock_requested = Signal()
    receipt_ready = Signal(object)  # a completed sale's receipt
    return_receipt_ready = Signal(object)  # a return's receipt
    day_closed = Signal()  # the Z closing is done: the next sale needs a new day

    def __init__(self, executor, parent=None, *, backend_client=lambda: None):
        """`backend_client()`: the sync runtime's BackendClient, or None without a link set up."""
        super().__init__(parent)
        self.setObjectName("saleScreen")
        self.executor = executor
        self.backend_client = backend_client
        self.sale: SaleSession | None = None
        self.sounds = Sounds()
        self.payment_dialog: PaymentDialog | None = None

        self.banner = Banner(self)
        self.who = QLabel(self)
        self.who.setObjectName("whoLabel")
        self.sync_indicator = SyncIndicator(self)
        self.tse_indicator = TseIndicator(self)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.who)

        self.model = CartModel(lambda: self.sale, self)
        self.table = QTableView(self)
        self.table.setObjectName("cartTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col, width in ((1, 104), (2, 124), (3, 96), (4, 116)):  # room for 9.999,99 € and 12,345 kg
            header.setSectionResizeMode(col, QHeaderView.Fixed)
            header.resizeSection(col, width)
        self.model.rowsInserted.connect(lambda _p, first, _l: self._select_row(first))

        self.search = QLineEdit(self)
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText(self.tr("Artikel suchen: Name, Artikelnr. oder EAN (F2) · Bestand: Strg+B"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._typed)
        self.search.returnPressed.connect(self._search_enter)
        self.results = QListWidget(self)
        self.results.setObjectName("searchResults")
        self.results.itemActivated.connect(self._add_result)
        self._search_timer = QTimer(self, singleShot=True, interval=150, timeout=self.run_search)

        self.totals = QLabel(self)
        self.totals.setObjectName("totalsLabel")
        self.totals.setWordWrap(True)  # a delivery and a customer attached: two lines, never a wider window
        self.total = QLabel(self)
        self.total.setObjectName("totalLabel")
        self.total.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.total.setSizePolicy(QSizePolicy.Minimum, QSizePolicy.Preferred)  # the sum is never cut; the figures wrap

        self.cart_actions = CartActions(self)
        self.till_actions = TillActions(self, printer_spec=lambda: getattr(self.window(), "printer_spec", None),
                                        pdf_dir=lambda: getattr(self.window(), "pdf_dir", None))

        def button(text, slot, key=None, name=None):
            b = QPushButton(text, self)
            b.setFocusPolicy(Qt.NoFocus)
            b.clicked.connect(slot)
            if name:
                b.setObjectName(name)
            if key:
                self._shortcut(key, slot)
            return b

        self.minus_button = button("−", lambda: self.change_quantity(-1), "Ctrl+-", "qtyButton")
        self.plus_button = button("+", lambda: self.change_quantity(+1), "Ctrl++", "qtyButton")
        line_bar = QHBoxLayout()
        for b in (self.minus_button, self.plus_button, button(self.tr("Menge (F3)"), self.ask_quantity, "F3"),
                  button(self.tr("Entfernen (F4)"), self.remove_selected, "F4"),
                  button(self.tr("Rabatt (F5)"), self.cart_actions.line_discount, "F5")):
            line_bar.addWidget(b)
        line_bar.addStretch(1)
        self.till_button = button(self.tr("Kasse (Strg+G)"), self.till_actions.show_menu, "Ctrl+G", "tillButton")
        line_bar.addWidget(self.till_button)

        self.offers_button = button(self.tr("Coupon … (Strg+P)"),
                                    self.cart_actions.show_offers_menu, "Ctrl+P")
        actions = QGridLayout()
        self.pay_button = button(self.tr("BEZAHLEN (F12)"), self.open_payment, "F12", "payButton")
        for i, b in enumerate((button(self.tr("Bonrabatt (F6)"), self.cart_actions.basket_discount, "F6"),
                               self.offers_button,
                               button(self.tr("Parken (F7)"), self.cart_actions.park, "F7"),
                               button(self.tr("Geparkte (F8)"), self.cart_actions.show_parked, "F8"),
                               button(self.tr("Storno (F9)"), self.cart_actions.void, "F9"),
                               button(self.tr("Sperren (F11)"), self.lock_requested.emit, "F11"))):
            actions.addWidget(b, 0, i)
        actions.addWidget(self.pay_button, 0, 6)
        actions.setColumnStretch(6, 2)
        self._shortcut("F2", self.focus_search)
        self.channels = OmnichannelActions(self, button)

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(line_bar)
        right = QVBoxLayout()
        right.addWidget(self.search)
        right.addWidget(self.results, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)
        sums = QHBoxLayout()
        sums.addWidget(self.sync_indicator)
        sums.addWidget(self.tse_indicator)
        sums.addSpacing(12)
        sums.addWidget(self.totals, 1)
        sums.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addLayout(sums)
        layout.addLayout(self.channels.bar)
        layout.addLayout(actions)
        self.refresh_totals()

    def _shortcut(self, key: str, slot) -> None:
        """F-keys of this screen; they never act while a dialog is open over it."""
        def run():
            if QApplication.activeModalWidget() is None:
                slot()
        QShortcut(QKeySequence(key), self, activated=run, context=Qt.WidgetWithChildrenShortcut, autoRepeat=False)

    # -- session -------------------------------------------------------------
    def set_session(self, sale: SaleSession | None) -> None:
        self.sale = sale
        self.model.apply(Changes(cart=True))
        if sale is not None:
            a = sale.associate
            role = self.tr("Marktleitung") if a.is_manager else self.tr("Kasse")
            self.who.setText(f"{a.name} · {role} · {sale.ctx.register_id}")
            if sale.cart.lines:
                self.banner.show_message(self.tr("Offener Bon wiederhergestellt ({0} Positionen)").format(
                    len(sale.cart.lines)), "info")
            else:
                self.banner.show_message(self.tr("Bereit. Artikel scannen oder suchen."), "info")
        self.refresh_totals()

    def refresh_totals(self) -> None:
        cart = self.sale.cart if self.sale else None
        self.refresh_tse()
        if cart is None:
            self.totals.setText("")
            self.total.setText(format_eur(0))
            return
        who = []  # first line: where the goods go and for whom; second line: the figures
        if cart.delivery:
            who.append(self.tr("LIEFERUNG an {0}").format(cart.delivery["customer_name"]))
        if cart.customer and not (cart.delivery and cart.delivery["customer_name"] == cart.customer.get("name")):
            who.append(self.tr("Kunde: {0}").format(cart.customer.get("name", "")))
            if cart.customer.get("points") is not None:
                who[-1] += self.tr(" · {0} Treuepunkte").format(cart.customer["points"])
        elif cart.customer and cart.customer.get("card_no"):
            who[-1] += self.tr(" · Kundenkarte {0}").format(cart.customer["card_no"])
        parts = [self.tr("%n Artikel", "", cart.item_count)]
        for name, cents in cart.basket_offers:
            parts.append(self.tr("{0} −{1}").format(name, format_eur(cents)))
        applied = {o.promotion_id for line in cart.lines for o in line.offers}
        for c in cart.coupons:  # an applied one is listed by its offer above; one not (yet) applying is said so
            if c["promotion_id"] not in applied:
                parts.append(self.tr("Coupon {0} gilt noch nicht").format(c["code"]))
        if cart.basket_discount_cents:
            parts.append(self.tr("Zwischensumme {0}").format(format_eur(cart.subtotal_cents)))
            parts.append(self.tr("Bonrabatt −{0}").format(format_eur(cart.basket_discount_cents)))
        nbsp = "\u00a0"  # a VAT group never breaks inside
        vat = "  ".join(f"{g.vat_class.value}{nbsp}{g.rate_percent}{nbsp}%:{nbsp}{format_eur(g.vat_cents)}"
                        for g in cart.vat_groups())
        if vat:
            parts.append(self.tr("darin USt {0}").format(vat))
        lines = ["   ·   ".join(who)] if who else []
        self.totals.setText("\n".join(lines + ["   ·   ".join(parts)]))
        self.total.setText(self.tr("SUMME {0}").format(format_eur(cart.total_cents)))

    def refresh_tse(self) -> None:
        """The TSE button: after every change (an outage begins at a call the counter made) and on the
        probe's news (TseBridge)."""
        self.tse_indicator.refresh(self.sale.ctx.signing if self.sale else None,
                                   training=bool(self.sale and self.sale.training))

    def _apply(self, changes: Changes) -> None:
        self.model.apply(changes)
        if changes.row_change in ("updated",) and changes.row >= 0:
            self._select_row(changes.row)
        self.refresh_totals()

    def show_error(self, text: str) -> None:
        self.banner.show_message(text, "error")
        self.sounds.play("error")


    def run_op(self, op, *, retry_with_pin=None):
        """Run a service call; expected refusals become a message, never a traceback."""
        if self.sale is None:
            return None
        try:
            changes = op()
        except ApprovalNeeded as exc:
            if retry_with_pin is None:
                self.show_error(describe(exc))
                return None
            dialog = prompts.ManagerApprovalDialog(self, describe(exc))
            if not dialog.exec() or not dialog.pin:
                self.banner.show_message(self.tr("Abgebrochen."), "info")
                return None
            return self.run_op(lambda: retry_with_pin(dialog.pin))
        except EXPECTED_ERRORS as exc:
            self.show_error(describe(exc))
            return None
        except SQLAlchemyError as exc:  # disk full, locked or damaged database: say so, lose nothing
            self.show_error(self.tr("Speichern nicht möglich ({0}). Der Bon bleibt offen – bitte IT verständigen.")
                        .format(getattr(exc, "orig", exc)))
            return None
        if isinstance(changes, Changes):
            self._apply(changes)
            if changes.message:
                self.banner.show_message(describe(changes.message), "info")
        return changes

    def check_prices(self) -> None:
        """After new catalog data: mark lines whose price changed since they were scanned."""
        if self.sale is None:
            return
        changed = self.sale.price_changes()
        fresh = {k: v for k, v in changed.items() if self.model.new_prices.get(k) != v}
        self.model.set_new_prices(changed)
        if fresh:
            line = next(l for l in self.sale.cart.lines if l.line_id in fresh)
            self.banner.show_message(self.tr("Preis geändert: {0} kostet jetzt {1} – dieser Bon behält {2}")
                                     .format(line.name, format_eur(fresh[line.line_id]),
                                             format_eur(line.unit_price_cents)), "warn")

    # -- scanning ----------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        """One path for every scan: wedge, camera, or a code typed into the search field."""
        if self.sale is not None and self.sale.extras.is_coupon(code):  # before order numbers: a coupon may look like one
            changes = self.run_op(lambda: self.sale.extras.add_coupon(code))
            if changes is not None:
                self.sounds.play("ok")
            return
        if VOUCHER_CODE.match(code.strip().upper()):  # a gift card or voucher: what is on it (paid with: F12, F6)
            self.cart_actions.show_gift_card(code.strip().upper())
            return
        if self.channels.route_scan(code):  # a handover QR, pickup or order code, receipt, loyalty card
            return
        changes = self.run_op(lambda: self.sale.scan(code))
        if changes is None or changes.row < 0:
            return
        line = self.sale.cart.lines[changes.row]
        qty = f"{line.weight_g / 1000:.3f} kg".replace(".", ",") if line.weight_g else f"{line.quantity} ×"
        expired = str(changes.message).startswith("⚠")  # the German text: gs1_note starts an expired one with ⚠
        offers = "".join(f"   ·   ★ {o.name}" for o in line.offers if not o.basket)
        note = f"   ·   {describe(changes.message)}" if changes.message else ""
        self.banner.show_message(f"✓ {line.name}   {qty}   {format_eur(line.total_cents)}" + offers + note,
                                 "warn" if expired else "ok")
        self.sounds.play("error" if expired else "ok")
        self._warn_if_reserved(line)

    def _warn_if_reserved(self, line) -> None:
        """Goods reserved for click & collect are not for walk-in customers: say so when the free stock is short."""
        short = None if line.weighed or self.sale.cart.pickup else reserved_shortfall(
            self.sale.ctx, self.sale.cart, line.product_id)
        if short is not None:
            self.banner.show_message(self.tr("Achtung: {0} – nur {1} frei, {2} sind für Abholungen reserviert. "
                                             "Bitte nicht aus dem Abholregal nehmen.").format(
                line.name, max(short[0], 0), short[1]), "warn")

    # -- search -------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _typed(self, _text: str) -> None:
        """The associate types: a green "✓ rung up" from before must not look like this input's result."""
        if self.banner.kind == "ok":
            self.banner.show_message(self.tr("Suche …"), "info")
        self._search_timer.start()

    def run_search(self) -> None:
        self.results.clear()
        if self.sale is not None:
            fill_results(self.results, self.sale.ctx, self.search.text())

    def _search_enter(self) -> None:
        text = self.search.text().strip()
        if (text.isdigit() and len(text) >= 8) or classify(text).kind != "product":  # typed codes: the scan path
            self.search.clear()
            self.results.clear()
            self.handle_scan(text)
            return
        self._search_timer.stop()
        self.run_search()
        item = self.results.currentItem()
        if item is not None and item.data(Qt.UserRole) is not None:
            self._add_result(item)

    def _add_result(self, item: QListWidgetItem) -> None:
        if item.data(Qt.UserRole + 1):
            self.show_error(self.tr("Waagenartikel bitte über das Waagenetikett scannen"))
            return
        changes = self.run_op(lambda: self.sale.add_product(int(item.data(Qt.UserRole))))
        if changes is not None:
            self.search.clear()  # the next scan or search starts fresh
            self.results.clear()
            self.focus_search()
            self.banner.show_message(f"✓ {self.sale.cart.lines[changes.row].name}", "ok")
            self.sounds.play("ok")

    # -- cart editing ---------------------------------------------------------------
    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(self.model.index(row, 0))

    def selected_gift_card(self) -> dict | None:
        """The gift card whose row is selected (they come after the goods), or None."""
        index = self.table.currentIndex()
        if self.sale is None or not index.isValid() or index.row() < len(self.sale.cart.lines):
            return None
        cards = self.sale.cart.gift_cards
        return cards[index.row() - len(self.sale.cart.lines)] if index.row() - len(self.sale.cart.lines) < len(cards) \
            else None

    def selected_line(self):
        index = self.table.currentIndex()
        if self.selected_gift_card() is not None:
            self.show_error(self.tr("Eine Geschenkkarte hat keine Menge und keinen Rabatt – zum Entfernen F4"))
            return None
        if not index.isValid() or self.sale is None or index.row() >= len(self.sale.cart.lines):
            if self.sale and self.sale.cart.lines:
                return self.sale.cart.lines[-1]
            self.show_error(self.tr("Keine Position ausgewählt"))
            return None
        return self.sale.cart.lines[index.row()]

    def change_quantity(self, delta: int) -> None:
        line = self.selected_line()
        if line is not None:
            self.run_op(lambda: self.sale.set_quantity(line.line_id, line.quantity + delta))

    def ask_quantity(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        value = prompts.ask_quantity(self, line.quantity)
        if value is not None:
            self.run_op(lambda: self.sale.set_quantity(line.line_id, value))

    def remove_selected(self) -> None:
        card = self.selected_gift_card()
        if card is not None:
            if self.run_op(lambda: self.sale.extras.remove_gift_card(card["code"])):
                self.banner.show_message(self.tr("Geschenkkarte {0} vom Bon genommen.").format(card["code"]), "info")
            return
        line = self.selected_line()
        if line is not None and self.run_op(lambda: self.sale.remove_line(line.line_id)):
            self.banner.show_message(self.tr("Entfernt: {0}").format(line.name), "info")

    # -- payment -----------------------------------------------------------------------
    def open_payment(self) -> PaymentDialog | None:
        if self.sale is None:
            return None
        if not self.sale.cart.lines and not self.sale.cart.gift_cards:
            self.show_error(self.tr("Der Warenkorb ist leer"))
            return None
        applied = {o.promotion_id for line in self.sale.cart.lines for o in line.offers}
        waiting = [c["code"] for c in self.sale.cart.coupons if c["promotion_id"] not in applied]
        if waiting:  # the customer expects the discount: say before the money is taken that it does not apply
            self.banner.show_message(self.tr("Achtung: Coupon {0} gilt auf diesem Bon nicht (Bedingung nicht"
                                             " erfüllt) und wird nicht eingelöst").format(", ".join(waiting)), "warn")
        self.payment_dialog = PaymentDialog(self, self.sale, self.executor)
        self.payment_dialog.completed.connect(self._sale_completed)
        self.payment_dialog.finished.connect(lambda _r: self._apply(Changes(cart=True)))
        self.payment_dialog.open()
        return self.payment_dialog

    def _sale_completed(self, receipt) -> None:
        self._apply(Changes(cart=True))
        self.search.clear()  # the next customer starts with an empty search
        self.results.clear()
        self.banner.show_message(self.tr("Bon {0} abgeschlossen.").format(receipt.receipt_no), "ok")
        self.receipt_ready.emit(receipt)

    def is_scan_target(self) -> bool:
        """Wedge scans go to this screen while it is showing and no dialog is open."""
        return (self.isVisible() and self.sale is not None and QApplication.activeModalWidget() is None
                and QApplication.activePopupWidget() is None)
