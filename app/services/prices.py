"""The price a register charges (issue 13 §3): the chain's scheduled price valid on the store day of the scan,
this store's before the chain's, else the product's own `gross_price_cents`.

The replica holds each product's schedule (app.store.models.ProductPrice, replicated as change kind `price`), so a
price valid from Monday applies at Monday's first scan whether the register is online then or not. The day is the
store's calendar day (`sync.protocol.STORE_TIMEZONE`) by the register's clock (app.core.clock, which the tests and
the demo history set). On a day that several prices of one scope cover, the one that starts last applies.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Iterable
from zoneinfo import ZoneInfo

from sqlmodel import Session

from app.core import clock
from sync.protocol import STORE_TIMEZONE

__all__ = ["PRICE_SQL", "current_prices", "price_params", "store_day"]

STORE_TIME = ZoneInfo(STORE_TIMEZONE)

_VALID = ("(SELECT pp.price_cents FROM productprice pp WHERE pp.product_id = p.id AND pp.store_id = {store}"
          " AND pp.valid_from <= ? AND (pp.valid_to IS NULL OR pp.valid_to >= ?) ORDER BY pp.valid_from DESC LIMIT 1)")
#: The price of the product `p` as an SQL expression; its parameters (`price_params`) come first, before the
#: statement's own. Each lookup walks the schedule's primary key (product, store, first day) backwards from the
#: day, the store's first: a few microseconds on the scan path (one query with both scopes sorted its rows).
PRICE_SQL = f"COALESCE({_VALID.format(store='?')}, {_VALID.format(store=repr(''))}, p.gross_price_cents)"


def store_day(at: datetime | None = None) -> date:
    """The store's calendar day at `at` (now, by the register's clock)."""
    return (at or clock.now()).astimezone(STORE_TIME).date()


def price_params(store_id: str, day: date | None = None) -> tuple[str, ...]:
    """The parameters of PRICE_SQL: this store, on `day` (today)."""
    iso = (day or store_day()).isoformat()
    return store_id, iso, iso, iso, iso


def current_prices(session: Session, product_ids: Iterable[int], *, store_id: str,
                   day: date | None = None) -> dict[int, int]:
    """{product id: the price this store charges on `day` (today)} for the products that exist."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return dict(session.connection().exec_driver_sql(
        f"SELECT p.id, {PRICE_SQL} FROM product p WHERE p.id IN ({marks})", (*price_params(store_id, day), *ids)).all())
