"""A request never holds a database connection while it waits for a thread (issue 17, tests.bench.chain).

FastAPI runs a sync dependency and the endpoint in separate threadpool calls. When the register dependency kept
its connection until the endpoint ran, a worker whose threads all waited for a connection stalled: the requests
holding the connections waited for a thread. Here a pool of one connection and a single thread make that
certain to show: every request must still be answered."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event

from sync.server.app import create_app
from sync.server.db import create_schema
from sync.server.enrollment import add_enrollment_secrets
from sync.server.seed import seed_backend


def test_requests_of_many_registers_on_one_connection_and_one_thread_all_get_answers(tmp_path):
    url = f"sqlite:///{tmp_path / 'backend.sqlite3'}"
    setup = create_engine(url)
    create_schema(setup)
    seed_backend(setup, products=5)
    add_enrollment_secrets(setup, {"geheim-01": "1001-01"})
    setup.dispose()
    engine = create_engine(url, pool_size=1, max_overflow=0, pool_timeout=5,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _manual(conn, _rec):
        conn.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    with TestClient(create_app(engine)) as client:
        client.portal.call(lambda: setattr(anyio.to_thread.current_default_thread_limiter(), "total_tokens", 1))
        token = client.post("/v1/enroll", json={"store_id": "1001", "enrollment_secret": "geheim-01",
                                                "register_no": 1}).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        with ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda _: client.get("/v1/pull", params={"limit": 5}, headers=headers).status_code,
                                    range(48)))
    assert answers == [200] * 48
    engine.dispose()
