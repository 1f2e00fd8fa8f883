"""The screens in the associate's language: English from tresen_en.qm, chosen at the login, remembered for the
associate on this register; the next associate's login is in the register's language again. Messages of
Qt-free code (sync.common.messages) follow."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from app.register_config import Language
from app.services.language import associate_language
from app.ui.i18n import install_language
from app.ui.texts import describe
from sync.common.gtin import GtinError, normalize
from tests.conftest import gtin_of
from tests.ui.conftest import screenshot
from tests.ui.test_sale_screen import wedge_scan


@pytest.fixture
def english(qapp):
    yield install_language(qapp, Language.ENGLISH)
    install_language(qapp)  # German again, as every other test expects


def test_english_has_the_apps_own_texts(english):
    assert english.app_texts  # resources/i18n/tresen_en.qm
    with pytest.raises(GtinError) as exc:
        normalize("4006381333932")
    assert str(exc.value) == "Prüfziffer falsch in '4006381333932' – bitte erneut scannen"  # logs: German
    assert describe(exc.value) == "Wrong check digit in '4006381333932' – please scan again"


def test_german_is_the_source_language(qapp):
    state = install_language(qapp)
    assert state.app_texts
    with pytest.raises(GtinError) as exc:
        normalize("4006381333932")
    assert describe(exc.value) == "Prüfziffer falsch in '4006381333932' – bitte erneut scannen"
    # tresen_de.ts: only the plural forms the source text cannot give
    void = "Den ganzen Bon mit %n Artikeln über {0} stornieren?"
    assert QCoreApplication.translate("VoidConfirm", void, "", 1) == "Den ganzen Bon mit 1 Artikel über {0} stornieren?"
    assert QCoreApplication.translate("VoidConfirm", void, "", 3) == "Den ganzen Bon mit 3 Artikeln über {0} stornieren?"


def test_language_chosen_at_the_login_is_the_associates(make_window, engine, qapp, qtbot, tmp_path):
    window = make_window(engine)
    try:
        assert window.login.hint.text().startswith("Bitte Namen wählen")
        window.login.select(2)
        window.login.language_buttons[Language.ENGLISH].click()
        login = window.login  # built anew in English, the chosen name still chosen
        assert login.hint.text().startswith("Choose your name") and login.group.checkedId() == 2
        assert "Register" in window.windowTitle()
        screenshot(window, "login-english.png", tmp_path)
        login.try_login("2345")
        assert window.stack.currentWidget() is window.sale_screen
        assert associate_language(engine, associate_id=2) is Language.ENGLISH
        wedge_scan(window.sale_screen.search, gtin_of(engine, 3))  # the rebuilt screen gets the scans
        assert [line.product_id for line in window.sale_screen.sale.cart.lines] == [3]
        screenshot(window, "sale-english.png", tmp_path)

        window.lock("")
        assert window.language is Language.GERMAN  # the register's language for the next one
        assert window.login.hint.text().startswith("Bitte Namen wählen")
        window.login.select(1)
        window.login.try_login("1234")  # Lena never chose: German
        assert window.language is Language.GERMAN and window.stack.currentWidget() is window.sale_screen
        window.lock("")
        window.login.select(2)
        window.login.try_login("2345")  # Murat's own language, without choosing again
        assert window.language is Language.ENGLISH and window.stack.currentWidget() is window.sale_screen
        assert "Register" in window.windowTitle()
    finally:
        install_language(qapp)
