"""Starting the app: an unconfigured register is the demo only when asked (`--demo`); without it the first-run
wizard asks for the backend (a scripted start says what to do and stops with status 2), and the replica stays
empty (no demo store made behind anyone's back)."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QInputDialog, QMessageBox, QPushButton

from app.register_config import Language
from app.store.db import make_engine
from app.ui.app import NOT_SET_UP, main
from app.ui.i18n import install_language
from app.ui.setup_wizard import SetupWizard
from tests.ui.conftest import answer_modal


def replica_is_empty(folder) -> None:
    engine = make_engine(folder / "replica.sqlite3")
    try:
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM product").scalar_one() == 0
            assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key IN ('register_id', 'demo')"
                                     ).scalar_one() == 0
    finally:
        engine.dispose()
    assert not (folder / "backend.sqlite3").exists()


def test_an_unconfigured_start_without_demo_opens_the_setup_wizard(qapp, tmp_path):
    seen: list = []
    answer_modal(SetupWizard, lambda wizard: wizard.quit_button.click(), seen)  # closed without setting up
    assert main(["--data-dir", str(tmp_path)]) == 0
    assert seen and seen[0].url.placeholderText().startswith("https://")
    replica_is_empty(tmp_path)  # no demo store made behind anyone's back


def test_a_scripted_start_of_an_unconfigured_register_exits_2_with_the_message(qapp, tmp_path, capsys, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args))  # (no answer_modal: nothing
    assert main(["--data-dir", str(tmp_path), "--startup-probe"]) == NOT_SET_UP == 2  # would answer it)
    assert not shown  # nobody is there to close a message box
    err = capsys.readouterr().err
    assert "noch nicht eingerichtet" in err and "--demo" in err and "python -m app enroll" in err
    replica_is_empty(tmp_path)


def button_texts(qtbot) -> set[str]:
    dialog = QInputDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    return {b.text().replace("&", "") for b in dialog.findChildren(QPushButton)}


def test_the_language_setting_chooses_qts_own_texts(qapp, qtbot):
    """English: Qt's own texts and formats (the app's own texts are German until they are translated)."""
    try:
        install_language(qapp, Language.ENGLISH)
        assert QLocale().language() == QLocale.English
        assert "Cancel" in button_texts(qtbot) and "Abbrechen" not in button_texts(qtbot)
    finally:
        install_language(qapp)  # German again, as every other test expects
    assert "Abbrechen" in button_texts(qtbot)
