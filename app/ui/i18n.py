"""The associate's language: Qt's own texts (OK/Abbrechen, context menus, file dialogs), the app's texts
(resources/i18n/tresen_<lang>.qm, made from the .ts files by packaging/translations.py) and number and date
formats.

German is the source language: the code's texts are German; tresen_de.qm holds only the plural forms
("1 Artikel", "2 Artikeln"). English comes from tresen_en.qm. Receipts, reports and exports stay German whatever the
language: they are made by Qt-free code that does not translate.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.register_config import Language

__all__ = ["I18N_DIR", "LanguageState", "install_language"]

I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"
_TRANSLATOR = "tresen-translation"  # the ones installed here, replaced when the language is set again
_LOCALES = {Language.GERMAN: (QLocale.German, QLocale.Germany), Language.ENGLISH: (QLocale.English,
                                                                                   QLocale.UnitedKingdom)}


class LanguageState:
    """What `install_language` did: the language, and whether the app's own translation file loaded."""

    def __init__(self, language: Language, app_texts: bool):
        self.language, self.app_texts = language, app_texts

    def __repr__(self) -> str:
        return f"LanguageState({self.language.value}, app_texts={self.app_texts})"


def install_language(app: QApplication, language: Language = Language.GERMAN, *,
                     locale: QLocale | None = None) -> LanguageState:
    """Installs the translators for `language` (the ones of an earlier call are removed first) and makes its
    locale the default. Widgets built afterwards speak it; built ones keep their texts (the main window
    rebuilds its screens: app/ui/main_window.py)."""
    locale = locale or QLocale(*_LOCALES[language])
    QLocale.setDefault(locale)
    for earlier in app.findChildren(QTranslator, _TRANSLATOR):
        app.removeTranslator(earlier)
        earlier.deleteLater()
    qt_dir = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name, folder in (("qtbase", qt_dir), ("qt", qt_dir), ("tresen", str(I18N_DIR))):
        translator = QTranslator(app)
        translator.setObjectName(_TRANSLATOR)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
        elif name == "tresen":
            translator.deleteLater()
            return LanguageState(language, app_texts=False)
        else:
            translator.deleteLater()
    return LanguageState(language, app_texts=True)
