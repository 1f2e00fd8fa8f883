"""Customer data on registers: a register holds only the orders to be collected in its own store, with
the customer's name to compare with an ID and nothing more; every other order (delivered, or collected
elsewhere) is looked up online. Against the real backend on SQLite and PostgreSQL."""

from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.services import delivery, pickup
from app.services.auth import AssociateSession, Role
from app.services.return_sources import ReturnError, find_order, find_orders_by_email
from app.services.returns import record_return, returnable
from sync.server.db import create_schema, record_change
from sync.server.orders import order_data
from tests.conftest import gtin_of, piece_product_ids
from tests.sync.conftest import SHOP_KEY, sync_until
from tests.sync.test_backend_migrations import as_before_alembic

LENA = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
KARLA = "karla.abholung@example.org"  # collects in 1001
OLE = "ole.hamburg@example.org"  # collects in 1002
MIA = "mia.lieferung@example.org"  # has her orders delivered


def shop_order(backend, order_no: str, email: str, *, name: str = "Karla Yilmaz", store: str | None = None,
               lines: dict[int, int] | None = None) -> dict:
    """An order through the web shop's API; `store`: collected there, else delivered."""
    body = {"order_no": order_no, "customer_email": email, "customer_name": name,
            "lines": [{"product_id": p, "quantity": q} for p, q in (lines or {2: 1}).items()]}
    if store:
        body |= {"fulfilment": "pickup", "pickup_store_id": store}
    r = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json=body)
    assert r.status_code == 201, r.text
    return r.json()


def replica_orders(reg) -> set[str]:
    with reg.replica.connect() as c:
        return {r[0] for r in c.exec_driver_sql("SELECT order_no FROM onlineorder")}


def columns_containing(reg, needle: str) -> list[str]:
    """Every table.column of the replica where a value contains `needle` (any case)."""
    found = []
    with reg.replica.connect() as c:
        for (table,) in c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").all():
            for column in [r[1] for r in c.exec_driver_sql(f'PRAGMA table_info("{table}")')]:
                if c.exec_driver_sql(f'SELECT 1 FROM "{table}" WHERE CAST("{column}" AS TEXT) LIKE ? LIMIT 1',
                                     (f"%{needle}%",)).first():
                    found.append(f"{table}.{column}")
    return found


def replica_bytes(reg) -> bytes:
    """The replica as it lies on disk: the database file and its write-ahead log."""
    path = Path(reg.replica.url.database)
    return b"".join(p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists())


def backend_count(backend, sql: str) -> int:
    with backend.engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def test_a_register_holds_its_stores_pickup_orders_with_the_name_and_no_e_mail(make_register, backend):
    shop_order(backend, "WEB-8001", KARLA, store="1001")
    shop_order(backend, "WEB-8002", OLE, name="Ole Hansen", store="1002")
    shop_order(backend, "WEB-8003", MIA, name="Mia Koch")
    reg = make_register("1001")
    [pid] = piece_product_ids(reg.replica, 1)
    reg.sale.scan(gtin_of(reg.replica, pid))  # and an order for delivery placed at this very counter
    reg.sale.set_links(delivery=delivery.prepare(reg.sale.ctx, ship_from="9000", customer_name="Paula Schröder",
                                                 address="Lindenstraße 12, 10969 Berlin",
                                                 customer_email="paula@example.org"))
    reg.sale.pay_cash(reg.sale.remaining_cents)
    reg.sale.complete()
    sync_until(reg, lambda: backend_count(backend, "SELECT count(*) FROM onlineorder WHERE origin = 'counter'") == 1)
    shop_order(backend, "WEB-8009", KARLA, store="1001")  # the feed is ordered: once this is here, so is all before
    sync_until(reg, lambda: "WEB-8009" in replica_orders(reg))

    assert replica_orders(reg) == {"WEB-8001", "WEB-8009"}
    with reg.replica.connect() as c:
        email, data = c.exec_driver_sql("SELECT customer_email, data FROM onlineorder WHERE order_no = 'WEB-8001'"
                                        ).one()
    assert email == "" and '"Karla Yilmaz"' in data  # the name, shown to compare with an ID
    on_disk = replica_bytes(reg)
    for secret in (KARLA, OLE, MIA, "Ole Hansen"):
        assert columns_containing(reg, secret) == [], secret
        assert secret.encode() not in on_disk, secret
    # Mia's order for delivery ships from a store (sync/server/shipping.py): only that store's registers hold her
    # name (and address) for the parcel's label
    with backend.engine.connect() as c:
        ships_from = c.execute(text("SELECT s.location_id FROM shipment s JOIN onlineorder o ON o.id = s.order_id"
                                    " WHERE o.order_no = 'WEB-8003'")).scalar_one()
    assert columns_containing(reg, "Mia Koch") == (["shipment.data"] if ships_from == "1001" else [])
    # the counter's own order: its e-mail and address are only in the operation that sent them to the backend
    assert columns_containing(reg, "paula@example.org") == ["outboxentry.payload"]
    assert replica_orders(reg).isdisjoint({"LF-1001-01-00001"})
    with backend.engine.connect() as c:  # the feed: scoped to the pickup store, without e-mail; no deliveries
        feed = c.execute(text("SELECT store_id, CAST(data AS TEXT) FROM change WHERE kind = 'order'")).all()
    assert sorted(store for store, _ in feed) == ["1001", "1001", "1002"]
    assert not any("@" in data for _, data in feed)


def test_pickup_at_the_counter_by_number_or_name(make_register, backend):
    reg = make_register("1001")
    ctx = reg.sale.ctx
    [pid] = piece_product_ids(reg.replica, 1)
    order = shop_order(backend, "WEB-8101", KARLA, store="1001", lines={pid: 2})
    sync_until(reg, lambda: "WEB-8101" in replica_orders(reg))
    [found] = pickup.pickup_orders(ctx, query="yilmaz")
    assert found.order_no == "WEB-8101" and found.customer_name == "Karla Yilmaz"
    assert pickup.pickup_orders(ctx, query="8101") == [found]
    assert pickup.pickup_orders(ctx, query="karla.abholung") == []  # the counter knows no e-mail
    pickup.hand_out(ctx, LENA, order_id=order["id"], quantities={pid: 2}, identity_checked=True)
    assert pickup.pickup_orders(ctx) == []
    sync_until(reg, lambda: backend_count(backend, "SELECT count(*) FROM collectionline") == 1 and not
               pickup.pickup_orders(ctx, include_collected=True)[0].open_items)
    assert columns_containing(reg, KARLA) == []


def test_other_orders_are_looked_up_online_for_a_return(make_register, backend):
    web = shop_order(backend, "WEB-8201", MIA, name="Mia Koch", lines={2: 2})
    shop_order(backend, "WEB-8202", MIA, name="Mia Koch", store="1002", lines={3: 1})
    reg = make_register("1001")
    ctx = reg.sale.ctx
    with pytest.raises(ReturnError, match="nur mit Verbindung"):
        find_order(ctx, order_no="WEB-8201")  # not in this register, and no link to ask
    source = find_order(ctx, order_no="web-8201", client=reg.client)
    assert (source.id, source.label, source.customer_name) == (web["id"], "Bestellung WEB-8201", "Mia Koch")
    assert source.paid_online and [(l.product_id, l.sold) for l in source.lines] == [(2, 2)]
    by_mail = find_orders_by_email(ctx, email=" Mia.Lieferung@example.org", client=reg.client)
    assert {s.label for s in by_mail} == {"Bestellung WEB-8201", "Bestellung WEB-8202"}
    with pytest.raises(ReturnError, match="nur mit Verbindung"):
        find_orders_by_email(ctx, email=MIA)
    with pytest.raises(ReturnError, match="nicht bekannt"):
        find_order(ctx, order_no="WEB-9999", client=reg.client)

    record_return(ctx, LENA, source=source, quantities={2: 1})
    assert {l.product_id: l.returnable for l in returnable(ctx, source)} == {2: 1}  # its own return counts
    reg.sync.sync_once()
    again = find_order(ctx, order_no="WEB-8201", client=reg.client)
    assert len(again.return_ids) == 1 and {l.product_id: l.returnable for l in returnable(ctx, again)} == {2: 1}
    assert replica_orders(reg) == set() and columns_containing(reg, MIA) == []
    backend.stop()  # the link drops: a clear message, nothing found
    with pytest.raises(ReturnError, match="Zentrale ist nicht erreichbar"):
        find_order(ctx, order_no="WEB-8201", client=reg.client)
    with pytest.raises(ReturnError, match="Zentrale ist nicht erreichbar"):
        find_orders_by_email(ctx, email=MIA, client=reg.client)


def test_an_older_replica_forgets_other_orders_and_e_mails_at_its_next_pull(make_register, backend):
    from sync.client.orders import ORDERS_SCOPED_KEY  # the replica's mark that it was cleaned

    ours = shop_order(backend, "WEB-8301", KARLA, store="1001")
    reg = make_register("1001")
    sync_until(reg, lambda: "WEB-8301" in replica_orders(reg))
    with reg.replica.begin() as c:  # as the previous version left it: every order, each with the e-mail
        c.exec_driver_sql("UPDATE onlineorder SET customer_email = ?, data = json_set(data, '$.customer_email', ?)",
                          (KARLA, KARLA))
        for no, mail, store in (("WEB-8302", MIA, None), ("WEB-8303", OLE, "1002")):
            data = ('{"id": "%s", "order_no": "%s", "customer_email": "%s", "customer_name": "X", "paid_online": true,'
                    ' "total_cents": 100, "fulfilment": "%s", "pickup_store_id": %s, "lines": []}'
                    % (no.lower(), no, mail, "pickup" if store else "delivery", f'"{store}"' if store else "null"))
            c.exec_driver_sql("INSERT INTO onlineorder (id, order_no, customer_email, paid_online, total_cents, data,"
                              " pickup_store_id, pickup_open) VALUES (?, ?, ?, 1, 100, ?, ?, ?)",
                              (no.lower(), no, mail, data, store, store is not None))
        c.exec_driver_sql("DELETE FROM setting WHERE key = ?", (ORDERS_SCOPED_KEY,))
    reg.sync.sync_once()
    assert replica_orders(reg) == {"WEB-8301"}
    for secret in (KARLA, OLE, MIA):
        assert columns_containing(reg, secret) == [], secret
    [still] = pickup.pickup_orders(reg.sale.ctx)
    assert still.id == ours["id"] and still.customer_name == "Karla Yilmaz"


def test_the_backend_rescopes_an_older_feed_when_it_starts(make_register, backend):
    orders = [shop_order(backend, "WEB-8401", KARLA, store="1001"), shop_order(backend, "WEB-8402", MIA),
              shop_order(backend, "WEB-8403", OLE, store="1002")]
    with Session(backend.engine) as s:  # as the previous version wrote them: for every register, with e-mail
        for o in orders:
            record_change(s, kind="order", key=o["id"], data=order_data(s.connection(), o["id"]))
        s.commit()
    as_before_alembic(backend.engine)  # that version came before Alembic
    create_schema(backend.engine)  # the backend starts again
    reg = make_register("1001")
    sync_until(reg, lambda: "WEB-8401" in replica_orders(reg))
    assert replica_orders(reg) == {"WEB-8401"}
    on_disk = replica_bytes(reg)
    for secret in (KARLA, OLE, MIA):
        assert secret.encode() not in on_disk, secret
    with backend.engine.connect() as c:
        feed = c.execute(text("SELECT store_id, CAST(data AS TEXT) FROM change WHERE kind = 'order'")).all()
    assert sorted(store for store, _ in feed) == ["1001", "1002"] and not any("@" in data for _, data in feed)
