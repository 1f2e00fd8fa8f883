"""Products and stock from the chain's systems as CSV files (issue 13 §3): every good row is imported, every bad
one reported with its line and reason; what changed reaches the registers with their next pull.

The format (UTF-8, a header row, `;` between fields, a decimal comma or point):

    products.csv  sku;gtins;name;brand;category;vat_class;price_eur;base_unit;net_content;weighed;plu;active
                  gtins: one or more GTINs separated by `|` (8, 12, 13 or 14 digits, check digit checked);
                  vat_class A (19 %), B (7 %) or C (0 %); base_unit Stk, kg or l; net_content in g, ml or
                  pieces (empty for weighed items); weighed and active: 1/0, ja/nein, true/false.
                  A known SKU is updated (its price, its GTINs …), a new one added.
    stock.csv     location;sku;quantity   (pieces, or grams for weighed items; the count replaces the old one)

Prices with validity dates are not imported yet (a price is valid from the import on).
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.common.gtin import is_valid
from sync.protocol import MovementReason
from sync.server.apply import move_stock_many
from sync.server.db import record_changes

__all__ = ["ImportReport", "PRODUCT_COLUMNS", "STOCK_COLUMNS", "import_products", "import_stock"]

PRODUCT_COLUMNS = ("sku", "gtins", "name", "brand", "category", "vat_class", "price_eur", "base_unit", "net_content",
                   "weighed", "plu", "active")
STOCK_COLUMNS = ("location", "sku", "quantity")
_YES, _NO = {"1", "ja", "true", "yes", "j"}, {"0", "nein", "false", "no", "n", ""}


@dataclass
class ImportReport:
    imported: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)


class BadRow(ValueError):
    pass


def _rows(path: Path, columns: tuple[str, ...]):
    text_data = Path(path).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text_data), delimiter=";")
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{Path(path).name}: Spalten fehlen: {', '.join(missing)}")
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _flag(value: str, name: str) -> bool:
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise BadRow(f"{name} ist weder ja noch nein: {value!r}")


def _product(row: dict) -> dict:
    sku, name = row["sku"], row["name"]
    if not sku or len(sku) > 32:
        raise BadRow("SKU fehlt oder ist länger als 32 Zeichen")
    if not name:
        raise BadRow("Name fehlt")
    gtins = list(dict.fromkeys(g for g in row["gtins"].split("|") if g))  # one GTIN twice in a row: once
    bad = [g for g in gtins if not is_valid(g)]
    if bad:
        raise BadRow(f"GTIN {bad[0]}: keine GTIN oder Prüfziffer falsch")
    gtins = [g.zfill(14) for g in gtins]  # kept as GTIN-14, as the registers look codes up
    if row["vat_class"].upper() not in ("A", "B", "C"):
        raise BadRow(f"unbekannte USt-Klasse {row['vat_class']!r} (A, B oder C)")
    try:
        price = Decimal(row["price_eur"].replace(",", "."))
    except InvalidOperation:
        raise BadRow(f"Preis ist keine Zahl: {row['price_eur']!r}") from None
    if price < 0 or price != price.quantize(Decimal("0.01")) or price > 1_000_000:
        raise BadRow(f"Preis {row['price_eur']} ist negativ, zu groß oder hat mehr als zwei Nachkommastellen")
    if row["base_unit"] not in ("Stk", "kg", "l"):
        raise BadRow(f"unbekannte Grundpreis-Einheit {row['base_unit']!r} (Stk, kg oder l)")
    weighed = _flag(row["weighed"], "weighed")
    content = None
    if row["net_content"]:
        if not row["net_content"].isdigit() or int(row["net_content"]) <= 0:
            raise BadRow(f"Inhalt ist keine positive ganze Zahl: {row['net_content']!r}")
        content = int(row["net_content"])
    plu = row["plu"] or None
    if plu is not None and (not plu.isdigit() or len(plu) > 8):
        raise BadRow(f"PLU {plu!r} ist keine Nummer mit höchstens 8 Ziffern")
    return {"sku": sku, "name": name[:200], "brand": row["brand"][:100], "category": row["category"][:100],
            "gross_price_cents": int(price * 100), "vat_class": row["vat_class"].upper(), "base_unit": row["base_unit"],
            "net_content": None if weighed else content, "weighed": weighed, "plu": plu,
            "active": _flag(row["active"] or "1", "active"), "gtins": gtins}


_INSERT = text("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit,"
               " net_content, weighed, plu, active) VALUES (:id, :sku, :name, :brand, :category, :gross_price_cents,"
               " :vat_class, :base_unit, :net_content, :weighed, :plu, :active)")
_UPDATE = text("UPDATE product SET name = :name, brand = :brand, category = :category,"
               " gross_price_cents = :gross_price_cents, vat_class = :vat_class, base_unit = :base_unit,"
               " net_content = :net_content, weighed = :weighed, plu = :plu, active = :active WHERE id = :id")
BATCH = 10_000


class _Batch:
    """Rows written a batch at a time (a fixed number of statements per batch), with their feed changes."""

    def __init__(self, session: Session):
        self.session, self.inserts, self.updates, self.gtins, self.changes = session, [], [], [], []

    def add(self, values: dict, gtins: list[str], *, new: bool) -> None:
        (self.inserts if new else self.updates).append(values)
        self.gtins += [{"g": g, "p": values["id"]} for g in gtins]
        self.changes.append((str(values["id"]), {**values, "gtins": gtins}))
        if len(self.changes) >= BATCH:
            self.flush()

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


def import_products(engine: Engine, path: Path | str) -> ImportReport:
    """Add or update the products of `path`, in one transaction; their changes go into every register's feed.
    The chain's SKUs and GTINs are read once (an import checks every row against all of them)."""
    report = ImportReport()
    with Session(engine) as s:
        conn = s.connection()
        ids = dict(conn.execute(text("SELECT sku, id FROM product")).all())
        owner = dict(conn.execute(text("SELECT g.gtin, p.sku FROM productgtin g JOIN product p"
                                       " ON p.id = g.product_id")).all())
        gtins_of: dict[str, list[str]] = {}
        for gtin, sku in owner.items():
            gtins_of.setdefault(sku, []).append(gtin)
        next_id = max(ids.values(), default=0) + 1
        batch, seen = _Batch(s), set()
        for line, row in _rows(Path(path), PRODUCT_COLUMNS):
            try:
                p = _product(row)
                if p["sku"] in seen:
                    raise BadRow(f"SKU {p['sku']} steht schon weiter oben in der Datei")
                taken = [g for g in p["gtins"] if owner.get(g, p["sku"]) != p["sku"]]
                if taken:
                    raise BadRow(f"GTIN {taken[0]} gehört schon zu SKU {owner[taken[0]]}")
            except BadRow as exc:
                report.refused.append((line, str(exc)))
                continue
            seen.add(p["sku"])
            gtins = p.pop("gtins")
            for gone in gtins_of.get(p["sku"], ()):
                del owner[gone]  # an updated product's GTINs are the file's from now on
            gtins_of[p["sku"]] = gtins
            owner.update((g, p["sku"]) for g in gtins)
            new = p["sku"] not in ids
            if new:
                ids[p["sku"]], next_id = next_id, next_id + 1
            batch.add({**p, "id": ids[p["sku"]]}, gtins, new=new)
            report.imported += 1
        batch.flush()
        s.commit()
    return report


def import_stock(engine: Engine, path: Path | str) -> ImportReport:
    """Set the counted stock of `path` per location and SKU: each count is a movement (reason inventory, as
    a count at a register), so the stock stays the sum of its movements; registers see it with their pull."""
    report = ImportReport()
    with Session(engine) as s:
        conn = s.connection()
        locations = set(conn.execute(text("SELECT id FROM location")).scalars())
        moves: dict[str, list] = {}
        seen = set()
        for line, row in _rows(Path(path), STOCK_COLUMNS):
            product_id = conn.execute(text("SELECT id FROM product WHERE sku = :s"), {"s": row["sku"]}).scalar()
            reason = ("unbekannter Standort " + repr(row["location"]) if row["location"] not in locations else
                      "unbekannte SKU " + repr(row["sku"]) if product_id is None else
                      "Menge ist keine ganze Zahl ≥ 0: " + repr(row["quantity"])
                      if not row["quantity"].isdigit() else
                      "steht schon weiter oben in der Datei" if (row["location"], product_id) in seen else None)
            if reason:
                report.refused.append((line, reason))
                continue
            seen.add((row["location"], product_id))
            now = conn.execute(text("SELECT quantity FROM stock WHERE location_id = :l AND product_id = :p"),
                               {"l": row["location"], "p": product_id}).scalar()
            if now is None:
                conn.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, 0)"),
                             {"l": row["location"], "p": product_id})
            delta = int(row["quantity"]) - (now or 0)
            if delta:
                moves.setdefault(row["location"], []).append((product_id, delta, uuid.uuid4().hex))
            report.imported += 1
        for location_id, items in moves.items():
            move_stock_many(s, location_id=location_id, moves=items, reason=MovementReason.INVENTORY.value)
        s.commit()
    return report
