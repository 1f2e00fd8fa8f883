"""Einstellungen (Kasse): this register's printer, cash drawer, card terminal, TSE, language and camera, for a
manager or store IT (Kasse menu). The service (app/services/register_settings.py) checks who may, validates and
stores; secrets go to the keyring through password fields that never show a stored value. The printer and the
drawer apply at once, the rest at the next start: each group says which."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from app.printing.escpos_receipt import PrinterError, open_printer, print_lines
from app.register_config import CashDrawer, Language, RegisterConfig, RegisterKey, Secret, TerminalKind, TseKind
from app.services import register_settings as service
from app.services.auth import AssociateSession
from app.ui.feedback import show_status
from app.ui.texts import describe

__all__ = ["RegisterSettingsDialog"]


class RegisterSettingsDialog(QDialog):
    """Accepted once saved; `saved` then says what changed and what needs a restart."""

    def __init__(self, parent: QWidget, engine, associate: AssociateSession, *, executor,
                 config: RegisterConfig | None = None, register_id: str = ""):
        """Raises AuthError for anyone but a manager or store IT (from the service, before anything is shown)."""
        super().__init__(parent)
        self.engine, self.associate, self.executor, self.register_id = engine, associate, executor, register_id
        demo = config is not None and config.demo
        self.settings = service.load(engine, associate, defaults=service.defaults(
            demo=demo, data_dir=config.data_dir if config is not None else None))
        self.overridden = config.overridden if config is not None else frozenset()
        self.saved: service.SaveResult | None = None
        self.setWindowTitle(self.tr("Einstellungen dieser Kasse {0}").format(register_id))
        self.setObjectName("registerSettingsDialog")
        self.setModal(True)
        self.setProperty("closeOnLock", True)
        self.resize(1120, 660)
        try:
            stored = service.secrets_stored(associate)
        except service.SettingsProblem:
            stored = None  # no keyring: the secret fields say so and stay empty
        self.keyring_ok = stored is not None
        self.fields: dict[str, QWidget] = {}

        intro = QLabel(self.tr("Diese Einstellungen gelten nur für diese Kasse. Zugangsdaten (Passwörter, "
                               "API-Schlüssel) werden im Schlüsselbund des Rechners gespeichert und nie angezeigt: "
                               "ein leeres Feld lässt das Gespeicherte unverändert."), self)
        intro.setWordWrap(True)
        grid = QGridLayout()
        grid.addWidget(self._printer_group(), 0, 0)
        grid.addWidget(self._terminal_group(stored), 1, 0)
        grid.addWidget(self._tse_group(stored), 0, 1)
        grid.addWidget(self._language_group(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.status = QLabel("", self)
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Speichern"), self)
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton(self.tr("Abbrechen"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        # On a 1280×800 counter screen the groups may not all fit (a long error below them, longer English
        # texts): they scroll, the buttons stay in view.
        groups = QWidget(self)
        groups.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        scroll.setWidget(groups)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        if stored is None:
            show_status(self.status, self.tr("Kein Schlüsselbund auf diesem Rechner: Zugangsdaten können hier "
                                             "nicht gespeichert werden."), "warn")
        self._tse_changed()

    # -- building -----------------------------------------------------------------------------
    def _group(self, title: str, applies: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        note = QLabel(applies, box)
        note.setObjectName("hint")
        form.addRow(note)
        return box, form

    def _line(self, key: str, value: str, placeholder: str) -> QLineEdit:
        field = QLineEdit(value, self)
        field.setPlaceholderText(placeholder)
        field.textChanged.connect(lambda _text: self._edited(key))
        self.fields[key] = field
        return field

    def _combo(self, key: str, choices: list[tuple[str, object]], current) -> QComboBox:
        combo = QComboBox(self)
        for text, value in choices:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.currentIndexChanged.connect(lambda _i: self._edited(key))
        self.fields[key] = combo
        return combo

    def _secret(self, secret: Secret, stored: dict[Secret, bool] | None) -> QLineEdit:
        field = QLineEdit(self)
        field.setEchoMode(QLineEdit.Password)
        field.setEnabled(stored is not None)
        field.setPlaceholderText(self.tr("gespeichert – zum Ändern neu eingeben") if stored and stored[secret]
                                 else self.tr("nicht gespeichert"))
        self.fields[secret.value] = field
        return field

    def _overridden(self, form: QFormLayout, key: RegisterKey) -> None:
        if key in self.overridden:
            note = QLabel(self.tr("Beim Start vorgegeben (Startparameter oder Umgebung): diese Vorgabe gilt, "
                                  "nicht die Einstellung hier."), self)
            note.setObjectName("hint")
            note.setWordWrap(True)
            form.addRow("", note)

    def _printer_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Bondrucker und Kassenschublade"), self.tr("Gilt sofort nach dem Speichern."))
        printer = self._line("printer", self.settings.printer, self.tr("leer: kein Bondrucker"))
        self.test_button = QPushButton(self.tr("Testdruck"), self)
        self.test_button.clicked.connect(self.test_print)
        row = QHBoxLayout()
        row.addWidget(printer, 1)
        row.addWidget(self.test_button)
        form.addRow(self.tr("Bondrucker"), row)
        examples = QLabel(self.tr("Netzwerk: network:192.168.1.50:9100 · USB: usb:0x04b8:0x0202 · "
                                  "Gerät: file:/dev/usb/lp0"), self)
        examples.setObjectName("hint")
        examples.setWordWrap(True)
        form.addRow("", examples)
        self._overridden(form, RegisterKey.PRINTER)
        form.addRow(self.tr("Kassenschublade"), self._combo("cash_drawer", [
            (self.tr("Am Bondrucker (öffnet bei Barzahlung)"), CashDrawer.PRINTER),
            (self.tr("Keine Schublade"), CashDrawer.NONE)], self.settings.cash_drawer))
        self._overridden(form, RegisterKey.CASH_DRAWER)
        self.test_status = QLabel("", self)
        self.test_status.setWordWrap(True)
        form.addRow(self.test_status)
        return box

    def _terminal_group(self, stored) -> QGroupBox:
        box, form = self._group(self.tr("Kartenterminal"), self.tr("Gilt ab dem nächsten Start der Kasse."))
        form.addRow(self.tr("Terminal"), self._combo("terminal", [
            (self.tr("Kein Kartenterminal (nur bar und Gutschein)"), TerminalKind.NONE),
            (self.tr("Simulator (Demo und Schulung – bucht nichts ab)"), TerminalKind.SIMULATOR)],
            self.settings.terminal))
        self._overridden(form, RegisterKey.TERMINAL)
        future = QLabel(self.tr("Für ein echtes Terminal (ZVT/OPI, folgt später) – noch ohne Wirkung:"), self)
        future.setObjectName("hint")
        future.setWordWrap(True)
        form.addRow(future)
        address = QHBoxLayout()
        address.addWidget(self._line("terminal_host", self.settings.terminal_host, self.tr("Adresse")), 3)
        address.addWidget(self._line("terminal_port", self.settings.terminal_port, self.tr("Port")), 1)
        form.addRow(self.tr("Adresse, Port"), address)
        form.addRow(self.tr("Passwort"), self._secret(Secret.TERMINAL_PASSWORD, stored))
        return box

    def _tse_group(self, stored) -> QGroupBox:
        box, form = self._group(self.tr("TSE (Signatur der Bons)"), self.tr("Gilt ab dem nächsten Start der Kasse."))
        tse = self._combo("tse", [
            (self.tr("Keine TSE (Bons als „TSE ausgefallen“ gekennzeichnet)"), TseKind.NONE),
            (self.tr("fiskaly (Cloud-TSE)"), TseKind.FISKALY),
            (self.tr("Simulator (nicht zertifiziert – nur Demo und Schulung)"), TseKind.SIMULATOR)],
            self.settings.tse)
        tse.currentIndexChanged.connect(self._tse_changed)
        form.addRow(self.tr("TSE"), tse)
        self._overridden(form, RegisterKey.TSE)
        form.addRow(self.tr("TSS-ID"), self._line("fiskaly_tss", self.settings.fiskaly_tss, self.tr("von fiskaly")))
        form.addRow(self.tr("API-Adresse"), self._line(
            "fiskaly_url", self.settings.fiskaly_url, "https://kassensichv.fiskaly.com/api/v2"))
        form.addRow(self.tr("API-Key"), self._secret(Secret.FISKALY_API_KEY, stored))
        form.addRow(self.tr("API-Secret"), self._secret(Secret.FISKALY_API_SECRET, stored))
        form.addRow(self.tr("Admin-PIN der TSS"), self._secret(Secret.FISKALY_ADMIN_PIN, stored))
        return box

    def _language_group(self) -> QGroupBox:
        box, form = self._group(self.tr("Sprache und Kamera"), self.tr("Gilt ab dem nächsten Start der Kasse."))
        form.addRow(self.tr("Sprache"), self._combo("language", [
            ("Deutsch", Language.GERMAN), ("English", Language.ENGLISH)], self.settings.language))
        self._overridden(form, RegisterKey.LANGUAGE)
        note = QLabel(self.tr("Die Sprache der Anmeldung und aller, die keine eigene gewählt haben: jeder wählt "
                              "seine an der Anmeldung. Bons, Berichte und Exporte bleiben deutsch."), self)
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow("", note)
        form.addRow(self.tr("Kamera"), self._line("camera_source", self.settings.camera_source,
                                                  self.tr("leer: beim Öffnen wählen – oder 0, 1 …")))
        self._overridden(form, RegisterKey.CAMERA)
        return box

    # -- reading --------------------------------------------------------------------------
    def _text(self, key: str) -> str:
        return self.fields[key].text().strip()

    def chosen(self) -> service.RegisterSettings:
        return service.RegisterSettings(
            printer=self._text("printer"), cash_drawer=CashDrawer(self._choice("cash_drawer")),
            terminal=TerminalKind(self._choice("terminal")), terminal_host=self._text("terminal_host"),
            terminal_port=self._text("terminal_port"), tse=TseKind(self._choice("tse")),
            fiskaly_tss=self._text("fiskaly_tss"), fiskaly_url=self._text("fiskaly_url"),
            language=Language(self._choice("language")), camera_source=self._text("camera_source"))

    def _choice(self, key: str) -> str:
        return str(self.fields[key].currentData())  # Qt gives an enum's item data back as its plain value

    def typed_secrets(self) -> dict[Secret, str]:
        return {s: self.fields[s.value].text() for s in Secret if self.fields[s.value].text()}

    def _tse_changed(self) -> None:
        """fiskaly's fields only for fiskaly (what they hold stays, for a later switch back)."""
        fiskaly = self._choice("tse") == TseKind.FISKALY
        for key in ("fiskaly_tss", "fiskaly_url"):
            self.fields[key].setEnabled(fiskaly)
        for secret in (Secret.FISKALY_API_KEY, Secret.FISKALY_API_SECRET, Secret.FISKALY_ADMIN_PIN):
            self.fields[secret.value].setEnabled(fiskaly and self.keyring_ok)

    def _edited(self, key: str) -> None:
        """A field changed: its red mark goes, and the refusal with the last mark."""
        self._set_invalid(self.fields[key], False)
        if self.status.property("kind") == "error" and not any(w.property("invalid") for w in self.fields.values()):
            show_status(self.status, "", "")

    @staticmethod
    def _set_invalid(widget: QWidget, invalid: bool) -> None:
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _mark(self, problems: list[service.SettingsProblem]) -> None:
        wrong = {p.field for p in problems}
        for key, widget in self.fields.items():
            self._set_invalid(widget, key in wrong)
        first = next((self.fields[p.field] for p in problems if p.field in self.fields), None)
        if first is not None:
            first.setFocus(Qt.OtherFocusReason)

    # -- acting --------------------------------------------------------------------------
    def save(self) -> service.SaveResult | None:
        try:
            self.saved = service.save(self.engine, self.associate, self.chosen(), secrets=self.typed_secrets(),
                                      register_id=self.register_id, previous=self.settings)
        except service.SettingsInvalid as exc:
            self._mark(exc.problems)
            show_status(self.status, self.tr("Nicht gespeichert:") + "\n" + "\n".join(
                f"• {describe(p)}" for p in exc.problems), "error")
            return None
        self.accept()
        return self.saved

    def test_print(self) -> None:
        """A short page on the printer as typed in (saved or not); the drawer stays shut."""
        spec = self._text("printer")
        problem = service.printer_problem(spec) if spec else None
        if not spec or problem is not None:
            self._mark([problem] if problem else [])
            show_status(self.test_status, describe(problem) if problem
                        else self.tr("Bitte zuerst einen Bondrucker angeben."), "error")
            return
        lines = [self.tr("TRESEN – TESTDRUCK"), self.tr("Kasse {0}").format(self.register_id),
                 # stays German: the test print shows the printer's umlauts
                 datetime.now().strftime("%d.%m.%Y %H:%M"), "ÄÖÜ äöü ß € 0123456789", "",
                 self.tr("Ist dieser Text gut lesbar, ist der"), self.tr("Bondrucker richtig eingerichtet.")]
        self.test_button.setEnabled(False)
        show_status(self.test_status, self.tr("Drucke Testseite …"), "info")

        def done(_result, exc) -> None:
            self.test_button.setEnabled(True)
            if exc is None:
                show_status(self.test_status, self.tr("Testseite gedruckt."), "ok")
            elif isinstance(exc, PrinterError):
                show_status(self.test_status, describe(exc), "error")
            else:
                show_status(self.test_status, self.tr("Testdruck nicht möglich: {0}").format(describe(exc)), "error")
        self.executor.submit(lambda _state: print_lines(open_printer(spec), lines), done)
