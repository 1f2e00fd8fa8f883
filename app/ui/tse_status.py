"""The TSE on the sale screen: a status button (red while the TSE is out), and the manager's TSE dialog with
the device, the recorded outages, a check now, and the training mode."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from app.services.signing import Signing
from app.ui.feedback import show_status
from app.ui.texts import stored_text


class TseBridge(QObject):
    """Carries the signing's outage changes (from any thread: the probe runs on its own) to the GUI thread."""

    changed = Signal()

    def publish(self) -> None:
        self.changed.emit()


def _local(moment) -> str:
    return moment.astimezone().strftime("%d.%m. %H:%M") if moment else "–"


def _reason_text(code: str) -> str | None:
    """The codes of app.tse.interface's errors, as the associate and the manager read them."""
    return {
        "tse_unavailable": QCoreApplication.translate("TseStatus", "TSE nicht erreichbar"),
        "tse_time_not_set": QCoreApplication.translate("TseStatus", "Uhr der TSE nicht gestellt"),
        "tse_rejected": QCoreApplication.translate("TseStatus", "TSE lehnt die Anfrage ab"),
        "tse_auth_failed": QCoreApplication.translate("TseStatus", "Zugang zur TSE abgelehnt (Zugangsdaten prüfen)"),
        "tse_error": QCoreApplication.translate("TseStatus", "TSE-Fehler"),
    }.get(code)


def describe_reason(reason: str) -> str:
    """"tse_unavailable: TSE offline" -> "TSE nicht erreichbar (TSE offline)"."""
    code, _, detail = reason.partition(": ")
    text = _reason_text(code)
    if text is None:
        return reason
    # The detail is stored German (journal, outage record): a TSE message without parameters is its own msgid.
    detail = stored_text("tse", detail) if detail else detail
    return f"{text} ({detail})" if detail else text


class TseIndicator(QPushButton):
    """"TSE ✓" while signing works; "⚠ TSE ausgefallen seit …" while it does not; "SCHULUNG" in training."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("tseButton")
        self.setFocusPolicy(Qt.NoFocus)
        self._shown: tuple[str, str, str] | None = None
        self.refresh(None)

    def refresh(self, signing: Signing | None, *, training: bool = False) -> None:
        tip = self.tr("TSE (Signatur der Bons): Status, Ausfälle, Schulungsmodus")
        if signing is None or signing.available:
            text, kind = self.tr("TSE ✓"), "ok"
        else:
            text, kind = self.tr("⚠ TSE AUSGEFALLEN"), "error"
            tip = self.tr("Seit {0}: {1}. Die Bons sagen „TSE ausgefallen“.").format(
                _local(signing.outage_since), describe_reason(signing.outage_reason))
        if training:
            text, kind = self.tr("SCHULUNG · ") + text, "warn" if kind == "ok" else kind
        if (text, kind, tip) == self._shown:  # called after every scan: nothing to redo while nothing changed
            return
        self._shown = (text, kind, tip)
        show_status(self, text, kind)
        self.setToolTip(tip)
        bold = QFont(self.font())
        bold.setBold(True)  # the stylesheet makes a warning bold: room for that, never a clipped word
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(text) + 32)


class TseDialog(QDialog):
    """For the manager: which TSE signs, whether it works, every outage with its reason and the receipts it
    left unsigned; check the TSE now; switch the training mode (between receipts, with a manager's PIN)."""

    def __init__(self, parent, signing: Signing, *, check_now, toggle_training=None, training: bool = False):
        super().__init__(parent)
        self.setObjectName("tseDialog")
        self.setWindowTitle(self.tr("TSE – technische Sicherheitseinrichtung"))
        self.signing, self._check_now, self._toggle_training = signing, check_now, toggle_training
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.device = QLabel(self)
        self.device.setWordWrap(True)
        self.device.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("outageTable")
        self.table.setHorizontalHeaderLabels([self.tr("Beginn"), self.tr("Ende"), self.tr("Bons ohne Signatur"),
                                              self.tr("Grund")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.Stretch)
        self.check_button = QPushButton(self.tr("Jetzt prüfen"), self)
        self.check_button.clicked.connect(self.check_now)
        self.training_button = QPushButton(self)
        self.training_button.setObjectName("trainingButton")
        self.training_button.clicked.connect(self._training_clicked)
        self.training_button.setVisible(toggle_training is not None)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.check_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.training_button, QDialogButtonBox.ActionRole)
        buttons.addButton(QPushButton(self.tr("Schließen"), self), QDialogButtonBox.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.device)
        layout.addWidget(QLabel(self.tr("Ausfälle (AEAO zu § 146a Nr. 7):"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(820, 480)
        self.training = training
        self.refresh()

    def refresh(self) -> None:
        s = self.signing
        if s.available:
            show_status(self.state, self.tr("Die TSE signiert jeden Bon."), "ok")
        else:
            show_status(self.state, self.tr("TSE ausgefallen seit {0}: {1}. Die Kasse verkauft weiter; die Bons "
                                            "sagen „TSE ausgefallen“. Sie wird alle 30 s geprüft.").format(
                _local(s.outage_since), describe_reason(s.outage_reason)), "error")
        info = s.info()
        self.device.setText(self.tr("Kasse (Client-ID) {0}").format(s.client_id) + (self.tr(
            " · {0}\nSeriennummer {1}\nSignaturzähler {2} · offene Transaktionen {3}").format(
            info.description, info.serial_hex, info.signature_counter, info.open_transactions) if info else ""))
        rows = s.outages()
        self.table.setRowCount(len(rows))
        for r, outage in enumerate(rows):
            for c, text in enumerate((_local(outage.started_at), _local(outage.ended_at) if outage.ended_at
                                      else self.tr("andauernd"), str(outage.receipts_affected),
                                      describe_reason(outage.reason))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for column in range(3):
            self.table.resizeColumnToContents(column)
        self.training_button.setText(self.tr("Schulungsmodus beenden") if self.training
                                     else self.tr("Schulungsmodus starten"))

    def check_now(self) -> None:
        self.check_button.setEnabled(False)
        self.check_button.setText(self.tr("Prüfe …"))

        def done(_result=None, _exc=None) -> None:
            self.check_button.setEnabled(True)
            self.check_button.setText(self.tr("Jetzt prüfen"))
            self.refresh()
        self._check_now(done)

    def _training_clicked(self) -> None:
        if self._toggle_training is not None and self._toggle_training(not self.training):
            self.training = not self.training
        self.refresh()
