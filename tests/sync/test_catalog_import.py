"""The chain's catalog from CSV (issue 13 §3): good rows imported, bad ones reported with their line and reason,
and what changed reaches a register with its next pull — through the admin command line, on SQLite and
PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from sync.erp_protocol import Refusal
from sync.server.catalog_import import import_products
from tests.sync.conftest import memory_keyring, sync_until  # noqa: F401 (fixture)

HEADER = "sku;gtins;name;brand;category;vat_class;price_eur;base_unit;net_content;weighed;plu;active\n"


def admin(backend, *args):
    return subprocess.run([sys.executable, "-m", "sync.server", "admin", "--db", backend.db_url, *args],
                          capture_output=True, text=True, timeout=120)


def test_products_and_stock_from_csv_reach_the_register(make_register, backend, memory_keyring, tmp_path):  # noqa: F811
    reg = make_register()
    with backend.engine.connect() as c:
        sku, old_price = c.execute(text("SELECT sku, gross_price_cents FROM product ORDER BY id LIMIT 1")).one()
    products = tmp_path / "products.csv"
    products.write_text(HEADER + "\n".join([
        "NEU-1;4006381333931|96385074;Hafermilch Barista 1 l;Tresen;Getränke;B;2,49;l;1000;0;;1",
        f"{sku};;Umbenannt;;;A;{(old_price + 100) / 100:.2f};Stk;1;nein;;ja",  # a known SKU: a new price
        "NEU-2;4006381333932;Prüfziffer falsch;;;A;1,00;Stk;1;0;;1",
        "NEU-3;;Unbekannte Klasse;;;D;1,00;Stk;1;0;;1",
        "NEU-4;;Negativer Preis;;;A;-1,00;Stk;1;0;;1",
        ";;Ohne SKU;;;A;1,00;Stk;1;0;;1",
    ]) + "\n", encoding="utf-8")
    done = admin(backend, "import-products", str(products))
    assert done.returncode == 3 and "2 Zeilen importiert, 4 abgewiesen" in done.stdout
    assert [line.split(":")[0] for line in done.stderr.splitlines()] == ["Zeile 4", "Zeile 5", "Zeile 6", "Zeile 7"]
    assert "Prüfziffer" in done.stderr and "USt-Klasse 'D'" in done.stderr and "negativ" in done.stderr

    stock = tmp_path / "stock.csv"
    stock.write_text("location;sku;quantity\n1001;NEU-1;24\n1001;GIBTSNICHT;5\n7777;NEU-1;1\n", encoding="utf-8")
    counted = admin(backend, "import-stock", str(stock))
    assert counted.returncode == 3 and "1 Zeilen importiert, 2 abgewiesen" in counted.stdout

    def seen() -> bool:
        with reg.replica.connect() as c:
            new = c.execute(text("SELECT p.gross_price_cents, s.quantity FROM product p JOIN productgtin g ON"
                                 " g.product_id = p.id LEFT JOIN stock s ON s.product_id = p.id AND"
                                 " s.location_id = '1001' WHERE g.gtin = '00000096385074'")).first()
            renamed = c.execute(text("SELECT name, gross_price_cents FROM product WHERE sku = :s"), {"s": sku}).one()
        return new == (249, 24) and renamed == ("Umbenannt", old_price + 100)

    sync_until(reg, seen)  # the next pull brings the new product, its stock and the new price
    reg.sale.scan("4006381333931")  # and it sells
    assert reg.sale.cart.lines[-1].unit_price_cents == 249

    missing = admin(backend, "import-products", str(tmp_path / "nichts.csv"))
    assert missing.returncode == 2 and "Nicht importiert" in missing.stderr


@pytest.mark.parametrize("batch_rows", [1, 10_000])  # each row its own batch, or all in one
def test_a_gtin_changes_hands_within_one_import(backend, batch_rows):
    with backend.engine.connect() as c:
        (a, a_gtin), (b, b_gtin) = c.execute(text(
            "SELECT p.sku, min(g.gtin) FROM product p JOIN productgtin g ON g.product_id = p.id"
            " GROUP BY p.sku ORDER BY p.sku LIMIT 2")).all()
    row = {"gtins": "", "name": "Neu", "brand": "", "category": "", "vat_class": "A", "price_eur": "1,00",
           "base_unit": "Stk", "net_content": "1", "weighed": "0", "plu": "", "active": "1"}
    report = import_products(backend.engine, [
        (1, {**row, "sku": "NEU-1", "gtins": a_gtin}),  # still a's: refused
        (2, {**row, "sku": a, "gtins": ""}),  # a gives its GTINs up
        (3, {**row, "sku": "NEU-1", "gtins": a_gtin}),  # and the new product takes one
        (4, {**row, "sku": "NEU-2", "gtins": b_gtin}),  # b's: refused
        (5, {**row, "sku": b, "gtins": b_gtin}),  # b keeps its own
    ], batch_rows=batch_rows)
    assert report.imported == 3
    assert [(line, r.code, r.params["sku"]) for line, r in report.refused] == [
        (1, Refusal.GTIN_TAKEN, a), (4, Refusal.GTIN_TAKEN, b)]
    with backend.engine.connect() as c:
        owners = dict(c.execute(text("SELECT g.gtin, p.sku FROM productgtin g JOIN product p ON p.id = g.product_id"
                                     " WHERE p.sku IN (:a, :b, 'NEU-1')"), {"a": a, "b": b}).all())
    assert owners == {a_gtin: "NEU-1", b_gtin: b}


def test_an_excel_csv_in_windows_1252_imports_and_commas_are_named(backend, tmp_path):
    """German Excel saves CSV as Windows-1252 (a raw decoding error before); a file with commas between the
    columns says that the semicolon is expected instead of listing every column as missing."""
    excel = tmp_path / "excel.csv"
    excel.write_bytes((HEADER + "EX-1;;Käsebrötchen;Bäckerei Müller;Backwaren;B;1,29;Stk;1;0;;1\n").encode("cp1252"))
    done = admin(backend, "import-products", str(excel))
    assert done.returncode == 0, done.stderr
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT name, brand FROM product WHERE sku = 'EX-1'")).one() == (
            "Käsebrötchen", "Bäckerei Müller")
    commas = tmp_path / "commas.csv"
    commas.write_text(HEADER.replace(";", ",") + "EX-2,,Brot,,,B,1.00,Stk,1,0,,1\n", encoding="utf-8")
    done = admin(backend, "import-products", str(commas))
    assert done.returncode == 2 and "Semikolon (;)" in done.stderr and "Spalten fehlen" not in done.stderr
