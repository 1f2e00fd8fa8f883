"""The counter's screens at the sizes counter PCs have, with the longest content a store produces."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QPushButton
from sqlmodel import Session

from app.ui.app import parse_args, show_window
from app.ui.i18n import install_language
from tests.conftest import gtin_of, piece_product_ids, weighed_product
from tests.ui.conftest import screenshot
from tests.ui.test_sale_screen import wedge_scan

LONG_NAME = "Bio-Vollkornhaferflocken zart, glutenfrei, aus kontrolliert biologischem Anbau, Großpackung 2,5 kg"


def fill_the_longest_cart(window, engine):
    with Session(engine) as s:
        s.connection().exec_driver_sql("UPDATE product SET name = ? WHERE id = 3", (LONG_NAME,))
        s.commit()
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 3))
    _pid, plu, _price = weighed_product(engine)
    from app.core.embedded import make_embedded
    from sync.common.scale_labels import DEFAULT_RULES
    wedge_scan(screen.search, make_embedded(DEFAULT_RULES[0], plu, 12345))  # 12,345 kg
    for pid in [p for p in piece_product_ids(engine, 8) if p not in (2, 3)][:5]:
        screen.run_op(lambda pid=pid: screen.sale.add_product(pid))
    screen.run_op(lambda: screen.sale.set_quantity(screen.sale.cart.lines[-1].line_id, 999))
    screen.run_op(lambda: screen.sale.set_links(
        customer={"id": 1, "name": "Maximiliane Leutheusser-Schnarrenberger", "card_no": "KD10000001"},
        delivery={"customer_name": "Maximiliane Leutheusser-Schnarrenberger", "address": "Sehr lange Straße 123",
                  "email": "m@example.org", "ship_from": "9001", "order_no": "T-1"}))
    return screen


@pytest.mark.parametrize("size", [(1280, 770), (1366, 768), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_nothing_is_cut_off(make_window, engine, qtbot, tmp_path, size):
    """1280x770: 1280x800 less a title bar."""
    window = make_window(engine, size=size)
    window.login.select(1)
    window.login.try_login("1234")
    screen = fill_the_longest_cart(window, engine)
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0], timeout=10000)
    QApplication.processEvents()
    assert window.width() <= size[0] and window.height() <= size[1], "the window is larger than the screen"
    assert window.minimumSizeHint().width() <= size[0] and window.minimumSizeHint().height() <= size[1]
    totals = screen.totals
    assert totals.heightForWidth(totals.width()) <= totals.height(), "the totals line is cut off"
    assert "LIEFERUNG" in totals.text() and "Kunde" in totals.text()
    for label in (screen.total, screen.banner):
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width() or \
            (isinstance(label, QLabel) and label.wordWrap())
    header = screen.table.horizontalHeader()
    for col in range(1, 5):  # quantity 12,345 kg and 999, prices and totals shown whole
        for row in range(screen.model.rowCount()):
            text = screen.model.data(screen.model.index(row, col))
            width = screen.table.fontMetrics().horizontalAdvance(text or "") + 12
            assert width <= header.sectionSize(col), f"column {col} cuts '{text}'"
    assert screen.model.data(screen.model.index(0, 0), Qt.ToolTipRole) == LONG_NAME
    screenshot(window, f"sale_{size[0]}x{size[1]}.png", tmp_path)


def test_after_a_sale_the_search_is_empty_and_focused(window, engine, qtbot):
    screen = window.sale_screen
    screen.search.setText("schoko")
    wedge_scan(screen.search, gtin_of(engine, 3))
    dialog = screen.open_payment()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount, timeout=10000)
    QTest.keyClick(dialog.amount, Qt.Key_Return)
    qtbot.waitUntil(lambda: window.receipt_dialog is not None and window.receipt_dialog.isVisible(), timeout=10000)
    QTest.keyClick(window.receipt_dialog, Qt.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.search, timeout=10000)
    assert screen.search.text() == "" and screen.results.count() == 0


def test_qt_own_texts_are_german(qapp, qtbot):
    install_language(qapp)
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    texts = {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}
    assert "Abbrechen" in texts and "Cancel" not in texts


@pytest.mark.parametrize("kiosk", [False, True])
def test_window_opens_maximised_or_in_kiosk_mode_full_screen(make_window, engine, kiosk):
    window = make_window(engine)
    show_window(window, kiosk=parse_args(["--kiosk"] if kiosk else []).kiosk)
    state = window.windowState()
    assert bool(state & Qt.WindowFullScreen) == kiosk and bool(state & Qt.WindowMaximized) != kiosk
