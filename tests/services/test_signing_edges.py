"""The edges of signing: an outage that ends mid-checkout, a save that fails after the TSE signed, a void that
dies half-way, a return committed twice, concurrent journal writers, training receipts and returns. Each
case is a concrete sequence of events (found by a review); each must keep the promise: nothing signed
twice, no signed transaction forgotten, no receipt claiming a signature it does not have."""

import io
import json
import tarfile
import threading

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app.core.cart import CartError
from app.services import checkout, journal
from app.services.return_sources import ReturnError, find_source
from app.services.returns import commit_return, plan_return
from app.services.sale_session import SaleSession
from app.store.db import transaction
from app.store.models import Sale, TseOutage, TseTransaction
from tests.conftest import gtin_of
from tests.tse.qr_verifier import parse_qr, verify_qr


def finishes(tse) -> int:
    with tarfile.open(fileobj=io.BytesIO(tse.export_logs())) as tar:
        return sum("Finish" in name for name in tar.getnames())


def journal_kinds(engine) -> list[str]:
    with engine.connect() as c:
        return [k for (k,) in c.exec_driver_sql("SELECT kind FROM fiscalevent ORDER BY seq")]


def journal_data(engine, kind: str) -> list[dict]:
    with engine.connect() as c:
        return [json.loads(d) for (d,) in c.exec_driver_sql("SELECT data FROM fiscalevent WHERE kind = ? ORDER BY seq",
                                                            (kind,))]


def test_an_outage_ending_between_prepare_and_finish_never_signs_empty_data(sale, engine, tse_device, monkeypatch):
    signing = sale.ctx.signing
    sale.scan(gtin_of(engine, 2))
    signing.drain()
    tse_device.go_offline()
    assert not signing.probe()  # the outage begins
    sale.pay_cash(sale.remaining_cents)
    finish = signing.finish

    def probe_then_finish(prepared):  # the probe thread finds the device back right now
        tse_device.go_online()
        assert signing.probe()
        return finish(prepared)

    monkeypatch.setattr(signing, "finish", probe_then_finish)
    receipt = sale.complete()
    assert not receipt.fiscal.signed  # decided in the outage: unsigned, never "signed" with empty data
    with Session(engine) as s:
        [outage] = s.exec(select(TseOutage)).all()
        row = s.exec(select(TseTransaction).where(TseTransaction.receipt_id == receipt_id(engine))).one()
    assert outage.receipts_affected == 1 and row.outage_id == outage.id and "offline" in row.error


def receipt_id(engine) -> str:
    with Session(engine) as s:
        return s.exec(select(Sale.id)).one()


def test_a_save_failing_after_the_tse_signed_keeps_the_cart_as_it_was_signed(sale, engine, tse_device,
                                                                            monkeypatch):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents + 100)
    record_sale = checkout.record_sale

    def disk_full(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(checkout, "record_sale", disk_full)
    with pytest.raises(OperationalError):
        sale.complete()
    monkeypatch.setattr(checkout, "record_sale", record_sale)
    for change in (lambda: sale.scan(gtin_of(engine, 3)), sale.cancel_payment, sale.void, lambda: sale.park("x")):
        with pytest.raises(CartError, match="signiert"):
            change()  # the TSE signed this cart with these amounts: it is completed as it is, or not at all
    receipt = sale.complete()
    assert verify_qr(receipt.fiscal.qr) and finishes(tse_device) == 1 and sale.ctx.signing.available


def test_interrupted_sales_that_cannot_be_completed_never_stop_the_start(ctx, sale, engine, caplog):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    items = [(l.vat_class, t) for l, t in zip(sale.cart.lines, sale.cart.final_line_totals())]
    from app.core.fiscal import sale_process_data
    prepared = ctx.signing.prepare_finish(kind="sale", cart_id=sale.cart.cart_id,
                                          process_data=sale_process_data(items, sale.payment.tenders))
    assert prepared is not None
    with engine.begin() as c:  # a cart document that no longer adds up (damaged)
        c.exec_driver_sql("UPDATE cart SET data = json_set(data, '$.tenders', json('[]'))")
    assert checkout.finish_interrupted(ctx) == []  # logged and left for IT, no exception
    assert "could not be completed" in caplog.text


def test_a_return_committed_again_after_a_failed_save_is_signed_once(ctx, sale, associate, engine, tse_device,
                                                                    monkeypatch):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    bought = sale.complete()
    before = finishes(tse_device)
    plan = plan_return(ctx, associate, source=find_source(ctx, bought.barcode), quantities={2: 1})
    from app.services import returns
    append = returns.fiscal_journal.append
    calls = {"n": 0}

    def fail_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return append(*args, **kwargs)

    monkeypatch.setattr(returns.fiscal_journal, "append", fail_once)
    with pytest.raises(OperationalError):
        commit_return(ctx, associate, plan, refund_method="cash")
    record = commit_return(ctx, associate, plan, refund_method="cash")  # the same plan again
    assert finishes(tse_device) == before + 1
    from app.services.receipts import load_return_receipt
    assert verify_qr(load_return_receipt(ctx, return_id=record.id).fiscal.qr)


def test_a_training_receipt_is_never_returnable(ctx, engine, manager):
    trainer = SaleSession(ctx, manager)
    trainer.set_training(True)
    trainer.scan(gtin_of(engine, 2))
    trainer.pay_cash(trainer.remaining_cents)
    receipt = trainer.complete()
    with pytest.raises(ReturnError, match="Schulung"):
        find_source(ctx, receipt.barcode)


def test_a_void_whose_save_failed_leaves_no_stale_transaction(sale, engine, tse_device, monkeypatch):
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    from app.services import sale_session
    append = sale_session.journal.append

    def locked(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(sale_session.journal, "append", locked)
    with pytest.raises(OperationalError):
        sale.void()
    monkeypatch.setattr(sale_session.journal, "append", append)
    assert sale.cart.lines  # the void did not happen: the cart is still there
    sale.pay_cash(sale.remaining_cents)
    receipt = sale.complete()
    assert verify_qr(receipt.fiscal.qr) and sale.ctx.signing.available  # no false outage


def test_the_void_holds_the_signing_lock_until_it_is_written(sale, engine, monkeypatch):
    """A start queued for the cart cannot slip in between the cancellation and the void's commit."""
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    from app.services import audit
    record = audit.record
    held = []

    def while_writing(*args, **kwargs):
        free = []
        probe = threading.Thread(target=lambda: free.append(sale.ctx.signing.lock.acquire(blocking=False)))
        probe.start()
        probe.join()
        held.append(not free[0])
        return record(*args, **kwargs)

    monkeypatch.setattr(audit, "record", while_writing)
    sale.void()
    assert held == [True]


def test_a_void_journals_what_the_tse_signed(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    sale.void()
    [void] = journal_data(engine, "void")
    tse = void["tse"]
    for field in ("tse_serial", "transaction_number", "signature_counter", "start_time", "log_time", "signature",
                  "process_type", "process_data", "signature_algorithm", "public_key"):
        assert tse[field] not in (None, ""), field
    assert tse["process_data"].startswith("AVBelegabbruch^")


def test_transactions_ended_without_a_receipt_are_journalled(sale, engine, tse_device):
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    tse_device.go_offline()
    sale.pay_cash(sale.remaining_cents)
    assert not sale.complete().fiscal.signed  # the started transaction stays open on the device
    tse_device.go_online()
    assert sale.ctx.signing.probe()
    assert tse_device.open_transactions() == []
    [ended] = journal_data(engine, "tse_transaction_ended")
    assert ended["process_data"].startswith("AVBelegabbruch^") and ended["signature"]


def test_concurrent_journal_writers_never_take_the_same_number(ctx, engine):
    """Another writer commits an entry between this one's look at the last entry and its insert."""
    other = []

    def interleave(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT OR IGNORE INTO setting") and not other:
            other.append(True)
            with transaction(engine) as s2:
                journal.append(s2, kind="tse_self_test", register_id="1001-01", location_id=ctx.store.id, data={})

    with transaction(engine) as s:
        event.listen(engine, "before_cursor_execute", interleave)
        try:
            journal.append(s, kind="tse_time_sync", register_id="1001-01", location_id=ctx.store.id, data={})
        finally:
            event.remove(engine, "before_cursor_execute", interleave)
    with Session(engine) as s:
        assert journal.verify(s) == 2


def test_a_receipt_must_not_be_completed_twice_when_its_reprint_fails(sale, engine, monkeypatch):
    from app.services import sale_session
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    load = sale_session.load_receipt
    monkeypatch.setattr(sale_session, "load_receipt", lambda *a, **k: (_ for _ in ()).throw(OSError("busy")))
    with pytest.raises(OSError):
        sale.complete()
    monkeypatch.setattr(sale_session, "load_receipt", load)
    assert sale.cart.lines == []  # the sale is written: the next customer starts with an empty cart
    with Session(engine) as s:
        assert len(s.exec(select(Sale)).all()) == 1


def test_signed_process_data_is_never_empty(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    qr = parse_qr(sale.complete().fiscal.qr)
    assert qr.process_type == "Kassenbeleg-V1" and qr.process_data.startswith("Beleg^")
