"""The first-run wizard against the real backend: enrolls and loads the store, or says clearly why not."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import text

from app.store.db import open_replica
from app.ui.setup_wizard import SetupWizard
from sync.server.enrollment import add_enrollment_secrets
from tests.ui.conftest import screenshot


def count(engine, sql: str) -> int:
    with engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def fill(wizard: SetupWizard, url: str, store: str, register_no: int, secret: str) -> None:
    wizard.url.setText(url)
    wizard.store.setText(store)
    wizard.register_no.setValue(register_no)
    wizard.secret.setText(secret)


def test_the_wizard_enrolls_and_loads_the_store(qtbot, backend, tmp_path):
    add_enrollment_secrets(backend.engine, {"wizard-secret-1": "1002-03"})
    replica = open_replica(tmp_path / "replica.sqlite3")
    wizard = SetupWizard(replica)
    qtbot.addWidget(wizard)
    wizard.show()
    screenshot(wizard, "setup-wizard.png", tmp_path)
    fill(wizard, backend.url, "1002", 3, "wizard-secret-1")
    with qtbot.waitSignal(wizard.finished, timeout=60000) as finished:
        qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    assert finished.args == [QDialog.Accepted]
    assert count(replica, "SELECT value FROM setting WHERE key = 'register_id'") == "1002-03"
    assert count(replica, "SELECT count(*) FROM product") == 200
    assert "wizard-secret-1" not in (tmp_path / "replica.sqlite3").read_bytes().decode("latin-1")


def test_a_refused_secret_says_so_and_stores_nothing(qtbot, backend, tmp_path):
    add_enrollment_secrets(backend.engine, {"wizard-secret-2": "1001-04"})
    replica = open_replica(tmp_path / "replica.sqlite3")
    wizard = SetupWizard(replica)
    qtbot.addWidget(wizard)
    wizard.show()
    fill(wizard, backend.url, "1001", 5, "wizard-secret-2")  # made for register 4, not 5
    qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.start_button.isEnabled(), timeout=30000)
    assert "Einmal-Geheimnis unbekannt" in wizard.status.text() and wizard.isVisible()
    screenshot(wizard, "setup-wizard-refused.png", tmp_path)
    assert count(replica, "SELECT count(*) FROM setting WHERE key IN ('register_id', 'backend_url')") == 0

    wizard.register_no.setValue(4)  # corrected: the same dialog goes on
    with qtbot.waitSignal(wizard.finished, timeout=60000) as finished:
        qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    assert finished.args == [QDialog.Accepted]


def test_an_unreachable_or_insecure_backend_is_named(qtbot, tmp_path):
    replica = open_replica(tmp_path / "replica.sqlite3")
    wizard = SetupWizard(replica)
    qtbot.addWidget(wizard)
    wizard.show()
    fill(wizard, "http://zentrale.example.de", "1001", 1, "x")
    qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.start_button.isEnabled(), timeout=30000)
    assert "nur verschlüsselt über https://" in wizard.status.text()
    fill(wizard, "http://127.0.0.1:9", "1001", 1, "x")
    qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.start_button.isEnabled(), timeout=30000)
    assert "Einmal-Geheimnis ist unvollständig" in wizard.status.text()  # a secret typed in only partly
    fill(wizard, "http://127.0.0.1:9", "1001", 1, "long-enough-secret")  # nothing listens there
    qtbot.mouseClick(wizard.start_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: wizard.start_button.isEnabled(), timeout=30000)
    assert "Zentrale nicht erreichbar" in wizard.status.text()
    assert count(replica, "SELECT count(*) FROM setting WHERE key = 'register_id'") == 0
