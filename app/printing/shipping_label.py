"""The shipping label of a parcel packed in the store: 100 × 150 mm (the carriers' common size), as a PDF.

Sender (the store), recipient (name and delivery address), the order number, and the parcel's SSCC as a GS1-128
barcode with its human-readable line "(00) …". Drawn with Pillow and zxing-cpp's writer (the barcode is decoded
back in the tests), no Qt needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image, ImageDraw

from app.printing.shelf_labels import font

__all__ = ["LabelData", "draw_label", "save_label"]

DPI = 203  # a thermal label printer's
SIZE = (round(100 / 25.4 * DPI), round(150 / 25.4 * DPI))


@dataclass(frozen=True)
class LabelData:
    sender: tuple[str, ...]  # the store's name, street, postcode and city
    recipient_name: str
    recipient_address: str  # as the customer wrote it; commas or line breaks split it into lines
    order_no: str
    parcel_no: str  # the SSCC, 18 digits
    pieces: int


def _barcode(sscc: str, width: int, height: int) -> Image.Image:
    code = zxingcpp.create_barcode(f"(00){sscc}", zxingcpp.BarcodeFormat.Code128, gs1=True)
    img = Image.fromarray(np.asarray(zxingcpp.write_barcode_to_image(code, scale=3, add_quiet_zones=True)))
    return img.resize((min(width, img.width * 2), height), Image.NEAREST)


def draw_label(data: LabelData) -> Image.Image:
    w, h = SIZE
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    pad = 24
    y = pad
    d.text((pad, y), "Absender", font=font(18), fill=0)
    y += 24
    for line in data.sender:
        d.text((pad, y), line, font=font(22), fill=0)
        y += 28
    y += 12
    d.line((pad, y, w - pad, y), fill=0, width=3)
    y += 16
    d.text((pad, y), "Empfänger", font=font(18), fill=0)
    y += 26
    d.text((pad, y), data.recipient_name, font=font(34, bold=True), fill=0)
    y += 46
    for part in [p.strip() for p in data.recipient_address.replace("\n", ",").split(",") if p.strip()]:
        d.text((pad, y), part, font=font(34, bold=True), fill=0)
        y += 46
    y += 12
    d.line((pad, y, w - pad, y), fill=0, width=3)
    y += 16
    d.text((pad, y), f"Bestellung {data.order_no} · {data.pieces} Artikel", font=font(24), fill=0)
    bar_h = 220
    bar_y = h - pad - bar_h - 40
    code = _barcode(data.parcel_no, w - 2 * pad, bar_h)
    img.paste(code, ((w - code.width) // 2, bar_y))
    readable = f"(00) {data.parcel_no}"
    d.text(((w - d.textlength(readable, font=font(26))) // 2, bar_y + bar_h + 8), readable, font=font(26), fill=0)
    return img


def save_label(data: LabelData, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_label(data).save(path, "PDF", resolution=DPI)
    return path
