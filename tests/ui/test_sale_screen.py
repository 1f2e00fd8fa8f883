"""Driving the sale screen as an associate would: scanner bursts, typing, F-keys."""

import time

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.core.embedded import make_embedded
from app.ui import prompts
from app.ui.parked_dialog import ParkedDialog
from sync.common.scale_labels import DEFAULT_RULES
from tests.conftest import gtin_of, weighed_product


def wedge_scan(widget, code, key_delay_ms=3):
    """Keys as a USB wedge scanner sends them: stamped a few ms apart by the window system, then Enter.
    Delivered at once with those stamps (as a busy GUI thread reads them), so a loaded machine cannot
    stretch the burst into typing: the scan detection goes by the stamps, never by the wall clock."""
    t0 = int(time.monotonic() * 1000) % 2**31
    keys = [(getattr(Qt, f"Key_{ch.upper()}", 0) if ch.isalnum() else 0, ch) for ch in code] + [(Qt.Key_Return, "\r")]
    for i, (key, text) in enumerate(keys):
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            event = QKeyEvent(kind, key, Qt.NoModifier, text)
            event.setTimestamp(t0 + key_delay_ms * i + (1 if kind == QEvent.KeyRelease else 0))
            QApplication.sendEvent(widget, event)


def test_wedge_scan_lands_in_cart_not_in_search(window, engine, qtbot):
    screen = window.sale_screen
    screen.search.setFocus()
    wedge_scan(screen.search, gtin_of(engine, 2))
    assert [l.product_id for l in screen.sale.cart.lines] == [2]
    assert screen.search.text() == ""
    assert screen.model.rowCount() == 1 and screen.banner.kind == "ok"
    screen.table.setFocus()
    assert QApplication.focusWidget() is screen.table
    wedge_scan(screen.table, gtin_of(engine, 2))  # focus elsewhere: still a scan
    assert screen.sale.cart.lines[0].quantity == 2
    assert screen.model.data(screen.model.index(0, 1)) == "2"


def test_person_typing_in_search_stays_typing(window, engine, qtbot):
    screen = window.sale_screen
    screen.search.setFocus()
    QTest.keyClicks(screen.search, "milch", Qt.NoModifier, 120)  # a person: 120 ms between keys
    qtbot.waitUntil(lambda: screen.search.text() == "milch", timeout=10000)
    qtbot.waitUntil(lambda: screen.results.count() > 0, timeout=10000)
    assert screen.sale.cart.lines == []
    assert "Milch" in screen.results.item(0).text()
    QTest.keyClick(screen.search, Qt.Key_Return)
    qtbot.waitUntil(lambda: len(screen.sale.cart.lines) == 1, timeout=10000)
    assert "Milch" in screen.sale.cart.lines[0].name


def test_code_typed_by_hand_goes_the_scan_path(window, engine, qtbot):
    screen = window.sale_screen
    screen.search.setText(gtin_of(engine, 3))
    QTest.keyClick(screen.search, Qt.Key_Return)
    assert [l.product_id for l in screen.sale.cart.lines] == [3]


def test_unknown_and_garbled_scans_add_nothing(window, engine):
    screen = window.sale_screen
    wedge_scan(screen.search, "4006381333931")
    assert screen.sale.cart.lines == [] and screen.banner.kind == "error"
    assert "nicht im Sortiment" in screen.banner.text()
    good = gtin_of(engine, 2)
    wedge_scan(screen.search, good[:-1] + str((int(good[-1]) + 3) % 10))
    assert screen.sale.cart.lines == [] and "Prüfziffer" in screen.banner.text()
    wedge_scan(screen.search, "X#?!garbage")
    assert screen.sale.cart.lines == [] and screen.banner.kind == "error"
    assert screen.search.text() == ""  # a garbled scan does not spill into the search field


def test_weighed_label(window, engine):
    pid, plu, price = weighed_product(engine)
    screen = window.sale_screen
    wedge_scan(screen.search, make_embedded(DEFAULT_RULES[-1], plu, 1250))
    line = screen.sale.cart.lines[0]
    assert line.weight_g == 1250 and line.product_id == pid
    assert screen.model.data(screen.model.index(0, 1)) == "1,250 kg"


def test_quantity_buttons_and_remove(window, engine, qtbot, monkeypatch):
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))
    wedge_scan(screen.search, gtin_of(engine, 3))
    screen.table.selectRow(0)
    qtbot.mouseClick(screen.plus_button, Qt.LeftButton)
    qtbot.mouseClick(screen.plus_button, Qt.LeftButton)
    assert screen.sale.cart.lines[0].quantity == 3
    qtbot.mouseClick(screen.minus_button, Qt.LeftButton)
    assert screen.sale.cart.lines[0].quantity == 2
    monkeypatch.setattr(prompts, "ask_quantity", lambda parent, current: 7)
    QTest.keyClick(screen, Qt.Key_F3)
    assert screen.sale.cart.lines[0].quantity == 7
    total_before = screen.sale.cart.total_cents
    screen.table.selectRow(1)
    QTest.keyClick(screen, Qt.Key_F4)
    assert [l.product_id for l in screen.sale.cart.lines] == [2]
    assert screen.sale.cart.total_cents < total_before
    assert screen.total.text().endswith(screen.model.data(screen.model.index(0, 4)))


def _answer_next_dialog(qtbot, handler):
    """Act on the next modal dialog as the associate would (it is opened with exec())."""
    def act():
        dialog = QApplication.activeModalWidget()
        if dialog is None or QApplication.activeWindow() is not dialog:  # keys reach it once it is active
            QTimer.singleShot(20, act)
            return
        handler(dialog)
    QTimer.singleShot(0, act)


def test_discount_above_limit_needs_manager_pin(window, engine, qtbot):
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 10))
    gross = screen.sale.cart.lines[0].gross_cents

    def discount_dialog(dialog):
        _answer_next_dialog(qtbot, manager_dialog)
        dialog.value.setText("25")
        dialog._accept()

    def manager_dialog(dialog):
        assert "Marktleitung" in dialog.windowTitle()
        QTest.keyClicks(dialog.pad.field, "987654")
        QTest.keyClick(dialog.pad.field, Qt.Key_Return)

    _answer_next_dialog(qtbot, discount_dialog)
    QTest.keyClick(screen, Qt.Key_F5)
    line = screen.sale.cart.lines[0]
    assert line.discount.approved_by == 3 and line.total_cents == gross - round(gross * 0.25 + 1e-9)


def test_park_and_resume_also_after_restart(window, make_window, engine, qtbot, monkeypatch):
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))
    monkeypatch.setattr(prompts, "ask_park_label", lambda parent: "Herr Meier")
    QTest.keyClick(screen, Qt.Key_F7)
    assert screen.sale.cart.lines == [] and screen.model.rowCount() == 0

    window.close()
    restarted = make_window(engine)  # a new window on the same replica: the app after a restart
    restarted.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is restarted, timeout=10000)
    restarted.login.select(2)
    restarted.login.try_login("2345")
    chosen = {}

    def pick_first(self):
        chosen["labels"] = [self.list.item(i).text() for i in range(self.list.count())]
        self._accept()
        return True

    monkeypatch.setattr(ParkedDialog, "exec", pick_first)
    QTest.keyClick(restarted.sale_screen, Qt.Key_F8)
    assert "Herr Meier" in chosen["labels"][0]
    assert [l.product_id for l in restarted.sale_screen.sale.cart.lines] == [2]
    assert restarted.sale_screen.model.rowCount() == 1


def test_open_cart_survives_restart(window, make_window, engine):
    wedge_scan(window.sale_screen.search, gtin_of(engine, 2))
    again = make_window(engine)
    again.login.select(1)
    again.login.try_login("1234")
    assert again.sale_screen.model.rowCount() == 1
    assert "wiederhergestellt" in again.sale_screen.banner.text()


def test_idle_lock_keeps_cart(window, engine, qtbot):
    wedge_scan(window.sale_screen.search, gtin_of(engine, 2))
    window.idle.setInterval(50)
    window.idle.start()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.login, timeout=10000)
    assert window.sale_screen.sale is None
    wedge_scan(window.login.pad.field, gtin_of(engine, 3))  # a scan at the lock screen sells nothing
    window.login.select(1)
    window.login.try_login("1234")
    assert [l.product_id for l in window.sale_screen.sale.cart.lines] == [2]


def test_wrong_pin_is_refused(make_window, engine):
    w = make_window(engine)
    w.login.select(3)
    QTest.keyClicks(w.login.pad.field, "1111")
    QTest.keyClick(w.login.pad.field, Qt.Key_Return)
    assert w.stack.currentWidget() is w.login and "PIN falsch" in w.login.hint.text()
    QTest.keyClicks(w.login.pad.field, "987654")
    QTest.keyClick(w.login.pad.field, Qt.Key_Return)
    assert w.stack.currentWidget() is w.sale_screen
    assert w.sale_screen.sale.associate.is_manager


def test_search_without_hits_says_so(window, qtbot):
    screen = window.sale_screen
    screen.search.setText("xyzzy")
    screen.run_search()
    assert screen.results.count() == 1 and "Keine Treffer" in screen.results.item(0).text()
    QTest.keyClick(screen.search, Qt.Key_Return)  # nothing to add, and no error
    assert screen.sale.cart.lines == []


def _back_at_the_cart(window, qtbot):
    """After a dialog the window is active again with the search focused (also without a window manager)."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window
                    and QApplication.focusWidget() is window.sale_screen.search, timeout=10000)


def test_f9_asks_before_voiding_and_a_big_cart_needs_a_manager(window, engine, qtbot):
    from app.services import audit
    screen = window.sale_screen
    wedge_scan(screen.search, gtin_of(engine, 2))
    _answer_next_dialog(qtbot, lambda box: QTest.keyClick(box, Qt.Key_Escape))  # Esc keeps the cart
    QTest.keyClick(screen, Qt.Key_F9)
    assert len(screen.sale.cart.lines) == 1 and "Nicht storniert" in screen.banner.text()
    _back_at_the_cart(window, qtbot)
    _answer_next_dialog(qtbot, lambda box: QTest.keyClick(box, Qt.Key_Return))  # Enter is "keep", the safe default
    QTest.keyClick(screen, Qt.Key_F9)
    assert len(screen.sale.cart.lines) == 1
    _back_at_the_cart(window, qtbot)
    _answer_next_dialog(qtbot, lambda box: QTest.keyClick(box, Qt.Key_F9))  # F9, F9: deliberate
    QTest.keyClick(screen, Qt.Key_F9)
    assert screen.sale.cart.lines == [] and "storniert" in screen.banner.text()
    _back_at_the_cart(window, qtbot)

    screen.run_op(lambda: screen.sale.add_product(2))
    screen.run_op(lambda: screen.sale.set_quantity(screen.sale.cart.lines[0].line_id, 30))

    def manager_dialog(dialog):
        assert "Marktleitung" in dialog.windowTitle()
        QTest.keyClicks(dialog.pad.field, "987654")
        QTest.keyClick(dialog.pad.field, Qt.Key_Return)

    def confirm(box):
        _answer_next_dialog(qtbot, manager_dialog)
        QTest.keyClick(box, Qt.Key_F9)

    _answer_next_dialog(qtbot, confirm)
    QTest.keyClick(screen, Qt.Key_F9)
    assert screen.sale.cart.lines == []
    assert [e.approved_by for e in audit.events(engine, kind=audit.AuditKind.VOID)] == [3, None]
    _back_at_the_cart(window, qtbot)


def test_login_by_keyboard_alone(make_window, engine, qtbot):
    window = make_window(engine)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=10000)
    field = window.login.pad.field
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field, timeout=10000)
    names = list(window.login.buttons)  # alphabetical: Jonas Weber, Lena Schmidt, Murat Yılmaz
    for key in (Qt.Key_Down, Qt.Key_Down, Qt.Key_Down, Qt.Key_Up):  # the first name, down to the third, one up
        QTest.keyClick(field, key)
    assert window.login.group.checkedId() == names[1] == 1
    QTest.keyClicks(field, "1234", Qt.NoModifier, 60)
    QTest.keyClick(field, Qt.Key_Return, Qt.NoModifier, 60)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen, timeout=10000)
    assert window.sale_screen.sale.associate.name == "Lena Schmidt"


def test_after_the_idle_lock_closed_a_dialog_the_pin_field_has_the_keys(window, engine, qtbot):
    screen = window.sale_screen
    journal = screen.channels.open_journal()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is journal, timeout=10000)
    window.lock("Gesperrt")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.login.pad.field, timeout=10000)
    QApplication.processEvents()  # the dialog's close has been handled
    assert QApplication.focusWidget() is window.login.pad.field
