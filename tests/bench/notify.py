"""Notification benchmark (issue 15 §1): from a click & collect order placed through the web shop's API until its
notification is in a register's replica (target: p99 <= 2 s).

The backend runs as its own process (`python -m sync.server`), on PostgreSQL where one runs on 127.0.0.1:5432
(a fresh database, dropped afterwards), else on SQLite. Registers of the order's store run as the app runs them:
the sync worker with its regular 20-second timer, woken by the push channel (sync/client/events.py). Each order is
timed from just before the shop's request until the row is in each register's replica.

  notify_p50_s, notify_p99_s, notify_max_s   over every (order, register) pair
  orders, registers, database

Usage: python -m tests.bench.notify [--orders 40] [--registers 4] [--sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from app.demo.replica import seed_associates
from app.store.db import open_replica
from sync.client.credentials import TokenStore
from sync.client.engine import SyncEngine
from sync.client.events import EventListener
from sync.client.http import BackendClient
from sync.client.setup import bootstrap, enroll
from sync.client.worker import SyncWorker
from sync.server.db import create_schema, make_engine
from sync.server.enrollment import add_enrollment_secrets
from sync.server.seed import seed_backend

ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN = os.environ.get("TRESEN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
SHOP_KEY = secrets.token_urlsafe(16)


def database(use_sqlite: bool, folder: Path):
    """(url, kind, drop)"""
    if not use_sqlite:
        try:
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            name = f"tresen_bench_{uuid.uuid4().hex[:8]}"
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))

            def drop():
                with admin.connect() as c:
                    c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
                admin.dispose()

            return PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", "postgresql", drop
        except Exception as exc:  # noqa: BLE001 - no server here: say so and measure on SQLite
            print(f"PostgreSQL not reachable ({type(exc).__name__}): measuring on SQLite", file=sys.stderr)
    return f"sqlite:///{folder / 'backend.sqlite3'}", "sqlite", lambda: None


def start_backend(url: str, registers: int) -> tuple[subprocess.Popen, str, list[str]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    keys = [secrets.token_urlsafe(12) for _ in range(registers)]
    engine = make_engine(url)
    add_enrollment_secrets(engine, {secret: f"1001-{n:02d}" for n, secret in enumerate(keys, start=1)})
    engine.dispose()
    args = [sys.executable, "-m", "sync.server", "--db", url, "--port", str(port)]
    proc = subprocess.Popen(args, cwd=ROOT, env={**os.environ, "TRESEN_SHOP_KEY": SHOP_KEY,
                                                 "TRESEN_LOG_LEVEL": "warning"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            raise RuntimeError(proc.stderr.read().decode()[-2000:])
        time.sleep(0.1)
    return proc, base, keys


class BenchRegister:
    def __init__(self, folder: Path, base: str, number: int, secret: str):
        self.replica = open_replica(folder / f"r{number}" / "replica.sqlite3")
        seed_associates(self.replica)
        tokens = TokenStore(f"bench-notify-{number}", allow_memory=True)
        tokens.in_memory = True
        enroll(self.replica, base_url=base, store_id="1001", register_no=number, secret=secret, tokens=tokens)
        self.client = BackendClient(base, token=tokens.get, timeout=60)
        bootstrap(self.replica, self.client)
        self.worker = SyncWorker(SyncEngine(self.replica, self.client))  # its regular 20-second timer
        self.listener = EventListener(self.client, on_change=self.worker.wake)
        self.worker.start()
        self.listener.start()

    def has(self, notification_id: str) -> bool:
        with self.replica.connect() as c:
            return c.exec_driver_sql("SELECT 1 FROM notification WHERE id = ?", (notification_id,)).first() is not None

    def stop(self) -> None:
        self.listener.stop()
        self.worker.stop()
        self.client.close()
        self.replica.dispose()


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--orders", type=int, default=40)
    p.add_argument("--registers", type=int, default=4)
    p.add_argument("--sqlite", action="store_true", help="measure on SQLite even where PostgreSQL runs")
    args = p.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="tresen-bench-notify-"))
    url, kind, drop = database(args.sqlite, folder)
    engine = make_engine(url)
    create_schema(engine)
    seed_backend(engine, products=300)
    with engine.connect() as c:
        product = c.execute(text("SELECT product_id FROM stock WHERE location_id = '1001' ORDER BY quantity DESC"
                                 " LIMIT 1")).scalar_one()
    engine.dispose()
    proc, base, keys = start_backend(url, args.registers)
    registers = []
    try:
        registers = [BenchRegister(folder, base, n, keys[n - 1]) for n in range(1, args.registers + 1)]
        deadline = time.monotonic() + 60
        while not all(r.listener.connected.is_set() for r in registers):
            if time.monotonic() > deadline:
                raise RuntimeError("the registers' event streams did not open")
            time.sleep(0.05)
        shop = httpx.Client(base_url=base, headers={"X-Shop-Key": SHOP_KEY}, timeout=30)
        latencies = []
        for n in range(args.orders):
            time.sleep(0.2)  # orders a little apart, as customers place them
            start = time.perf_counter()
            response = shop.post("/v1/shop/orders", json={
                "order_no": f"NB-{n:05d}", "customer_email": "", "fulfilment": "pickup", "pickup_store_id": "1001",
                "lines": [{"product_id": product, "quantity": 1}]})
            response.raise_for_status()
            key = f"pickup_order:{response.json()['id']}"
            waiting = set(range(len(registers)))
            give_up = time.perf_counter() + 60
            while waiting and time.perf_counter() < give_up:
                for i in list(waiting):
                    if registers[i].has(key):
                        latencies.append(time.perf_counter() - start)
                        waiting.discard(i)
                time.sleep(0.005)
            latencies += [60.0] * len(waiting)  # never arrived: counted as a minute
        shop.close()
    finally:
        for r in registers:
            r.stop()
        proc.terminate()
        proc.wait(10)
        drop()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(round(0.99 * (len(latencies) - 1))))]
    print(json.dumps({"orders": args.orders, "registers": args.registers, "database": kind,
                      "notify_p50_s": round(statistics.median(latencies), 3), "notify_p99_s": round(p99, 3),
                      "notify_max_s": round(latencies[-1], 3)}))


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
