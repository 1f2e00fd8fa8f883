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
    window.login.try_login("987654")
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


def shown_stock(replica, pid: int) -> int:
    """What the register shows: the backend's count as replicated plus its own movements not yet in it."""
    with replica.connect() as c:
        return c.exec_driver_sql(
            "SELECT s.quantity + COALESCE((SELECT SUM(delta) FROM stockmovement m WHERE m.location_id = s.location_id"
            " AND m.product_id = s.product_id AND NOT m.synced), 0) FROM stock s"
            " WHERE s.location_id = '1001' AND s.product_id = ?", (pid,)).scalar_one()


def test_acknowledging_a_conflict_while_a_push_answer_was_lost_counts_the_sale_once(
        backend, tmp_path, qtbot, make_window):
    """Issue 10, R1: the acknowledge goes through the sync worker (push before pull); a pull of its own
    brought the stock row while the sale's answer was still missing, and the sale showed twice."""
    from sync.client.engine import SyncEngine
    from sync.client.runtime import SyncRuntime
    from sync.client.worker import SyncWorker
    from tests.sync.conftest import create_register
    from tests.sync.faults import FaultTransport
    from tests.sync.test_negative_stock import sell, stock_of

    faults = FaultTransport()
    reg = create_register(backend, tmp_path, transport=faults)
    runtime = SyncRuntime(reg.replica, tmp_path)  # driven by the test: its thread never starts
    runtime.client, runtime.worker = reg.client, SyncWorker(SyncEngine(reg.replica, reg.client))
    window = make_window(reg.replica)
    window.sync = runtime
    oversold, pid = piece_product_ids(reg.replica, 2)
    sell(reg, oversold, stock_of(backend, "1001", oversold) + 1)
    qtbot.waitUntil(lambda: runtime.worker.run_once() is not None and shown_stock(reg.replica, oversold) == -1
                    and reg.sync.open_conflicts() == 1, timeout=10000)
    with reg.replica.connect() as c:
        conflict_id = c.exec_driver_sql("SELECT id FROM conflict WHERE status = 'open'").scalar_one()

    sell(reg, pid, 2)
    faults.plan = ["lost_response"]  # the push is applied, its answer lost
    runtime.worker.run_once()
    assert faults.plan == [] and stock_of(backend, "1001", pid) == shown_stock(reg.replica, pid)
    answers = []
    window._acknowledge(conflict_id, "", lambda result, exc: answers.append(exc))
    qtbot.waitUntil(lambda: bool(answers) or getattr(runtime.worker, "queued", 0) > 0, timeout=10000)
    runtime.worker.run_once()
    qtbot.waitUntil(lambda: bool(answers), timeout=10000)
    assert answers == [None]
    assert shown_stock(reg.replica, pid) == stock_of(backend, "1001", pid)  # the sale once, not twice
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT status FROM conflict WHERE id = :i"), {"i": conflict_id}).scalar_one() \
            == "acknowledged"
    reg.client.close()
