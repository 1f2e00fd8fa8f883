"""Registers talk to the backend over HTTPS and verify its certificate; plain HTTP only to this PC
(issue 10, security 7). The real backend runs under uvicorn with a certificate from a chain's own CA."""

from __future__ import annotations

import threading

import httpx
import pytest
from sqlalchemy import text

from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.services.sale_session import SaleSession
from app.store.db import open_replica
from app.demo.replica import seed_associates
from app.tse.simulator import TseSimulator
from sync.client import http
from sync.client.engine import SyncEngine
from sync.client.runtime import SyncRuntime
from sync.client.setup import bootstrap, enroll
from sync.client.worker import SyncWorker
from sync.server.db import create_schema
from sync.server.enrollment import add_enrollment_secrets
from sync.server.seed import seed_backend
from tests.conftest import gtin_of
from tests.sync.conftest import LiveBackend
from tests.sync.tls_certs import make_server_certificate
from app.core.cash import CashCount
from tests.conftest import open_the_day


@pytest.fixture
def chain_ca(tmp_path):
    return make_server_certificate(tmp_path / "tls")


def live_backend(tmp_path, tls=None) -> LiveBackend:
    b = LiveBackend(f"sqlite:///{tmp_path / 'backend.sqlite3'}", tls=tls)
    create_schema(b.engine)
    seed_backend(b.engine, products=50)
    b.start()
    return b


@pytest.fixture
def tls_backend(tmp_path, chain_ca):
    b = live_backend(tmp_path, chain_ca)
    yield b
    b.stop()
    b.engine.dispose()


def new_replica(tmp_path, name="pc"):
    replica = open_replica(tmp_path / name / "replica.sqlite3")
    seed_associates(replica)
    return replica


def enroll_over_https(backend, replica, ca_bundle, secret="tls-1001-01"):
    add_enrollment_secrets(backend.engine, {secret: "1001-01"})
    return enroll(replica, base_url=backend.url, store_id="1001", register_no=1, secret=secret, ca_bundle=ca_bundle)


def sell_one(replica, product_id: int, tse_path) -> None:
    ctx = RegisterContext.load(replica, terminal=TerminalSimulator(), tse=TseSimulator(tse_path))
    open_the_day(ctx, float_count=CashCount())
    sale = SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE))
    sale.scan(gtin_of(replica, product_id))
    sale.pay_cash(sale.remaining_cents)
    sale.complete()


class NoNetwork(httpx.BaseTransport):
    """Stands where the network would be: a request reaching it fails the test."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"a request was sent: {request.method} {request.url}")


# (a) HTTPS with the chain's CA configured: everything works

def test_a_register_enrolls_and_syncs_over_https_trusting_the_chain_ca(tls_backend, chain_ca, tmp_path):
    assert tls_backend.url.startswith("https://127.0.0.1:")
    replica = new_replica(tmp_path)
    tokens = enroll_over_https(tls_backend, replica, chain_ca.ca_bundle)
    client = http.BackendClient(tls_backend.url, token=tokens.get, ca_bundle=chain_ca.ca_bundle)
    try:
        assert client.health()["status"] == "ok"
        bootstrap(replica, client)  # pull
        with replica.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM product").scalar_one() == 50
        sell_one(replica, 2, tmp_path / "tse.sqlite3")
        # push: the TSE's self-test, time sync and master data, the sale and its journal entry
        assert SyncEngine(replica, client).sync_once().pushed == 5
    finally:
        client.close()
        replica.dispose()
    with tls_backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 1


def test_the_registers_sync_uses_the_configured_ca_bundle(tls_backend, chain_ca, tmp_path):
    replica = new_replica(tmp_path)
    enroll_over_https(tls_backend, replica, chain_ca.ca_bundle)
    online = threading.Event()
    runtime = SyncRuntime(replica, tmp_path, ca_bundle=chain_ca.ca_bundle,
                          on_status=lambda s: online.set() if s.online else None)
    try:
        runtime.start()
        assert online.wait(30), "the register's sync never reached the backend over HTTPS"
    finally:
        runtime.stop()
        replica.dispose()


def test_the_ca_bundle_is_configured_like_the_other_settings(monkeypatch, tmp_path):
    from app.config import backend_ca_bundle

    monkeypatch.delenv("TRESEN_BACKEND_CA", raising=False)
    assert backend_ca_bundle() is None  # the public CAs (certifi)
    monkeypatch.setenv("TRESEN_BACKEND_CA", str(tmp_path / "kette.pem"))
    assert backend_ca_bundle() == tmp_path / "kette.pem"
    assert backend_ca_bundle(tmp_path / "option.pem") == tmp_path / "option.pem"  # --backend-ca wins


# (b) a certificate the register does not trust is refused, and said so

@pytest.mark.parametrize("trust", ["public CAs only", "another chain's CA"])
def test_an_untrusted_certificate_is_refused_and_named(tls_backend, tmp_path, trust):
    options = {} if trust == "public CAs only" else {
        "ca_bundle": make_server_certificate(tmp_path / "other", name="other").ca_bundle}
    client = http.BackendClient(tls_backend.url, **options)
    try:
        with pytest.raises(http.BackendUnavailable) as refused:  # the counter keeps selling offline
            client.health()
    finally:
        client.close()
    assert "Zertifikat" in str(refused.value), str(refused.value)
    assert isinstance(refused.value, http.BackendCertificateInvalid)


def test_enrolling_against_an_untrusted_certificate_stores_nothing(tls_backend, tmp_path):
    add_enrollment_secrets(tls_backend.engine, {"tls-geheim": "1001-03"})
    replica = new_replica(tmp_path)
    with pytest.raises(http.BackendUnavailable, match="Zertifikat"):
        enroll(replica, base_url=tls_backend.url, store_id="1001", register_no=3, secret="tls-geheim")
    with replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key = 'backend_url'").scalar_one() == 0
    replica.dispose()


def test_the_sync_indicator_names_a_certificate_problem(tls_backend, chain_ca, tmp_path):
    """E.g. the backend got a certificate from a CA this register was not configured with."""
    replica = new_replica(tmp_path)
    tokens = enroll_over_https(tls_backend, replica, chain_ca.ca_bundle)
    client = http.BackendClient(tls_backend.url, token=tokens.get)
    try:
        worker = SyncWorker(SyncEngine(replica, client))
        worker.run_once()
    finally:
        client.close()
        replica.dispose()
    assert worker.status.online is False
    assert "Zertifikat" in str(worker.status.last_error), worker.status.last_error


def test_a_missing_ca_bundle_is_named_before_any_connection(tmp_path):
    with pytest.raises(http.BackendSettingsInvalid, match="kette.pem"):
        http.BackendClient("https://zentrale.example.org", ca_bundle=tmp_path / "kette.pem", transport=NoNetwork())


# (c) plain HTTP only to this PC (the demo's own backend)

@pytest.mark.parametrize("url", [
    "http://10.0.0.5:8000", "http://backend.example.org", "HTTP://BACKEND.EXAMPLE.ORG:8700",
    "http://127.0.0.2:8700", "http://127.0.0.1.example.org:8700", "http://127.0.0.1@backend.example.org",
    "ftp://backend.example.org", "backend.example.org:8700", "https://",
])
def test_plain_http_to_another_host_is_refused_before_any_connection(url):
    with pytest.raises(http.InsecureBackendURL) as refused:
        http.BackendClient(url, transport=NoNetwork())
    assert "https://" in str(refused.value)


def test_enrolling_with_a_plain_http_url_stores_nothing(tmp_path):
    replica = new_replica(tmp_path)
    with pytest.raises(http.InsecureBackendURL):
        enroll(replica, base_url="http://backend.example.org:8700", store_id="1001", register_no=1,
               secret="geheim", transport=NoNetwork())
    with replica.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM setting WHERE key = 'backend_url'").scalar_one() == 0
    replica.dispose()


def test_a_stored_plain_http_url_stops_the_sync_with_the_reason(tmp_path):
    replica = new_replica(tmp_path)
    with replica.begin() as c:
        for key, value in (("backend_url", "http://10.0.0.5:8000"), ("register_id", "1001-01")):
            c.exec_driver_sql("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
                              " SET value = excluded.value", (key, value))
    statuses = []
    runtime = SyncRuntime(replica, tmp_path, on_status=statuses.append)
    try:
        runtime.start()
        assert runtime.worker is None  # nothing is sent, not even the token
        assert statuses and statuses[-1].online is False
        assert "https://" in str(statuses[-1].last_error), statuses[-1].last_error
    finally:
        runtime.stop()
        replica.dispose()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8700", "http://localhost:8700", "http://[::1]:8700",
                                 "https://zentrale.example.org", "https://10.0.0.5:8443"])
def test_loopback_http_and_any_https_are_allowed(url):
    http.BackendClient(url, transport=NoNetwork()).close()


def test_the_demo_backend_on_127_0_0_1_is_reached_over_plain_http(tmp_path):
    backend = live_backend(tmp_path)
    client = http.BackendClient(backend.url)
    try:
        assert backend.url.startswith("http://127.0.0.1:")
        assert client.health()["status"] == "ok"
    finally:
        client.close()
        backend.stop()
        backend.engine.dispose()


def test_plain_http_to_this_pc_never_goes_through_a_proxy_from_the_environment(backend, monkeypatch):
    """Found by review: with HTTP_PROXY set, the demo's plain-HTTP requests (token, sales) went to the proxy."""
    from sync.client.http import BackendClient

    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
    monkeypatch.setenv("NO_PROXY", "")
    client = BackendClient(backend.url)
    try:
        assert client.health()["status"] == "ok"  # through a proxy it would not connect at all
    finally:
        client.close()
