"""Catalog import benchmark (issue 13 §3): products from CSV through the backend's import (every row checked,
GTINs against the whole chain's, feed rows for the registers) against a raw bulk insert of the same rows into
the same kind of database, in the same run.

  import_rows_per_s   rows of products.csv imported per second (`admin import-products`)
  raw_rows_per_s      the same rows parsed with csv and inserted with executemany (product and GTIN rows)
  ratio               import ÷ raw

Usage: python -m tests.bench.catalog_import [--products 1000000] [--db-dir DIR] [--pg]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from sync.server.catalog_import import PRODUCT_COLUMNS, import_products
from sync.server.db import create_schema, make_engine


def write_csv(path: Path, count: int) -> None:
    from sync.common.demo_data import generate_products  # the demo's catalog, as a chain's ERP would export it

    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter=";")
        out.writerow(PRODUCT_COLUMNS)
        for p in generate_products(count):
            out.writerow([p.sku, "|".join(p.gtins), p.name, p.brand, p.category, p.vat_class,
                          f"{p.gross_price_cents / 100:.2f}".replace(".", ","), p.base_unit, p.net_content or "",
                          int(p.weighed), p.plu or "", 1])


def raw_insert(engine, path: Path) -> int:
    rows, gtins = [], []
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";")
    for n, r in enumerate(reader, start=1):
        rows.append({"id": n, "sku": r["sku"], "name": r["name"], "brand": r["brand"], "category": r["category"],
                     "gross_price_cents": int(r["price_eur"].replace(",", "")), "vat_class": r["vat_class"],
                     "base_unit": r["base_unit"], "net_content": int(r["net_content"]) if r["net_content"] else None,
                     "weighed": r["weighed"] == "1", "plu": r["plu"] or None, "active": True})
        gtins += [{"g": g.zfill(14), "p": n} for g in r["gtins"].split("|") if g]
    with engine.begin() as c:
        for i in range(0, len(rows), 10_000):
            c.execute(text("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class,"
                           " base_unit, net_content, weighed, plu, active) VALUES (:id, :sku, :name, :brand,"
                           " :category, :gross_price_cents, :vat_class, :base_unit, :net_content, :weighed, :plu,"
                           " :active)"), rows[i:i + 10_000])
        for i in range(0, len(gtins), 10_000):
            c.execute(text("INSERT INTO productgtin (gtin, product_id) VALUES (:g, :p)"), gtins[i:i + 10_000])
    return len(rows)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--products", type=int, default=1_000_000)
    p.add_argument("--pg", action="store_true", help="PostgreSQL on 127.0.0.1:5432 instead of SQLite files")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "products.csv"
        write_csv(csv_path, args.products)
        figures = {}
        for kind in ("raw", "import"):
            if args.pg:
                from tests.sync.conftest import postgres_database

                url, drop = postgres_database()
            else:
                url, drop = f"sqlite:///{Path(folder) / (kind + '.sqlite3')}", None
            engine = make_engine(url)
            create_schema(engine)
            started = time.perf_counter()
            if kind == "raw":
                count = raw_insert(engine, csv_path)
            else:
                report = import_products(engine, csv_path)
                count = report.imported
                figures["refused"] = len(report.refused)
            figures[kind] = (count, time.perf_counter() - started)
            engine.dispose()
            if drop:
                drop()
    raw_rate = figures["raw"][0] / figures["raw"][1]
    import_rate = figures["import"][0] / figures["import"][1]
    print(json.dumps({"backend": "postgresql" if args.pg else "sqlite", "products": args.products,
                      "imported": figures["import"][0], "refused": figures["refused"],
                      "import_s": round(figures["import"][1], 1), "raw_s": round(figures["raw"][1], 1),
                      "import_rows_per_s": round(import_rate), "raw_rows_per_s": round(raw_rate),
                      "ratio": round(import_rate / raw_rate, 2)}), flush=True)


if __name__ == "__main__":
    main()
