"""Cart handover at the counter (Strg+U or scanning the phone's QR), against the real backend."""

import httpx
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import text

from tests.sync.conftest import SHOP_KEY
from tests.ui.test_sale_screen import wedge_scan
from tests.ui.conftest import login, pay_exact, screenshot


def shop(backend, method, path, **kw):
    return httpx.request(method, f"{backend.url}/v1/shop{path}", headers={"X-Shop-Key": SHOP_KEY}, **kw)


def test_handover_while_the_customer_edits_the_cart(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    cart = shop(backend, "POST", "/carts", json={"customer_email": "k@example.org", "lines": [
        {"product_id": 2, "quantity": 2}, {"product_id": 3, "quantity": 1}]}).json()
    with backend.engine.begin() as c:  # the customer put product 3 in the cart before a price cut
        lines = cart["lines"]
        lines[1]["unit_price_cents"] += 50
        c.execute(text("UPDATE onlinecart SET lines = :l WHERE id = :i"),
                  {"l": __import__("json").dumps(lines), "i": cart["id"]})
    page = httpx.get(f"{backend.url}{cart['handover_url']}").text
    assert cart["code"] in page and "<svg" in page  # the phone shows the QR and the short code
    screen = login(window, qtbot)
    wedge_scan(screen.search, f"TRESEN-CART:{cart['code']}")  # the QR from the phone, read on the sale screen
    qtbot.waitUntil(lambda: screen.channels.handover_dialog is not None, timeout=10000)
    dialog = screen.channels.handover_dialog
    qtbot.waitUntil(lambda: dialog.claimed is not None, timeout=5000)
    assert [(l.product_id, l.quantity) for l in screen.sale.cart.lines] == [(2, 2), (3, 1)]
    assert len(dialog.differences) == 1 and dialog.differences[0].online_cents == lines[1]["unit_price_cents"]
    assert dialog.table.rowCount() == 2 and dialog.table.item(1, 3).text().startswith("▼") and "Preise weichen ab" in dialog.status.text()
    screenshot(dialog, "handover_1280x800.png", tmp_path)

    # the customer changes the cart on the phone meanwhile: refused, the phone says why
    edit = shop(backend, "PUT", f"/carts/{cart['id']}", json={"lines": [{"product_id": 4, "quantity": 5}]})
    assert edit.status_code == 409 and "an der Kasse" in edit.json()["detail"]
    assert shop(backend, "POST", f"/carts/{cart['id']}/order").status_code == 409
    assert "an der Kasse bezahlt" in httpx.get(f"{backend.url}{cart['handover_url']}").text

    QTest.keyClick(dialog.done_button, Qt.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    # the customer leaves one of the two at the counter
    screen.run_op(lambda: screen.sale.set_quantity(screen.sale.cart.lines[0].line_id, 1))
    pay_exact(window, qtbot)
    window.sync.wake()
    qtbot.waitUntil(lambda: shop(backend, "GET", f"/carts/{cart['id']}").json()["status"] == "bought_in_store",
                    timeout=8000)
    assert "Im Markt bezahlt" in httpx.get(f"{backend.url}{cart['handover_url']}").text
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM onlineorder")).scalar_one() == 0  # nobody paid twice
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 1


def test_handover_without_the_link_offers_a_local_cart(synced_window, backend, qtbot):
    window, _reg = synced_window
    cart = shop(backend, "POST", "/carts", json={"lines": [{"product_id": 2, "quantity": 1}]}).json()
    screen = login(window, qtbot)
    backend.stop()
    QTest.keyClick(screen, Qt.Key_U, Qt.ControlModifier)
    qtbot.waitUntil(lambda: screen.channels.handover_dialog is not None, timeout=10000)
    dialog = screen.channels.handover_dialog
    QTest.keyClicks(dialog.code, cart["code"].lower())
    QTest.keyClick(dialog.code, Qt.Key_Return)
    qtbot.waitUntil(lambda: dialog.local_button.isVisible(), timeout=8000)
    assert "Keine Verbindung zur Zentrale" in dialog.status.text() and not screen.sale.cart.lines
    qtbot.mouseClick(dialog.local_button, Qt.LeftButton)
    assert not dialog.isVisible()


def test_a_wrong_code_is_explained(synced_window, qtbot):
    window, _reg = synced_window
    screen = login(window, qtbot)
    dialog = screen.channels.open_handover()
    QTest.keyClicks(dialog.code, "ABC")
    QTest.keyClick(dialog.code, Qt.Key_Return)
    assert "kein Übergabe-Code" in dialog.status.text()
    dialog.code.setText("ZZZZZZ")
    dialog.submit()
    qtbot.waitUntil(lambda: "gehört zu keinem Warenkorb" in dialog.status.text(), timeout=5000)
