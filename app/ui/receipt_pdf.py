"""The receipt as a PDF on 80 mm paper: the same text layout, plus its Code 128."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from app.core.receipt import Receipt, layout
from app.printing.barcode_image import code128_png

PAPER_MM = 80.0
COLUMNS = 42


def save_receipt_pdf(receipt: Receipt, path: Path | str) -> Path:
    path = Path(path)
    lines = layout(receipt, COLUMNS)
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    font.setPointSizeF(7.2)
    line_mm = 3.3
    barcode = QImage.fromData(code128_png(receipt.barcode))
    barcode_mm = 18.0
    height_mm = 10 + len(lines) * line_mm + barcode_mm + 8
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(f"{receipt.store_name} – {receipt.title}")
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(PAPER_MM, height_mm), QPageSize.Millimeter),
                                     QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
    dots_per_mm = 300 / 25.4
    painter = QPainter(writer)
    try:
        painter.setFont(font)
        metrics = QFontMetricsF(font, writer)
        # shrink the font until 42 columns fit the paper's printable width
        while metrics.horizontalAdvance("M" * COLUMNS) > (PAPER_MM - 6) * dots_per_mm and font.pointSizeF() > 4:
            font.setPointSizeF(font.pointSizeF() - 0.2)
            painter.setFont(font)
            metrics = QFontMetricsF(font, writer)
        x = 3 * dots_per_mm
        y = 6 * dots_per_mm
        for line in lines:
            painter.drawText(QPointF(x, y), line)
            y += line_mm * dots_per_mm
        width = (PAPER_MM - 16) * dots_per_mm
        target = QRectF((PAPER_MM * dots_per_mm - width) / 2, y + 2 * dots_per_mm, width, barcode_mm * dots_per_mm)
        painter.drawImage(target, barcode)
    finally:
        painter.end()
    return path
