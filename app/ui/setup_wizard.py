"""The first-run wizard: a register that is not set up yet asks for what IT gave the store (the backend's
address, the store, the register number, a one-time secret), enrolls, and loads the store's catalog, stock and
associates with a progress bar. The work runs off the GUI thread (sync.client.setup.set_up_register); this
dialog only reads its `SetupState`."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)
from sqlalchemy.engine import Engine

from app.ui.background import on_gui_thread
from app.ui.feedback import show_status
from app.ui.texts import describe
from sync.client.setup import SetupError, SetupState, set_up_register

__all__ = ["SetupWizard"]


class SetupWizard(QDialog):
    """Accepted once the register is enrolled and its store's data is loaded; rejected: not set up."""

    def __init__(self, replica: Engine, *, ca_bundle: Path | None = None, transport=None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.replica, self.transport = replica, transport
        self.state: SetupState | None = None
        self.setWindowTitle(self.tr("Tresen – Kasse einrichten"))
        self.setMinimumWidth(640)
        intro = QLabel(self.tr(
            "<b>Diese Kasse ist noch nicht eingerichtet.</b><br>Die IT Ihrer Kette gibt Ihnen die Adresse der "
            "Zentrale, Ihre Filialnummer, die Nummer dieser Kasse und ein Einmal-Geheimnis. Danach lädt die "
            "Kasse Artikel, Bestände und Mitarbeiter Ihrer Filiale."), self)
        intro.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://zentrale.example.de")
        self.store = QLineEdit(self)
        self.store.setPlaceholderText(self.tr("z. B. 1001"))
        self.store.setMaxLength(16)
        self.register_no = QSpinBox(self)
        self.register_no.setRange(1, 99)
        self.secret = QLineEdit(self)
        self.secret.setEchoMode(QLineEdit.Password)
        self.secret.setPlaceholderText(self.tr("von der IT, gilt einmal"))
        self.ca_file = QLineEdit(str(ca_bundle) if ca_bundle else "", self)
        self.ca_file.setPlaceholderText(self.tr("nur wenn die Kette eine eigene CA hat"))
        choose = QPushButton(self.tr("Auswählen …"), self)
        choose.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Adresse der Zentrale"), self.url)
        form.addRow(self.tr("Filialnummer"), self.store)
        form.addRow(self.tr("Kassennummer"), self.register_no)
        form.addRow(self.tr("Einmal-Geheimnis"), self.secret)
        form.addRow(self.tr("CA-Datei (optional)"), ca_row)
        self.progress = QProgressBar(self)
        self.progress.hide()
        self.status = QLabel("", self)
        self.status.setObjectName("dialogError")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Einrichten"), self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.quit_button = QPushButton(self.tr("Beenden"), self)
        self.quit_button.clicked.connect(self._quit_or_cancel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.ticker = QTimer(self)
        self.ticker.setInterval(100)
        self.ticker.timeout.connect(self._show_progress)
        self.url.setFocus()

    def _choose_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("CA-Datei der Kette"), "",
                                                self.tr("Zertifikate (*.pem *.crt);;Alle Dateien (*)"))
        if chosen:
            self.ca_file.setText(chosen)

    def start(self) -> None:
        if self.state is not None:
            return
        if not self.url.text().strip():
            show_status(self.status, self.tr("Bitte die Adresse der Zentrale eingeben."), "error")
            self.url.setFocus()
            return
        state = self.state = SetupState()
        args = dict(base_url=self.url.text(), store_id=self.store.text(), register_no=self.register_no.value(),
                    secret=self.secret.text(), ca_bundle=Path(self.ca_file.text()) if self.ca_file.text().strip()
                    else None, state=state, transport=self.transport)
        self._running(True)
        done = on_gui_thread(self._finished)

        def run() -> None:
            try:
                report = set_up_register(self.replica, **args)
            except Exception as exc:  # shown in the dialog; never a traceback
                done(None, exc)
            else:
                done(report, None)

        threading.Thread(target=run, name="tresen-setup", daemon=True).start()

    def _running(self, running: bool) -> None:
        for field in (self.url, self.store, self.register_no, self.secret, self.ca_file, self.start_button):
            field.setEnabled(not running)
        self.quit_button.setText(self.tr("Abbrechen") if running else self.tr("Beenden"))
        self.quit_button.setEnabled(True)
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)
            show_status(self.status, self.tr("Melde die Kasse bei der Zentrale an …"), "info")
            self.ticker.start()
        else:
            self.ticker.stop()

    def _show_progress(self) -> None:
        state = self.state
        if state is None or state.stage != "bootstrap":
            return
        if state.estimate:
            self.progress.setRange(0, state.estimate)
            self.progress.setValue(min(state.received, state.estimate))
        self.status.setText(self.tr("Kasse {0} angemeldet. Lade Artikel, Bestände und Mitarbeiter … {1}")
                            .format(state.register_id, f"{state.received:n}"))

    def _finished(self, report, exc: Exception | None) -> None:
        state, self.state = self.state, None
        self._running(False)
        if exc is None:
            self.result_report = report
            self.accept()
            return
        if isinstance(exc, SetupError) and exc.code == "cancelled":
            self.reject()  # enrolled: the next start carries on loading
            return
        message = self._message(exc)
        show_status(self.status, message, "error")
        if state is not None and state.stage == "bootstrap":  # enrolled, loading failed: carry on at the next start
            self.start_button.setEnabled(False)
            self.quit_button.setText(self.tr("Beenden"))
        else:
            self.secret.setFocus()

    def _message(self, exc: Exception) -> str:
        if not isinstance(exc, SetupError):
            return self.tr("Einrichten fehlgeschlagen: {0}").format(describe(exc))
        worded = {
            "secret_refused": self.tr("Einmal-Geheimnis unbekannt, schon benutzt oder für eine andere Kasse – "
                                      "bitte Filial- und Kassennummer prüfen, sonst bei der IT ein neues anfordern."),
            "register_taken": self.tr("Kasse {register_id} ist schon angemeldet. Für einen neuen PC sperrt die IT "
                                      "den alten (admin replace-register {register_id})."),
            "store_invalid": self.tr("Filialnummer: 1 bis 16 Buchstaben oder Ziffern."),
            "secret_missing": self.tr("Bitte das Einmal-Geheimnis von der IT eingeben."),
            "secret_invalid": self.tr("Das Einmal-Geheimnis ist unvollständig – bitte genau so eingeben, wie die "
                                      "IT es gegeben hat."),
            "unreachable": self.tr("{reason}. Bitte Adresse und Netzwerk prüfen."),
            "certificate": self.tr("Zertifikat der Zentrale nicht vertrauenswürdig: {reason}"),
        }.get(exc.code)
        if worded is None:
            return describe(exc)
        return worded.format(**{name: describe(value) for name, value in exc.params.items()})

    def _quit_or_cancel(self) -> None:
        if self.state is not None:
            self.state.cancel()
            self.quit_button.setEnabled(False)
            show_status(self.status, self.tr("Wird abgebrochen …"), "info")
            return
        self.reject()
