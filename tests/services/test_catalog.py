from sqlmodel import Session

from app.services.catalog import search_products
from tests.conftest import gtin_of


def search(engine, q):
    with Session(engine) as s:
        return search_products(s, query=q, location_id="1001")


def test_finds_inside_compound_words(engine):
    hits = search(engine, "schoko")
    assert hits and all("schoko" in h.product.name.lower() for h in hits)


def test_several_words_all_match(engine):
    hits = search(engine, "milch bio")
    text = [f"{h.product.name} {h.brand}".lower() for h in hits]
    assert text and all("milch" in t and "bio" in t for t in text)


def test_code_and_sku_first(engine):
    code = gtin_of(engine, 7)
    assert search(engine, code)[0].product.product_id == 7
    assert search(engine, "mo-0000007")[0].product.product_id == 7


def test_short_and_odd_queries(engine):
    assert search(engine, "") == []
    assert search(engine, "mi") == []  # fewer than three letters: no query yet
    assert search(engine, '"; DROP TABLE product; --') == []
    assert search(engine, "AND OR NOT") == []


def test_stock_includes_unsynced_sales(sale, engine):
    before = search(engine, gtin_of(engine, 7))[0].stock
    sale.scan(gtin_of(engine, 7))
    sale.scan(gtin_of(engine, 7))
    sale.pay_cash(10_000)
    sale.complete()
    assert search(engine, gtin_of(engine, 7))[0].stock == before - 2
