"""The register's fiscal journal: every sale, return and void appends an entry in its own transaction;
the database refuses to change or remove one; the chain verifies, and an edit breaks it (issue 11, 4)."""

import json

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from app.services import journal
from tests.conftest import gtin_of


def entries(engine) -> list[tuple]:
    with engine.connect() as c:
        return c.execute(text("SELECT seq, kind, entity_id, prev_hash, hash FROM fiscalevent ORDER BY seq")).all()


def test_sales_and_voids_are_chained_and_queued_for_the_backend(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    sale.scan(gtin_of(engine, 3))
    sale.void()
    rows = entries(engine)
    with engine.connect() as c:
        sale_id = c.execute(text("SELECT id FROM sale")).scalar_one()
    # The TSE's self-test, time sync and the master data when it was first used, then the sale and the void.
    assert [r[1] for r in rows] == ["tse_self_test", "tse_time_sync", "master_data", "sale", "void"]
    assert rows[3][2] == sale_id
    assert rows[0][3] == "" and all(rows[i][3] == rows[i - 1][4] for i in range(1, 5))  # each holds the hash before
    with Session(engine) as s:
        assert journal.verify(s) == 5
    with engine.connect() as c:
        queued = [json.loads(p)["seq"] for (p,) in c.execute(text(
            "SELECT payload FROM outboxentry WHERE op = 'fiscal.event' ORDER BY seq"))]
    assert queued == [1, 2, 3, 4, 5]


def test_the_database_refuses_to_change_or_remove_an_entry(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    for statement in ("UPDATE fiscalevent SET data = '{}'", "DELETE FROM fiscalevent"):
        with pytest.raises(DatabaseError, match="append-only"):
            with engine.begin() as c:
                c.execute(text(statement))
    assert [r[1] for r in entries(engine)] == ["tse_self_test", "tse_time_sync", "master_data", "sale"]


def test_an_entry_edited_behind_the_triggers_back_breaks_the_chain(sale, engine):
    for pid in (2, 3):
        sale.scan(gtin_of(engine, pid))
        sale.pay_cash(sale.remaining_cents)
        sale.complete()
    with engine.begin() as c:  # someone with the file: drops the trigger, lowers a total
        c.execute(text("DROP TRIGGER fiscalevent_no_update"))
        c.exec_driver_sql("UPDATE fiscalevent SET data = replace(data, '\"total_cents\":', '\"total_cents\":1')"
                          " WHERE kind = 'sale' AND seq = (SELECT min(seq) FROM fiscalevent WHERE kind = 'sale')")
    with Session(engine) as s, pytest.raises(journal.JournalBroken) as broken:
        journal.verify(s)
    assert broken.value.seq == 4 and "hash" in broken.value.reason


def test_the_wire_names_every_kind_of_fiscal_event():
    from typing import get_args

    from sync.protocol import FiscalEventKind, FiscalEventPayload

    assert set(get_args(FiscalEventPayload.model_fields["kind"].annotation)) == {k.value for k in FiscalEventKind}


def test_master_data_is_recorded_when_it_changes(ctx, engine):
    from app.services import master_data

    assert ctx.signing.ensure_ready()
    assert [r[1] for r in entries(engine)].count("master_data") == 1  # the store, the serial, the TSE
    info = ctx.signing.info()
    assert not master_data.record_if_changed(engine, register_id=ctx.register_id, store_id=ctx.store.id, tse=info)
    assert not master_data.record_if_changed(engine, register_id=ctx.register_id, store_id=ctx.store.id, tse=None)
    with engine.begin() as c:  # the store moved (a pull from the backend)
        c.exec_driver_sql("UPDATE location SET street = 'Neue Straße 1' WHERE id = ?", (ctx.store.id,))
    assert master_data.record_if_changed(engine, register_id=ctx.register_id, store_id=ctx.store.id, tse=None)
    with engine.connect() as c:
        last = json.loads(c.exec_driver_sql("SELECT data FROM fiscalevent WHERE kind = 'master_data'"
                                            " ORDER BY seq DESC LIMIT 1").scalar_one())
    assert last["store"]["street"] == "Neue Straße 1" and last["tse"]["serial"] == info.serial_hex
    assert last["register_serial"] == ctx.register_id
