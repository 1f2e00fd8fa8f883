"""Reports as PDF on A4 (the Z report, the cash book): their text lines in a monospace font, page after page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

LINES_PER_PAGE = 64


def save_report_pdf(lines: list[str], path: Path | str, *, title: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait, QMarginsF(15, 15, 15, 15)))
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.Monospace)
    font.setPointSizeF(8.5)
    dots_per_mm = 300 / 25.4
    painter = QPainter(writer)
    try:
        painter.setFont(font)
        for start in range(0, max(len(lines), 1), LINES_PER_PAGE):
            if start:
                writer.newPage()
            y = 4 * dots_per_mm
            for line in lines[start:start + LINES_PER_PAGE]:
                painter.drawText(QPointF(0, y), line)
                y += 4 * dots_per_mm
    finally:
        painter.end()
    return path
