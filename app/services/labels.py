"""Shelf labels for products of the replica (app/printing/shelf_labels.py draws them)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session

from app.printing.shelf_labels import LabelData, save_sheet
from app.services.context import RegisterContext
from app.services.prices import PRICE_SQL, price_params
from sync.common.gtin import display_form
from sync.common.messages import translate


class LabelError(ValueError):
    """The message is for the associate."""


def label_data(ctx: RegisterContext, product_id: int, day: date | None = None) -> LabelData:
    """The label with the price valid on `day`: today, or the day a new price starts (labels for Monday's prices
    are put up before the store opens)."""
    with Session(ctx.engine) as s:
        row = s.connection().exec_driver_sql(
            f"SELECT p.name, {PRICE_SQL}, p.net_content, p.base_unit, p.weighed,"
            " (SELECT g.gtin FROM productgtin g WHERE g.product_id = p.id AND length(ltrim(g.gtin, '0')) <= 13"
            "  ORDER BY g.gtin LIMIT 1) FROM product p WHERE p.id = ?", (*price_params(ctx.store.id, day), product_id)
        ).first()
    if row is None:
        raise LabelError(translate("labels", "Artikel nicht gefunden"))
    name, price, content, unit, weighed, gtin = row
    if weighed or gtin is None:
        raise LabelError(translate("labels", "{name}: kein EAN-13 für ein Regaletikett (Waagenartikel bekommen "
                                            "Waagenetiketten)").format(name=name))
    ean = display_form(gtin).zfill(13)
    return LabelData(name, price, ean, content, unit)


def print_labels(ctx: RegisterContext, product_ids: list[int], folder: Path, day: date | None = None) -> Path:
    labels = [label_data(ctx, pid, day) for pid in product_ids]
    name = "etiketten.pdf" if len(product_ids) != 1 else f"etikett-{product_ids[0]}.pdf"
    return save_sheet(labels, folder / name)
