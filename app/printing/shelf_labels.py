"""Shelf labels as a PDF sheet (A4, 3 × 8 labels): name, price, base price and the EAN-13.

German price labelling (PAngV) requires the price per kg or litre beside the
price of a packaged good; it is printed whenever the net content is known.
Drawn with Pillow and python-barcode, so no Qt is needed; the barcode is
checked by decoding it in the tests.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import barcode
from barcode import EAN13
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from app.core.base_price import base_price_cents
from app.core.money import format_eur

DPI = 300
PAGE = (2480, 3508)  # A4 at 300 dpi
COLUMNS, ROWS = 3, 8
MARGIN = 60
LABEL = ((PAGE[0] - 2 * MARGIN) // COLUMNS, (PAGE[1] - 2 * MARGIN) // ROWS)


@dataclass(frozen=True)
class LabelData:
    name: str
    gross_price_cents: int
    gtin: str  # 13 digits (EAN-13)
    net_content: int | None = None  # g or ml
    base_unit: str = "Stk"  # kg | l | Stk


_BUNDLED = Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf"  # ships with python-barcode
_SYSTEM = Path("/usr/share/fonts/truetype/dejavu")


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans where the system has it, else the DejaVu Sans Mono python-barcode brings: both have €."""
    system = _SYSTEM / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(system if system.exists() else _BUNDLED), size)


def ean13_image(gtin13: str, *, height_px: int) -> Image.Image:
    buf = io.BytesIO()
    EAN13(gtin13[:12], writer=ImageWriter()).write(buf, options={
        "module_width": 0.3, "module_height": 9, "font_size": 7, "text_distance": 3, "quiet_zone": 3, "dpi": DPI})
    img = Image.open(buf).convert("L")
    return img.resize((int(img.width * height_px / img.height), height_px))


def draw_label(data: LabelData) -> Image.Image:
    w, h = LABEL
    img = Image.new("L", (w, h), 255)
    d = ImageDraw.Draw(img)
    d.rectangle([2, 2, w - 3, h - 3], outline=160, width=3)
    name_font, price_font, small = font(36, bold=True), font(90, bold=True), font(28)
    name = data.name if d.textlength(data.name, font=name_font) < w - 40 else data.name[:34] + "…"
    d.text((20, 14), name, font=name_font, fill=0)
    price = format_eur(data.gross_price_cents)
    d.text((w - 20 - d.textlength(price, font=price_font), 64), price, font=price_font, fill=0)
    if data.net_content and data.base_unit in ("kg", "l"):
        per = base_price_cents(data.gross_price_cents, data.net_content, data.base_unit)
        content = (f"{data.net_content / 1000:g} {data.base_unit}" if data.net_content >= 1000
                   else f"{data.net_content} {'g' if data.base_unit == 'kg' else 'ml'}").replace(".", ",")
        d.text((20, 70), f"{content}\n1 {data.base_unit} = {format_eur(per)}", font=small, fill=0)
    code = ean13_image(data.gtin, height_px=h - 190)
    img.paste(code, (20, 176))
    return img


def save_sheet(labels: list[LabelData], path: Path) -> Path:
    """One PDF page per 24 labels."""
    if not labels:
        raise ValueError("no labels to print")
    pages = []
    for start in range(0, len(labels), COLUMNS * ROWS):
        page = Image.new("L", PAGE, 255)
        for i, data in enumerate(labels[start:start + COLUMNS * ROWS]):
            col, row = i % COLUMNS, i // COLUMNS
            page.paste(draw_label(data), (MARGIN + col * LABEL[0], MARGIN + row * LABEL[1]))
        pages.append(page)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(path, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return path
