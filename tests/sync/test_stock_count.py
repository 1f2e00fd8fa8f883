"""Counting stock (reason `inventory`, op `stock.counted`): manager only, one transaction with its outbox
entry, synced like any movement, and it resolves or updates the negative-stock conflict. Real backend."""

import json

import pytest
from sqlalchemy import text

from app.services import inventory
from app.services.auth import AssociateSession, AuthError, Role
from tests.sync.test_negative_stock import conflicts, sell, stock_of
from tests.conftest import piece_product_ids
from tests.sync.conftest import sync_until

LENA = AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)
JONAS = AssociateSession(3, "Jonas Weber", Role.MANAGER)


def replica_count(reg, pid) -> int:
    with reg.replica.connect() as c:
        return c.exec_driver_sql(
            "SELECT (SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = ?)"
            " + COALESCE((SELECT SUM(delta) FROM stockmovement WHERE location_id = '1001' AND product_id = ?"
            " AND NOT synced), 0)", (pid, pid)).scalar_one()


def outbox(reg) -> list[tuple[str, dict]]:
    with reg.replica.connect() as c:
        return [(op, json.loads(p)) for op, p in c.exec_driver_sql(
            "SELECT op, payload FROM outboxentry WHERE status = 'pending' ORDER BY seq")]


def test_a_count_corrects_the_stock_everywhere_and_resolves_the_negative_stock_conflict(make_register, backend):
    reg = make_register()
    pid = piece_product_ids(reg.replica, 1)[0]
    sell(reg, pid, stock_of(backend, "1001", pid) + 3)
    reg.sync.sync_once()
    [(_, status, _)] = conflicts(backend, pid)
    assert status == "open" and replica_count(reg, pid) == -3
    count = inventory.count_stock(reg.sale.ctx, JONAS, product_id=pid, counted=5)
    assert (count.before, count.delta, count.approved_by) == (-3, 8, None)
    assert replica_count(reg, pid) == 5  # at once, offline too
    op, payload = outbox(reg)[-1]
    assert op == "stock.counted" and payload["delta"] == 8 and payload["counted"] == 5
    assert payload["movement_id"] == count.movement_id and payload["associate_id"] == 3
    report = reg.sync.sync_once()
    assert report.rejected == 0 and report.conflicts == 0
    assert stock_of(backend, "1001", pid) == 5
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT reason, delta, register_id FROM stockmovement WHERE id = :i"),
                         {"i": count.movement_id}).one() == ("inventory", 8, "1001-01")
    [(_, status, details)] = conflicts(backend, pid)
    assert status == "resolved" and details["count"]["counted"] == 5

    def came_back():  # the backend's count and the conflict's end (PostgreSQL: maybe a round later)
        with reg.replica.connect() as c:
            return (c.exec_driver_sql("SELECT count(*) FROM stockmovement WHERE NOT synced").scalar_one() == 0
                    and c.exec_driver_sql("SELECT status FROM conflict").scalar_one() == "resolved")

    sync_until(reg, came_back)
    assert replica_count(reg, pid) == 5
    reg.sync.sync_once()  # replayed or not: counted once
    assert stock_of(backend, "1001", pid) == 5


def test_a_count_that_sales_elsewhere_outran_updates_the_conflict(make_register, backend):
    first, second = make_register("1001", 1), make_register("1001", 2)
    pid = piece_product_ids(first.replica, 1)[0]
    sell(first, pid, stock_of(backend, "1001", pid) + 3)
    first.sync.sync_once()  # -3, flagged
    sell(second, pid, 4)  # the other register sold four more, not yet pushed
    inventory.count_stock(first.sale.ctx, JONAS, product_id=pid, counted=2)  # +5 as the first register sees it
    second.sync.sync_once()  # -7
    first.sync.sync_once()  # -7 + 5
    assert stock_of(backend, "1001", pid) == -2
    [(_, status, details)] = conflicts(backend, pid)
    assert status == "open" and details["shortfall"] == 2 and details["count"]["counted"] == 2


def test_only_a_manager_counts_an_associate_needs_the_managers_pin(make_register, backend):
    reg = make_register()
    pid = piece_product_ids(reg.replica, 1)[0]
    before = replica_count(reg, pid)
    with pytest.raises(inventory.CountApprovalNeeded):
        inventory.count_stock(reg.sale.ctx, LENA, product_id=pid, counted=1)
    with pytest.raises(AuthError, match="Marktleiter-PIN"):
        inventory.count_stock(reg.sale.ctx, LENA, product_id=pid, counted=1, approver_pin="1234")  # her own
    with pytest.raises(inventory.CountError):
        inventory.count_stock(reg.sale.ctx, JONAS, product_id=pid, counted=-1)
    assert outbox(reg) == [] and replica_count(reg, pid) == before  # nothing written
    count = inventory.count_stock(reg.sale.ctx, LENA, product_id=pid, counted=before + 2, approver_pin="987654")
    assert count.approved_by == 3 and outbox(reg)[-1][1]["approved_by"] == 3
    reg.sync.sync_once()
    assert stock_of(backend, "1001", pid) == before + 2


def test_the_movement_and_its_outbox_entry_are_one_transaction(make_register, monkeypatch):
    reg = make_register()
    pid = piece_product_ids(reg.replica, 1)[0]

    def broken(*_a, **_kw):
        raise OSError("disk full")

    monkeypatch.setattr(inventory, "add_outbox", broken)
    with pytest.raises(OSError):
        inventory.count_stock(reg.sale.ctx, JONAS, product_id=pid, counted=7)
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM stockmovement WHERE reason = 'inventory'").scalar_one() == 0
