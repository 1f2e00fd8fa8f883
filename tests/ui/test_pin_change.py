"""A PIN shorter than the rule (a manager's 4-digit PIN from before the 6-digit rule) must be replaced at the
next login before the counter opens (issue 10, security 4; found by review: nothing enforced it)."""

from sqlalchemy import text

from sync.common.pins import hash_pin
from tests.ui.conftest import screenshot


def give_pin(engine, associate_id: int, pin: str) -> None:
    with engine.begin() as c:
        c.execute(text("UPDATE associate SET pin_hash = :h WHERE id = :i"), {"h": hash_pin(pin), "i": associate_id})


def test_a_manager_with_a_short_pin_sets_a_new_one_before_selling(make_window, engine, qtbot, tmp_path):
    give_pin(engine, 3, "9876")  # as an earlier version set it
    window = make_window(engine)
    window.login.select(3)
    window.login.try_login("9876")
    qtbot.waitUntil(lambda: window.pin_change is not None and window.pin_change.isVisible())
    dialog = window.pin_change
    assert window.stack.currentWidget() is window.login
    dialog.pin.setText("1357")
    dialog.again.setText("1357")
    dialog.save()
    assert "mindestens 6 Ziffern" in dialog.status.text() and dialog.isVisible()
    dialog.pin.setText("135790")
    dialog.again.setText("135791")
    dialog.save()
    assert "verschieden" in dialog.status.text()
    screenshot(dialog, "pin_change_dialog.png", tmp_path)
    dialog.pin.setText("135790")
    dialog.again.setText("135790")
    dialog.save()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    assert window.ctx.auth.login(associate_id=3, pin="135790").is_manager


def test_esc_at_the_new_pin_goes_back_to_the_login(make_window, engine, qtbot):
    give_pin(engine, 3, "9876")
    window = make_window(engine)
    window.login.select(3)
    window.login.try_login("9876")
    qtbot.waitUntil(lambda: window.pin_change is not None and window.pin_change.isVisible())
    window.pin_change.reject()
    assert window.stack.currentWidget() is window.login and "neue PIN nicht gesetzt" in window.login.hint.text()


def test_an_associate_pin_long_enough_for_the_store_opens_the_counter_at_once(make_window, engine, qtbot):
    window = make_window(engine)
    window.login.select(1)
    window.login.try_login("1234")
    assert window.pin_change is None and window.stack.currentWidget() is window.sale_screen


def test_enter_in_the_repeat_field_saves_once(make_window, engine, qtbot):
    """Enter after the repeated PIN tried to save twice (the field's own Enter and the dialog's default button):
    the second try met the cleared fields and showed the wrong rule (a rollout trial found it)."""
    from PySide6.QtCore import Qt

    give_pin(engine, 3, "9876")
    window = make_window(engine)
    window.login.select(3)
    window.login.try_login("9876")
    qtbot.waitUntil(lambda: window.pin_change is not None and window.pin_change.isVisible())
    dialog = window.pin_change
    qtbot.keyClicks(dialog.pin, "1357")
    qtbot.keyClick(dialog.pin, Qt.Key_Return)
    qtbot.keyClicks(dialog.again, "1357")
    qtbot.keyClick(dialog.again, Qt.Key_Return)
    assert "mindestens 6 Ziffern" in dialog.status.text() and dialog.isVisible()
