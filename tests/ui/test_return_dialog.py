"""Returns at the counter (F10): online orders and store sales, every refund method, against the real backend."""

import os
from pathlib import Path

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import text

from app.core.money import format_eur
from app.core.receipt import layout
from tests.conftest import gtin_of
from tests.sync.conftest import SHOP_KEY, create_register, place_order
from tests.ui.conftest import login, pay_exact, screenshot
from tests.ui.test_sale_screen import _answer_next_dialog, wedge_scan


def count(engine, sql: str) -> int:
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def open_returns(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
    # F-keys never act while a dialog is open, and a previous test's window may still be closing its own
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10000)
    QTest.keyClick(window.sale_screen, Qt.Key_F10)
    qtbot.waitUntil(lambda: window.sale_screen.channels.return_dialog is not None, timeout=10000)
    dialog = window.sale_screen.channels.return_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=10000)
    return dialog


def order_in_return_dialog(window, reg, backend, qtbot, order_no: str, lines: dict[int, int], typed: str):
    """Place an order for delivery in the web shop and look it up at F10: no register holds it, so the
    dialog asks the backend."""
    order = place_order(backend, order_no, lines)
    window.login.select(1)
    window.login.try_login("1234")
    dialog = open_returns(window, qtbot)
    # typed as a person types (a fast burst ending in Enter would be taken for a scan)
    QTest.keyClicks(dialog.order_no, typed, Qt.NoModifier, 60)
    QTest.keyClick(dialog.order_no, Qt.Key_Return, Qt.NoModifier, 60)
    qtbot.waitUntil(lambda: not window.wedge.detector.holding and dialog.order_no.text() == typed, timeout=3000)
    qtbot.waitUntil(lambda: dialog.source is not None, timeout=5000)
    assert count(reg.replica, "SELECT count(*) FROM onlineorder") == 0
    return order, dialog


def test_partial_return_then_the_rest_offline_capable(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-5005", {2: 2, 3: 1}, "web-5005")
    assert dialog.table.rowCount() == 2 and "WEB-5005" in dialog.info.text()
    assert not dialog.refund_button.isEnabled()
    dialog.spins[0][1].setValue(1)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabegrund" in dialog.status.text()  # a reason is required
    dialog.reason.setCurrentIndex(1)
    out = Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(out / "return_1280x800.png"))
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    assert dialog.table.item(0, 2).text() == "1"  # one of the two is still returnable
    window.sync.wake()
    qtbot.waitUntil(lambda: count(backend.engine, "SELECT count(*) FROM returnrecord") == 1, timeout=5000)
    assert order["lines"][0]["quantity"] == 2


def test_unknown_order_says_so(synced_window, qtbot):
    window, _reg = synced_window
    window.login.select(1)
    window.login.try_login("1234")
    dialog = window.sale_screen.channels.open_returns()  # the key itself is covered above
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    QTest.keyClicks(dialog.order_no, "WEB-0000")
    QTest.keyClick(dialog.order_no, Qt.Key_Return)
    qtbot.waitUntil(lambda: "nicht bekannt" in dialog.status.text(), timeout=5000)  # asked the backend
    assert dialog.table.rowCount() == 0


def test_refund_above_limit_needs_the_manager_pin(synced_window, backend, qtbot):
    window, reg = synced_window
    with backend.engine.connect() as c:
        pid = c.execute(text("SELECT id FROM product WHERE gross_price_cents > 500 AND NOT weighed LIMIT 1")).scalar_one()
    _order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-6006", {pid: 60}, "WEB-6006")
    dialog.spins[0][1].setValue(60)
    dialog.reason.setCurrentIndex(0)

    def manager(approval):
        QTest.keyClicks(approval.pad.field, "987654")
        QTest.keyClick(approval.pad.field, Qt.Key_Return)

    _answer_next_dialog(qtbot, manager)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    assert dialog.record.data["approved_by"] == 3


def test_stock_in_other_stores_with_reservations_and_age(synced_window, backend, qtbot):
    from app.services.stock import stock_overview
    window, reg = synced_window
    import httpx
    from tests.sync.conftest import SHOP_KEY
    assert httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": "WEB-7007", "paid_online": False, "fulfilment": "pickup", "pickup_store_id": "1001",
        "lines": [{"product_id": 2, "quantity": 2}]}).status_code == 201
    window.sync.wake()
    qtbot.waitUntil(lambda: count(reg.replica, "SELECT count(*) FROM onlineorder") == 1, timeout=5000)
    rows, pulled = stock_overview(reg.sale.ctx, product_id=2)
    assert rows[0].location_id == "1001" and rows[0].reserved == 2 and rows[0].free == rows[0].quantity - 2
    # Offline knowledge: this store and the warehouse. Other stores' stock is not in this register's feed.
    assert [r.location_id for r in rows] == ["1001", "9000"] and rows[-1].kind == "warehouse"
    assert count(reg.replica, "SELECT count(*) FROM stock WHERE location_id IN ('1002', '1003', '1004')") == 0
    assert pulled is not None
    with backend.engine.connect() as c:
        hamburg = c.execute(text("SELECT quantity FROM stock WHERE location_id = '1002' AND product_id = 2")).scalar()
    window.login.select(1)
    window.login.try_login("1234")
    screen = window.sale_screen
    screen.search.setText("kräutertee")
    screen.run_search()
    dialog = screen.channels.show_stock()
    qtbot.waitUntil(dialog.isVisible, timeout=10000)
    qtbot.waitUntil(lambda: dialog.elsewhere is not None, timeout=10000)  # asked of the backend, in the background
    assert dialog.table.rowCount() == 5 and "dieser Markt" in dialog.table.item(0, 0).text()
    shown = {dialog.table.item(r, 0).text(): dialog.table.item(r, 2).text() for r in range(5)}
    assert any(name.startswith("Tresen Markt Hamburg") and quantity.startswith(f"{hamburg} ") for name, quantity in shown.items())
    assert dialog.age.text().startswith("Stand:") and "Stand jetzt, von der Zentrale" in dialog.age.text()
    dialog.save_label()  # a shelf label for the product, as a PDF beside the receipts
    assert dialog.label_path.read_bytes().startswith(b"%PDF") and "gespeichert" in dialog.status.text()


def sell(window, reg, qtbot, quantities: dict[int, int]):
    """A sale at this register's counter; its receipt."""
    screen = window.sale_screen
    for pid, qty in quantities.items():
        screen.run_op(lambda pid=pid: screen.sale.add_product(pid))
        line = next(l for l in screen.sale.cart.lines if l.product_id == pid)
        screen.run_op(lambda line=line, qty=qty: screen.sale.set_quantity(line.line_id, qty))
    pay_exact(window, qtbot)
    return window.receipt_dialog.receipt


def test_store_sale_returned_by_scanning_the_receipt(synced_window, qtbot, tmp_path):
    window, reg = synced_window
    screen = login(window, qtbot)
    receipt = sell(window, reg, qtbot, {2: 2, 3: 1})
    wedge_scan(screen.search, receipt.barcode)  # the receipt barcode opens the return
    qtbot.waitUntil(lambda: screen.channels.return_dialog is not None, timeout=10000)
    dialog = screen.channels.return_dialog
    assert dialog.source.kind == "sale" and f"Bon {receipt.receipt_no}" in dialog.info.text()
    assert dialog.method.currentData() == "cash"  # the original tender first
    dialog.spins[0][1].setValue(1)
    dialog.reason.setCurrentIndex(1)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Rückgabe gebucht" in dialog.status.text(), timeout=3000)
    qtbot.waitUntil(lambda: window.receipt_dialog.receipt.kind == "return", timeout=3000)
    text_lines = layout(window.receipt_dialog.receipt)
    assert "*** RÜCKGABE ***" in "\n".join(text_lines) and "USt-IdNr." in text_lines[3]
    refund = dialog.record.refund_cents
    assert refund == receipt.lines[0].total_cents // 2
    assert any("ERSTATTUNG EUR" in l and f"-{format_eur(refund, symbol=False)}" in l for l in text_lines)
    screenshot(window.receipt_dialog, "return_receipt_1280x800.png", tmp_path)
    window.receipt_dialog.accept()
    assert dialog.table.item(0, 2).text() == "1"


def test_sale_of_another_register_is_found_at_the_backend_and_by_day_and_amount(make_synced_window, backend, qtbot,
                                                                               tmp_path):
    window, reg = make_synced_window("1001", 1)
    other = create_register(backend, tmp_path, "1001", 2)
    barcode = other.sell(gtin_of(other.replica, 2), gtin_of(other.replica, 2))
    other.sync.sync_once()
    with other.replica.connect() as c:
        total = c.execute(text("SELECT total_cents FROM sale")).scalar_one()
    screen = login(window, qtbot)
    dialog = screen.channels.open_returns()
    QTest.keyClicks(dialog.order_no, barcode)
    QTest.keyClick(dialog.order_no, Qt.Key_Return)
    qtbot.waitUntil(lambda: dialog.source is not None, timeout=5000)
    assert "Kasse 1001-02" in dialog.info.text() and dialog.table.item(0, 2).text() == "2"
    dialog.amount.setText(format_eur(total, symbol=False))
    dialog.search_sales()
    qtbot.waitUntil(lambda: dialog.matches.count() == 1, timeout=5000)
    assert "Kasse 1001-02" in dialog.matches.item(0).text()
    backend.stop()  # without the link, another register's receipt cannot be found: said so
    dialog.order_no.setText(barcode)
    dialog.find()
    qtbot.waitUntil(lambda: "nicht erreichbar" in dialog.status.text(), timeout=8000)


def manager_pin(dialog):
    assert "Marktleitung" in dialog.windowTitle()
    QTest.keyClicks(dialog.pad.field, "987654")
    QTest.keyClick(dialog.pad.field, Qt.Key_Return)


def test_online_order_returned_in_store_with_a_card_refund(synced_window, backend, qtbot):
    window, reg = synced_window
    order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-5101", {2: 1, 3: 1}, "WEB-5101")
    assert dialog.method.currentData() == "online"  # the original payment first
    dialog.method.setCurrentIndex(dialog.method.findData("card"))  # the customer wants it on the card
    dialog.spins[0][1].setValue(1)
    dialog.spins[1][1].setValue(1)
    dialog.reason.setCurrentIndex(0)
    _answer_next_dialog(qtbot, manager_pin)  # paid online: to a card only with a manager
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "auf die Karte erstattet" in dialog.status.text(), timeout=5000)
    assert reg.terminal.refunded_cents == order["total_cents"] == dialog.record.refund_cents
    assert dialog.record.data["card_approval"]
    window.sync.wake()
    qtbot.waitUntil(lambda: count(backend.engine, "SELECT count(*) FROM returnrecord WHERE refund_method = 'card'")
                    == 1, timeout=8000)


def test_a_declined_card_refund_records_nothing_and_online_refunds_go_to_the_shop(synced_window, backend, qtbot):
    window, reg = synced_window
    window.ctx.terminal.mode = "decline"
    order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-5102", {2: 1}, "WEB-5102")
    dialog.method.setCurrentIndex(dialog.method.findData("card"))
    dialog.spins[0][1].setValue(1)
    dialog.reason.setCurrentIndex(0)
    _answer_next_dialog(qtbot, manager_pin)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "abgelehnt" in dialog.status.text(), timeout=5000)
    assert dialog.record is None and count(reg.replica, "SELECT count(*) FROM returnrecord") == 0
    dialog.method.setCurrentIndex(dialog.method.findData("online"))
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "über den Online-Shop" in dialog.status.text()
    window.sync.wake()
    qtbot.waitUntil(lambda: len(httpx.get(f"{backend.url}/v1/shop/refunds",
                                          headers={"X-Shop-Key": SHOP_KEY}).json()) == 1, timeout=8000)
    request = httpx.get(f"{backend.url}/v1/shop/refunds", headers={"X-Shop-Key": SHOP_KEY}).json()[0]
    assert request["order_no"] == "WEB-5102" and request["refund_cents"] == order["total_cents"]


def test_refund_as_voucher_then_paid_with_it(synced_window, qtbot):
    window, reg = synced_window
    screen = login(window, qtbot)
    receipt = sell(window, reg, qtbot, {2: 3})
    window.receipt_dialog.accept()
    dialog = screen.channels.open_returns()
    dialog.order_no.setText(receipt.barcode)
    dialog.find()
    dialog.method.setCurrentIndex(dialog.method.findData("voucher"))
    dialog.spins[0][1].setValue(3)
    dialog.reason.setCurrentIndex(1)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    code = dialog.record.data["voucher_code"]
    assert code and code in dialog.status.text()
    qtbot.waitUntil(lambda: window.receipt_dialog.receipt.kind == "return", timeout=3000)
    assert code in window.receipt_dialog.receipt.refund_text
    window.receipt_dialog.accept()
    dialog.accept()
    screen.run_op(lambda: screen.sale.add_product(3))  # cheaper than the voucher
    pay = screen.open_payment()
    qtbot.waitUntil(pay.isVisible)
    QTest.keyClicks(pay.amount, code)  # scanned into the amount field
    pay.amount.setText(code)
    QTest.keyClick(pay.amount, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog.receipt.kind == "sale", timeout=3000)
    assert any(f"Gutschein {code}" in l for l in layout(window.receipt_dialog.receipt))
    from app.services.vouchers import balance_cents
    assert balance_cents(screen.sale.ctx, code) == receipt.lines[0].total_cents - window.receipt_dialog.receipt.total_cents


def test_same_online_order_returned_at_two_offline_registers_is_flagged(make_synced_window, backend, qtbot):
    berlin, berlin_reg = make_synced_window("1001", 1)
    hamburg, hamburg_reg = make_synced_window("1002", 1)
    place_order(backend, "WEB-5103", {4: 2})
    dialogs = []
    for w in (berlin, hamburg):  # delivered: each register looks the order up online
        login(w, qtbot)
        dialog = w.sale_screen.channels.open_returns()
        dialog.order_no.setText("WEB-5103")
        dialog.find()
        qtbot.waitUntil(lambda d=dialog: d.source is not None, timeout=5000)
        dialogs.append(dialog)
    backend.stop()  # then both stores go offline
    for w, dialog in zip((berlin, hamburg), dialogs):
        dialog.activateWindow()  # both dialogs are open: this register's comes to the front
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d, timeout=10000)
        dialog.spins[0][1].setValue(2)  # each register lets the customer return both
        dialog.reason.setCurrentIndex(0)
        qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
        assert "Rückgabe gebucht" in dialog.status.text()
        w.receipt_dialog.accept()
        dialog.accept()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible(), timeout=10000)
    backend.start()
    for w in (berlin, hamburg):
        w.sync.wake()
    qtbot.waitUntil(lambda: count(backend.engine, "SELECT count(*) FROM conflict WHERE kind = 'over_refund'") == 1,
                    timeout=10000)
    flagged_in = {w: r for w, r in ((berlin, berlin_reg), (hamburg, hamburg_reg))}
    said = "SELECT count(*) FROM outboxentry WHERE status = 'conflict'"
    qtbot.waitUntil(lambda: any(count(r.replica, said) for r in flagged_in.values()), timeout=8000)
    flagged = next(w for w, r in flagged_in.items() if count(r.replica, said))  # the second to push
    button = flagged.sale_screen.sync_indicator.conflicts
    qtbot.waitUntil(lambda: button.isVisible() and "1 Konflikte" in button.text(), timeout=8000)


def test_online_order_found_by_the_customers_e_mail_and_the_return_in_her_history(synced_window, backend, qtbot):
    window, reg = synced_window
    r = httpx.post(f"{backend.url}/v1/shop/customers", headers={"X-Shop-Key": SHOP_KEY},
                   json={"name": "Kundin", "email": "Kundin@Example.org", "card_no": "KD30000001"})
    assert r.status_code == 201
    _order, dialog = order_in_return_dialog(window, reg, backend, qtbot, "WEB-5104", {2: 1}, "kundin@example.org")
    assert dialog.source is not None and dialog.source.label == "Bestellung WEB-5104"
    dialog.reject()
    screen = window.sale_screen
    screen.run_op(lambda: screen.sale.set_links(customer={"id": r.json()["id"], "name": "Kundin",
                                                          "card_no": "KD30000001"}))
    dialog = screen.channels.open_returns()
    dialog.order_no.setText("WEB-5104")
    dialog.find()
    qtbot.waitUntil(lambda: dialog.source is not None, timeout=5000)
    assert "Kunde am Bon: Kundin" in dialog.info.text()
    dialog.spins[0][1].setValue(1)
    dialog.reason.setCurrentIndex(0)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    window.sync.wake()
    qtbot.waitUntil(lambda: count(backend.engine, "SELECT count(*) FROM returnrecord WHERE customer_id IS NOT NULL")
                    == 1, timeout=8000)
    history = window.sync.client.find_customers("KD30000001")[0]["history"]
    assert {h["channel"] for h in history} == {"Online", "Markt 1001"}


def test_an_item_scanned_into_the_return_dialog_is_refused_and_changes_nothing(synced_window, qtbot):
    window, reg = synced_window
    screen = login(window, qtbot)
    receipt = sell(window, reg, qtbot, {2: 2})
    QApplication.processEvents()
    dialog = screen.channels.open_returns()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.order_no, timeout=10000)
    wedge_scan(dialog.order_no, receipt.barcode)  # the receipt: opens the sale
    qtbot.waitUntil(lambda: dialog.source is not None, timeout=3000)
    dialog.spins[0][1].setValue(1)
    before = (dialog.order_no.text(), dialog.source, dialog.quantities())
    for target in (dialog.order_no, dialog.spins[0][1]):  # wherever the focus is: the scan is not typed in
        target.setFocus()
        qtbot.waitUntil(lambda target=target: QApplication.focusWidget() in (target, target.findChild(QLineEdit)),
                        timeout=10000)
        wedge_scan(QApplication.focusWidget(), gtin_of(reg.replica, 3))
        assert "Artikel-Barcode" in dialog.status.text() and dialog.status.property("kind") == "error"
        assert (dialog.order_no.text(), dialog.source, dialog.quantities()) == before


def test_a_card_refund_without_answer_blocks_other_routes_until_the_terminal_is_asked(synced_window, qtbot):
    window, reg = synced_window
    screen = login(window, qtbot)
    window.ctx.terminal.mode = "approve"
    screen.run_op(lambda: screen.sale.add_product(2))
    dialog = screen.open_payment()
    qtbot.waitUntil(dialog.isVisible)
    dialog.pay_card()  # paid by card: refunded to the card without a manager
    qtbot.waitUntil(lambda: window.receipt_dialog is not None, timeout=3000)
    receipt = window.receipt_dialog.receipt
    window.receipt_dialog.accept()
    QApplication.processEvents()
    dialog = screen.channels.open_returns()
    dialog.order_no.setText(receipt.barcode)
    dialog.find()
    assert dialog.method.currentData() == "card"
    dialog.spins[0][1].setValue(1)
    dialog.reason.setCurrentIndex(1)
    reg.terminal.mode, reg.terminal.charge_on_timeout = "timeout", True  # paid out, the answer lost
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "unklar" in dialog.status.text(), timeout=5000)
    assert not dialog.refund_button.isEnabled() and not dialog.method.isEnabled()
    assert dialog.card.resolve_button.isVisible() and dialog.record is None
    dialog.reject()  # closed and opened again: still unclear, still blocked
    dialog = screen.channels.open_returns()
    dialog.order_no.setText(receipt.barcode)
    dialog.find()
    assert "ungeklärt" in dialog.status.text() and not dialog.refund_button.isEnabled()
    reg.terminal.mode = "approve"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and QApplication.activeModalWidget() is dialog,
                    timeout=10000)
    QTest.keyClick(dialog, Qt.Key_F7)
    qtbot.waitUntil(lambda: "auf die Karte erstattet" in dialog.status.text(), timeout=5000)
    assert dialog.record.data["card_approval"] and reg.terminal.refunded_cents == dialog.record.refund_cents
    assert count(reg.replica, "SELECT count(*) FROM returnrecord") == 1 and dialog.method.isEnabled()


def test_a_refund_the_terminal_paid_before_the_register_died_is_recorded_at_the_next_login(
        synced_window, qtbot):
    from app.services import card_refunds, returns
    from app.services.return_sources import find_source
    window, reg = synced_window
    screen = login(window, qtbot)
    screen.run_op(lambda: screen.sale.add_product(2))
    assert screen.sale.pay_card(screen.sale.remaining_cents) == "approved"
    receipt = screen.sale.complete()
    source = find_source(window.ctx, receipt.barcode)
    plan = returns.plan_return(window.ctx, screen.sale.associate, source=source, quantities={2: 1}, reason="dislike")
    attempt = card_refunds.begin_card_refund(window.ctx, screen.sale.associate, plan)
    reg.terminal.refund(reference=attempt.reference, amount_cents=attempt.amount_cents)  # paid out; then the app died
    window.lock()
    login(window, qtbot)  # the next login asks the terminal
    qtbot.waitUntil(lambda: "nachgebucht" in screen.banner.text(), timeout=5000)
    assert count(reg.replica, "SELECT count(*) FROM returnrecord WHERE id = '%s'" % plan.return_id) == 1
    assert card_refunds.pending_refunds(window.ctx) == []
