"""Delivery details are checked against the protocol's limits before the customer pays (found by review: a
too long address failed only when the paid sale was stored, with pydantic's English message)."""

import pytest

from app.services.delivery import DeliveryError, prepare


@pytest.mark.parametrize("field, value, message", [
    ("address", "Hauptstraße 1, 12345 Berlin " * 30, "Adresse ist zu lang"),
    ("customer_name", "A" * 201, "Name ist zu lang"),
    ("customer_email", "a@" + "b" * 200 + ".de", "E-Mail-Adresse ist zu lang"),
])
def test_too_long_delivery_details_are_refused_before_payment(ctx, field, value, message):
    given = {"customer_name": "Anna Bauer", "address": "Hauptstraße 1, 12345 Berlin", "customer_email": "",
             field: value}
    with pytest.raises(DeliveryError, match=message):
        prepare(ctx, ship_from="9000", **given)


def test_details_within_the_limits_are_kept(ctx):
    d = prepare(ctx, ship_from="9000", customer_name="Anna Bauer", address="Hauptstraße 1,  12345 Berlin",
                customer_email="anna@example.org")
    assert d["address"] == "Hauptstraße 1, 12345 Berlin" and d["customer_email"] == "anna@example.org"
