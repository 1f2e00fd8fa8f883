"""The fiscal journal reaches the backend like any operation; the backend re-computes every hash and
checks every link: an entry edited on the register, or one missing, is a conflict for IT (issue 11, 4).
Real backend, SQLite and PostgreSQL."""

import json

from sqlalchemy import text

from tests.conftest import gtin_of


def backend_journal(backend, register_id="1001-01"):
    with backend.engine.connect() as c:
        return c.execute(text("SELECT seq, kind, verified FROM fiscaljournal WHERE register_id = :r ORDER BY seq"),
                         {"r": register_id}).all()


def conflicts(backend, kind):
    with backend.engine.connect() as c:
        return [json.loads(d) if isinstance(d, str) else d for (d,) in c.execute(
            text("SELECT details FROM conflict WHERE kind = :k ORDER BY id"), {"k": kind})]


def test_the_backend_verifies_each_registers_chain(make_register, backend):
    reg = make_register()
    for pid in (2, 3, 4):
        reg.sell(gtin_of(reg.replica, pid))
    assert reg.sync.sync_once().conflicts == 0
    # The TSE's self-test, time sync and the master data at start, then the three sales.
    assert backend_journal(backend) == [(1, "tse_self_test", True), (2, "tse_time_sync", True),
                                        (3, "master_data", True), (4, "sale", True), (5, "sale", True),
                                        (6, "sale", True)]


def test_an_entry_edited_on_the_register_is_a_conflict_for_it(make_register, backend):
    reg = make_register()
    for pid in (2, 3):
        reg.sell(gtin_of(reg.replica, pid))
    with reg.replica.begin() as c:  # the queued copy is what leaves the register: lower its total
        payload = json.loads(c.exec_driver_sql("SELECT payload FROM outboxentry WHERE op = 'fiscal.event'"
                                               " AND json_extract(payload, '$.seq') = 4").scalar_one())
        assert payload["kind"] == "sale"
        payload["data"]["total_cents"] = 1
        c.exec_driver_sql("UPDATE outboxentry SET payload = ? WHERE op = 'fiscal.event' AND json_extract(payload,"
                          " '$.seq') = 4", (json.dumps(payload),))
    assert reg.sync.sync_once().conflicts == 1
    [broken] = conflicts(backend, "journal_broken")
    assert broken["seq"] == 4 and "does not match its hash" in broken["problems"][0]
    assert [(s, v) for s, _, v in backend_journal(backend)] == [(1, True), (2, True), (3, True), (4, False),
                                                                 (5, True)]


def test_an_entry_that_never_arrives_is_a_gap(make_register, backend):
    reg = make_register()
    for pid in (2, 3, 4):
        reg.sell(gtin_of(reg.replica, pid))
    with reg.replica.begin() as c:  # entry 5 (the second sale) never leaves the register
        c.exec_driver_sql("UPDATE outboxentry SET sent_at = CURRENT_TIMESTAMP, status = 'applied'"
                          " WHERE op = 'fiscal.event' AND json_extract(payload, '$.seq') = 5")
    reg.sync.sync_once()
    [gap] = conflicts(backend, "journal_gap")
    assert gap["seq"] == 6 and gap["missing"] == 5


def test_receipt_numbers_only_the_journal_knows_are_continued_by_a_replaced_pc(make_register, backend):
    """Training receipts and cash movements are numbered in the register's receipt series but are not sales:
    the backend learns their numbers from the journal, so a replaced PC never numbers a receipt twice."""
    from sqlmodel import Session

    from app.core.cash import CashCount, CashMovementKind
    from app.services.till import move_cash, open_till
    from sync.protocol import Counter
    from sync.server.enrollment import high_water_marks

    reg = make_register(open_day=False)  # the float is this test's receipt 1
    open_till(reg.sale.ctx, reg.sale.associate, float_count=CashCount({5000: 2}))  # receipt 1: the float
    reg.sell(gtin_of(reg.replica, 2))  # receipt 2
    reg.sale.set_training(True, approver_pin="987654")
    reg.sell(gtin_of(reg.replica, 3))  # receipt 3: training
    reg.sale.set_training(False, approver_pin="987654")
    move_cash(reg.sale.ctx, reg.sale.associate, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000)  # 4
    assert reg.sync.sync_once().rejected == 0
    with Session(backend.engine) as s:
        assert high_water_marks(s, "1001-01")[Counter.RECEIPT_NO] == 4
