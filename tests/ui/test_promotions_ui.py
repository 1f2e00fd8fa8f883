"""The chain's offers on the sale screen: each line says what applied, the basket offers and coupons show
under the cart, and a printed coupon is simply scanned."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from sync.client.engine import apply_changes
from sync.common.demo_offers import DEMO_COUPONS, DEMO_PROMOTIONS
from sync.protocol import Change, ChangeKind
from tests.conftest import gtin_of
from tests.ui.conftest import screenshot
from tests.ui.test_sale_screen import wedge_scan


def replicate_demo_offers(engine):
    changes = [Change(kind=ChangeKind.PROMOTION, key=p.id, data=p.model_dump(mode="json")) for p in DEMO_PROMOTIONS]
    changes += [Change(kind=ChangeKind.COUPON, key=c.code, data={**c.model_dump(mode="json"), "sale_ids": []})
                for c in DEMO_COUPONS]
    with engine.begin() as c:
        apply_changes(c, changes)


def test_offers_and_a_scanned_coupon_on_the_sale_screen(window, engine, qtbot, tmp_path):
    replicate_demo_offers(engine)
    with engine.connect() as c:
        sweets = c.execute(text("SELECT id FROM product WHERE category = 'Süßwaren' AND NOT weighed"
                                " ORDER BY gross_price_cents DESC LIMIT 2")).scalars().all()
        pricey = c.execute(text("SELECT id FROM product WHERE category = 'Vorratsschrank' AND NOT weighed"
                                " ORDER BY gross_price_cents DESC LIMIT 1")).scalar_one()
    screen = window.sale_screen
    for pid in (sweets[0], sweets[0], sweets[1]):
        wedge_scan(screen.search, gtin_of(engine, pid))
    for _ in range(6):
        wedge_scan(screen.search, gtin_of(engine, pricey))
        # found in review: a scan that moved offers on other lines (the basket threshold reached) was silent
        assert screen.banner.kind == "ok" and f"{_ + 1} ×" in screen.banner.text(), screen.banner.text()
    texts = [screen.model.data(screen.model.index(r, 3)) for r in range(screen.model.rowCount())]
    assert all(t.startswith("★ -") for t in texts[:2]) and not texts[2]  # the sweets saved, the coffee not
    names = [screen.model.data(screen.model.index(r, 0)) for r in range(screen.model.rowCount())]
    assert sum("★ 3 für 2 Süßwaren" in n for n in names) == 2  # both took part in the 3 for 2
    cart = screen.sale.cart
    if cart.subtotal_cents + sum(c for _, c in cart.basket_offers) >= 4000:
        assert "5 € ab 40 € Einkauf" in screen.totals.text()
    wedge_scan(screen.search, "DANKE-5A7K")  # the printed coupon
    assert screen.banner.kind != "error", screen.banner.text()
    # applied: listed once, by its offer (no second "Coupon …" entry)
    assert "Danke: 5 € ab 20 €" in screen.totals.text() and "DANKE-5A7K" not in screen.totals.text()
    assert screen.model.rowCount() == len(cart.lines) == 3
    wedge_scan(screen.search, "DANKE-5A7K")
    assert screen.banner.kind == "error" and "schon erfasst" in screen.banner.text()
    QApplication.processEvents()  # the layout follows the longer texts before the grab
    screenshot(window, "sale-with-offers.png", tmp_path)


def test_a_gift_card_sold_from_the_offers_menu_is_on_the_receipt(window, engine, qtbot, tmp_path):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from tests.ui.conftest import answer_modal

    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))
    seen = []

    def amount(dialog):
        dialog.setTextValue("25,00")
        dialog.accept()
    answer_modal(QInputDialog, amount, seen)
    screen.cart_actions.gift_card()
    assert seen and len(screen.sale.cart.gift_cards) == 1
    code = screen.sale.cart.gift_cards[0]["code"]
    # a row of its own after the goods (found trying the demo: only the total showed it)
    last = screen.model.rowCount() - 1
    assert screen.model.rowCount() == 2 and "Geschenkkarte" in screen.banner.text()
    assert screen.model.data(screen.model.index(last, 0)) == f"Geschenkkarte {code}"
    assert screen.model.data(screen.model.index(last, 4)) == "25,00 €"
    QApplication.processEvents()
    screenshot(window, "sale-with-gift-card.png", tmp_path)
    screen.table.selectRow(last)  # a mistake: F4 on its row takes it off again, then it is sold once more
    screen.table.setCurrentIndex(screen.model.index(last, 0))
    screen.remove_selected()
    assert screen.sale.cart.gift_cards == [] and "vom Bon genommen" in screen.banner.text()
    assert screen.model.rowCount() == 1 and len(screen.sale.cart.lines) == 1  # the goods stay
    answer_modal(QInputDialog, amount, seen)
    screen.cart_actions.gift_card()
    code = screen.sale.cart.gift_cards[0]["code"]
    dialog = screen.open_payment()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible(), timeout=3000)
    receipt = window.receipt_dialog.receipt
    assert receipt.gift_cards == ((code, 2500),) and receipt.total_cents == 2500 + receipt.subtotal_cents
    screenshot(window.receipt_dialog, "receipt-with-gift-card.png", tmp_path)
    QTest.keyClick(window.receipt_dialog, Qt.Key_Return)  # next customer
    qtbot.waitUntil(lambda: window.receipt_dialog is None or not window.receipt_dialog.isVisible(), timeout=10000)
    # the customer asks what is on the card: this register knows its balance (no backend here: no history)
    shown = []

    def code_in(dialog):
        dialog.setTextValue(code)
        dialog.accept()

    def read(box):
        shown.append(box.text())
        box.accept()
    answer_modal(QInputDialog, code_in, seen)
    screen.cart_actions.check_gift_card()
    answer_modal(QMessageBox, read, seen)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "Guthaben: 25,00 €" in shown[0] and "nicht abrufbar" in shown[0]


def test_the_offers_menu_answers_its_key_from_the_search_field(window, engine, qtbot):
    """Found trying the demo: Ctrl+E was the search field's own key (end of line), so the menu never opened."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    screen = window.sale_screen
    screen.search.setFocus()
    QTest.keyClick(screen.search, Qt.Key_P, Qt.ControlModifier)
    qtbot.waitUntil(screen.cart_actions.offers_menu.isVisible, timeout=10000)
    screen.cart_actions.offers_menu.close()


def test_a_coupon_not_yet_applying_is_said_so_before_payment(window, engine, qtbot):
    """Found trying the demo: a coupon below its threshold looked applied, and payment began without a word."""
    replicate_demo_offers(engine)
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))  # far below the coupon's 20 €
    wedge_scan(screen.search, "DANKE-5A7K")
    assert "Coupon DANKE-5A7K gilt noch nicht" in screen.totals.text()
    dialog = screen.open_payment()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    assert screen.banner.kind == "warn" and "DANKE-5A7K gilt auf diesem Bon nicht" in screen.banner.text()
    dialog.reject()


def test_a_gift_card_scanned_on_the_sale_screen_shows_its_balance(window, engine, qtbot):
    """Found trying the demo: a scanned gift card said 'kein Artikelcode'."""
    from PySide6.QtWidgets import QMessageBox

    from tests.services.test_gift_cards import known_gift_card
    from tests.ui.conftest import answer_modal

    known_gift_card(engine, "GK0000000077", 1_250, pulled_ago=None)
    shown, seen = [], []

    def read(box):
        shown.append(box.text())
        box.accept()
    answer_modal(QMessageBox, read, seen)
    wedge_scan(window.sale_screen.search, "GK0000000077")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert "Guthaben: 12,50 €" in shown[0] and "F6" in shown[0]
    assert window.sale_screen.sale.cart.lines == []
