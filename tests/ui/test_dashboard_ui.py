"""The manager's dashboard at the register (issue 15 §3): the store's figures per channel from the real backend, with
charts; offline the last figures with their age; only for the store's management."""

from __future__ import annotations

from sqlalchemy import text

from app.core.money import format_eur
from app.services import dashboard
from tests.ui.conftest import login, screenshot
from tests.ui.test_sale_screen import wedge_scan


def sell(screen, qtbot, gtin: str) -> None:
    wedge_scan(screen.search, gtin)
    qtbot.waitUntil(lambda: bool(screen.sale.cart.lines), timeout=5000)
    dialog = screen.open_payment()
    qtbot.waitUntil(dialog.isVisible)
    dialog.pay_exact()
    qtbot.waitUntil(lambda: screen.window().receipt_dialog is not None)
    screen.window().receipt_dialog.accept()


def test_the_manager_sees_the_stores_figures_and_offline_their_age(synced_window, backend, qtbot, tmp_path):
    window, reg = synced_window
    screen = login(window, qtbot, number=3, pin="987654")  # Jonas Weber, the store's manager
    with reg.replica.connect() as c:
        gtin, price = c.exec_driver_sql(
            "SELECT g.gtin, p.gross_price_cents FROM productgtin g JOIN product p ON p.id = g.product_id"
            " WHERE NOT p.weighed AND p.gross_price_cents > 0 ORDER BY p.id DESC LIMIT 1").one()
    sell(screen, qtbot, gtin[1:] if gtin.startswith("0") else gtin)
    qtbot.waitUntil(lambda: _backend_sales(backend) == 1, timeout=30000)  # the sale is at the backend

    dialog = screen.till_actions.show_dashboard()
    qtbot.waitUntil(lambda: dialog.figures is not None and dialog.table.item(0, 0) is not None
                    and dialog.table.item(0, 0).text() == format_eur(price), timeout=30000)
    assert dialog.table.item(0, 2).text() == "1" and "Stand" in dialog.age.text()
    assert dialog.channels.chart() is not None and dialog.hours.chart() is not None
    assert dialog.top.count() == 2  # the heading, and the one product sold
    screenshot(dialog, "dashboard.png", tmp_path)
    dialog.accept()

    backend.stop()  # the network is gone: the last figures, and how old they are
    dialog = screen.till_actions.show_dashboard()
    qtbot.waitUntil(lambda: "Offline" in dialog.age.text(), timeout=30000)
    assert dialog.table.item(0, 0).text() == format_eur(price)
    assert dashboard.cached(reg.sale.ctx) is not None
    backend.start()
    dialog.accept()


def _backend_sales(backend) -> int:
    with backend.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM sale")).scalar_one()


def test_only_the_management_opens_it(window, qtbot):
    screen = login(window, qtbot)  # Lena Schmidt, an associate
    assert screen.till_actions.show_dashboard() is None
    assert "Marktleitung" in screen.banner.text()
