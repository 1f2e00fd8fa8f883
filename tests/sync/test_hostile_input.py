"""Hostile or buggy input from an authenticated register is a 4xx or a rejected operation, never a
500 and never stored to break later requests (issue 10, security 5), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json

import httpx
from sqlalchemy import text

from sync.protocol import Operation
from tests.conftest import gtin_of


def auth(reg) -> dict:
    return {"Authorization": f"Bearer {reg.tokens.get()}"}


def test_a_cursor_with_a_huge_number_is_refused_not_a_500(make_register, backend):
    reg = make_register()
    for numbers in ([1, 2**70, 5], [1, 5, 2**64], [1, -1, 0], [1, 1.5, 2]):
        cursor = base64.urlsafe_b64encode(json.dumps(numbers).encode()).decode()
        r = httpx.get(f"{backend.url}/v1/pull", params={"cursor": cursor}, headers=auth(reg))
        assert r.status_code == 400 and "cursor" in r.json()["detail"], (numbers, r.status_code, r.text)


def test_a_tender_nested_600_deep_is_rejected_and_breaks_nothing(make_register, backend):
    reg = make_register()
    reg.sell(gtin_of(reg.replica, 3))  # receipt 1
    with reg.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed'").one()
    payload = json.loads(row[3])
    deep: object = "x"
    for _ in range(600):
        deep = {"r": deep}
    payload["tenders"][0]["reference"] = deep
    hostile = Operation(id="b" * 32, seq=row[1], op=row[2], payload={**payload, "sale_id": "c" * 32})
    result = reg.client.push([hostile]).results[0]
    assert result.status == "rejected" and "tender" in result.reason
    assert reg.sync.sync_once().rejected == 0  # the real sale goes through
    r = httpx.get(f"{backend.url}/v1/sales/receipt/1001-01/1", headers=auth(reg))
    assert r.status_code == 200 and r.json()["tenders"]
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 1


def test_a_negative_sale_line_is_rejected_and_moves_no_stock(make_register, backend):
    """Issue 10, security 2: sale lines with negative quantities raised stock unflagged."""
    reg = make_register()
    reg.sell(gtin_of(reg.replica, 3))
    with reg.replica.connect() as c:
        row = c.exec_driver_sql("SELECT id, seq, op, payload FROM outboxentry WHERE op = 'sale.completed'").one()
    with backend.engine.connect() as c:
        before = c.execute(text("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = 3")).scalar_one()
    payload = json.loads(row[3])
    line = payload["lines"][0]
    payload["lines"][0] = {**line, "quantity": -50, "stock_delta": 50, "total_cents": -50 * line["unit_price_cents"]}
    forged = Operation(id="d" * 32, seq=row[1], op=row[2], payload={**payload, "sale_id": "e" * 32})
    result = reg.client.push([forged]).results[0]
    assert result.status == "rejected" and "lines" in result.reason
    with backend.engine.connect() as c:
        after = c.execute(text("SELECT quantity FROM stock WHERE location_id = '1001' AND product_id = 3")).scalar_one()
        assert after == before and c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 0
