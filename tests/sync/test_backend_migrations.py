"""The backend's schema under Alembic (sync/server/migrations), on SQLite and PostgreSQL: a database the backend
made before Alembic upgrades in place with its rows, and the migrations end exactly where the models are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from sync.server.db import BASELINE, MIGRATIONS_DIR, alembic_config, create_schema, make_engine
from sync.server.models import ServerModel
from tests.sync.conftest import backend_database

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path):
    url, drop = backend_database(request.param, tmp_path)
    engine = make_engine(url)
    yield engine
    engine.dispose()
    if drop:
        drop()


def load_pre_alembic_schema(engine) -> None:
    """The schema exactly as the backend at commit 521800f made it: a dump made by that code, not by this one."""
    sql = (FIXTURES / f"backend-521800f.{engine.dialect.name}.sql").read_text(encoding="utf-8")
    loader = create_engine(engine.url, poolclass=NullPool)  # the dump's session settings die with its connection
    raw = loader.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            raw.driver_connection.executescript(sql)
        else:
            with raw.cursor() as cur:
                cur.execute(sql)
        raw.commit()
    finally:
        raw.close()
        loader.dispose()


def as_before_alembic(engine) -> None:
    """A database at head made into what the backend before Alembic left: the baseline's schema, no version."""
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), BASELINE)
    with engine.begin() as c:
        c.execute(text("DROP TABLE alembic_version"))


def differences(engine) -> list:
    """What Alembic finds between the database and the models (nothing, when the migrations are complete)."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), ServerModel.metadata)


def head() -> str:
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def version(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_a_new_database_is_migrated_to_the_models(engine):
    create_schema(engine)
    assert version(engine) == head()
    assert differences(engine) == []
    create_schema(engine)  # the next start: nothing to do
    assert version(engine) == head()


def test_a_database_from_before_alembic_upgrades_in_place(engine):
    load_pre_alembic_schema(engine)
    order = {"id": "o1", "order_no": "WEB-1", "fulfilment": "pickup", "pickup_store_id": "1001"}
    with engine.begin() as c:  # what such a backend held: a store, a product with its stock, a sale, the feed
        c.execute(text("INSERT INTO location (id, name, kind, street, city, region, vat_id, settings)"
                       " VALUES ('1001', 'Berlin-Mitte', 'store', '', '', '', '', '{}')"))
        c.execute(text("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit,"
                       " net_content, weighed, plu, active) VALUES (7, 'MO-7', 'Vollmilch', '', '', 129, 'B', 'l',"
                       " 1000, false, NULL, true)"))
        c.execute(text("INSERT INTO productgtin (gtin, product_id) VALUES ('04000000000079', 7)"))
        c.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES ('1001', 7, 12)"))
        c.execute(text("INSERT INTO sale (id, register_id, store_id, receipt_no, total_cents, ended_at, payload,"
                       " customer_id) VALUES ('s1', '1001-01', '1001', 3000000000, 129, '2026-11-30T10:00:00Z',"
                       " :payload, NULL)"), {"payload": json.dumps({"lines": [{"product_id": 7}]})})
        c.execute(text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (0, 'product', '7', NULL, :d)"),
                  {"d": json.dumps({"id": 7, "sku": "MO-7"})})
        # stock went to every register's feed then; a warehouse's still does, a store's only to that store (0008)
        c.execute(text("INSERT INTO location (id, name, kind, street, city, region, vat_id, settings)"
                       " VALUES ('9000', 'Zentrallager', 'warehouse', '', '', '', '', '{}')"))
        for key, txid in (("1001:7", None if engine.dialect.name == "sqlite" else 5), ("9000:7", 0)):
            c.execute(text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (:t, 'stock', :k, NULL, '{}')"),
                      {"t": txid, "k": key})
        c.execute(text("INSERT INTO onlineorder (id, order_no, customer_email, customer_name, origin, address,"
                       " paid_online, fulfilment, pickup_store_id, total_cents, created_at) VALUES ('o1', 'WEB-1',"
                       " 'kundin@example.org', 'Karla', 'web', '', true, 'pickup', '1001', 0, :t)"),
                  {"t": "2026-11-30 10:00:00+00"})
        c.execute(text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (0, 'order', 'o1', NULL, :d)"),
                  {"d": json.dumps({**order, "customer_email": "kundin@example.org"})})

    create_schema(engine)

    assert version(engine) == head()
    assert differences(engine) == []
    with engine.connect() as c:
        assert c.execute(text("SELECT name, gross_price_cents FROM product")).all() == [("Vollmilch", 129)]
        assert c.execute(text("SELECT quantity FROM stock WHERE product_id = 7")).scalar_one() == 12
        assert c.execute(text("SELECT receipt_no FROM sale WHERE id = 's1'")).scalar_one() == 3000000000
        assert c.execute(text("SELECT data FROM change WHERE kind = 'product'")).scalar_one() is not None
        stock_feed = dict(c.execute(text("SELECT key, store_id FROM change WHERE kind = 'stock'")).all())
        assert stock_feed == {"1001:7": "1001", "9000:7": None}
        if engine.dialect.name == "sqlite":  # one writer: every row's txid is 0, the ids order the feed
            assert c.execute(text("SELECT count(*) FROM change WHERE txid IS NULL OR txid != 0")).scalar_one() == 0
        # the version before put orders in every register's feed, with the e-mail: rescoped as before Alembic
        store, data = c.execute(text("SELECT store_id, CAST(data AS TEXT) FROM change WHERE kind = 'order'")).one()
    assert store == "1001" and "kundin@example.org" not in data
