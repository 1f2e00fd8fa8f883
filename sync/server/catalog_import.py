"""Products and stock from the chain's systems (issue 13 §3), as CSV files (`admin import-products`, `import-stock`)
or through the ERP's API (sync/server/erp.py): every good row is imported, every bad one reported with its line
(or position) and reason; what changed reaches the registers with their next pull.

The format (sync/server/import_rows.py: UTF-8, a header row, `;` between fields, a decimal comma or point):

    products.csv  sku;gtins;name;brand;category;vat_class;price_eur;base_unit;net_content;weighed;plu;active
                  gtins: one or more GTINs separated by `|` (8, 12, 13 or 14 digits, check digit checked);
                  vat_class A (19 %), B (7 %) or C (0 %); base_unit Stk, kg or l; net_content in g, ml or
                  pieces (empty for weighed items); weighed and active: 1/0, ja/nein, true/false.
                  A known SKU is updated (its price, its GTINs …), a new one added. Its price applies when no
                  scheduled price does (prices.csv, sync/server/prices.py).
    stock.csv     location;sku;quantity   (pieces, or grams for weighed items; the count replaces the old one)

An import reads the SKUs and GTINs its rows name, a batch at a time, never the whole catalog: a request of the
ERP's API costs what its rows cost.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.common.gtin import is_valid
from sync.erp_protocol import Refusal
from sync.protocol import MovementReason
from sync.server.movements import move_stock_many
from sync.server.db import record_changes
from sync.server.import_rows import (
    BATCH, ImportReport, Refused, Row, check_text, chunks, csv_rows, euros_to_cents, flag, look_up, serialise_imports,
)

__all__ = ["ImportReport", "PRODUCT_COLUMNS", "STOCK_COLUMNS", "import_products", "import_stock"]

PRODUCT_COLUMNS = ("sku", "gtins", "name", "brand", "category", "vat_class", "price_eur", "base_unit", "net_content",
                   "weighed", "plu", "active")
STOCK_COLUMNS = ("location", "sku", "quantity")
MAX_NET_CONTENT = 100_000_000
MAX_QUANTITY = 100_000_000  # pieces or grams, as a count at a register (sync.protocol.StockCountPayload)


def _product(row: dict) -> dict:
    check_text(row)
    sku, name = row["sku"], row["name"]
    if not sku or len(sku) > 32:
        raise Refused(Refusal.SKU_MISSING)
    if not name:
        raise Refused(Refusal.NAME_MISSING)
    gtins = list(dict.fromkeys(g for g in row["gtins"].split("|") if g))  # one GTIN twice in a row: once
    bad = [g for g in gtins if not is_valid(g)]
    if bad:
        raise Refused(Refusal.GTIN_INVALID, gtin=bad[0])
    gtins = [g.zfill(14) for g in gtins]  # kept as GTIN-14, as the registers look codes up
    if row["vat_class"].upper() not in ("A", "B", "C"):
        raise Refused(Refusal.VAT_CLASS_UNKNOWN, value=row["vat_class"])
    price = euros_to_cents(row["price_eur"])
    if row["base_unit"] not in ("Stk", "kg", "l"):
        raise Refused(Refusal.BASE_UNIT_UNKNOWN, value=row["base_unit"])
    weighed = flag(row["weighed"], "weighed")
    content = None
    if row["net_content"]:
        if not row["net_content"].isdigit() or not 0 < int(row["net_content"]) <= MAX_NET_CONTENT:
            raise Refused(Refusal.NET_CONTENT_INVALID, value=row["net_content"])
        content = int(row["net_content"])
    plu = row["plu"] or None
    if plu is not None and (not plu.isdigit() or len(plu) > 8):
        raise Refused(Refusal.PLU_INVALID, value=plu)
    return {"sku": sku, "name": name[:200], "brand": row["brand"][:100], "category": row["category"][:100],
            "gross_price_cents": price, "vat_class": row["vat_class"].upper(), "base_unit": row["base_unit"],
            "net_content": None if weighed else content, "weighed": weighed, "plu": plu,
            "active": flag(row["active"] or "1", "active"), "gtins": gtins}


_INSERT = text("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit,"
               " net_content, weighed, plu, active) VALUES (:id, :sku, :name, :brand, :category, :gross_price_cents,"
               " :vat_class, :base_unit, :net_content, :weighed, :plu, :active)")
_UPDATE = text("UPDATE product SET name = :name, brand = :brand, category = :category,"
               " gross_price_cents = :gross_price_cents, vat_class = :vat_class, base_unit = :base_unit,"
               " net_content = :net_content, weighed = :weighed, plu = :plu, active = :active WHERE id = :id")
_IDS = "SELECT sku, id FROM product WHERE sku IN ({keys})"
_GTINS_OF = "SELECT g.gtin, p.sku FROM productgtin g JOIN product p ON p.id = g.product_id WHERE p.sku IN ({keys})"
_OWNERS = "SELECT g.gtin, p.sku FROM productgtin g JOIN product p ON p.id = g.product_id WHERE g.gtin IN ({keys})"
_COUNTS = "SELECT location_id, product_id, quantity FROM stock WHERE product_id IN ({keys})"


class _Batch:
    """Rows written a batch at a time (a fixed number of statements per batch), with their feed changes."""

    def __init__(self, session: Session):
        self.session, self.inserts, self.updates, self.gtins, self.changes = session, [], [], [], []

    def add(self, values: dict, gtins: list[str], *, new: bool) -> None:
        (self.inserts if new else self.updates).append(values)
        self.gtins += [{"g": g, "p": values["id"]} for g in gtins]
        self.changes.append((str(values["id"]), {**values, "gtins": gtins}))

    def flush(self) -> None:
        conn = self.session.connection()
        if self.inserts:
            conn.execute(_INSERT, self.inserts)
        if self.updates:
            conn.execute(_UPDATE, self.updates)
            conn.execute(text("DELETE FROM productgtin WHERE product_id = :id"), [{"id": u["id"]} for u in self.updates])
        if self.gtins:
            conn.execute(text("INSERT INTO productgtin (gtin, product_id) VALUES (:g, :p)"), self.gtins)
        record_changes(self.session, kind="product", items=self.changes)
        self.inserts, self.updates, self.gtins, self.changes = [], [], [], []


class _Owners:
    """The chain's SKUs and GTIN owners as far as one batch of rows names them, kept as the batch's rows change
    them. Earlier batches are written already: the database knows what they changed."""

    def __init__(self, conn, skus: set[str], gtins: set[str]):
        self.ids: dict[str, int] = dict(look_up(conn, _IDS, skus))  # sku → id, known SKUs only
        self.owner: dict[str, str] = {}  # GTIN → sku
        self.gtins_of: dict[str, list[str]] = {}  # sku → its GTINs
        for gtin, sku in look_up(conn, _GTINS_OF, skus) + look_up(conn, _OWNERS, gtins):
            if gtin not in self.owner:
                self.owner[gtin] = sku
                self.gtins_of.setdefault(sku, []).append(gtin)

    def assign(self, sku: str, gtins: list[str]) -> None:
        """`sku`'s GTINs are these from now on."""
        for gone in self.gtins_of.get(sku, ()):
            self.owner.pop(gone, None)
        self.gtins_of[sku] = gtins
        for gtin in gtins:
            self.owner[gtin] = sku


def import_products(engine: Engine, rows: Iterable[Row] | Path | str, *, batch_rows: int = BATCH) -> ImportReport:
    """Add or update the products of `rows` (or of a CSV file), in one transaction; their changes go into every
    register's feed. `batch_rows` rows are checked against the database and written at a time."""
    if isinstance(rows, (str, Path)):
        rows = csv_rows(rows, PRODUCT_COLUMNS)
    report = ImportReport()
    with Session(engine) as s:
        serialise_imports(s)
        next_id = (s.connection().execute(text("SELECT max(id) FROM product")).scalar() or 0) + 1
        batch, seen = _Batch(s), set()
        for chunk in chunks(rows, batch_rows):
            checked = []
            for line, row in chunk:
                try:
                    checked.append((line, _product(row)))
                except Refused as exc:
                    report.refused.append((line, exc))
            catalog = _Owners(s.connection(), {p["sku"] for _, p in checked},
                              {g for _, p in checked for g in p["gtins"]})
            for line, p in checked:
                taken = [g for g in p["gtins"] if catalog.owner.get(g, p["sku"]) != p["sku"]]
                if p["sku"] in seen or taken:
                    report.refused.append((line, Refused(Refusal.DUPLICATE, what=f"SKU {p['sku']}") if p["sku"] in seen
                                           else Refused(Refusal.GTIN_TAKEN, gtin=taken[0], sku=catalog.owner[taken[0]])))
                    continue
                seen.add(p["sku"])
                gtins = p.pop("gtins")
                catalog.assign(p["sku"], gtins)
                new = p["sku"] not in catalog.ids
                if new:
                    catalog.ids[p["sku"]], next_id = next_id, next_id + 1
                batch.add({**p, "id": catalog.ids[p["sku"]]}, gtins, new=new)
                report.imported += 1
            batch.flush()
        s.commit()
    report.refused.sort(key=lambda r: r[0])
    return report


def import_stock(engine: Engine, rows: Iterable[Row] | Path | str) -> ImportReport:
    """Set the counted stock of `rows` (or of a CSV file) per location and SKU: each count is a movement (reason
    inventory, as a count at a register), so the stock stays the sum of its movements; registers see it with
    their pull."""
    if isinstance(rows, (str, Path)):
        rows = csv_rows(rows, STOCK_COLUMNS)
    report = ImportReport()
    with Session(engine) as s:
        serialise_imports(s)
        conn = s.connection()
        locations = set(conn.execute(text("SELECT id FROM location")).scalars())
        seen: set[tuple[str, int]] = set()
        for chunk in chunks(rows):
            ids = dict(look_up(conn, _IDS, {row["sku"] for _, row in chunk}))
            counts = {(l, p): q for l, p, q in look_up(conn, _COUNTS, set(ids.values()))}
            moves: dict[str, list] = {}
            for line, row in chunk:
                try:
                    key = _stock_key(row, locations, ids, seen)
                except Refused as exc:
                    report.refused.append((line, exc))
                    continue
                seen.add(key)
                if key not in counts:
                    conn.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, 0)"),
                                 {"l": key[0], "p": key[1]})
                delta = int(row["quantity"]) - counts.get(key, 0)
                if delta:
                    moves.setdefault(key[0], []).append((key[1], delta, uuid.uuid4().hex))
                report.imported += 1
            for location_id, items in moves.items():
                move_stock_many(s, location_id=location_id, moves=items, reason=MovementReason.INVENTORY.value)
        s.commit()
    return report


def _stock_key(row: dict, locations: set[str], ids: dict[str, int], seen: set) -> tuple[str, int]:
    check_text(row)
    if row["location"] not in locations:
        raise Refused(Refusal.LOCATION_UNKNOWN, value=row["location"])
    if row["sku"] not in ids:
        raise Refused(Refusal.PRODUCT_UNKNOWN, value=row["sku"])
    if not row["quantity"].isdigit() or int(row["quantity"]) > MAX_QUANTITY:
        raise Refused(Refusal.QUANTITY_INVALID, value=row["quantity"])
    key = (row["location"], ids[row["sku"]])
    if key in seen:
        raise Refused(Refusal.DUPLICATE, what=f"SKU {row['sku']} in {row['location']}")
    return key
