"""The day's figures on screen — the X report at any time, the Z report after the closing — and on paper."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from app.core.day_report import DayFigures, layout_day_report
from app.printing.escpos_receipt import PrinterError, open_printer, print_lines
from app.ui.feedback import show_status
from app.ui.report_pdf import save_report_pdf
from app.ui.texts import describe, german_document_note


class DayReportDialog(QDialog):
    def __init__(self, parent, figures: DayFigures, *, printer_spec: str | None, executor, pdf_dir=None):
        super().__init__(parent)
        self.setObjectName("dayReportDialog")
        titles = {"Z": self.tr("Z-Bon {0}").format(figures.z_no), "D": self.tr("Schubladenabrechnung")}
        self.setWindowTitle(titles.get(figures.kind, self.tr("X-Bericht")))
        self.figures, self.printer_spec, self.executor, self.pdf_dir = figures, printer_spec, executor, pdf_dir
        self.pdf_path = None
        self.lines = layout_day_report(figures)
        text = QPlainTextEdit(self)
        text.setObjectName("reportText")
        text.setReadOnly(True)
        font = QFont("DejaVu Sans Mono")
        font.setPointSize(11)
        text.setFont(font)
        text.setPlainText("\n".join(self.lines))
        text.setMinimumSize(500, 640)  # the expected cash at the bottom without scrolling, mostly
        text.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # the layout's lines fit
        self.status = QLabel("", self)
        self.print_button = QPushButton(self.tr("Drucken (F4)"), self)
        self.print_button.clicked.connect(self.print_report)
        self.print_button.setShortcut(QKeySequence(Qt.Key_F4))
        self.pdf_button = QPushButton(self.tr("Als PDF (F6)"), self)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.pdf_button.setShortcut(QKeySequence(Qt.Key_F6))
        self.pdf_button.setVisible(pdf_dir is not None)
        close = QPushButton(self.tr("Schließen"), self)
        close.setObjectName("primaryButton")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(text, 1)
        if (note := german_document_note(self)) is not None:
            layout.addWidget(note)
            text.setMinimumSize(500, 600)  # room for the note on a 1280x800 screen
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def save_pdf(self) -> None:
        f = self.figures
        name = (f"Z-{f.register_id}-{f.z_no:05d}.pdf" if f.kind == "Z"
                else f"{f.kind}-{f.register_id}-{f.at:%Y%m%d-%H%M%S}.pdf")  # X report, or a drawer's (D)
        try:
            self.pdf_path = save_report_pdf(self.lines, self.pdf_dir / name, title=self.windowTitle())
        except OSError as exc:
            show_status(self.status, self.tr("PDF nicht gespeichert: {0}").format(exc.strerror or describe(exc)),
                        "error")
            return
        show_status(self.status, self.tr("Gespeichert: {0}").format(self.pdf_path), "ok")

    def print_report(self) -> None:
        if not self.printer_spec:
            show_status(self.status, self.tr("Kein Bondrucker eingerichtet."), "warn")
            return
        spec, lines = self.printer_spec, self.lines
        self.print_button.setEnabled(False)

        def done(_result, exc):
            self.print_button.setEnabled(True)
            if exc is None:
                show_status(self.status, self.tr("Gedruckt."), "ok")
            else:
                show_status(self.status, describe(exc) if isinstance(exc, PrinterError)
                            else self.tr("Nicht gedruckt."), "error")

        self.executor.submit(lambda _state: print_lines(open_printer(spec), lines), done)
