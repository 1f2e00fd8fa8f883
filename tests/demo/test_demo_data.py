"""The demo chain's data (sync/common/demo_data.py), in the register's replica and in the backend."""

from collections import Counter

import pytest
from sqlmodel import Session

from sync.common.demo_data import generate_products, parse_size
from sync.common.gtin import is_valid


def test_catalog_is_valid_and_varied():
    products = list(generate_products(2000))
    assert len({p.sku for p in products}) == 2000
    gtins = [g for p in products for g in p.gtins]
    assert len(gtins) == len(set(gtins)) and all(is_valid(g) for g in gtins)
    vat = Counter(p.vat_class for p in products)
    assert vat["A"] > 100 and vat["B"] > 100 and vat["C"] >= 1
    weighed = [p for p in products if p.weighed]
    assert weighed and all(p.plu and not p.gtins and p.base_unit == "kg" for p in weighed)
    assert any(len(p.gtins) > 1 for p in products)
    assert all(p.gross_price_cents > 0 for p in products)


@pytest.mark.parametrize("text,expected", [("500 g", (500, "kg")), ("1,5 l", (1500, "l")), ("200 ml", (200, "l")),
                                           ("1 kg", (1000, "kg")), ("8 Stk", (8, "Stk")), ("20 Beutel", (20, "Stk")),
                                           ("groß", None)])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


def test_deterministic():
    assert list(generate_products(50, seed=7)) == list(generate_products(50, seed=7))


def test_seeded_replica(engine):
    with Session(engine) as s:
        c = s.connection()
        assert c.exec_driver_sql("SELECT count(*) FROM product").scalar_one() == 1000
        assert c.exec_driver_sql("SELECT count(DISTINCT location_id) FROM stock").scalar_one() == 5
        assert c.exec_driver_sql("SELECT count(*) FROM product_fts WHERE product_fts MATCH 'milch'").scalar_one() > 0


def test_packs_carry_base_price_units():
    products = [p for p in generate_products(500) if not p.weighed and p.id > 1]
    assert {p.base_unit for p in products} == {"kg", "l", "Stk"}
    assert all(p.net_content and p.net_content > 0 for p in products)
    milk = next(p for p in products if "Vollmilch 3,5 % 1 l" in p.name)
    assert (milk.net_content, milk.base_unit) == (1000, "l")


def test_vat_follows_german_rules():
    """Food, coffee, tea and milk at 7 % (B); mineral water, juice, spritzers, soft drinks and beer at 19 % (A);
    drugstore and household goods at 19 %. The backend's seed uses the same generator."""
    reduced = ("tee", "kaffee", "milch", "joghurt", "brot", "käse", "reis", "spaghetti", "schokolade", "äpfel")
    standard = ("mineralwasser", "apfelschorle", "orangensaft", "pils", "cola", "duschgel", "spülmittel")
    products = [p for p in generate_products(2000) if p.id > 1]
    for p in products:
        name = p.name.lower()
        if any(word in name for word in standard):
            assert p.vat_class == "A", p.name
        elif any(word in name for word in reduced) or p.category in ("Molkereiprodukte", "Backwaren",
                                                                     "Obst & Gemüse", "Frischetheke"):
            assert p.vat_class == "B", p.name
    tea = [p for p in products if "tee" in p.name.lower()]
    assert tea and all(p.vat_class == "B" for p in tea)
    assert any("milchschokolade" in p.name.lower() for p in products)  # "milch" in a name is not a beverage


def test_backend_seed_has_the_same_vat(tmp_path):
    from sqlalchemy import text

    from sync.server.db import create_schema, make_engine
    from sync.server.seed import seed_backend

    engine = make_engine(f"sqlite:///{tmp_path / 'backend.sqlite3'}")
    create_schema(engine)
    seed_backend(engine, products=120, stock_locations=[])
    with engine.connect() as c:
        seeded = dict(c.execute(text("SELECT id, vat_class FROM product")).all())
    assert seeded == {p.id: p.vat_class for p in generate_products(120)}
    assert seeded[2] == "B"  # Kräutertee
    engine.dispose()
