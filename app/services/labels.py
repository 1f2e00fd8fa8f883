"""Shelf labels for products of the replica (app/printing/shelf_labels.py draws them)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from app.core.gtin import display_form
from app.printing.shelf_labels import LabelData, save_sheet
from app.services.context import RegisterContext


class LabelError(ValueError):
    """The message is for the associate."""


def label_data(ctx: RegisterContext, product_id: int) -> LabelData:
    with Session(ctx.engine) as s:
        row = s.connection().exec_driver_sql(
            "SELECT p.name, p.gross_price_cents, p.net_content, p.base_unit, p.weighed,"
            " (SELECT g.gtin FROM productgtin g WHERE g.product_id = p.id AND length(ltrim(g.gtin, '0')) <= 13"
            "  ORDER BY g.gtin LIMIT 1) FROM product p WHERE p.id = ?", (product_id,)).first()
    if row is None:
        raise LabelError("Artikel nicht gefunden")
    name, price, content, unit, weighed, gtin = row
    if weighed or gtin is None:
        raise LabelError(f"{name}: kein EAN-13 für ein Regaletikett (Waagenartikel bekommen Waagenetiketten)")
    ean = display_form(gtin).zfill(13)
    return LabelData(name, price, ean, content, unit)


def print_labels(ctx: RegisterContext, product_ids: list[int], folder: Path) -> Path:
    labels = [label_data(ctx, pid) for pid in product_ids]
    name = "etiketten.pdf" if len(product_ids) != 1 else f"etikett-{product_ids[0]}.pdf"
    return save_sheet(labels, folder / name)
