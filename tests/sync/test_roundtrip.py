"""A register and the real backend: enroll, bootstrap, sell, push, pull."""

import pytest
from sqlalchemy import text

from sync.client.http import BackendClient, BackendRejected
from tests.conftest import gtin_of


def backend_count(backend, sql, **params):
    with backend.engine.connect() as c:
        return c.execute(text(sql), params).scalar_one()


def test_enroll_and_bootstrap(make_register, backend, memory_keyring):
    reg = make_register()
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM product").scalar_one() == 200
        # its own store's stock and the warehouse's: other stores' are not in its feed (looked up online)
        assert {r[0] for r in c.exec_driver_sql("SELECT DISTINCT location_id FROM stock")} == {"1001", "9000"}
        assert c.exec_driver_sql("SELECT value FROM setting WHERE key='register_id'").scalar_one() == "1001-01"
    token = memory_keyring.get_password("Tresen register", "1001-01")
    assert token and reg.tokens.get() == token
    assert token.encode() not in (reg.replica.url.database and open(reg.replica.url.database, "rb").read())


def test_sale_is_recorded_once_and_stock_follows(make_register, backend):
    reg = make_register()
    code = gtin_of(reg.replica, 2)
    before = backend_count(backend, "SELECT quantity FROM stock WHERE location_id='1001' AND product_id=2")
    reg.sell(code, code)
    report = reg.sync.sync_once()
    assert report.pushed == 2 and report.rejected == 0  # the sale and its fiscal journal entry
    assert backend_count(backend, "SELECT count(*) FROM sale") == 1
    assert backend_count(backend, "SELECT quantity FROM stock WHERE location_id='1001' AND product_id=2") == before - 2
    with reg.replica.connect() as c:  # the replica shows the backend's count, the movement counted once
        assert c.exec_driver_sql("SELECT quantity FROM stock WHERE location_id='1001' AND product_id=2"
                                 ).scalar_one() == before - 2
        assert c.exec_driver_sql("SELECT count(*) FROM stockmovement WHERE NOT synced").scalar_one() == 0
    again = reg.sync.sync_once()  # nothing left to send
    assert again.pushed == 0 and reg.sync.pending_count() == 0


def test_replayed_push_applies_nothing_twice(make_register, backend):
    reg = make_register()
    reg.sell(gtin_of(reg.replica, 3))
    with reg.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed'").one()
    from sync.protocol import Operation
    import json
    op = Operation(id=row[0], seq=row[1], op=row[2], payload=json.loads(row[3]))
    first = reg.client.push([op]).results[0]
    second = reg.client.push([op]).results[0]
    assert first == second and first.status == "applied"
    assert backend_count(backend, "SELECT count(*) FROM sale") == 1
    assert backend_count(backend, "SELECT count(*) FROM stockmovement") == 1


def test_register_writes_only_for_its_own_store(make_register, backend):
    reg = make_register("1001")
    other = make_register("1002")
    code = gtin_of(reg.replica, 2)
    reg.sell(code)
    with reg.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed'").one()
    from sync.protocol import Operation
    import json
    stolen = Operation(id="f" * 32, seq=1, op=row[2], payload=json.loads(row[3]))
    result = other.client.push([stolen]).results[0]
    assert result.status == "rejected" and "may only write for store 1002" in result.reason
    assert backend_count(backend, "SELECT count(*) FROM sale") == 0


def test_requests_need_a_valid_token(backend):
    anonymous = BackendClient(backend.url, token=lambda: "not-a-token")
    with pytest.raises(BackendRejected) as exc:
        anonymous.pull(cursor=None)
    assert exc.value.status == 401
    anonymous.close()


def test_enrollment_secret_works_once(make_register, backend):
    from sync.server.enrollment import add_enrollment_secrets
    add_enrollment_secrets(backend.engine, {"einmal-geheim": "1001-07"})
    client = BackendClient(backend.url)
    client.enroll(store_id="1001", secret="einmal-geheim", register_no=7)
    for number in (7, 8):  # used: neither again nor for another register
        with pytest.raises(BackendRejected) as exc:
            client.enroll(store_id="1001", secret="einmal-geheim", register_no=number)
        assert exc.value.status == 403
    client.close()


def test_an_entity_changed_twice_in_a_row_reaches_the_register(make_register, backend):
    """The newest feed row is replaced when its entity changes again; its new id must be larger."""
    from sqlmodel import Session
    from sync.server.db import record_change
    from tests.sync.conftest import sync_until
    reg = make_register()
    for price in (111, 222):
        with Session(backend.engine) as s:
            record_change(s, kind="location", key="1001", data={
                "id": "1001", "name": f"Markt {price}", "kind": "store", "street": "", "city": "", "region": "",
                "vat_id": "DE1", "settings": {}})
            s.commit()

        def name():
            with reg.replica.connect() as c:
                return c.exec_driver_sql("SELECT name FROM location WHERE id = '1001'").scalar_one()

        sync_until(reg, lambda: name() == f"Markt {price}")


def test_a_sale_id_recorded_for_another_register_is_rejected_and_flagged(make_register, backend):
    """Issue 10.7: the second register's sale was answered 'applied' and silently dropped."""
    import json

    from sync.protocol import Operation

    first, second = make_register("1001", 1), make_register("1001", 2)
    first.sell(gtin_of(first.replica, 3))
    first.sync.sync_once()
    with first.replica.connect() as c:
        taken = json.loads(c.exec_driver_sql("SELECT payload FROM outboxentry WHERE op = 'sale.completed'").scalar_one())["sale_id"]
    second.sell(gtin_of(second.replica, 2))
    with second.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed'").one()
    payload = {**json.loads(row[3]), "sale_id": taken}  # a buggy or copied register reuses the id
    result = second.client.push([Operation(id=row[0], seq=row[1], op=row[2], payload=payload)]).results[0]
    assert result.status == "rejected" and "1001-01" in result.reason
    assert backend_count(backend, "SELECT count(*) FROM sale") == 1
    with backend.engine.connect() as c:
        kind, store, details = c.execute(text("SELECT kind, store_id, details FROM conflict")).one()
    details = json.loads(details) if isinstance(details, str) else details
    assert (kind, store, details["recorded_for"], details["sent_by"]) == ("id_clash", "1001", "1001-01", "1001-02")
    again = second.client.push([Operation(id=row[0], seq=row[1], op=row[2], payload=payload)]).results[0]
    assert again == result  # a retry gets the same answer, and no second conflict
    assert backend_count(backend, "SELECT count(*) FROM conflict") == 1
