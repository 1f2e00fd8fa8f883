"""The drawer's day (issue 12, section 1): the counted float, cash in and out with its business case, each a
signed receipt and a journal entry, and the cash that should be in the drawer."""

import json

import pytest

from app.core.cash import CashCount, CashError, CashMovementKind, movement_process_data
from app.services.day_closing import close_day
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.sale_session import SaleSession
from app.services.till import CashApprovalNeeded, current_till, expected_cash, move_cash, open_till
from tests.conftest import gtin_of, set_store_settings
from tests.tse.qr_verifier import parse_qr, verify_qr

FLOAT = CashCount({5000: 2, 2000: 2, 1000: 3, 500: 2, 200: 10, 100: 10, 50: 10})  # 100+40+30+10+20+10+5


def journal(engine, kind):
    with engine.connect() as c:
        return [json.loads(d) for (d,) in c.exec_driver_sql("SELECT data FROM fiscalevent WHERE kind = ? ORDER BY seq",
                                                            (kind,))]



@pytest.fixture
def ctx(closed_ctx):
    """These tests open the drawer themselves."""
    return closed_ctx

def test_a_count_adds_up_and_refuses_what_is_not_euro_money():
    assert FLOAT.total_cents == 21_500
    assert CashCount.from_dict(FLOAT.to_dict()) == FLOAT
    with pytest.raises(CashError):
        CashCount({300: 1})
    with pytest.raises(CashError):
        CashCount({100: -1})


def test_process_data_of_cash_moved_out_and_in():
    assert movement_process_data(CashMovementKind.TRANSIT_OUT, 10_000) == \
        "Beleg^0.00_0.00_0.00_0.00_-100.00^-100.00:Bar"
    assert movement_process_data(CashMovementKind.OWNER_DEPOSIT, 2_550) == "Beleg^0.00_0.00_0.00_0.00_25.50^25.50:Bar"
    assert CashMovementKind.TRANSIT_IN.gv_typ == "Geldtransit" and CashMovementKind.TRANSIT_IN.into_drawer


def test_the_day_opens_with_a_signed_float_and_only_once(ctx, associate, engine):
    till = open_till(ctx, associate, float_count=FLOAT)
    assert till.float_cents == 21_500 and current_till(ctx, associate).id == till.id
    with pytest.raises(CashError, match="bereits"):
        open_till(ctx, associate, float_count=FLOAT)
    [entry] = journal(engine, "cash_movement")
    assert entry["gv_typ"] == "Anfangsbestand" and entry["amount_cents"] == 21_500
    assert parse_qr_of(entry)["process_data"] == "Beleg^0.00_0.00_0.00_0.00_215.00^215.00:Bar"
    assert expected_cash(ctx, till) == 21_500
    assert journal(engine, "tse_transaction_ended") == []  # the first use of the TSE: one transaction, no other
    assert parse_qr_of(entry)["transaction_number"] == 1


def parse_qr_of(entry: dict) -> dict:
    return entry["tse"]


def test_cash_moved_is_a_signed_receipt_and_changes_what_is_expected(ctx, associate, engine):
    till = open_till(ctx, associate, float_count=FLOAT)
    movement = move_cash(ctx, associate, kind=CashMovementKind.TRANSIT_OUT, amount_cents=10_000, note="Tresor")
    assert movement.amount_cents == -10_000 and movement.receipt_no == 2  # the float was receipt 1
    from app.services.receipts import receipt_fiscal
    from sqlmodel import Session
    with Session(engine) as s:
        fiscal = receipt_fiscal(s, receipt_id=movement.id, register_serial=ctx.register_id)
    assert verify_qr(fiscal.qr) and parse_qr(fiscal.qr).process_data.endswith("^-100.00:Bar")
    assert expected_cash(ctx, till) == 11_500
    from app.core.receipt import receipt_barcode
    from app.services.receipts import load_cash_receipt
    from app.services.return_sources import ReturnError
    assert load_cash_receipt(ctx, movement_id=movement.id).barcode == ""  # nothing on it to take back ...
    with pytest.raises(ReturnError, match="Kassenbeleg"):  # ... and its number typed in says so
        find_source(ctx, receipt_barcode(ctx.register_id, movement.receipt_no))
    with pytest.raises(CashError, match="nicht in der Kasse"):
        move_cash(ctx, associate, kind=CashMovementKind.PAY_OUT, amount_cents=20_000)
    with pytest.raises(CashError):
        move_cash(ctx, associate, kind=CashMovementKind.PAY_IN, amount_cents=0)


def test_above_the_limit_a_manager_approves(ctx, associate, engine):
    open_till(ctx, associate, float_count=FLOAT)
    with pytest.raises(CashApprovalNeeded):
        move_cash(ctx, associate, kind=CashMovementKind.PAY_IN, amount_cents=25_000)
    movement = move_cash(ctx, associate, kind=CashMovementKind.PAY_IN, amount_cents=25_000, approver_pin="987654")
    assert movement.approved_by == 3 and journal(engine, "cash_movement")[-1]["approved_by"] == 3


def test_no_cash_moves_without_an_open_drawer(ctx, associate):
    with pytest.raises(CashError, match="nicht geöffnet"):
        move_cash(ctx, associate, kind=CashMovementKind.PAY_IN, amount_cents=100)


def test_no_sale_and_no_return_without_an_open_drawer(ctx, associate, manager, engine):
    """The counter sells only with an open till, in the services too (not only the UI's opening dialog)."""
    trainer = SaleSession(ctx, manager)  # a training receipt moves no money: the trainer needs no drawer
    trainer.set_training(True)
    trainer.scan(gtin_of(engine, 3))
    trainer.pay_cash(trainer.cart.total_cents)
    assert trainer.complete().fiscal.training
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    for pay in (lambda: sale.pay_cash(10_000), lambda: sale.begin_card(sale.cart.total_cents), sale.complete):
        with pytest.raises(ValueError, match="nicht geöffnet"):
            pay()
    till = open_till(ctx, associate, float_count=FLOAT)
    sale.pay_cash(10_000)
    receipt = sale.complete()
    close_day(ctx, associate, counted=CashCount.fewest_pieces(expected_cash(ctx, till)))
    with pytest.raises(ValueError, match="nicht geöffnet"):  # the day is closed: the refund has no drawer
        record_return(ctx, associate, source=find_source(ctx, receipt.barcode), quantities={2: 1},
                      refund_method="cash")


def test_expected_cash_counts_sales_net_of_change_and_cash_refunds(ctx, associate, engine):
    till = open_till(ctx, associate, float_count=FLOAT)
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 3))
    total = sale.cart.total_cents
    sale.pay_cash(total + 1_000)  # 10 € too much given: it goes back as change
    receipt = sale.complete()
    refund = record_return(ctx, associate, source=find_source(ctx, receipt.barcode), quantities={2: 1},
                           refund_method="cash")
    assert expected_cash(ctx, till) == 21_500 + total - refund.refund_cents


def test_an_outage_leaves_cash_movements_recorded_and_marked(ctx, associate, engine, tse_device):
    open_till(ctx, associate, float_count=FLOAT)
    tse_device.go_offline()
    move_cash(ctx, associate, kind=CashMovementKind.WAGES, amount_cents=5_000, note="Aushilfe")
    entry = journal(engine, "cash_movement")[-1]
    assert entry["gv_typ"] == "Lohnzahlung" and "error" in entry["tse"] and entry["tse"]["outage_id"]


def test_a_drawer_per_associate(ctx, associate, engine):
    set_store_settings(engine, drawer_per="associate")
    from app.services.context import RegisterContext
    ctx = RegisterContext.load(engine, terminal=ctx.terminal, tse=ctx.tse)
    from app.services.auth import AssociateSession, Role
    murat = AssociateSession(2, "Murat Yılmaz", Role.ASSOCIATE)
    lena_till = open_till(ctx, associate, float_count=CashCount({5000: 1}))
    assert current_till(ctx, murat) is None
    murat_till = open_till(ctx, murat, float_count=CashCount({2000: 1}))
    sale = SaleSession(ctx, murat)
    sale.scan(gtin_of(engine, 2))
    sale.pay_cash(sale.remaining_cents)
    sale.complete()
    assert expected_cash(ctx, lena_till) == 5_000
    assert expected_cash(ctx, murat_till) > 2_000


def test_the_x_report_adds_up_what_the_drawer_saw(ctx, associate, manager, engine):
    from app.core.day_report import layout_day_report
    from app.services.day_report import x_report

    till = open_till(ctx, associate, float_count=FLOAT)
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 3))
    first_total = sale.cart.total_cents
    sale.pay_cash(first_total + 500)
    first = sale.complete()
    sale.scan(gtin_of(engine, 4))
    second_total = sale.cart.total_cents
    assert sale.pay_card(second_total) == "approved"
    sale.complete()
    sale.scan(gtin_of(engine, 6))
    voided = sale.cart.total_cents
    sale.void()
    refund = record_return(ctx, associate, source=find_source(ctx, first.barcode), quantities={2: 1},
                           refund_method="cash")
    move_cash(ctx, associate, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000)
    trainer = SaleSession(ctx, manager)
    trainer.set_training(True)
    trainer.scan(gtin_of(engine, 2))
    trainer.pay_cash(trainer.remaining_cents)
    trainer.complete()

    report = x_report(ctx, till)
    assert (report.sales_count, report.sales_cents) == (2, first_total + second_total)
    assert (report.returns_count, report.returns_cents) == (1, -refund.refund_cents)
    assert report.by_tender == {"cash": first_total - refund.refund_cents, "card": second_total}
    assert sum(g.gross_cents for g in report.by_vat) == first_total + second_total - refund.refund_cents
    assert report.by_origin == {"store": (2, first_total + second_total)}
    assert (report.voids_count, report.voids_cents) == (1, voided)
    assert report.cash_movements == {"Anfangsbestand": 21_500, "Geldtransit": -5_000}
    assert report.expected_cash_cents == 21_500 + first_total - refund.refund_cents - 5_000
    assert report.training_count == 1
    text = layout_day_report(report)
    assert all(len(line) <= 42 for line in text) and any("SOLL-BESTAND BAR" in line for line in text)


def test_the_day_closes_with_a_blind_count_a_booked_difference_and_a_z_number(ctx, associate, engine):
    from datetime import date, timedelta

    from app.services.day_closing import DifferenceApprovalNeeded, close_day, unclosed_day

    till = open_till(ctx, associate, float_count=FLOAT)
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    total = sale.cart.total_cents
    sale.pay_cash(total)
    sale.complete()
    assert unclosed_day(ctx, associate) is None  # opened today
    assert unclosed_day(ctx, associate, today=date.today() + timedelta(days=1)) is not None  # the next morning
    expected = 21_500 + total
    short = CashCount({5000: 2, 2000: 1, 1000: 3, 500: 2, 200: 10, 100: 10, 50: 10, 1: total})  # 20 € short
    with pytest.raises(DifferenceApprovalNeeded):
        close_day(ctx, associate, counted=short)
    closing = close_day(ctx, associate, counted=short, approver_pin="987654")
    assert closing.z_no == 1 and closing.difference_cents == short.total_cents - expected == -2_000
    assert closing.approved_by == 3 and current_till(ctx, associate) is None
    [entry] = journal(engine, "closing")
    assert entry["z_no"] == 1 and entry["figures"]["cash_movements"]["DifferenzSollIst"] == -2_000
    assert entry["figures"]["expected_cash_cents"] == expected  # Soll, as it was before the count
    difference = [m for m in journal(engine, "cash_movement") if m["gv_typ"] == "DifferenzSollIst"]
    assert difference[0]["amount_cents"] == -2_000 and difference[0]["tse"]["process_data"].endswith("^-20.00:Bar")
    open_till(ctx, associate, float_count=FLOAT)  # the next day
    assert close_day(ctx, associate, counted=FLOAT).z_no == 2  # counted exactly: no difference, no manager


def test_the_cash_book_runs_from_the_float_to_the_count(ctx, associate, engine):
    from app.core.cash_book import layout_cash_book
    from app.services.cash_book import cash_book, cash_book_day
    from app.services.day_closing import close_day

    till = open_till(ctx, associate, float_count=FLOAT)
    sale = SaleSession(ctx, associate)
    sale.scan(gtin_of(engine, 2))
    total = sale.cart.total_cents
    sale.pay_cash(total + 1_000)
    receipt = sale.complete()
    refund = record_return(ctx, associate, source=find_source(ctx, receipt.barcode), quantities={2: 1},
                           refund_method="cash")
    move_cash(ctx, associate, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000, note="Tresor")
    entries = cash_book(ctx, till)
    assert [e.text for e in entries] == ["Anfangsbestand", "Barverkauf", "Rückgabe bar", "Geldtransit: Tresor"]
    assert sum(e.cents for e in entries) == expected_cash(ctx, till) == 21_500 + total - refund.refund_cents - 5_000
    closing = close_day(ctx, associate, counted=CashCount({100: 1}), approver_pin="987654")
    day, counted = cash_book_day(ctx, associate, closed_till_id=till.id)
    assert day.id == till.id and counted == 100
    lines = layout_cash_book(cash_book(ctx, day), store_name="Markt", register_id="1001-01", day=day.opened_at,
                             counted_cents=counted)
    assert "Differenz" in lines[-1] and lines[-1].strip().endswith("0,00")  # the difference is booked in the book
    assert expected_cash(ctx, till) == 100 and closing.difference_cents < 0  # the book ends at what was counted
