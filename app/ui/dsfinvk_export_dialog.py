"""The DSFinV-K export of this register's own closings (menu *Kasse*, issue 12 §3): a manager chooses the
days and a folder, and hands the folder to a tax auditor — made from the register's own journal, so it
works while the backend is unreachable. An associate gets the manager's PIN asked, as for other approvals.

The export runs on the executor (it reads the whole journal to verify it); its result, its findings or
why nothing was written are said in German in the dialog, never as a traceback."""

from __future__ import annotations

import errno
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate

from app.services.prices import store_day
from PySide6.QtWidgets import (QDateEdit, QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout)
from sqlalchemy.exc import SQLAlchemyError

from app.services.auth import ApprovalNeeded, AuthError
from app.services.dsfinvk_export import export_own_closings
from app.ui import prompts
from app.ui.feedback import show_status
from app.ui.texts import describe
from sync.dsfinvk import ExportError, ExportReport

__all__ = ["DEFAULT_DAYS", "DsfinvkExportDialog", "export_folder_name"]

log = logging.getLogger(__name__)

DEFAULT_DAYS = 30  # the range the dialog offers: the last 30 days, today included

def _why_not_written(code: int | None) -> str | None:
    """Why the folder took nothing, for the usual causes (None: let the system say it)."""
    no_rights = QCoreApplication.translate("DsfinvkExportDialog", "keine Schreibrechte für diesen Ordner")
    a_file = QCoreApplication.translate("DsfinvkExportDialog", "ein Teil des Pfads ist eine Datei, kein Ordner")
    return {
        errno.ENOSPC: QCoreApplication.translate("DsfinvkExportDialog", "der Datenträger ist voll"),
        errno.EDQUOT: QCoreApplication.translate("DsfinvkExportDialog",
                                                 "der Speicherplatz des Benutzers ist aufgebraucht"),
        errno.EACCES: no_rights,
        errno.EPERM: no_rights,
        errno.EROFS: QCoreApplication.translate("DsfinvkExportDialog", "der Datenträger ist schreibgeschützt"),
        errno.ENOTDIR: a_file,
        errno.EEXIST: a_file,
        errno.ENOENT: QCoreApplication.translate("DsfinvkExportDialog", "der Ordner ist nicht erreichbar"),
    }.get(code)


def export_folder_name(register_id: str, date_from, date_to) -> str:
    """Each export in a folder of its own inside the chosen one: an earlier export is never mixed in."""
    return f"DSFinV-K_{register_id}_{date_from:%Y-%m-%d}_{date_to:%Y-%m-%d}"


def _date(edit: QDateEdit):
    return edit.date().toPython()


class DsfinvkExportDialog(QDialog):
    def __init__(self, screen, *, folder: Path):
        super().__init__(screen)
        self.setObjectName("dsfinvkExportDialog")
        self.setWindowTitle(self.tr("DSFinV-K-Export (Marktleitung)"))
        self.screen = screen
        self.report: ExportReport | None = None
        self.out_dir: Path | None = None
        self._task = None
        register = screen.sale.ctx.register_id if screen.sale else ""
        intro = QLabel(self.tr("Die Tagesabschlüsse dieser Kasse ({0}) für die Finanzverwaltung, aus dem Journal "
                               "der Kasse – auch ohne Verbindung zur Zentrale.").format(register), self)
        intro.setWordWrap(True)
        day = store_day()  # the store's calendar day (Europe/Berlin), as closings are dated, not the PC's zone
        today = QDate(day.year, day.month, day.day)
        self.date_from = self._date_edit(today.addDays(1 - DEFAULT_DAYS))
        self.date_to = self._date_edit(today)
        self.folder = QLineEdit(str(folder), self)
        self.folder.setMinimumWidth(420)
        choose = QPushButton(self.tr("Ordner wählen …"), self)
        choose.clicked.connect(self.choose_folder)
        choose.setAutoDefault(False)  # Enter exports; it does not open the folder picker
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        form = QFormLayout()
        form.addRow(self.tr("Abschlüsse vom"), self.date_from)
        form.addRow(self.tr("bis einschließlich"), self.date_to)
        form.addRow(self.tr("Ordner"), folder_row)
        self.status = QLabel("", self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.findings = QPlainTextEdit(self)
        self.findings.setReadOnly(True)
        self.findings.setMaximumHeight(180)
        self.findings.hide()
        self.export_button = QPushButton(self.tr("Exportieren"), self)
        self.export_button.setObjectName("primaryButton")
        self.export_button.clicked.connect(lambda: self.export())
        self.export_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Schließen"), self)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.findings)
        layout.addLayout(buttons)
        self.finished.connect(self._forget_task)

    def _date_edit(self, day: QDate) -> QDateEdit:
        edit = QDateEdit(day, self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd.MM.yyyy")
        edit.setMinimumWidth(180)
        return edit

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Ordner für den Export"), self.folder.text(),
                                                  QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog)
        if chosen:
            self.folder.setText(chosen)

    def export(self, approver_pin: str | None = None) -> None:
        """Check the input, then export off the GUI thread; `approver_pin`: a manager's, when asked for."""
        sale = self.screen.sale
        date_from, date_to = _date(self.date_from), _date(self.date_to)
        if sale is None:
            self._say(self.tr("Bitte zuerst anmelden."), "error")
            return
        if date_to < date_from:
            self._say(self.tr("Das Bis-Datum liegt vor dem Von-Datum."), "error")
            return
        if not self.folder.text().strip():
            self._say(self.tr("Bitte einen Ordner für den Export angeben."), "error")
            return
        ctx, who = sale.ctx, sale.associate
        out = Path(self.folder.text().strip()).expanduser() / export_folder_name(ctx.register_id, date_from, date_to)
        self.report, self.out_dir = None, out
        self.findings.hide()
        self.export_button.setEnabled(False)
        self._say(self.tr("Export läuft …"), "info")
        self._task = self.screen.executor.submit(
            lambda _state: export_own_closings(ctx, who, date_from=date_from, date_to=date_to, out_dir=out,
                                               approver_pin=approver_pin),
            lambda report, exc: self._done(report, exc, asked=approver_pin is not None))

    def _done(self, report: ExportReport | None, exc: Exception | None, *, asked: bool) -> None:
        self._task = None
        self.export_button.setEnabled(True)
        if isinstance(exc, ApprovalNeeded) and not asked:
            approval = prompts.ManagerApprovalDialog(self, describe(exc))
            if approval.exec() and approval.pin:
                self.export(approval.pin)
            else:
                self._say(self.tr("Abgebrochen – nichts exportiert."), "info")
            return
        if exc is not None:
            self._say(self._why_not(exc), "error")
            return
        self.report = report
        self._show(report)

    def _why_not(self, exc: Exception) -> str:
        if isinstance(exc, (AuthError, ExportError)):
            return self.tr("Nicht exportiert: {0}").format(describe(exc))
        if isinstance(exc, OSError):
            reason = _why_not_written(exc.errno) or exc.strerror or describe(exc)
            return self.tr("Nicht exportiert nach {0}: {1}.").format(self.folder.text().strip(), reason)
        if isinstance(exc, SQLAlchemyError):
            return self.tr("Nicht exportiert: die Daten der Kasse sind nicht lesbar ({0}). Bitte IT verständigen.") \
                .format(getattr(exc, "orig", None) or type(exc).__name__)
        log.error("DSFinV-K export failed", exc_info=exc)
        return self.tr("Nicht exportiert: unerwarteter Fehler ({0}). Bitte IT verständigen.").format(
            type(exc).__name__)

    def _show(self, report: ExportReport) -> None:
        closings, bons = len(report.closings), report.receipts
        what = (self.tr("1 Abschluss") if closings == 1 else self.tr("{0} Abschlüsse").format(closings)) + ", " + (
            self.tr("1 Bon") if bons == 1 else self.tr("{0} Bons").format(bons))
        text = self.tr("{0} exportiert nach {1}").format(what, report.out_dir)
        kind = "ok"
        if not closings:
            text, kind = self.tr("Keine Abschlüsse dieser Kasse im Zeitraum – leerer Export in {0}").format(
                report.out_dir), "warn"
        if report.problems:
            count = self.tr("1 Hinweis") if len(report.problems) == 1 else self.tr("{0} Hinweise").format(
                len(report.problems))
            text += "\n" + self.tr("{0} – bitte prüfen, bevor der Export weitergegeben wird:").format(count)
            kind = "warn"
            self.findings.setPlainText("\n".join(f"• {describe(p)}" for p in report.problems))
            self.findings.show()
        self._say(text, kind)

    def _say(self, text: str, kind: str) -> None:
        show_status(self.status, text, kind)
        self.adjustSize()  # a message of two lines, the findings: the dialog grows to show them whole

    def _forget_task(self, _result: int) -> None:
        """Closed while the export runs: it finishes, but nobody is told here any more."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
