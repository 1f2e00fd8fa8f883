"""From nothing to a selling register, the way a chain rolls Tresen out (issue 13's "done when"): a backend
process on PostgreSQL, a catalog imported from CSV, a store, associates and an enrollment secret made with the
admin command line, a register set up through the first-run wizard; the new associate sets their PIN at the first
login, opens the drawer, sells, and the sale reaches the backend. No demo data anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import text

from app.config import replica_path
from app.core.cash import CashCount
from app.store.db import open_replica
from app.ui.app import build_window, parse_args
from app.ui.setup_wizard import SetupWizard
from sync.server.db import make_engine
from tests.sync.conftest import postgres_database
from tests.sync.test_workers import start_worker
from tests.ui.conftest import close_leftover_windows, screenshot
from tests.ui.test_sale_screen import wedge_scan

PRODUCTS = """sku;gtins;name;brand;category;vat_class;price_eur;base_unit;net_content;weighed;plu;active
LZ-1;4012345000009;Leipziger Allerlei 400 g;Sachsenglas;Vorratsschrank;B;2,49;kg;400;0;;1
LZ-2;4012345000016;Spreewälder Gurken 720 ml;Spreewaldhof;Vorratsschrank;B;1,99;l;720;0;;1
LZ-3;4012345000023;Bautz'ner Senf 200 ml;Bautz'ner;Vorratsschrank;B;0,89;l;200;0;;1
"""
STOCK = """location;sku;quantity
2001;LZ-1;40
2001;LZ-2;25
2001;LZ-3;60
"""


def admin(db_url: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "sync.server", "admin", *args], capture_output=True, text=True,
                          env={**os.environ, "TRESEN_BACKEND_DB": db_url}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def rows(engine, sql: str) -> list:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


@pytest.fixture
def chain_backend(tmp_path):
    """An empty backend process on a new PostgreSQL database, as IT starts it."""
    url, drop = postgres_database()
    process = start_worker(url)
    engine = make_engine(url)
    yield url, process.url, engine
    process.stop()
    engine.dispose()
    drop()


def test_a_chain_sets_up_a_store_and_a_register_that_sells(qtbot, qapp, chain_backend, tmp_path):
    db_url, backend_url, backend = chain_backend
    (tmp_path / "products.csv").write_text(PRODUCTS, encoding="utf-8")
    (tmp_path / "stock.csv").write_text(STOCK, encoding="utf-8")
    admin(db_url, "create-store", "2001", "--name", "Tresen Markt Leipzig", "--street", "Petersstraße 1",
          "--city", "04109 Leipzig", "--vat-id", "DE987654321")
    assert "3 Zeilen importiert" in admin(db_url, "import-products", str(tmp_path / "products.csv"))
    admin(db_url, "import-stock", str(tmp_path / "stock.csv"))
    sophie = admin(db_url, "add-associate", "--name", "Sophie Wagner", "--role", "associate", "--store", "2001")
    starting_pin = sophie.rsplit(": ", 1)[1].strip()
    admin(db_url, "add-associate", "--name", "Karl Neumann", "--role", "manager", "--store", "2001")
    secret = admin(db_url, "enrollment-secret", "2001-01").strip()

    folder = tmp_path / "register"
    replica = open_replica(replica_path(folder))
    wizard = SetupWizard(replica)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.url.setText(backend_url)
    wizard.store.setText("2001")
    wizard.register_no.setValue(1)
    wizard.secret.setText(secret)
    with qtbot.waitSignal(wizard.finished, timeout=60000) as finished:
        qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    assert finished.args == [QDialog.Accepted]
    replica.dispose()

    window = build_window(parse_args(["--data-dir", str(folder)]))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    try:
        replica = window.ctx.engine
        assert rows(replica, "SELECT id FROM location") == [("2001",)]  # no demo store, no demo catalog
        assert sorted(r[0] for r in rows(replica, "SELECT sku FROM product")) == ["LZ-1", "LZ-2", "LZ-3"]
        assert sorted(window.login.buttons) == [1, 2]
        sophie_id = next(i for i, b in window.login.buttons.items() if b.text().startswith("Sophie"))

        window.login.select(sophie_id)
        window.login.try_login(starting_pin)
        qtbot.waitUntil(lambda: window.pin_change is not None and window.pin_change.isVisible())
        screenshot(window.pin_change, "first-login-pin.png", tmp_path)
        window.pin_change.pin.setText("2468")
        window.pin_change.again.setText("2468")
        window.pin_change.save()
        qtbot.waitUntil(lambda: window.open_till is not None and window.open_till.isVisible())
        window.open_till.counter.set_count(CashCount({1000: 5}))
        window.open_till.open_till()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)

        screen = window.sale_screen
        wedge_scan(screen.search, "4012345000016")
        wedge_scan(screen.search, "4012345000016")
        qtbot.waitUntil(lambda: screen.sale.cart.total_cents == 398)
        dialog = screen.open_payment()
        qtbot.waitUntil(dialog.isVisible)
        dialog.pay_exact()
        qtbot.waitUntil(lambda: window.receipt_dialog is not None)
        screenshot(window.receipt_dialog, "first-sale-receipt.png", tmp_path)
        window.receipt_dialog.accept()

        deadline = time.monotonic() + 60
        while rows(backend, "SELECT register_id, total_cents FROM sale") != [("2001-01", 398)]:
            assert time.monotonic() < deadline, "the sale never reached the backend"
            window.sync.wake()
            qtbot.wait(100)
        assert rows(backend, "SELECT quantity FROM stock s JOIN product p ON p.id = s.product_id"
                             " WHERE p.sku = 'LZ-2'") == [(23,)]
        # Sophie's own PIN went up and is the backend's now: the starting PIN is gone everywhere.
        assert rows(backend, "SELECT pin_change_due FROM associate WHERE name = 'Sophie Wagner'") == [(False,)]
        assert rows(backend, "SELECT id FROM location") == [("2001",)]
    finally:
        if window.sync is not None:
            window.sync.stop()
        window.executor.wait()
        for f in (window.wedge, window._watcher):  # else they act for this window in the next tests
            QApplication.instance().removeEventFilter(f)
        close_leftover_windows()
