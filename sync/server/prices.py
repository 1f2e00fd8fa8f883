"""Scheduled prices from the chain's systems (issue 13 §3): `admin import-prices FILE` or the ERP's API
(sync/server/erp.py), checked by one code path (sync/server/import_rows.py).

    prices.csv  sku;gtin;price_eur;valid_from;valid_to;store
                the product by sku or gtin (either column may be left out); price_eur per piece, or per kg for
                weighed items; valid_from and valid_to store days (YYYY-MM-DD or DD.MM.YYYY, Europe/Berlin),
                both inclusive, valid_to empty: until further notice; store empty: every store, else that store.

A price is known by its product, store (or the chain) and first day: importing it again replaces its amount and
end. On a day that several prices of a product cover, the one that starts last applies, a store's before the
chain's; where none does, the product's own price (products.csv).

Registers get each product's schedule per scope, current and future prices only, as change kind `price`
(`sync.protocol.PriceSchedule`; a store's schedule only in that store's feed) and pick the price valid on the
store day of each scan themselves: a price from Monday applies on Monday whether the register is online or not.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam, delete, insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.common.gtin import is_valid
from sync.erp_protocol import Refusal
from sync.protocol import STORE_TIMEZONE, ChangeKind, PricePeriod, PriceSchedule
from sync.server.db import record_changes
from sync.server.import_rows import (
    ImportReport, Refused, Row, check_text, chunks, csv_rows, euros_to_cents, look_up, serialise_imports, parse_day,
)
from sync.server.models import ProductPrice

__all__ = ["PRICE_COLUMNS", "chain_prices", "import_prices", "publish_prices", "today"]

PRICE_COLUMNS = ("price_eur", "valid_from")  # and sku or gtin; valid_to and store may be left out
CHAIN = ""  # the store_id of a price for every store
_T = ProductPrice.__table__
_IDS = "SELECT sku, id FROM product WHERE sku IN ({keys})"
_GTINS = "SELECT gtin, product_id FROM productgtin WHERE gtin IN ({keys})"
_CHAIN_PRICES = text(
    "SELECT p.id, COALESCE((SELECT pp.price_cents FROM productprice pp WHERE pp.product_id = p.id AND pp.store_id = ''"
    " AND pp.valid_from <= :day AND (pp.valid_to IS NULL OR pp.valid_to >= :day) ORDER BY pp.valid_from DESC LIMIT 1),"
    " p.gross_price_cents) FROM product p WHERE p.id IN :keys").bindparams(
    bindparam("day", type_=Date), bindparam("keys", expanding=True))
_SCHEDULES = ("SELECT product_id, store_id, valid_from, valid_to, price_cents FROM productprice"
              " WHERE product_id IN ({keys})")


def today() -> date:
    """The store day now: prices that ended before it are not sent to registers any more."""
    return datetime.now(ZoneInfo(STORE_TIMEZONE)).date()


def _price(row: dict, stores: set[str]) -> dict:
    check_text(row)
    sku, gtin = row["sku"], row["gtin"]
    if not sku and not gtin:
        raise Refused(Refusal.PRODUCT_MISSING)
    if gtin and not is_valid(gtin):
        raise Refused(Refusal.GTIN_INVALID, gtin=gtin)
    cents = euros_to_cents(row["price_eur"])
    first = parse_day(row["valid_from"], "valid_from")
    last = parse_day(row["valid_to"], "valid_to") if row["valid_to"] else None
    if last is not None and last < first:
        raise Refused(Refusal.PERIOD_REVERSED, valid_from=first, valid_to=last)
    if row["store"] and row["store"] not in stores:
        raise Refused(Refusal.STORE_UNKNOWN, value=row["store"])
    return {"sku": sku, "gtin": gtin.zfill(14) if gtin else "", "code": gtin, "price_cents": cents,
            "valid_from": first, "valid_to": last, "store_id": row["store"] or CHAIN}


def _product_id(p: dict, by_sku: dict[str, int], by_gtin: dict[str, int]) -> int:
    of_sku, of_gtin = by_sku.get(p["sku"]), by_gtin.get(p["gtin"])
    if (p["sku"] and of_sku is None) or (p["gtin"] and of_gtin is None):
        raise Refused(Refusal.PRODUCT_UNKNOWN, value=p["sku"] if p["sku"] and of_sku is None else p["code"])
    if of_sku is not None and of_gtin is not None and of_sku != of_gtin:
        raise Refused(Refusal.PRODUCT_MISMATCH, sku=p["sku"], gtin=p["code"])
    return of_sku if of_sku is not None else of_gtin


def import_prices(engine: Engine, rows: Iterable[Row] | Path | str) -> ImportReport:
    """Add or replace the prices of `rows` (or of a CSV file), in one transaction; each product's schedule goes
    into the feed of the registers it applies to."""
    if isinstance(rows, (str, Path)):
        rows = csv_rows(rows, PRICE_COLUMNS, optional=("valid_to", "store"), one_of=("sku", "gtin"))
    report = ImportReport()
    with Session(engine) as s:
        serialise_imports(s)
        conn = s.connection()
        stores = set(conn.execute(text("SELECT id FROM location WHERE kind = 'store'")).scalars())
        seen: set[tuple[int, str, date]] = set()
        for chunk in chunks(rows):
            checked = []
            for line, row in chunk:
                try:
                    checked.append((line, _price(row, stores)))
                except Refused as exc:
                    report.refused.append((line, exc))
            by_sku = dict(look_up(conn, _IDS, {p["sku"] for _, p in checked if p["sku"]}))
            by_gtin = dict(look_up(conn, _GTINS, {p["gtin"] for _, p in checked if p["gtin"]}))
            accepted = []
            for line, p in checked:
                try:
                    key = (_product_id(p, by_sku, by_gtin), p["store_id"], p["valid_from"])
                    if key in seen:
                        raise Refused(Refusal.DUPLICATE, what=f"Preis von {p['sku'] or p['code']} ab "
                                      f"{p['valid_from']:%d.%m.%Y}" + (f" in {p['store_id']}" if p["store_id"] else ""))
                except Refused as exc:
                    report.refused.append((line, exc))
                    continue
                seen.add(key)
                accepted.append({"product_id": key[0], "store_id": key[1], "valid_from": key[2],
                                 "valid_to": p["valid_to"], "price_cents": p["price_cents"]})
            if accepted:
                conn.execute(delete(_T).where(_T.c.product_id == bindparam("product_id"),
                                              _T.c.store_id == bindparam("store_id"),
                                              _T.c.valid_from == bindparam("valid_from")),
                             [{k: a[k] for k in ("product_id", "store_id", "valid_from")} for a in accepted])
                conn.execute(insert(_T), accepted)
                publish_prices(s, {(a["product_id"], a["store_id"]) for a in accepted})
            report.imported += len(accepted)
        s.commit()
    report.refused.sort(key=lambda r: r[0])
    return report


def _day(value) -> date | None:
    """A DATE as the driver reads it: a date (PostgreSQL) or its ISO text (SQLite)."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def publish_prices(session: Session, scopes: set[tuple[int, str]], day: date | None = None) -> None:
    """Put the schedules of `scopes` (product, store or CHAIN) at the end of the feed: prices ending before `day`
    (today) left out, a store's schedule in that store's feed only."""
    day = day or today()
    periods: dict[tuple[int, str], list[PricePeriod]] = {scope: [] for scope in scopes}
    for product_id, store_id, first, last, cents in sorted(
            look_up(session.connection(), _SCHEDULES, {p for p, _ in scopes}), key=lambda r: str(r[2])):
        first, last = _day(first), _day(last)
        if (product_id, store_id) in periods and (last is None or last >= day):
            periods[(product_id, store_id)].append(PricePeriod(valid_from=first, valid_to=last, price_cents=cents))
    by_store: dict[str, list] = {}
    for (product_id, store_id), prices in sorted(periods.items()):
        data = PriceSchedule(product_id=product_id, store_id=store_id or None, prices=prices)
        by_store.setdefault(store_id, []).append(
            (f"{product_id}@{store_id}" if store_id else str(product_id), data.model_dump(mode="json")))
    for store_id, items in by_store.items():
        record_changes(session, kind=ChangeKind.PRICE.value, items=items, store_id=store_id or None)


def chain_prices(session: Session, product_ids: Iterable[int], day: date | None = None) -> dict[int, int]:
    """{product id: the chain's price on `day` (today)}: what the web shop charges (a store's own price is that
    store's). The same rule as the registers' (app/services/prices.py), without a store."""
    ids = list(dict.fromkeys(product_ids))
    if not ids:
        return {}
    return dict(session.connection().execute(_CHAIN_PRICES, {"day": day or today(), "keys": ids}).all())
