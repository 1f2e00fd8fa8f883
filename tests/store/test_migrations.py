"""A newer app upgrades an older replica in place, keeping open carts and unsynced sales."""

import json

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.sale_session import SaleSession
from app.store.db import make_engine, migrate, open_replica
from app.services.auth import hash_pin
from app.demo.replica import seed_demo
from app.store.models import OutboxEntry, Sale
from app.core.cash import CashCount
from app.services.till import open_till


def _current_revision(engine):
    with engine.connect() as c:
        return MigrationContext.configure(c).get_current_revision()


def test_upgrade_from_first_schema_keeps_carts_and_unsynced_sales(tmp_path):
    engine = make_engine(tmp_path / "old.sqlite3")
    migrate(engine, "0001")  # a replica as the very first release created it
    assert _current_revision(engine) == "0001"
    with engine.begin() as c:  # the first schema's catalog: no net content column yet
        c.exec_driver_sql("INSERT INTO location (id, name, kind, street, city, region, vat_id, settings)"
                          " VALUES ('1001', 'Markt', 'store', 'Str. 1', '10115 Berlin', 'Ost', 'DE1', '{}')")
        c.exec_driver_sql("INSERT INTO associate VALUES (1, 'Lena Schmidt', 'associate', ?, 1)",
                          (hash_pin("1234"),))
        c.exec_driver_sql("INSERT INTO setting VALUES ('store_id', '1001'), ('register_id', '1001-01')")
        c.exec_driver_sql("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class,"
                          " base_unit, weighed, active) VALUES (2, 'GE-2', 'Kräutertee', 'Quellgold', 'Getränke',"
                          " 229, 'A', 'Stk', 0, 1), (3, 'SW-3', 'Vollmilchschokolade', 'Süßwerk', 'Süßwaren',"
                          " 149, 'B', 'Stk', 0, 1)")
    cart_doc = {"cart": {"cart_id": "c" * 32, "basket_discount": None, "lines": [{
        "line_id": "l1", "product_id": 2, "sku": "x", "name": "Kräutertee", "vat_class": "A",
        "unit_price_cents": 229, "quantity": 2, "gtin": None, "weight_g": None,
        "embedded_amount_cents": None, "discount": None}]}, "tenders": []}
    with engine.begin() as c:
        ex = c.exec_driver_sql
        ex("INSERT INTO cart (id, status, associate_id, label, data, created_at, updated_at)"
           " VALUES (?, 'open', 1, '', ?, '2026-11-20 10:00:00', '2026-11-20 10:00:00')",
           ("c" * 32, json.dumps(cart_doc)))
        ex("INSERT INTO sale VALUES ('s1', 1, '1001-01', '1001', 1, '2026-11-20 09:00:00', '2026-11-20 09:01:00',"
           " 458, 0, 458, 42)")
        ex("INSERT INTO saleline (sale_id, position, product_id, sku, name, vat_class, unit_price_cents, quantity,"
           " gross_cents, discount_cents, total_cents) VALUES ('s1', 1, 2, 'x', 'Kräutertee', 'A', 229, 2, 458, 0, 458)")
        ex("INSERT INTO outboxentry VALUES ('o1', 1, 'sale.completed', 's1', '{\"sale_id\": \"s1\"}',"
           " '2026-11-20 09:01:00', NULL)")
        ex("INSERT INTO counter VALUES ('receipt_no', 1), ('outbox_seq', 1)")
    engine.dispose()

    engine = open_replica(tmp_path / "old.sqlite3")  # what the new app does at start
    assert _current_revision(engine) == "0020"
    with Session(engine) as s:
        assert s.exec(select(Sale)).one().total_cents == 458
        # the search index was rebuilt for the products already in the replica
        assert s.connection().exec_driver_sql(
            "SELECT count(*) FROM product_fts WHERE product_fts MATCH '\"schoko\"'").scalar_one() > 0
        assert s.exec(select(OutboxEntry)).one().sent_at is None
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator())
    lena = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
    open_till(ctx, lena, float_count=CashCount())  # the upgraded register opens its day like any other
    session = SaleSession(ctx, lena)
    assert session.cart.cart_id == "c" * 32 and session.cart.total_cents == 458
    session.pay_card(458)  # the new schema's card journal works on the upgraded replica
    assert session.complete().receipt_no == 2


def test_head_schema_matches_models(tmp_path):
    engine = open_replica(tmp_path / "r.sqlite3")
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), SQLModel.metadata)
    assert [d for d in diff if "product_fts" not in str(d)] == []


def test_downgrade_and_upgrade_again(tmp_path):
    engine = open_replica(tmp_path / "r.sqlite3")
    seed_demo(engine, products=100)
    from alembic import command
    from app.store.db import alembic_config
    command.downgrade(alembic_config(engine), "0001")
    migrate(engine)
    assert _current_revision(engine) == "0020"


def test_pragmas(tmp_path):
    engine = open_replica(tmp_path / "r.sqlite3")
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar_one() == 2  # FULL


def test_the_replica_and_its_wal_are_readable_by_this_user_only(tmp_path):
    """Issue 10, security 4: the replica was world-readable (0644); its PIN hashes could be copied."""
    import os
    import stat

    old_mask = os.umask(0o022)  # what a desktop session usually has
    try:
        path = tmp_path / "data" / "replica.sqlite3"
        engine = open_replica(path)
        seed_demo(engine, products=20)
        with engine.begin() as c:
            c.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('x', 'y')")
        files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
        assert all(f.exists() for f in files)
        assert {oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {oct(0o600)}
        engine.dispose()
        path.chmod(0o644)  # an older replica: protected when it is opened again
        open_replica(path).dispose()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old_mask)
