"""Kassenbeleg-V1 process data and the receipt QR string (app.core.fiscal) against the DSFinV-K examples."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.fiscal import (
    ABORTED_PROCESS_DATA, BonType, PaymentType, ProcessPayment, format_amount, format_qr_time, gross_buckets,
    kassenbeleg_v1, receipt_qr, return_process_data, sale_process_data,
)
from app.core.tenders import Payment, Tender, TenderKind
from app.core.vat import VatClass, vat_breakdown
from app.tse.interface import TransactionLog
from tests.tse.qr_verifier import parse_qr
from tests.tse.vectors import REAL_RECEIPT_P256

A, B, C = VatClass.STANDARD, VatClass.REDUCED, VatClass.ZERO


def test_the_dsfinvk_example_format():
    """DSFinV-K Anhang I (p. 111): Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Bar:CHF_5.00:Bar:USD_64.30:Unbar,
    given in a shuffled order: cash first, EUR before foreign currencies, those alphabetically."""
    payments = [ProcessPayment(6430, PaymentType.NON_CASH), ProcessPayment(500, PaymentType.CASH, "USD"),
                ProcessPayment(500, PaymentType.CASH, "CHF"), ProcessPayment(1000, PaymentType.CASH)]
    assert (kassenbeleg_v1(BonType.RECEIPT, (7533, 799, 0, 0, 0), payments)
            == "Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_5.00:Bar:CHF_5.00:Bar:USD_64.30:Unbar")


def test_the_example_eur_parts_from_a_sale():
    tenders = [Tender(TenderKind.CARD, 7332), Tender(TenderKind.CASH, 1000, given_cents=2000, change_cents=1000)]
    assert sale_process_data([(A, 7533), (B, 799)], tenders) == "Beleg^75.33_7.99_0.00_0.00_0.00^10.00:Bar_73.32:Unbar"


def test_the_real_receipts_process_data():
    assert sale_process_data([(A, 2142)], [Tender(TenderKind.CARD, 2142)]) == REAL_RECEIPT_P256.split(";")[3]
    assert (sale_process_data([(A, 290), (C, 210)], [Tender(TenderKind.CARD, 500)])
            == "Beleg^2.90_0.00_0.00_0.00_2.10^5.00:Unbar")


def test_amounts():
    assert [format_amount(c) for c in (0, 5, 99, 100, 123456, -5, -1999)] == \
        ["0.00", "0.05", "0.99", "1.00", "1234.56", "-0.05", "-19.99"]


def test_cash_counts_net_of_change_and_equal_kinds_add_up():
    payment = Payment(total_cents=2350)
    payment.card(1000, reference="T1", approval_code="1")
    payment.card(350, reference="T2", approval_code="2")
    payment.cash(5000)  # 10.00 applied, 40.00 back
    assert (sale_process_data([(A, 2000), (B, 350)], payment.tenders)
            == "Beleg^20.00_3.50_0.00_0.00_0.00^10.00:Bar_13.50:Unbar")


def test_vat_groups_as_printed_give_the_same_amounts():
    groups = vat_breakdown([(A, 199), (B, 129), (A, 1000), (C, 50)])
    items = [(g.vat_class, g.gross_cents) for g in groups]
    assert sale_process_data(items, [Tender(TenderKind.CASH, 1378)]) == "Beleg^11.99_1.29_0.00_0.00_0.50^13.78:Bar"


def test_a_voucher_is_a_multi_purpose_voucher_redemption_not_a_payment():
    tenders = [Tender(TenderKind.VOUCHER, 500, reference="GS0000000001"), Tender(TenderKind.CASH, 1500)]
    assert sale_process_data([(A, 2000)], tenders) == "Beleg^20.00_0.00_0.00_0.00_-5.00^15.00:Bar"


def test_a_receipt_paid_entirely_by_voucher_has_no_payments():
    tenders = [Tender(TenderKind.VOUCHER, 1299, reference="GS0000000001")]
    assert sale_process_data([(B, 1299)], tenders) == "Beleg^0.00_12.99_0.00_0.00_-12.99^"


@pytest.mark.parametrize("method,expected", [
    ("cash", "Beleg^-19.99_-2.50_0.00_0.00_0.00^-22.49:Bar"),
    ("card", "Beleg^-19.99_-2.50_0.00_0.00_0.00^-22.49:Unbar"),
    ("online", "Beleg^-19.99_-2.50_0.00_0.00_0.00^-22.49:Unbar"),
    ("voucher", "Beleg^-19.99_-2.50_0.00_0.00_22.49^"),  # store credit issued: MehrzweckgutscheinKauf
])
def test_a_return(method, expected):
    assert return_process_data([(A, 1999), (B, 250)], method, 2249) == expected


def test_training():
    assert sale_process_data([(A, 100)], [Tender(TenderKind.CASH, 100)], training=True) == \
        "AVTraining^1.00_0.00_0.00_0.00_0.00^1.00:Bar"
    assert (return_process_data([(B, 100)], "cash", 100, training=True)
            == "AVTraining^0.00_-1.00_0.00_0.00_0.00^-1.00:Bar")


def test_a_voided_cart():
    assert ABORTED_PROCESS_DATA == "AVBelegabbruch^0.00_0.00_0.00_0.00_0.00^"


def test_amounts_and_payments_must_agree():
    with pytest.raises(ValueError):
        sale_process_data([(A, 1000)], [Tender(TenderKind.CASH, 999)])
    with pytest.raises(ValueError):
        return_process_data([(A, 1000)], "cash", 900)
    with pytest.raises(ValueError):
        kassenbeleg_v1("Beleg", (1, 2, 3), ())
    with pytest.raises(ValueError):
        kassenbeleg_v1("AVBelegstorno", (0, 0, 0, 0, 0), ())  # not allowed with a TSE


@given(st.lists(st.tuples(st.sampled_from(list(VatClass)), st.integers(1, 500_000)), min_size=1, max_size=20),
       st.data())
def test_any_split_sale_keeps_its_sums(items, data):
    total = sum(c for _, c in items)
    card = data.draw(st.integers(0, total))
    voucher = data.draw(st.integers(0, total - card))
    tenders = [t for t in (Tender(TenderKind.CARD, card), Tender(TenderKind.VOUCHER, voucher, reference="GS1"),
                           Tender(TenderKind.CASH, total - card - voucher)) if t.amount_cents]
    kind, amounts, payments = sale_process_data(items, tenders).split("^")
    assert kind == "Beleg"
    amounts = [round(float(a) * 100) for a in amounts.split("_")]
    assert amounts == list(gross_buckets(items, not_taxable_cents=-voucher))
    paid = [p.split(":") for p in payments.split("_")] if payments else []
    assert sum(round(float(p[0]) * 100) for p in paid) == total - voucher
    assert [p[1] for p in paid] == sorted((p[1] for p in paid), key=["Bar", "Unbar"].index)


def test_qr_time_format():
    moment = datetime(2021, 8, 23, 14, 36, 33, 123456, tzinfo=timezone.utc)
    assert format_qr_time(moment) == "2021-08-23T14:36:33.123Z"
    assert format_qr_time(moment.astimezone(timezone(timedelta(hours=2)))) == "2021-08-23T14:36:33.123Z"
    assert format_qr_time(datetime(2021, 1, 2, 3, 4, 5)) == "2021-01-02T03:04:05.000Z"


def test_the_qr_string_rebuilds_the_real_receipt():
    f = parse_qr(REAL_RECEIPT_P256)
    parts = REAL_RECEIPT_P256.split(";")
    log = TransactionLog(
        client_id=f.client_id, transaction_number=f.transaction_number, operation="FinishTransaction",
        process_type=f.process_type, process_data=f.process_data,
        log_time=datetime(2021, 8, 23, 14, 36, 33, tzinfo=timezone.utc),
        start_time=datetime(2021, 8, 23, 14, 36, 27, tzinfo=timezone.utc), signature_counter=f.signature_counter,
        signature_b64=parts[10], serial_hex="", public_key_b64=parts[11],
        signature_algorithm=f.signature_algorithm, time_format=f.log_time_format)
    assert receipt_qr(log) == REAL_RECEIPT_P256
