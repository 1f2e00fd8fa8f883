"""Receipts signed at the TSE, and the counter going on without it (issue 11, sections 2 and 3).

Every signed receipt's QR is checked with the independent verifier (tests/tse/qr_verifier.py), which knows
nothing but the QR string.
"""

import io
import tarfile

import pytest
from sqlmodel import Session, select

from app.core.receipt import TSE_FAILED_MARK, layout
from app.payment.simulator import TerminalSimulator
from app.core.cart import CartError
from app.services.card_payments import PaymentError
from app.services.context import RegisterContext
from app.services.receipts import load_return_receipt
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.sale_session import ApprovalNeeded, SaleSession
from app.store.models import OutboxEntry, StockMovement, TseOutage, TseTransaction
from tests.conftest import gtin_of
from tests.tse.qr_verifier import parse_qr, verify_qr
from tests.conftest import open_the_day


def sell(sale: SaleSession, engine, *product_ids: int):
    for pid in product_ids:
        sale.scan(gtin_of(engine, pid))
    sale.pay_cash(sale.remaining_cents + 500)
    return sale.complete()


def journal_kinds(engine) -> list[str]:
    with engine.connect() as c:
        return [k for (k,) in c.exec_driver_sql("SELECT kind FROM fiscalevent ORDER BY seq")]


def outages(engine) -> list[TseOutage]:
    with Session(engine) as s:
        return list(s.exec(select(TseOutage).order_by(TseOutage.id)))


def test_a_sale_is_signed_from_its_first_item_and_its_qr_verifies(sale, engine, tse_device, ctx):
    sale.scan(gtin_of(engine, 2))
    ctx.signing.drain()  # the start runs on the signing thread: the scan never waits for the device
    assert [t.client_id for t in tse_device.open_transactions()] == [ctx.register_id]  # started with the first item
    sale.scan(gtin_of(engine, 3))
    sale.pay_cash(sale.remaining_cents + 1000)
    receipt = sale.complete()
    fiscal = receipt.fiscal
    assert fiscal.signed and verify_qr(fiscal.qr)
    qr = parse_qr(fiscal.qr)
    assert qr.client_id == ctx.register_id == receipt.register_id == fiscal.register_serial  # one serial everywhere
    assert qr.process_type == "Kassenbeleg-V1"
    total = f"{receipt.total_cents // 100}.{receipt.total_cents % 100:02d}"
    assert qr.process_data.startswith("Beleg^") and qr.process_data.endswith(f"^{total}:Bar")
    assert fiscal.tse_serial == tse_device.info().serial_hex and qr.transaction_number == fiscal.transaction_number
    assert not tse_device.open_transactions()
    text = "\n".join(layout(receipt))
    assert "TSE-Signatur" in text and TSE_FAILED_MARK not in text


def test_an_outage_at_the_first_item_keeps_the_counter_selling_with_marked_receipts(sale, engine, tse_device):
    tse_device.go_offline()
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    assert not sale.ctx.signing.available  # the start failed: the outage began before the payment
    receipt = sell(sale, engine, 3)
    assert not receipt.fiscal.signed and TSE_FAILED_MARK in "\n".join(layout(receipt))
    assert "TSE-Signatur" not in "\n".join(layout(receipt))
    [outage] = outages(engine)
    assert outage.ended_at is None and outage.receipts_affected == 1 and "offline" in outage.reason
    assert "tse_outage_start" in journal_kinds(engine)
    assert sale.ctx.signing.available is False


def test_the_breaker_stops_calling_the_dead_tse_until_the_probe_finds_it_back(sale, engine, tse_device):
    sell(sale, engine, 2)
    counter = tse_device.info().signature_counter
    tse_device.fail_next(1)
    second = sell(sale, engine, 3)  # the (first) start fails: the outage begins
    assert not second.fiscal.signed
    third = sell(sale, engine, 4)  # the device would answer now, but the breaker is open: not called
    assert not third.fiscal.signed and tse_device.info().signature_counter == counter
    assert outages(engine)[0].receipts_affected == 2
    assert sale.ctx.signing.probe() is True  # the probe: back
    [outage] = outages(engine)
    assert outage.ended_at is not None and outage.receipts_affected == 2
    assert journal_kinds(engine).count("tse_outage_end") == 1
    fourth = sell(sale, engine, 6)
    assert fourth.fiscal.signed and verify_qr(fourth.fiscal.qr)


def test_an_outage_at_payment_leaves_the_transaction_open_until_recovery_cancels_it(sale, engine, tse_device):
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    assert len(tse_device.open_transactions()) == 1
    tse_device.go_offline()
    sale.pay_cash(sale.remaining_cents)
    receipt = sale.complete()
    assert not receipt.fiscal.signed
    tse_device.go_online()
    assert sale.ctx.signing.probe()
    assert tse_device.open_transactions() == []  # cancelled (AVBelegabbruch) once the device was back
    with Session(engine) as s:
        row = s.exec(select(TseTransaction).where(TseTransaction.receipt_id != "")).one()
    assert row.state == "failed" and "offline" in row.error


def test_a_lost_answer_at_start_is_an_outage_and_the_unknown_transaction_is_cancelled_later(sale, engine, tse_device):
    assert sale.ctx.signing.ensure_ready()
    tse_device.lose_next_answers(1)
    sale.scan(gtin_of(engine, 2))  # the device started a transaction, the register never heard its number
    sale.ctx.signing.drain()
    assert len(tse_device.open_transactions()) == 1 and not sale.ctx.signing.available
    sale.pay_cash(sale.remaining_cents)
    assert not sale.complete().fiscal.signed
    assert sale.ctx.signing.probe()
    assert tse_device.open_transactions() == []


def test_a_lost_answer_at_finish_never_claims_a_signature(sale, engine, tse_device):
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    tse_device.lose_next_answers(1)
    receipt = sale.complete()
    assert not receipt.fiscal.signed and receipt.fiscal.qr == ""


def test_signature_counters_and_transaction_numbers_never_go_backwards(sale, engine, tse_device):
    seen = []
    for round_no in range(8):
        if round_no in (3, 6):
            tse_device.fail_next(1)
        receipt = sell(sale, engine, (2, 3, 4, 6)[round_no % 4])
        if receipt.fiscal.signed:
            assert verify_qr(receipt.fiscal.qr)
            seen.append((receipt.fiscal.signature_counter, receipt.fiscal.transaction_number))
        elif round_no in (3, 6):
            assert sale.ctx.signing.probe()
    assert len(seen) == 6
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(seen, seen[1:]))


def test_a_payment_faster_than_the_signing_thread_starts_one_transaction_only(sale, engine, tse_device):
    gate = __import__("threading").Event()
    sale.ctx.signing._thread.submit(gate.wait)  # the signing thread is busy: the start waits behind it
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    receipt = sale.complete()  # starts and finishes the transaction itself
    gate.set()
    sale.ctx.signing.drain()  # the queued start finds the cart gone and starts nothing
    assert verify_qr(receipt.fiscal.qr) and tse_device.open_transactions() == []


def test_a_voided_cart_finishes_its_transaction_as_aborted(sale, engine, tse_device):
    sale.scan(gtin_of(engine, 2))
    sale.ctx.signing.drain()
    sale.void()
    assert tse_device.open_transactions() == []
    with engine.connect() as c:
        data = c.exec_driver_sql("SELECT data FROM fiscalevent WHERE kind = 'void'").scalar_one()
    assert "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^" in data
    with tarfile.open(fileobj=io.BytesIO(tse_device.export_logs())) as tar:
        assert sum("Finish" in n for n in tar.getnames()) == 1


def test_a_return_is_a_signed_receipt_with_negative_amounts(ctx, sale, associate, engine):
    bought = sell(sale, engine, 2, 3)
    ret = record_return(ctx, associate, source=find_source(ctx, bought.barcode), quantities={2: 1},
                        refund_method="cash")
    receipt = load_return_receipt(ctx, return_id=ret.id)
    assert receipt.fiscal.signed and verify_qr(receipt.fiscal.qr)
    qr = parse_qr(receipt.fiscal.qr)
    bon_type, amounts, payments = qr.process_data.split("^")
    refund = f"-{ret.refund_cents // 100}.{ret.refund_cents % 100:02d}"
    assert bon_type == "Beleg" and payments == f"{refund}:Bar"
    assert sum(float(a) for a in amounts.split("_")) == pytest.approx(float(refund))


def test_training_receipts_are_signed_as_training_and_move_nothing(ctx, sale, engine, manager):
    with pytest.raises(ApprovalNeeded):
        sale.set_training(True)
    trainer = SaleSession(ctx, manager)
    trainer.set_training(True)
    trainer.scan(gtin_of(engine, 2))
    with pytest.raises(PaymentError):
        trainer.pay_card(100)
    trainer.pay_cash(trainer.remaining_cents)
    receipt = trainer.complete()
    assert receipt.fiscal.training and verify_qr(receipt.fiscal.qr)
    assert parse_qr(receipt.fiscal.qr).process_data.startswith("AVTraining^")
    assert "TRAININGSBON" in "\n".join(layout(receipt))
    with Session(engine) as s:
        assert s.exec(select(StockMovement)).all() == []
        assert [o.op for o in s.exec(select(OutboxEntry))].count("sale.completed") == 0
    assert "training" in journal_kinds(engine) and "sale" not in journal_kinds(engine)


def test_a_register_without_a_tse_never_pretends_to_sign(engine, terminal, associate):
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator("approve"))
    open_the_day(ctx)
    receipt = sell(SaleSession(ctx, associate), engine, 2)
    assert not receipt.fiscal.signed and TSE_FAILED_MARK in "\n".join(layout(receipt))
    assert outages(engine)[0].reason.endswith("Keine TSE eingerichtet")


def test_a_training_cart_stays_in_training(ctx, engine, manager):
    trainer = SaleSession(ctx, manager)
    trainer.set_training(True)
    trainer.scan(gtin_of(engine, 2))
    trainer.park("Übung")
    trainer.set_training(False)
    [parked] = trainer.parked_carts()
    with pytest.raises(CartError, match="Schulungsmodus"):
        trainer.resume(parked.cart_id)  # a training cart never becomes a real sale
    trainer.set_training(True)
    trainer.resume(parked.cart_id)
    trainer.pay_cash(trainer.remaining_cents)
    assert trainer.complete().fiscal.training


def test_a_device_failing_in_a_way_it_should_not_is_an_outage_not_a_traceback(sale, engine, tse_device, monkeypatch):
    assert sale.ctx.signing.ensure_ready()

    def broken(*args, **kwargs):
        raise OSError(5, "Input/output error")  # say, the USB TSE's file vanished

    monkeypatch.setattr(tse_device, "finish_transaction", broken)
    receipt = sell(sale, engine, 2)
    assert not receipt.fiscal.signed and "OSError" in sale.ctx.signing.outage_reason


def test_the_probe_thread_ends_an_outage_once_the_device_is_back(sale, engine, tse_device):
    from app.services.tse_probe import TseProbe

    tse_device.go_offline()
    assert not sale.ctx.signing.ensure_ready()
    back = __import__("threading").Event()
    probe = TseProbe(sale.ctx.signing, interval_s=0.01, on_change=back.set)
    probe.start()
    try:
        tse_device.go_online()
        assert back.wait(30) and sale.ctx.signing.available  # a condition, not a duration: set when it is back
    finally:
        probe.stop()
    assert outages(engine)[0].ended_at is not None
