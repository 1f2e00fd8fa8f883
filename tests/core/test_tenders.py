import pytest
from hypothesis import given, strategies as st

from app.core.tenders import MAX_CHANGE_CENTS, Payment, TenderError


def test_cash_change():
    p = Payment(1234)
    t = p.cash(2000)
    assert t.amount_cents == 1234 and t.change_cents == 766 and p.is_complete


def test_split_card_then_cash():
    p = Payment(5000)
    p.card(3000, reference="r1", approval_code="123")
    p.cash(2500)
    assert p.is_complete and p.change_cents == 500 and p.paid_cents == 5000


def test_card_cannot_overpay():
    p = Payment(1000)
    with pytest.raises(TenderError):
        p.card(1001, reference="r", approval_code=None)


def test_no_tender_after_paid():
    p = Payment(100)
    p.cash(100)
    with pytest.raises(TenderError):
        p.cash(1)


@given(st.integers(1, 10**7), st.lists(st.tuples(st.booleans(), st.integers(1, 10**6)), max_size=10))
def test_split_tenders_sum_to_total(total, steps):
    p = Payment(total)
    for is_card, amount in steps:
        if p.is_complete:
            break
        if is_card:
            p.card(min(amount, p.remaining_cents), reference="r", approval_code=None)
        elif amount - p.remaining_cents <= MAX_CHANGE_CENTS:
            p.cash(amount)
        else:  # more change than the largest note: refused, nothing booked
            with pytest.raises(TenderError):
                p.cash(amount)
    if not p.is_complete:
        p.cash(p.remaining_cents)
    assert sum(t.amount_cents for t in p.tenders) == total
    assert sum(t.given_cents - t.change_cents for t in p.tenders if t.kind.value == "cash") + sum(
        t.amount_cents for t in p.tenders if t.kind.value == "card") == total
    assert all(t.change_cents == 0 for t in p.tenders if t.kind.value == "card")


def test_a_barcode_in_the_amount_field_is_no_cash():
    p = Payment(1499)
    with pytest.raises(TenderError, match="500 € Rückgeld"):
        p.cash(400638133393)  # an EAN scanned into the amount field
    assert p.tenders == []
