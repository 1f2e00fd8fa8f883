"""Code 128 images of receipt numbers, drawn by python-barcode."""

from __future__ import annotations

import io

from barcode import Code128
from barcode.writer import ImageWriter


def code128_png(text: str, *, module_width_mm: float = 0.3, height_mm: float = 10.0) -> bytes:
    writer = ImageWriter()
    buf = io.BytesIO()
    Code128(text, writer=writer).write(
        buf, options={"module_width": module_width_mm, "module_height": height_mm, "font_size": 8,
                      "text_distance": 3.5, "quiet_zone": 2.0, "dpi": 300})
    return buf.getvalue()
