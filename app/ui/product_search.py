"""The sale screen's search results: name, brand, price with base price, free and reserved stock."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem
from sqlmodel import Session

from app.core.base_price import base_price_cents
from app.core.money import format_eur
from app.services import catalog
from app.services.pickup import reserved_quantities


def fill_results(results: QListWidget, ctx, query: str) -> None:
    """One item per hit (product id in UserRole, weighed in UserRole + 1), or a hint why there is none."""
    with Session(ctx.engine) as s:
        hits = catalog.search_products(s, query=query, location_id=ctx.store.id)
        reserved = reserved_quantities(s, store_id=ctx.store.id,
                                       product_ids={h.product.product_id for h in hits}) if hits else {}
    for hit in hits:
        unit = "/kg" if hit.product.weighed else ""
        brand = f" – {hit.brand}" if hit.brand else ""
        stock = f"{hit.stock / 1000:.1f} kg".replace(".", ",") if hit.product.weighed else f"{hit.stock}"
        if reserved.get(hit.product.product_id):
            held = reserved[hit.product.product_id]
            stock = QCoreApplication.translate("ProductSearch", "{0} frei ({1} für Abholung reserviert)").format(
                hit.stock - held, held)
        price = f"{format_eur(hit.product.gross_price_cents)}{unit}"
        if hit.net_content and hit.product.base_unit in ("kg", "l"):
            per = base_price_cents(hit.product.gross_price_cents, hit.net_content, hit.product.base_unit)
            price += f" (1 {hit.product.base_unit} = {format_eur(per)})"
        in_stock = QCoreApplication.translate("ProductSearch", "Bestand")
        item = QListWidgetItem(f"{hit.product.name}{brand}\n{price}   ·   {in_stock} {stock}   ·   {hit.product.sku}")
        item.setData(Qt.UserRole, hit.product.product_id)
        item.setData(Qt.UserRole + 1, hit.product.weighed)
        results.addItem(item)
    if hits:
        results.setCurrentRow(0)
        return
    query = query.strip()
    if query:
        if len(query) < catalog.MIN_SEARCH_CHARS:
            hint = QCoreApplication.translate("ProductSearch", "Bitte mindestens 3 Buchstaben eingeben")
        else:
            hint = QCoreApplication.translate("ProductSearch", "Keine Treffer für „{0}“").format(query)
        item = QListWidgetItem(hint)
        item.setFlags(Qt.NoItemFlags)
        results.addItem(item)
