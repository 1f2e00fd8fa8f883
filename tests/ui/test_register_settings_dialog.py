"""Einstellungen (Kasse) at the counter: a manager or store IT opens them from the Kasse menu, changes the printer
(used at once), and finds the change when they open them again; an associate cannot open them. A register
without a card terminal says so on the card button and is paid in cash."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from app.payment.terminal import NoTerminal
from app.register_config import CashDrawer, Secret
from sync.common.pins import hash_pin
from tests.ui.conftest import login, screenshot

STORE_IT_PIN = "135792"


def add_store_it(engine) -> int:
    with engine.begin() as c:
        c.exec_driver_sql("INSERT INTO associate (id, name, role, pin_hash, active) VALUES (9, 'Filial-IT', "
                          "'store_it', ?, 1)", (hash_pin(STORE_IT_PIN),))
    return 9


def settings_enabled(actions) -> bool:
    actions.show_menu()
    enabled = actions.settings_action.isEnabled()
    actions.menu.hide()
    return enabled


def test_a_manager_changes_the_printer_and_finds_it_again(make_window, engine, qtbot, tmp_path,
                                                          memory_keyring):
    window = make_window(engine)
    screen = login(window, qtbot, 3, "987654")
    actions = screen.till_actions
    assert settings_enabled(actions)
    dialog = actions.open_settings()
    assert dialog.isVisible() and dialog.windowTitle().endswith("1001-01")
    printer = dialog.fields["printer"]
    assert printer.text() == ""  # nothing stored: no printer outside the demo
    for secret in Secret:  # secrets: typed blind, nothing stored shown
        field = dialog.fields[secret.value]
        assert field.echoMode() == QLineEdit.Password and field.text() == ""

    printer.setText("lpt1")  # a bad spec is refused with the reason, nothing saved
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and "Druckerangabe „lpt1“" in dialog.status.text()
    assert printer.property("invalid") is True

    new_printer = f"file:{tmp_path / 'neuer-drucker.bin'}"
    printer.setText(new_printer)
    assert not printer.property("invalid") and dialog.status.text() == ""  # corrected: the refusal goes
    qtbot.mouseClick(dialog.test_button, Qt.LeftButton)  # the test page, before saving
    qtbot.waitUntil(lambda: "gedruckt" in dialog.test_status.text(), timeout=5000)
    assert b"TESTDRUCK" in (tmp_path / "neuer-drucker.bin").read_bytes()
    dialog.fields["cash_drawer"].setCurrentIndex(dialog.fields["cash_drawer"].findData(CashDrawer.NONE))
    dialog.fields[Secret.TERMINAL_PASSWORD.value].setText("Terminal-Passwort-7731")
    screenshot(dialog, "register-settings.png", tmp_path)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert not dialog.isVisible()
    assert window.printer_spec == new_printer and window.cash_drawer is CashDrawer.NONE  # at once
    assert "nächsten Start" in screen.banner.text()  # the password is for the next start
    assert memory_keyring.get_password("Tresen Kartenterminal", "terminal-password") == "Terminal-Passwort-7731"

    again = actions.open_settings()
    assert again.fields["printer"].text() == new_printer
    assert again.chosen().cash_drawer is CashDrawer.NONE
    password = again.fields[Secret.TERMINAL_PASSWORD.value]
    assert password.text() == "" and "gespeichert" in password.placeholderText()  # stored, never shown
    again.reject()


def test_store_it_may_open_them_and_an_associate_may_not(make_window, engine, qtbot, memory_keyring):
    store_it = add_store_it(engine)
    window = make_window(engine)
    screen = login(window, qtbot, store_it, STORE_IT_PIN)
    assert settings_enabled(screen.till_actions)
    screen.till_actions.open_settings().reject()
    window.lock()
    screen = login(window, qtbot, 1, "1234")
    assert not settings_enabled(screen.till_actions)  # the entry is greyed out ...
    assert screen.till_actions.open_settings() is None  # ... and the service refuses anyway
    assert "Marktleitung oder Filial-IT" in screen.banner.text()


def test_without_a_card_terminal_the_sale_is_paid_in_cash(make_window, engine, qtbot):
    window = make_window(engine, terminal=NoTerminal())
    screen = login(window, qtbot)
    screen.run_op(lambda: screen.sale.add_product(2))
    dialog = screen.open_payment()
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.card_button.isEnabled() and dialog.card_button.text() == "Karte: kein Terminal"
    dialog.pay_card()  # F8 all the same
    assert "Kein Kartenterminal" in dialog.status.text() and screen.sale.pending_card() is None
    dialog.pay_exact()
    qtbot.waitUntil(lambda: window.receipt_dialog is not None)
    assert [t.kind.value for t in window.receipt_dialog.receipt.tenders] == ["cash"]
    window.receipt_dialog.accept()
