"""The sync state on the sale screen and the conflict inbox, against the real backend."""

from PySide6.QtCore import Qt
from sqlalchemy import text

from tests.conftest import gtin_of, piece_product_ids
from tests.ui.conftest import pay_exact
from tests.ui.test_sale_screen import wedge_scan


def test_indicator_online_offline_and_back(synced_window, backend, qtbot):
    window, reg = synced_window
    label = window.sale_screen.sync_indicator.label
    qtbot.waitUntil(lambda: "Online · 0 offen" in label.text(), timeout=5000)
    window.login.select(1)
    window.login.try_login("1234")
    backend.stop()
    wedge_scan(window.sale_screen.search, gtin_of(reg.replica, 2))
    pay_exact(window, qtbot)
    qtbot.waitUntil(lambda: "Offline · 1 offen" in label.text(), timeout=5000)  # the counter kept selling
    backend.start()
    qtbot.waitUntil(lambda: "Online · 0 offen" in label.text(), timeout=8000)
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 1


def test_conflict_inbox_shows_evidence_and_manager_acknowledges(synced_window, backend, qtbot):
    window, reg = synced_window
    window.login.select(3)
    window.login.try_login("9876")
    pid = piece_product_ids(reg.replica, 1)[0]
    with backend.engine.connect() as c:
        have = c.execute(text("SELECT quantity FROM stock WHERE location_id='1001' AND product_id=:p"),
                         {"p": pid}).scalar_one()
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(reg.replica, pid))
    screen.run_op(lambda: screen.sale.set_quantity(screen.sale.cart.lines[0].line_id, have + 2))
    pay_exact(window, qtbot)
    button = screen.sync_indicator.conflicts
    qtbot.waitUntil(lambda: button.isVisible() and "1 Konflikte" in button.text(), timeout=8000)
    qtbot.mouseClick(button, Qt.LeftButton)
    inbox = window.conflict_inbox
    qtbot.waitUntil(inbox.isVisible)
    assert inbox.table.rowCount() == 1
    assert "Bestand -2" in inbox.table.item(0, 1).text() and "1001-01" in inbox.table.item(0, 1).text()
    qtbot.mouseClick(inbox.ack, Qt.LeftButton)
    qtbot.waitUntil(lambda: "zur Kenntnis" in inbox.table.item(0, 2).text(), timeout=5000)
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT status, resolved_by FROM conflict")).one() == ("acknowledged", "1001-01")


def test_price_change_during_an_open_cart_is_shown_and_the_cart_keeps_its_price(synced_window, backend, qtbot):
    window, reg = synced_window
    window.login.select(1)
    window.login.try_login("1234")
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(reg.replica, 2))
    scanned = screen.sale.cart.lines[0].unit_price_cents
    from sqlmodel import Session
    from sync.server.db import record_change
    with Session(backend.engine) as s:  # head office changes the price
        c = s.connection()
        c.execute(text("UPDATE product SET gross_price_cents = gross_price_cents + 50 WHERE id = 2"))
        row = dict(c.execute(text("SELECT * FROM product WHERE id = 2")).mappings().one())
        row["gtins"] = [g for (g,) in c.execute(text("SELECT gtin FROM productgtin WHERE product_id = 2"))]
        record_change(s, kind="product", key="2", data=row)
        s.commit()
    window.sync.wake()
    qtbot.waitUntil(lambda: "Preis geändert" in screen.banner.text(), timeout=5000)
    assert screen.sale.cart.lines[0].unit_price_cents == scanned
    assert screen.model.data(screen.model.index(0, 2)).endswith("!")
    assert "behält" in screen.model.data(screen.model.index(0, 2), Qt.ToolTipRole)


def test_bootstrap_progress_bar(qtbot):
    from app.ui.sync_status import SyncIndicator
    from sync.client.worker import SyncStatus
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.show()
    indicator.update_status(SyncStatus(online=True, progress=(250_000, 1_000_000)))
    assert indicator.progress.isVisible() and indicator.progress.value() == 250_000
    indicator.update_status(SyncStatus(online=True))
    assert not indicator.progress.isVisible()


def test_over_refund_evidence_is_readable():
    from app.ui.conflict_inbox import evidence
    text_ = evidence({"kind": "over_refund", "details": {
        "product_id": 4, "sold": 2, "returned": 4, "excess": 2,
        "returns": [{"register_id": "1001-01", "quantity": 2, "refund_cents": 398},
                    {"register_id": "1002-01", "quantity": 2, "refund_cents": 398}]}})
    assert "verkauft 2, zurückgenommen 4" in text_ and "1002-01 (2 Stk, 3,98 €)" in text_
