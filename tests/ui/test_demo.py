"""The demo as a new user meets it: every omnichannel flow works on the demo data out of the box."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from app.services import pickup
from app.store.db import make_engine
from app.ui.app import STYLE, build_window, parse_args
from tests.tse.qr_verifier import verify_qr
from tests.ui.conftest import login, pay_exact
from tests.ui.test_sale_screen import wedge_scan


def count(engine, sql):
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def give_one_back(window, dialog, qtbot, reason: int) -> None:
    dialog.spins[0][1].setValue(1)
    dialog.reason.setCurrentIndex(reason)
    qtbot.mouseClick(dialog.refund_button, Qt.LeftButton)
    assert "Rückgabe gebucht" in dialog.status.text()
    assert_signed(window.receipt_dialog.receipt)
    window.receipt_dialog.accept()
    dialog.accept()


def assert_signed(receipt) -> None:
    """Signed by the demo's TSE simulator, checked by a verifier that knows nothing but the QR."""
    assert receipt.fiscal is not None and receipt.fiscal.signed, receipt.fiscal
    assert verify_qr(receipt.fiscal.qr)


def pay_exact_signed(window, qtbot) -> None:
    pay_exact(window, qtbot)
    assert_signed(window.receipt_dialog.receipt)


def test_the_demo_walk_through(qtbot, qapp, tmp_path):
    qapp.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    window = build_window(parse_args(["--demo", "--data-dir", str(tmp_path), "--demo-history-days", "1"]))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    replica = window.ctx.engine
    history_shown = []
    window.sync_bridge.demo_history.connect(lambda *shown: history_shown.append(shown))
    try:
        qtbot.waitUntil(lambda: count(replica, "SELECT count(*) FROM onlineorder WHERE order_no LIKE 'WEB-1000%'") == 3,
                        timeout=30000)  # the demo's pickups (the history's are WEB-1001-…)
        screen = login(window, qtbot)
        channels = screen.channels

        wedge_scan(screen.search, "TRESEN-CART:TRE5EN")  # Lukas's online cart from his phone
        qtbot.waitUntil(lambda: channels.handover_dialog is not None and channels.handover_dialog.claimed is not None,
                        timeout=8000)
        assert len(channels.handover_dialog.differences) == 1  # the price cut since he added it
        channels.handover_dialog.accept()
        pay_exact_signed(window, qtbot)

        wedge_scan(screen.search, "WEB-100003")  # Anna's paid pickup
        dialog = channels.pickup_dialog
        assert dialog.order.order_no == "WEB-100003" and dialog.order.paid
        dialog.identity.setChecked(True)
        qtbot.mouseClick(dialog.hand_out_button, Qt.LeftButton)
        assert "übergeben" in dialog.status.text()
        waiting = {o.order_no: o.status for o in pickup.pickup_orders(window.ctx)}
        assert waiting["WEB-100004"] in ("overdue", "waiting") and "WEB-100002" in waiting  # Jana's is late
        dialog.accept()

        wedge_scan(screen.search, "WEB-100001")  # Anna's delivered web order comes back: looked up online
        dialog = channels.return_dialog
        qtbot.waitUntil(lambda: dialog.source is not None, timeout=8000)
        assert dialog.source.label == "Bestellung WEB-100001"
        give_one_back(window, dialog, qtbot, reason=1)

        screen.run_op(lambda: screen.sale.add_product(2))  # a store sale, then its return by receipt
        pay_exact_signed(window, qtbot)
        wedge_scan(screen.search, window.receipt_dialog.receipt.barcode)
        dialog = channels.return_dialog
        assert dialog.source.kind == "sale"
        give_one_back(window, dialog, qtbot, reason=0)

        screen.search.setText("tee")  # stock in the other stores
        screen.run_search()
        stock = channels.show_stock()
        assert stock.table.rowCount() == 2  # this store and the warehouse, from the replica, at once
        qtbot.waitUntil(lambda: stock.elsewhere is not None, timeout=10_000)  # the other stores, asked online
        assert stock.table.rowCount() == 5
        stock.accept()

        screen.run_op(lambda: screen.sale.add_product(4))  # order for delivery
        dialog = channels.open_delivery()
        dialog.name.setText("Anna Meier")
        dialog.address.setPlainText("Lindenstraße 12, 10969 Berlin")
        dialog.submit()
        assert screen.sale.cart.delivery is not None
        pay_exact_signed(window, qtbot)

        wedge_scan(screen.search, "KD10000001")  # Anna's loyalty card
        qtbot.waitUntil(lambda: channels.customer_dialog.list.count() == 1, timeout=8000)
        assert channels.customer_dialog.history.rowCount() >= 1
        channels.customer_dialog.attach()
        assert screen.sale.cart.customer["name"] == "Anna Meier"

        window.sync.wake()
        qtbot.waitUntil(lambda: count(replica, "SELECT count(*) FROM outboxentry WHERE status = 'pending'") == 0,
                        timeout=15000)
        assert count(replica, "SELECT count(*) FROM outboxentry WHERE status = 'rejected'") == 0
        # The journal reached the backend whole: every entry there, each one verified against its chain.
        backend = make_engine(tmp_path / "backend.sqlite3")
        try:
            entries = count(replica, "SELECT count(*) FROM fiscalevent")
            assert entries >= 8  # self-test, time sync, master data, three sales, two returns
            assert count(backend, "SELECT count(*) FROM fiscaljournal WHERE verified AND register_id = '1001-01'") == entries
            assert count(backend, "SELECT count(*) FROM conflict WHERE kind LIKE 'journal%'") == 0
            # Meanwhile, in the background, the demo's first start made a day of history in every store
            qtbot.waitUntil((tmp_path / "demo-history" / "complete").exists, timeout=180_000)
            qtbot.waitUntil(lambda: history_shown and history_shown[-1][0] == "", timeout=30_000)
            assert ("1004", 1, 1) in history_shown  # the status line said which store and day it was at ...
            indicator = window.sale_screen.sync_indicator
            assert indicator.history is None and not indicator.progress.isVisible()  # ... and is quiet once done
            assert count(backend, "SELECT count(DISTINCT register_id) FROM fiscaljournal WHERE kind = 'closing'"
                                  " AND verified") == 4
            assert count(backend, "SELECT count(*) FROM conflict") == 0
        finally:
            backend.dispose()
    finally:
        window.close()
        for f in (window.wedge, window._watcher):
            QApplication.instance().removeEventFilter(f)
