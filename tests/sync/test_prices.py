"""Scheduled prices from the chain's systems (issue 13 §3), on SQLite and PostgreSQL: imported from CSV (`admin
import-prices`) with bad rows listed, replicated with the next pull to the registers they apply to, and charged
on the store day they are valid, also by a register that is offline by then."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlmodel import Session

from app.core.clock import set_clock
from app.services.catalog import get_product
from app.services.prices import STORE_TIME, store_day
from sync.client.http import BackendUnavailable
from sync.server.settings import load_settings
from tests.sync.conftest import ERP_KEY, SHOP_KEY, place_order, sync_until

HEADER = "sku;gtin;price_eur;valid_from;valid_to;store\n"


@dataclass(frozen=True)
class Item:
    id: int
    sku: str
    gtin: str  # as a scanner reads it (EAN-13)
    own_cents: int  # the product's own price, charged when no scheduled price is valid


def items(backend, count: int) -> list[Item]:
    with backend.engine.connect() as c:
        rows = c.execute(text(
            "SELECT p.id, p.sku, min(g.gtin), p.gross_price_cents FROM product p JOIN productgtin g ON"
            " g.product_id = p.id WHERE NOT p.weighed AND p.active AND p.id > 1 GROUP BY p.id, p.sku,"
            " p.gross_price_cents ORDER BY p.id LIMIT :n"), {"n": count}).all()
    return [Item(r[0], r[1], r[2][1:], r[3]) for r in rows]


def charged(reg, item: Item, day: date | None = None) -> int:
    """What the register would charge for `item` (on `day`, today by its clock)."""
    with Session(reg.replica) as s:
        return get_product(s, product_id=item.id, store_id=reg.sale.ctx.store.id, day=day).gross_price_cents


def admin(backend, *args):
    return subprocess.run([sys.executable, "-m", "sync.server", "admin", "--db", backend.db_url, *args],
                          capture_output=True, text=True, timeout=120)


def test_prices_from_csv_bad_rows_listed_the_rest_reach_the_register_and_its_next_sale(make_register, backend,
                                                                                         tmp_path):
    reg, other_store = make_register(), make_register("1002")
    a, b = items(backend, 2)
    today = store_day()
    prices = tmp_path / "prices.csv"
    prices.write_text(HEADER + "\n".join([
        f"{a.sku};;1,99;{today:%d.%m.%Y};;",  # chain-wide, from today
        f";{b.gtin};2.49;{today.isoformat()};;1001",  # by GTIN, for store 1001 only
        f"GIBTSNICHT;;1,00;{today};;",
        f"{a.sku};;-1,00;{today};;",
        f"{a.sku};;1,2,3;{today};;",
        f"{a.sku};;1,00;31.02.2026;;",
        f"{a.sku};;1,00;{today};{today - timedelta(days=1)};",
        f"{a.sku};;1,00;{today};;7777",
        f"{a.sku};;1,00;{today};;9000",  # the warehouse sells nothing
        f"{a.sku};{b.gtin};1,00;{today};;",
        f"{a.sku};;1,50;{today};;",  # the same price again
        f"{a.sku};4006381333932;1,00;{today};;",
    ]) + "\n", encoding="utf-8")
    done = admin(backend, "import-prices", str(prices))
    assert done.returncode == 3 and "2 Zeilen importiert, 10 abgewiesen" in done.stdout, done.stdout + done.stderr
    refused = [line.split(": ", 1) for line in done.stderr.splitlines()]
    assert [line for line, _ in refused] == [f"Zeile {n}" for n in range(4, 14)]
    reasons = " | ".join(reason for _, reason in refused)
    for expected in ("unbekannter Artikel 'GIBTSNICHT'", "negativ", "keine Zahl: '1,2,3'", "kein Datum",
                     "liegt vor gültig ab", "unbekannte Filiale '7777'", "unbekannte Filiale '9000'",
                     "verschiedene Artikel", "steht schon weiter oben", "Prüfziffer"):
        assert expected in reasons, expected

    sync_until(reg, lambda: (charged(reg, a), charged(reg, b)) == (199, 249))  # the next pull brings them
    reg.sale.scan(a.gtin)
    reg.sale.scan(b.gtin)
    assert [line.unit_price_cents for line in reg.sale.cart.lines] == [199, 249]
    reg.sell()
    reg.sync.sync_once()  # the sale goes up with the next round
    sync_until(other_store, lambda: charged(other_store, a) == 199)
    assert charged(other_store, b) == b.own_cents  # store 1001's price stays in store 1001's feed
    with backend.engine.connect() as c:
        lines = c.execute(text("SELECT payload FROM sale WHERE register_id = :r"), {"r": "1001-01"}).scalar_one()
    lines = lines if isinstance(lines, dict) else json.loads(lines)  # PostgreSQL's driver reads JSON itself
    assert [line["unit_price_cents"] for line in lines["lines"]] == [199, 249]


def erp(backend, what: str, rows: list[dict], key: str | None = ERP_KEY) -> httpx.Response:
    return httpx.post(f"{backend.url}/v1/erp/{what}", json={"rows": rows},
                      headers={"X-ERP-Key": key} if key else {}, timeout=30)


def test_a_future_price_applies_on_its_day_at_a_register_offline_by_then(make_register, backend):
    reg = make_register()
    a, b, c = items(backend, 3)
    today = store_day()
    tomorrow = today + timedelta(days=1)
    answer = erp(backend, "prices", [
        {"sku": a.sku, "price_eur": 0.99, "valid_from": tomorrow.isoformat()},
        {"sku": b.sku, "price_eur": "5,00", "valid_from": tomorrow.isoformat()},
        {"sku": b.sku, "price_eur": "4,00", "valid_from": f"{tomorrow:%d.%m.%Y}", "store": "1001"},
        {"gtin": c.gtin, "price_eur": "1,11", "valid_from": today.isoformat(), "valid_to": today.isoformat()},
    ])
    assert answer.status_code == 200 and answer.json()["accepted"] == 4, answer.text
    sync_until(reg, lambda: charged(reg, c) == 111)
    assert (charged(reg, a), charged(reg, b)) == (a.own_cents, b.own_cents)  # not before tomorrow

    backend.stop()  # the register is offline from now on
    with pytest.raises(BackendUnavailable):
        reg.sync.sync_once()
    with set_clock(lambda: datetime.combine(tomorrow, time(8), STORE_TIME)):  # the store opens tomorrow
        for item in (a, b, c):
            reg.sale.scan(item.gtin)
        assert [line.unit_price_cents for line in reg.sale.cart.lines] == [99, 400, c.own_cents]
        reg.sell()  # the store's price beats the chain's; c's one-day price ended: its own price again


def test_the_erp_api_reports_each_row_and_refuses_a_wrong_key(make_register, backend):
    for what in ("products", "prices", "stock"):
        for key in (None, "wrong-key"):
            refused = erp(backend, what, [], key=key)
            assert refused.status_code == 401 and "X-ERP-Key" in refused.json()["detail"], (what, key)
    too_many = erp(backend, "stock", [{"location": "1001", "sku": "X", "quantity": 1}] * 1001)
    assert too_many.status_code == 422 and "rows" in too_many.json()["detail"]

    product = {"sku": "ERP-1", "gtins": ["4006381333931"], "name": "Hafermilch", "vat_class": "B",
               "price_eur": "2,49", "base_unit": "l", "net_content": 1000}
    answer = erp(backend, "products", [product, {**product, "sku": "ERP-2", "gtins": ["4006381333932"]},
                                       {**product, "name": "noch einmal"}, {**product, "sku": "ERP-3", "vat_class": "D"},
                                       {**product, "sku": "ERP-4", "gtins": [], "name": "Null\x00Byte"}])
    assert answer.status_code == 200, answer.text
    assert _outcomes(answer) == [(1, None), (2, "gtin_invalid"), (3, "duplicate"), (4, "vat_class_unknown"),
                                 (5, "control_character")]
    answer = erp(backend, "stock", [{"location": "1001", "sku": "ERP-1", "quantity": 12},
                                    {"location": "7777", "sku": "ERP-1", "quantity": 1},
                                    {"location": "1002", "sku": "ERP-1", "quantity": -1},
                                    {"location": "1002", "sku": "GIBTSNICHT", "quantity": 1}])
    assert _outcomes(answer) == [(1, None), (2, "location_unknown"), (3, "quantity_invalid"), (4, "product_unknown")]
    today = store_day()
    answer = erp(backend, "prices", [{"sku": "ERP-1", "price_eur": 1.99, "valid_from": today.isoformat()},
                                     {"sku": "ERP-1", "price_eur": "1,99", "valid_from": "morgen"},
                                     {"gtin": "4006381333931", "price_eur": "1,99", "valid_from": today.isoformat(),
                                      "valid_to": (today - timedelta(days=1)).isoformat()},
                                     {"price_eur": "1,99", "valid_from": today.isoformat()},
                                     {"sku": "ERP-1", "price_eur": 1.999, "valid_from": today.isoformat()}])
    assert _outcomes(answer) == [(1, None), (2, "date_invalid"), (3, "period_reversed"), (4, "product_missing"),
                                 (5, "price_out_of_range")]
    assert answer.json()["rows"][1]["reason"] == "valid_from ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ): 'morgen'"

    reg = make_register()  # a new register bootstraps them
    reg.sale.scan("4006381333931")
    assert reg.sale.cart.lines[-1].unit_price_cents == 199
    with reg.replica.connect() as c:
        assert c.exec_driver_sql("SELECT s.quantity FROM stock s JOIN product p ON p.id = s.product_id"
                                 " WHERE p.sku = 'ERP-1' AND s.location_id = '1001'").scalar_one() == 12


def test_the_erp_key_is_a_secret_of_the_settings(monkeypatch):
    monkeypatch.setenv("TRESEN_ERP_KEY", "erp-geheim")
    settings = load_settings()
    assert settings.erp_key.get_secret_value() == "erp-geheim" and "erp-geheim" not in repr(settings)


def test_the_web_shop_charges_the_chains_price_of_today(backend):
    a = items(backend, 1)[0]
    today = store_day()
    assert erp(backend, "prices", [
        {"sku": a.sku, "price_eur": "0,50", "valid_from": (today - timedelta(days=3)).isoformat()},
        {"sku": a.sku, "price_eur": "0,40", "valid_from": today.isoformat(), "store": "1001"},  # a store's only
        {"sku": a.sku, "price_eur": "0,30", "valid_from": (today + timedelta(days=1)).isoformat()},
    ]).json()["accepted"] == 3
    cart = httpx.post(f"{backend.url}/v1/shop/carts", headers={"X-Shop-Key": SHOP_KEY},
                      json={"lines": [{"product_id": a.id, "quantity": 2}]})
    assert [line["unit_price_cents"] for line in cart.json()["lines"]] == [50]
    assert place_order(backend, "WEB-PREIS-1", {a.id: 2})["total_cents"] == 100


def _outcomes(answer: httpx.Response) -> list[tuple[int, str | None]]:
    body = answer.json()
    assert body["accepted"] + body["refused"] == len(body["rows"])
    return [(r["row"], r["code"]) for r in body["rows"]]
