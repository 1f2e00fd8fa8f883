"""What the associate does to the cart as a whole: discounts, park and resume, void (F5–F9).

Composed into the sale screen; it works through the screen's public `run_op`,
`sale`, `banner` and `check_prices`.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QMenu, QMessageBox

from app.core.money import format_eur
from app.services import vouchers
from app.ui import prompts
from app.ui.parked_dialog import ParkedDialog
from app.ui.texts import describe


class VoidConfirm(QMessageBox):
    """F9 asks first; F9 again (or "Stornieren") confirms; Enter and Esc keep the cart."""

    def __init__(self, parent, item_count: int, total_cents: int):
        super().__init__(QMessageBox.Warning, QCoreApplication.translate("VoidConfirm", "Bon stornieren?"),
                         QCoreApplication.translate("VoidConfirm", "Den ganzen Bon mit %n Artikeln über {0} "
                                                                   "stornieren?", "", item_count).format(
                             format_eur(total_cents)), QMessageBox.NoButton, parent)
        self.setObjectName("voidConfirm")
        self.yes = self.addButton(self.tr("Stornieren (F9)"), QMessageBox.DestructiveRole)
        keep = self.addButton(self.tr("Behalten (Esc)"), QMessageBox.RejectRole)
        self.setDefaultButton(keep)
        self.setEscapeButton(keep)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_F9:
            if not event.isAutoRepeat():  # F9 held down from the sale screen confirms nothing
                self.yes.click()
            return
        super().keyPressEvent(event)


def confirm_void(parent, item_count: int, total_cents: int) -> bool:
    box = VoidConfirm(parent, item_count, total_cents)
    box.exec()
    return box.clickedButton() is box.yes


class CartActions(QObject):
    def __init__(self, screen):
        super().__init__()  # a QObject for `self.tr`
        self.screen = screen
        self.offers_menu = QMenu(screen)  # Strg+P: what the customer brings or buys besides goods
        self.offers_menu.addAction(self.tr("Coupon einlösen …"), self.coupon)
        self.offers_menu.addAction(self.tr("Treuepunkte einlösen …"), lambda: screen.channels.redeem_points())
        self.offers_menu.addAction(self.tr("Geschenkkarte verkaufen …"), self.gift_card)
        self.offers_menu.addAction(self.tr("Geschenkkarte prüfen (Guthaben, Verlauf) …"), self.check_gift_card)
        self.remove_gift_card_action = self.offers_menu.addAction(self.tr("Letzte Geschenkkarte vom Bon nehmen"),
                                                                  self.remove_gift_card)

    def show_offers_menu(self) -> None:
        self.remove_gift_card_action.setEnabled(bool(self.sale and self.sale.cart.gift_cards))
        button = self.screen.offers_button
        self.offers_menu.popup(button.mapToGlobal(button.rect().topLeft()))

    def remove_gift_card(self) -> None:
        if self.sale is not None and self.sale.cart.gift_cards:
            code = self.sale.cart.gift_cards[-1]["code"]
            if self.screen.run_op(lambda: self.sale.extras.remove_gift_card(code)):
                self.screen.banner.show_message(self.tr("Geschenkkarte {0} vom Bon genommen.").format(code),
                                                "info")

    def check_gift_card(self) -> None:
        """The customer asks what is left on a gift card: its balance and where it was used."""
        screen = self.screen
        if self.sale is None:
            return
        code = prompts.ask_voucher_code(screen)
        if code:
            self.show_gift_card(code)

    def show_gift_card(self, code: str) -> None:
        screen = self.screen
        if self.sale is None:
            return
        ctx, client = self.sale.ctx, screen.backend_client()
        screen.executor.submit(lambda _s: vouchers.describe(ctx, code, client),
                               lambda result, exc: self._show_gift_card(code, result, exc))

    def _show_gift_card(self, code: str, result, exc) -> None:
        screen = self.screen
        if exc is not None:
            screen.show_error(describe(exc))
            return
        balance, history = result
        lines = [self.tr("Guthaben: {0}").format(format_eur(balance)),
                 self.tr("Zum Bezahlen: BEZAHLEN (F12), dann Gutschein (F6).")]
        if history is None:
            lines.append(self.tr("Verlauf gerade nicht abrufbar (keine Verbindung zur Zentrale)."))
        for h in history or ():
            where = (self.tr("online, Bestellung {0}").format(h["order_no"]) if h.get("order_no") else
                     self.tr("Markt {0}").format(h.get("store_id") or "?"))
            what = self.tr("ausgegeben") if h["what"] == "issued" else self.tr("eingelöst")
            lines.append(f"{h['at'][8:10]}.{h['at'][5:7]}.{h['at'][:4]}  {what}  {where}  {format_eur(h['amount_cents'])}"
                         if h.get("at") else f"{what}  {where}  {format_eur(h['amount_cents'])}")
        QMessageBox.information(screen, self.tr("Geschenkkarte {0}").format(code), "\n".join(lines))

    def gift_card(self) -> None:
        """A gift card sold with this cart: its amount; the code is made and printed with the receipt."""
        screen = self.screen
        if self.sale is None:
            return
        amount = prompts.ask_gift_card_amount(screen)
        if amount is not None:
            screen.run_op(lambda: self.sale.extras.sell_gift_card(amount))

    @property
    def sale(self):
        return self.screen.sale

    def line_discount(self) -> None:
        line = self.screen.selected_line()
        if line is None:
            return
        dialog = prompts.DiscountDialog(self.screen, self.tr("Rabatt auf {0}").format(line.name))
        if dialog.exec():
            discount = None if dialog.removed else dialog.discount
            self.screen.run_op(lambda: self.sale.set_line_discount(line.line_id, discount),
                               retry_with_pin=lambda pin: self.sale.set_line_discount(line.line_id, discount,
                                                                                      approver_pin=pin))

    def basket_discount(self) -> None:
        if self.sale is None:
            return
        dialog = prompts.DiscountDialog(self.screen, self.tr("Rabatt auf den ganzen Bon"))
        if dialog.exec():
            discount = None if dialog.removed else dialog.discount
            self.screen.run_op(lambda: self.sale.set_basket_discount(discount),
                               retry_with_pin=lambda pin: self.sale.set_basket_discount(discount, approver_pin=pin))

    def coupon(self) -> None:
        """A coupon typed in (a printed one can simply be scanned); one already on the cart is taken off."""
        screen = self.screen
        if self.sale is None:
            return
        on_cart = ", ".join(c["code"] for c in self.sale.cart.coupons)
        code = prompts.ask_coupon(screen, on_cart)
        if not code:
            return
        if any(c["code"] == code for c in self.sale.cart.coupons):
            if screen.run_op(lambda: self.sale.extras.remove_coupon(code)):
                screen.banner.show_message(self.tr("Coupon {0} entfernt.").format(code), "info")
            return
        screen.run_op(lambda: self.sale.extras.add_coupon(code))

    def park(self) -> None:
        screen = self.screen
        if self.sale is None or not self.sale.cart.lines:
            screen.show_error(self.tr("Der Warenkorb ist leer – nichts zu parken"))
            return
        label = prompts.ask_park_label(screen)
        if label is not None and screen.run_op(lambda: self.sale.park(label)):
            screen.banner.show_message(self.tr("Bon geparkt. Mit F8 fortsetzen."), "info")

    def show_parked(self) -> None:
        if self.sale is None:
            return
        dialog = ParkedDialog(self.screen, self.sale.parked_carts())
        if dialog.exec() and dialog.cart_id:
            if self.screen.run_op(lambda: self.sale.resume(dialog.cart_id)):
                self.screen.banner.show_message(self.tr("Geparkter Bon fortgesetzt."), "info")
                self.screen.check_prices()

    def void(self) -> None:
        """F9: asks first; above the store's limit a manager approves; the void is recorded."""
        screen = self.screen
        if self.sale is None or not self.sale.cart.lines:
            return
        cart = self.sale.cart
        if not confirm_void(screen, cart.item_count, cart.total_cents):
            screen.banner.show_message(self.tr("Nicht storniert."), "info")
            return
        online_cart = cart.online_cart_id
        if screen.run_op(self.sale.void, retry_with_pin=lambda pin: self.sale.void(approver_pin=pin)):
            screen.banner.show_message(self.tr("Bon storniert."), "info")
            if online_cart:
                screen.channels.release_online_cart(online_cart)


__all__ = ["CartActions", "confirm_void"]
