"""Bodies larger than an endpoint allows are refused at once with 413, before authentication and without
being read into memory (issue 10, security 3). The real backend over 127.0.0.1 (uvicorn)."""

from __future__ import annotations

import httpx

from sync.server.limits import LIMITS

MB = 1024 * 1024


def test_an_oversized_body_is_413_before_anything_else(backend):
    big = b"{" + b" " * (10 * MB) + b"}"
    for path in ("/v1/enroll", "/v1/push", "/v1/shop/orders", "/v1/conflicts/1/acknowledge"):
        r = httpx.post(f"{backend.url}{path}", content=big, headers={"content-type": "application/json"},
                       timeout=30)
        assert r.status_code == 413 and "too large" in r.json()["detail"], (path, r.status_code)
    assert httpx.get(f"{backend.url}/v1/health").status_code == 200  # and the backend carries on


def test_a_body_without_a_length_is_cut_off_at_the_limit(backend):
    sent = 0

    def chunks():  # chunked transfer: no Content-Length to look at
        nonlocal sent
        for _ in range(200):
            sent += 64 * 1024
            yield b" " * (64 * 1024)

    r = httpx.post(f"{backend.url}/v1/enroll", content=chunks(), headers={"content-type": "application/json"},
                   timeout=30)
    assert r.status_code == 413


def test_a_normal_push_fits_and_a_too_big_one_is_split_by_the_register(make_register, backend, monkeypatch):
    from sync.client import engine as client_engine
    from tests.conftest import gtin_of
    reg = make_register()
    for _ in range(6):
        reg.sell(gtin_of(reg.replica, 3))
    monkeypatch.setattr(client_engine, "MAX_BATCH_BYTES", 1500)  # a couple of sales per batch
    report = reg.sync.sync_once()
    assert report.pushed == 12 and report.rejected == 0 and LIMITS["/v1/push"] >= 8 * MB
