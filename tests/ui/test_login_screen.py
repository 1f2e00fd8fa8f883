"""The login screen lists the store's associates as the backend manages them: one added at headquarters
appears with the next sync, a deactivated one disappears, a trainee is labelled as such."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from sync.server.associates import add_associate, deactivate_associate
from tests.ui.conftest import screenshot

def test_associates_added_and_deactivated_at_the_backend_come_and_go(qtbot, make_synced_window, backend, tmp_path):
    window, _reg = make_synced_window()
    login = window.login
    assert sorted(login.buttons) == [1, 2, 3]
    trainee, _pin = add_associate(backend.engine, name="Paula Fischer", role="trainee", stores=["1001"])
    window.sync.wake()
    qtbot.waitUntil(lambda: trainee in login.buttons, timeout=15000)
    assert login.buttons[trainee].text() == "Paula Fischer\nAusbildung"
    QApplication.processEvents()  # lay the new button out before the picture
    screenshot(login, "login-with-trainee.png", tmp_path)
    deactivate_associate(backend.engine, 2)
    window.sync.wake()
    qtbot.waitUntil(lambda: 2 not in login.buttons, timeout=15000)
    assert sorted(login.buttons) == [1, 3, trainee]
