"""A store's stock is in its own registers' feed only; another store's is looked up online (issue 17 §1)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from sync.client.http import LOOKUP_TIMEOUT_S, BackendClient, BackendRejected
from tests.sync.conftest import sync_until


def stock_rows(reg) -> dict:
    with reg.replica.connect() as c:
        return {(l, p): q for l, p, q in c.exec_driver_sql("SELECT location_id, product_id, quantity FROM stock")}


def test_a_sale_in_another_store_stays_out_of_this_feed_and_is_looked_up(make_register, backend):
    berlin, hamburg = make_register("1001", 1), make_register("1002", 1)
    with hamburg.replica.connect() as c:
        code = c.exec_driver_sql("SELECT gtin FROM productgtin WHERE product_id = 3 LIMIT 1").scalar_one()
    hamburg.sell(code)
    hamburg.sync.sync_once()
    with backend.engine.connect() as c:
        counted = c.execute(text("SELECT quantity FROM stock WHERE location_id = '1002' AND product_id = 3")).scalar()
    berlin.sync.sync_once()
    # its own store: in its feed (on PostgreSQL once no older transaction anywhere runs: a condition, not a wait)
    sync_until(hamburg, lambda: stock_rows(hamburg).get(("1002", 3)) == counted)
    assert {loc for loc, _ in stock_rows(berlin)} == {"1001", "9000"}  # nothing of Hamburg's
    levels = berlin.client.stock([3, 4]).stock
    assert {(l.location_id, l.product_id): l.quantity for l in levels}[("1002", 3)] == counted
    assert {l.location_id for l in levels} >= {"1001", "1002", "9000"}


@pytest.mark.parametrize("params, status", [
    ({"product": list(range(1, 52))}, 422),  # more than 50 products at once
    ({"product": ["x"]}, 422),
    ({"product": [-1]}, 422),
    ({}, 422),
])
def test_a_lookup_out_of_bounds_is_refused(make_register, params, status):
    reg = make_register()
    with pytest.raises(BackendRejected) as refused:
        reg.client._request("GET", "/v1/stock", params=params)
    assert refused.value.status == status


def test_a_lookup_needs_a_register_token(make_register, backend):
    make_register()
    with pytest.raises(BackendRejected) as refused:
        BackendClient(backend.url, token=lambda: "not-a-token").stock([1])
    assert refused.value.status == 401


class TimeoutsSeen(httpx.HTTPTransport):
    """The real transport to the real backend, noting each request's timeouts."""

    def __init__(self):
        super().__init__()
        self.timeouts: dict[str, dict] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.timeouts[request.url.path] = dict(request.extensions["timeout"])
        return super().handle_request(request)


def test_a_lookup_gives_up_sooner_than_a_push(make_register, backend):
    """The lookup runs on the network thread the card terminal shares: a slow backend holds a payment
    for the lookup's few seconds, not for a push's 15 (review of issue 17)."""
    transport = TimeoutsSeen()
    reg = make_register(transport=transport)
    reg.sync.sync_once()
    assert reg.client.stock([3]).stock
    assert transport.timeouts["/v1/stock"]["read"] == LOOKUP_TIMEOUT_S < transport.timeouts["/v1/push"]["read"]
