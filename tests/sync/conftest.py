"""A real backend on 127.0.0.1 (uvicorn in a thread) and registers enrolled against it."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend
from sqlalchemy import create_engine, text

from app.core.cash import CashCount
from app.payment.simulator import TerminalSimulator
from app.services.auth import AssociateSession, Role
from app.services.context import RegisterContext
from app.tse.simulator import TseSimulator
from app.services.sale_session import SaleSession
from app.store.db import open_replica
from app.demo.replica import seed_associates
from sync.client.credentials import TokenStore
from sync.client.engine import SyncEngine
from sync.client.http import BackendClient
from sync.client.setup import bootstrap, enroll
from sync.server.app import create_app
from sync.server.db import create_schema, make_engine
from sync.server.enrollment import add_enrollment_secrets
from sync.server.seed import seed_backend
from tests.conftest import open_the_day
from tests.served import ServedApp, free_port  # noqa: F401 (free_port: used by other tests)


class MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring in tests (CI machines have none)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring():
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


SHOP_KEY = "test-shop-key"
ERP_KEY = "test-erp-key"
HQ_KEY = "test-hq-key"


def place_order(backend, order_no: str, lines: dict[int, int]) -> dict:
    """An order through the backend's web-shop API, as the shop would place it."""
    response = httpx.post(f"{backend.url}/v1/shop/orders", headers={"X-Shop-Key": SHOP_KEY}, json={
        "order_no": order_no, "customer_email": "kundin@example.org",
        "lines": [{"product_id": p, "quantity": q} for p, q in lines.items()]})
    assert response.status_code == 201, response.text
    return response.json()


class LiveBackend:
    """The real FastAPI backend served by uvicorn on 127.0.0.1 (HTTPS with `tls`); can be stopped and restarted."""

    def __init__(self, url: str, *, tls=None):
        self.db_url = url
        self.engine = make_engine(url)
        self.served = ServedApp()
        self.port = self.served.port
        self.tls = tls  # a tests.sync.tls_certs.ServerCertificate: serve HTTPS with it

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> None:
        tls = {"ssl_certfile": str(self.tls.certfile), "ssl_keyfile": str(self.tls.keyfile)} if self.tls else {}
        self.served.start(create_app(self.engine, shop_key=SHOP_KEY, erp_key=ERP_KEY, hq_key=HQ_KEY), **tls)

    def stop(self) -> None:
        self.served.stop()

    def restart(self) -> None:
        self.stop()
        self.engine.dispose()
        self.engine = make_engine(self.db_url)
        self.start()


PG_ADMIN = os.environ.get("TRESEN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def postgres_database():
    """A fresh, empty PostgreSQL database (URL, drop function), or a skip with the reason."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN} ({type(exc).__name__}); the backend is tested on SQLite")
    name = f"tresen_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()

    return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", drop


def backend_database(kind: str, folder) -> tuple[str, object]:
    """A new, empty backend database of `kind` (sqlite or postgres): its URL and how to drop it (or None)."""
    if kind == "postgres":
        return postgres_database()
    return f"sqlite:///{folder / 'backend.sqlite3'}", None


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request, tmp_path):
    url, drop = backend_database(request.param, tmp_path)
    b = LiveBackend(url)
    create_schema(b.engine)
    seed_backend(b.engine, products=200)
    b.start()
    yield b
    b.stop()
    b.engine.dispose()
    if drop:
        drop()


@dataclass
class Register:
    replica: object
    tokens: TokenStore
    client: BackendClient
    sync: SyncEngine
    sale: SaleSession
    terminal: TerminalSimulator

    def sell(self, *codes: str) -> str:
        for code in codes:
            self.sale.scan(code)
        self.sale.pay_cash(self.sale.remaining_cents)
        receipt = self.sale.complete()
        return receipt.barcode


_secrets = iter(range(10**9))


def create_register(backend: LiveBackend, folder, store_id: str = "1001", register_no: int = 1,
                    transport: httpx.BaseTransport | None = None, secret: str | None = None,
                    open_day: bool = True) -> Register:
    """Enroll a new register against `backend` and bootstrap its replica in `folder`. `secret`: one IT
    made for it (a replacement PC: `replace_register`); else a new one is made. `open_day`: the drawer's day
    opened with an empty float (no receipt of its own); False for a test that counts its own float."""
    n = next(_secrets)
    if secret is None:
        secret = f"secret-{store_id}-{register_no}-{n}"
        add_enrollment_secrets(backend.engine, {secret: f"{store_id}-{register_no:02d}"})
    replica = open_replica(folder / f"register-{store_id}-{register_no}-{n}" / "replica.sqlite3")
    seed_associates(replica)
    tokens = enroll(replica, base_url=backend.url, store_id=store_id, register_no=register_no, secret=secret)
    client = BackendClient(backend.url, token=tokens.get, transport=transport)
    bootstrap(replica, client)
    terminal = TerminalSimulator()
    tse = TseSimulator(folder / f"register-{store_id}-{register_no}-{n}" / "tse.sqlite3")
    ctx = RegisterContext.load(replica, terminal=terminal, tse=tse)
    engine = SyncEngine(replica, client, batch_size=50)
    # As the app starts: the TSE made ready (self-test, time sync: two journal entries), then a sync round,
    # so that a test counts what it does itself.
    assert ctx.signing.ensure_ready()
    if open_day:
        open_the_day(ctx, float_count=CashCount())
    engine.sync_once()
    return Register(replica, tokens, client, engine,
                    SaleSession(ctx, AssociateSession(1, "Lena Schmidt", Role.ASSOCIATE)), terminal)


@pytest.fixture
def make_register(backend, tmp_path):
    made = []

    def make(store_id: str = "1001", register_no: int = 1, transport: httpx.BaseTransport | None = None,
             open_day: bool = True) -> Register:
        reg = create_register(backend, tmp_path, store_id, register_no, transport, open_day=open_day)
        made.append(reg)
        return reg

    yield make
    for reg in made:
        reg.client.close()
        reg.replica.dispose()


def sync_until(reg: Register, seen, timeout: float = 15.0):
    """Sync until `seen()` holds. On PostgreSQL the feed shows a change once every older write
    transaction in the cluster has ended (see sync/PROTOCOL.md), so it can take another round."""
    deadline = time.monotonic() + timeout
    report = reg.sync.sync_once()
    while not seen():
        assert time.monotonic() < deadline, "the change never reached the register"
        time.sleep(0.05)
        report = reg.sync.sync_once()
    return report
