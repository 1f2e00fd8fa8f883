"""Finding products: by a scanned code (GTIN or scale label) and by search as you type."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from sqlmodel import Session

from app.core.cart import ProductInfo
from app.core.embedded import parse_embedded
from app.core.vat import VatClass
from app.services.prices import PRICE_SQL, price_params
from sync.common.gtin import GtinError, display_form, expand_upce, normalize
from sync.common.messages import translate
from sync.common.scale_labels import EmbeddedRule


class ScanError(ValueError):
    """A code that finds nothing; the message is for the associate."""


@dataclass(frozen=True)
class ScanMatch:
    product: ProductInfo
    code: str
    weight_g: int | None = None
    amount_cents: int | None = None


@dataclass(frozen=True)
class SearchHit:
    product: ProductInfo
    brand: str
    gtin: str  # display form of the first GTIN, "" for weighed items
    stock: int  # replica count plus this register's unsynced movements
    net_content: int | None = None  # g, ml or pieces, for the base price


#: The price is the one valid today (app/services/prices.py): its parameters come first in every statement.
_PRODUCT_COLS = f"p.id, p.sku, p.name, {PRICE_SQL}, p.vat_class, p.weighed, p.base_unit, p.category, p.brand"


def _info(row) -> ProductInfo:
    return ProductInfo(row[0], row[1], row[2], row[3], VatClass(row[4]), bool(row[5]), row[6], row[7], row[8])


def lookup_code(session: Session, *, code: str, rules: Iterable[EmbeddedRule], store_id: str,
                day: date | None = None) -> ScanMatch:
    """Resolve a scanned code, priced for `store_id` on `day` (today). Raises GtinError (bad check digit) or
    ScanError (unknown)."""
    code = code.strip()
    if not code:
        raise ScanError(translate("catalog", "Leerer Scan"))
    if not code.isdigit():
        raise ScanError(translate("catalog", "'{code}' ist kein Artikelcode").format(code=code))
    conn = session.connection()
    prices = price_params(store_id, day)
    embedded = parse_embedded(code, rules)
    if embedded is not None:
        row = conn.exec_driver_sql(
            f"SELECT {_PRODUCT_COLS} FROM product p WHERE p.plu = ? AND p.active", (*prices, embedded.item_number)
        ).first()
        if row is None:
            raise ScanError(translate("catalog", "Waagenartikel {number} ist nicht im Sortiment").format(
                number=embedded.item_number))
        product = _info(row)
        if embedded.kind == "price":
            return ScanMatch(product, code, amount_cents=embedded.value)
        return ScanMatch(product, code, weight_g=embedded.value)
    candidates = [normalize(code)]
    if len(code) == 8 and code[0] in "01":  # could be UPC-E rather than EAN-8
        try:
            candidates.append(normalize(expand_upce(code)))
        except GtinError:
            pass
    for gtin in candidates:
        row = conn.exec_driver_sql(
            f"SELECT {_PRODUCT_COLS} FROM productgtin g JOIN product p ON p.id = g.product_id"
            " WHERE g.gtin = ? AND p.active",
            (*prices, gtin),
        ).first()
        if row is not None:
            return ScanMatch(_info(row), gtin)
    raise ScanError(translate("catalog", "Artikel {code} ist nicht im Sortiment").format(code=code))


def get_product(session: Session, *, product_id: int, store_id: str, day: date | None = None) -> ProductInfo:
    """The product, priced for `store_id` on `day` (today)."""
    row = session.connection().exec_driver_sql(
        f"SELECT {_PRODUCT_COLS} FROM product p WHERE p.id = ?", (*price_params(store_id, day), product_id)
    ).first()
    if row is None:
        raise ScanError(translate("catalog", "Artikel nicht gefunden"))
    return _info(row)


MIN_SEARCH_CHARS = 3  # the trigram index cannot match less


def _fts_query(text: str) -> str | None:
    """Each word of three or more letters must occur somewhere in the name or brand."""
    tokens = [t for t in re.findall(r"[\w-]+", text.lower()) if len(t) >= MIN_SEARCH_CHARS]
    if not tokens:
        return None
    return " AND ".join(f'"{t}"' for t in tokens)


def search_products(session: Session, *, query: str, location_id: str, limit: int = 40,
                    day: date | None = None) -> list[SearchHit]:
    """Name, brand, SKU or GTIN, as the associate types, priced for the store `location_id` on `day` (today).
    Exact codes come first."""
    query = query.strip()
    if not query:
        return []
    conn = session.connection()
    ids: list[int] = []
    if query.isdigit() and len(query) >= 8:
        try:
            gtin = normalize(query)
        except GtinError:
            gtin = None
        if gtin:
            ids += [r[0] for r in conn.exec_driver_sql("SELECT product_id FROM productgtin WHERE gtin = ?", (gtin,))]
    # SKUs are stored upper-case; comparing exactly keeps the lookup on the index
    ids += [r[0] for r in conn.exec_driver_sql("SELECT id FROM product WHERE sku = ?", (query.upper(),))]
    fts = _fts_query(query)
    if fts and len(ids) < limit:
        ids += [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT rowid FROM product_fts WHERE product_fts MATCH ? LIMIT ?", (fts, limit)
            )
        ]
    ids = list(dict.fromkeys(ids))[:limit]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.exec_driver_sql(
        f"SELECT {_PRODUCT_COLS}, p.brand,"
        " (SELECT gtin FROM productgtin g WHERE g.product_id = p.id ORDER BY gtin LIMIT 1),"
        " COALESCE((SELECT quantity FROM stock s WHERE s.product_id = p.id AND s.location_id = ?), 0)"
        " + COALESCE((SELECT SUM(delta) FROM stockmovement m WHERE m.product_id = p.id"
        "             AND m.location_id = ? AND NOT m.synced), 0), p.net_content"
        f" FROM product p WHERE p.id IN ({marks}) AND p.active",
        (*price_params(location_id, day), location_id, location_id, *ids),
    ).all()
    by_id = {r[0]: r for r in rows}
    return [
        SearchHit(_info(r), r[9], display_form(r[10]) if r[10] else "", r[11], r[12])
        for r in (by_id[i] for i in ids if i in by_id)
    ]
