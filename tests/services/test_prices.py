"""The price a register charges (issue 13 §3): the scheduled price valid on the store day of the scan, this store's
before the chain's, else the product's own. Schedules enter the replica as a pull applies them
(`sync.client.engine.apply_changes`); the day is the register's clock (`app.core.clock`)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from app.core.clock import set_clock
from app.services.catalog import get_product, search_products
from app.services.labels import label_data
from app.services.prices import STORE_TIME, store_day
from sync.client.engine import apply_changes
from sync.protocol import Change, ChangeKind
from tests.conftest import gtin_of, piece_product_ids

STORE = "1001"  # the test replica's store


def schedule(engine, product_id: int, store_id: str | None, *periods: tuple[date, date | None, int]) -> None:
    """A product's schedule for one scope, as a pull brings it."""
    data = {"product_id": product_id, "store_id": store_id, "prices": [
        {"valid_from": first.isoformat(), "valid_to": last.isoformat() if last else None, "price_cents": cents}
        for first, last, cents in periods]}
    key = f"{product_id}@{store_id}" if store_id else str(product_id)
    with engine.begin() as c:
        apply_changes(c, [Change(kind=ChangeKind.PRICE, key=key, data=data)])


def on(day: date):
    """The register's clock at 08:00 in the store on `day`."""
    return set_clock(lambda: datetime.combine(day, time(8), STORE_TIME))


def price(engine, product_id: int, day: date | None = None) -> int:
    with Session(engine) as s:
        return get_product(s, product_id=product_id, store_id=STORE, day=day).gross_price_cents


def own_price(engine, product_id: int) -> int:
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT gross_price_cents FROM product WHERE id = ?", (product_id,)).scalar_one()


def test_a_price_from_tomorrow_is_charged_from_tomorrow_on(sale, engine):
    pid = piece_product_ids(engine, 1)[0]
    today = store_day()
    schedule(engine, pid, None, (today + timedelta(days=1), None, 111))
    sale.scan(gtin_of(engine, pid))
    assert sale.cart.lines[-1].unit_price_cents == own_price(engine, pid) != 111
    sale.void()
    with on(today + timedelta(days=1)):  # the register's clock says tomorrow: no sync, nothing else needed
        sale.scan(gtin_of(engine, pid))
    assert sale.cart.lines[-1].unit_price_cents == 111


def test_the_store_day_is_berlin_time(engine):
    pid = piece_product_ids(engine, 1)[0]
    monday = date(2026, 12, 7)
    schedule(engine, pid, None, (monday, None, 222))
    with set_clock(lambda: datetime.combine(monday, time(0, 5), STORE_TIME)):  # Sunday 23:05 in UTC
        assert price(engine, pid) == 222
    with set_clock(lambda: datetime.combine(monday - timedelta(days=1), time(23, 55), STORE_TIME)):
        assert price(engine, pid) == own_price(engine, pid)


def test_the_stores_price_beats_the_chains_and_the_latest_start_wins(engine):
    a, b = piece_product_ids(engine, 2)
    d = date(2026, 12, 1)
    schedule(engine, a, None, (d, None, 300), (d + timedelta(days=5), d + timedelta(days=6), 280))
    schedule(engine, a, STORE, (d + timedelta(days=2), d + timedelta(days=3), 250))
    schedule(engine, b, "1002", (d, None, 100))  # another store's price (a backend never sends it; ignored anyway)
    assert price(engine, a, d - timedelta(days=1)) == own_price(engine, a)
    assert [price(engine, a, d + timedelta(days=n)) for n in range(8)] == [300, 300, 250, 250, 300, 280, 280, 300]
    assert price(engine, b, d) == own_price(engine, b)


def test_a_price_that_ended_falls_back(engine):
    pid = piece_product_ids(engine, 1)[0]
    d = date(2026, 12, 1)
    schedule(engine, pid, None, (d, d + timedelta(days=9), 199))
    schedule(engine, pid, STORE, (d + timedelta(days=3), d + timedelta(days=4), 149))
    assert [price(engine, pid, d + timedelta(days=n)) for n in (0, 3, 4, 5, 9)] == [199, 149, 149, 199, 199]
    assert price(engine, pid, d + timedelta(days=10)) == own_price(engine, pid)  # the chain's ended: its own


def test_a_new_schedule_replaces_the_old_one(engine):
    pid = piece_product_ids(engine, 1)[0]
    d = date(2026, 12, 1)
    schedule(engine, pid, None, (d, None, 199))
    schedule(engine, pid, None, (d + timedelta(days=7), None, 189))  # the backend's whole schedule for the chain
    assert price(engine, pid, d) == own_price(engine, pid)
    assert price(engine, pid, d + timedelta(days=7)) == 189
    schedule(engine, pid, None)  # none left
    assert price(engine, pid, d + timedelta(days=7)) == own_price(engine, pid)


def test_search_labels_and_the_carts_price_check_read_the_same_price(sale, engine, ctx):
    pid = piece_product_ids(engine, 1)[0]
    today = store_day()
    sale.scan(gtin_of(engine, pid))  # in the cart at its own price
    schedule(engine, pid, STORE, (today, None, 77), (today + timedelta(days=1), None, 88))
    with Session(engine) as s:
        assert search_products(s, query=gtin_of(engine, pid), location_id=STORE)[0].product.gross_price_cents == 77
    assert label_data(ctx, pid).gross_price_cents == 77
    assert label_data(ctx, pid, today + timedelta(days=1)).gross_price_cents == 88  # Monday's labels on Saturday
    line = sale.cart.lines[-1]
    assert sale.price_changes() == {line.line_id: 77}  # the cart keeps its price; the associate is told
    with on(today + timedelta(days=1)):
        assert sale.price_changes() == {line.line_id: 88}
