"""The receipt as a PDF on 80 mm paper: the same text layout, the TSE's QR code and the Code 128.

Also the receipt's QR code for the screen (`qr_image`): one place that turns the DSFinV-K
string (DSFinV-K Anhang I, "V0;…") into modules, for every Qt output.
"""

from __future__ import annotations

from pathlib import Path

import segno
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPainterPath,
                           QPdfWriter)

from app.core.receipt import Receipt, layout
from app.printing.barcode_image import code128_png

PAPER_MM = 80.0
COLUMNS = 42
QR_ERROR = "m"  # 15 % error correction: survives a crease or a smudge on thermal paper
QR_MODULE_MM = 0.5  # ~35 mm for a signed receipt's QR (version 13): easy for a phone or a hand scanner
QR_QUIET_MODULES = 4  # the quiet zone ISO/IEC 18004 asks for, kept white on every output


def receipt_qr_content(receipt: Receipt) -> str:
    """The QR string of a signed receipt; "" when it has no signature (TSE outage, or before signing)."""
    fiscal = receipt.fiscal
    return fiscal.qr if fiscal is not None and fiscal.signed else ""


def qr_modules(content: str) -> list[list[bool]]:
    """The QR code's modules, dark = True, without a quiet zone."""
    code = segno.make(content, error=QR_ERROR, micro=False)
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=0)]


def qr_image(content: str, *, module_px: int, border: int = QR_QUIET_MODULES) -> QImage:
    """Black on white, `module_px` pixels a module, quiet zone included: to be shown unscaled."""
    size = len(qr_modules(content)) + 2 * border
    image = QImage(size * module_px, size * module_px, QImage.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.fillPath(_qr_path(content, module_px, border * module_px), QColor("black"))
    finally:
        painter.end()
    return image


def _qr_path(content: str, module: float, offset: float) -> QPainterPath:
    """The dark modules as one path, a rectangle for each run of a row: filled at once, so no seams."""
    path = QPainterPath()
    for y, row in enumerate(qr_modules(content)):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            path.addRect(QRectF(offset + start * module, offset + y * module, (x - start) * module, module))
    return path


def save_receipt_pdf(receipt: Receipt, path: Path | str) -> Path:
    path = Path(path)
    lines = layout(receipt, COLUMNS)
    qr = receipt_qr_content(receipt)
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    font.setPointSizeF(7.2)
    line_mm = 3.3
    barcode = QImage.fromData(code128_png(receipt.barcode)) if receipt.barcode else None
    barcode_mm = 18.0 if barcode is not None else 0.0
    qr_mm = (len(qr_modules(qr)) + 2 * QR_QUIET_MODULES) * QR_MODULE_MM if qr else 0.0
    height_mm = 10 + len(lines) * line_mm + qr_mm + barcode_mm + 8
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
        if qr:  # as vectors: sharp at any zoom and on any printer the PDF is sent to
            painter.save()
            painter.translate((PAPER_MM - qr_mm) / 2 * dots_per_mm, y)
            painter.setRenderHint(QPainter.Antialiasing, False)
            painter.setPen(Qt.NoPen)
            painter.fillPath(_qr_path(qr, QR_MODULE_MM * dots_per_mm, QR_QUIET_MODULES * QR_MODULE_MM * dots_per_mm),
                             QColor("black"))
            painter.restore()
            y += qr_mm * dots_per_mm
        if barcode is not None:
            width = (PAPER_MM - 16) * dots_per_mm
            target = QRectF((PAPER_MM * dots_per_mm - width) / 2, y + 2 * dots_per_mm, width,
                            barcode_mm * dots_per_mm)
            painter.drawImage(target, barcode)
    finally:
        painter.end()
    return path
