"""Chain load benchmark: thousands of simulated registers against the backend's worker processes on PostgreSQL.

The backend runs as `python -m sync.server --workers N` on a fresh PostgreSQL database (127.0.0.1:5432), seeded
with a catalog and one store per five registers. Simulated registers (tests/bench/chain_registers.py: the real
protocol over HTTP) enroll, bootstrap the feed once, and then, for `--seconds`:
  - each does a round (pull) every `--pull-interval` seconds, from a random start;
  - sales arrive at `--sales-per-s` over the chain (Poisson), each at a random register: a push of the sale and
    its fiscal journal entry, then that register's pull (push before pull, as a register's sync round);
  - headquarters changes a product's price through the ERP API every `--price-every` seconds.
Then the maximum sustained rate: sales offered in rising steps until a step is not applied in full or its push
p99 passes 500 ms, once per worker count in `--scaling` (the backend restarted on the same database).

Figures (the last line is one JSON object):
  registers, workers       simulated registers; backend worker processes of the steady phase
  sales_per_s, pulls_per_s sustained, applied (all pushes answered `applied`) in the steady phase
  push_p50_ms, push_p99_ms one push (a sale and its journal entry) from request to answer
  pull_p99_ms              one pull request (a page of the feed)
  feed_lag_p99_s           a price change at headquarters until every register has it (p99 over the changes)
  errors                   anything but 200 and `applied`, transport errors included
  max_sales_per_s          per worker count: the highest step sustained
  idle_pull                what a pull costs the database when nothing changed (EXPLAIN ANALYZE of its queries)
Usage: python -m tests.bench.chain [--registers 2000] [--workers 2] [--seconds 60] [--sales-per-s 100]
       [--pull-interval 5] [--scaling 1,2] [--db-url postgresql+psycopg://postgres@127.0.0.1:5432/tresen_bench_chain]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import secrets
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from sync.erp_protocol import PriceImport, PriceRow
from sync.server.db import create_schema, make_engine
from sync.server.enrollment import add_enrollment_secrets
from sync.server.seed import seed_backend
from sync.common.demo_data import DEFAULT_STORE_SETTINGS
from tests.bench.chain_registers import Figures, PriceWatch, SimRegister, percentile
from tests.bench.chain_db import idle_pull_cost
from tests.served import BackendProcess

ROOT = Path(__file__).resolve().parents[2]
REGISTERS_PER_STORE = 5
STOCKED = 200  # products each store sells (stock rows in its feed)
STEP_S = 20.0


def prepare_database(url: str, *, registers: int, products: int) -> tuple[dict, list[tuple]]:
    """A fresh database: the catalog, stores with stock, a one-time secret per register. Returns
    {(store, number): secret} and the products sold."""
    admin = create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = make_engine(url)
    create_schema(engine)
    seed_backend(engine, products=products, stock_locations=[])
    stores = [str(5000 + n) for n in range(-(-registers // REGISTERS_PER_STORE))]
    with engine.begin() as c:
        sold = c.execute(text("SELECT id, sku, gross_price_cents, vat_class FROM product WHERE NOT weighed"
                              " ORDER BY id LIMIT :n"), {"n": STOCKED}).all()
        locations, stock, changes = [], [], []
        for store in stores:
            data = {"id": store, "name": f"Filiale {store}", "kind": "store", "street": "Hauptstraße 1",
                    "city": "Berlin", "region": "BE", "vat_id": "DE123456789", "settings": DEFAULT_STORE_SETTINGS}
            locations.append({**data, "settings": json.dumps(DEFAULT_STORE_SETTINGS)})
            changes.append({"k": "location", "key": store, "s": None, "d": json.dumps(data)})
            for pid, *_ in sold:
                stock.append({"l": store, "p": pid, "q": 10**9})
                changes.append({"k": "stock", "key": f"{store}:{pid}", "s": store,
                                "d": json.dumps({"location_id": store, "product_id": pid, "quantity": 10**9})})
        c.execute(text("INSERT INTO location (id, name, kind, street, city, region, vat_id, settings) VALUES"
                       " (:id, :name, :kind, :street, :city, :region, :vat_id, :settings)"), locations)
        c.execute(text("INSERT INTO stock (location_id, product_id, quantity) VALUES (:l, :p, :q)"), stock)
        c.execute(text("INSERT INTO change (txid, kind, key, store_id, data) VALUES (0, :k, :key, :s, :d)"), changes)
    secrets_for = {}
    for n in range(registers):
        store, number = stores[n // REGISTERS_PER_STORE], n % REGISTERS_PER_STORE + 1
        secrets_for[(store, number)] = secrets.token_urlsafe(12)
    add_enrollment_secrets(engine, {s: f"{store}-{number:02d}" for (store, number), s in secrets_for.items()})
    with engine.connect() as c:
        c.execute(text("ANALYZE"))
    engine.dispose()
    return secrets_for, [tuple(row) for row in sold]


def start_backend(url: str, workers: int, erp_key: str, source: Path) -> BackendProcess:
    """`python -m sync.server` with N workers, as IT runs it (from `--source`: another checkout, side by side)."""
    args = ["--workers", str(workers)] if workers > 1 else []
    return BackendProcess(*args, env={"TRESEN_BACKEND_DB": url, "TRESEN_ERP_KEY": erp_key}, source=source).wait_ready()


def problems(backend: BackendProcess) -> list[str]:
    """What the backend logged at warning or above (it runs at that level)."""
    return [line for line in backend.output().splitlines() if line.strip()]


async def _gather_limited(coros, limit: int) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(coro):
        async with gate:
            await coro

    await asyncio.gather(*(one(c) for c in coros))


async def change_prices(url: str, erp_key: str, every: float, until: float, watch: PriceWatch,
                        products: list[tuple], errors: list[str]) -> None:
    """Headquarters: a new chain price for a product sold everywhere, valid today."""
    rng = random.Random(7)
    async with httpx.AsyncClient(base_url=url, timeout=60, headers={"X-ERP-Key": erp_key}) as hq:
        while time.monotonic() + every < until - 20:  # the last change has time to arrive before the end
            await asyncio.sleep(every)
            pid, sku, cents, _vat = rng.choice(products)
            new = cents + rng.randint(1, 10_000)
            body = PriceImport(rows=[PriceRow(sku=sku, price_eur=f"{new // 100},{new % 100:02d}",
                                              valid_from=time.strftime("%Y-%m-%d"))])
            sent = time.monotonic()
            watch.changed_at[(str(pid), new)] = sent
            try:
                r = await hq.post("/v1/erp/prices", json=body.model_dump(mode="json"))
            except httpx.HTTPError as exc:
                errors.append(f"price change: {type(exc).__name__} after {time.monotonic() - sent:.1f} s")
                continue
            if r.status_code != 200:
                errors.append(f"price change {r.status_code}: {r.text[:200]}")


async def run_load(registers: list[SimRegister], *, seconds: float, sales_per_s: float, pull_interval: float,
                   watch: PriceWatch | None = None, hq=None) -> tuple[Figures, float]:
    """Rounds every `pull_interval` at every register and sales at `sales_per_s`, for `seconds`."""
    figures = Figures()
    start = time.monotonic()
    until = start + seconds
    tasks: set[asyncio.Task] = set()

    async def polling(reg: SimRegister, offset: float):
        tick = start + offset
        while tick < until:
            await asyncio.sleep(max(0.0, tick - time.monotonic()))
            await reg.round(figures, watch)
            tick += pull_interval

    async def selling():
        rng = random.Random(11)
        at = start
        while True:
            at += rng.expovariate(sales_per_s)
            if at >= until:
                return
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            task = asyncio.ensure_future(rng.choice(registers).sell(figures, watch))
            tasks.add(task)
            task.add_done_callback(tasks.discard)

    rng = random.Random(3)
    jobs = [polling(reg, rng.uniform(0, pull_interval)) for reg in registers] + [selling()]
    if hq is not None:
        jobs.append(hq(until))
    await asyncio.gather(*jobs)
    if tasks:
        await asyncio.gather(*tasks)
    return figures, time.monotonic() - start


async def find_max(registers: list[SimRegister], pull_interval: float, start_rate: float) -> dict:
    """Rising steps of offered sales; the highest one applied in full with push p99 <= 500 ms."""
    best, steps, rate = 0.0, [], start_rate
    await run_load(registers, seconds=STEP_S, sales_per_s=start_rate, pull_interval=pull_interval)  # reconnected, warm
    while True:
        figures, took = await run_load(registers, seconds=STEP_S, sales_per_s=rate, pull_interval=pull_interval)
        s = figures.summary(took)
        steps.append({"offered": rate, **{k: s[k] for k in ("sales_per_s", "push_p99_ms", "errors")}})
        print(f"  step {steps[-1]}", file=sys.stderr, flush=True)
        expected = rate * STEP_S
        if figures.errors or figures.sales_applied < 0.95 * expected or s["push_p99_ms"] > 500:
            return {"max_sales_per_s": best, "steps": steps}
        best = s["sales_per_s"]
        rate = round(rate * 1.4)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--registers", type=int, default=2000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--sales-per-s", type=float, default=100)
    p.add_argument("--pull-interval", type=float, default=5)
    p.add_argument("--price-every", type=float, default=5)
    p.add_argument("--products", type=int, default=1000)
    p.add_argument("--scaling", default="1,2", help="worker counts to find the maximum for ('' : none)")
    p.add_argument("--source", type=Path, default=ROOT, help="the checkout the backend runs from")
    p.add_argument("--db-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/tresen_bench_chain")
    args = p.parse_args()
    try:
        with create_engine(args.db_url.rsplit("/", 1)[0] + "/postgres").connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:  # no PostgreSQL here: nothing to measure
        print(f"no PostgreSQL at {args.db_url}: {type(exc).__name__}; nothing measured")
        print(json.dumps({"skipped": True, "reason": "PostgreSQL not reachable"}))
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(65536, resource.getrlimit(resource.RLIMIT_NOFILE)[1]),) * 2)
    t = time.monotonic()
    secrets_for, products = prepare_database(args.db_url, registers=args.registers, products=args.products)
    print(f"database ready in {time.monotonic() - t:.0f} s", file=sys.stderr, flush=True)
    erp_key = secrets.token_urlsafe(24)
    report = asyncio.run(_measure(args, secrets_for, products, erp_key))
    print(json.dumps(report), flush=True)


async def _measure(args, secrets_for: dict, products: list[tuple], erp_key: str) -> dict:
    backend = start_backend(args.db_url, args.workers, erp_key, args.source)
    registers = [SimRegister(backend.url, store, number, secret, products)
                 for (store, number), secret in secrets_for.items()]
    try:
        t = time.monotonic()
        await _gather_limited([r.enroll() for r in registers], 50)
        enroll_s = time.monotonic() - t
        bootstrap, received = Figures(), []

        async def bootstrap_one(reg: SimRegister):
            received.append(await reg.pull(bootstrap))

        t = time.monotonic()
        await _gather_limited([bootstrap_one(r) for r in registers], 50)
        bootstrap_s = time.monotonic() - t
        print(f"enrolled in {enroll_s:.0f} s, bootstrapped in {bootstrap_s:.0f} s", file=sys.stderr, flush=True)
        watch, hq_errors = PriceWatch(), []
        cpu = time.process_time()
        figures, took = await run_load(
            registers, seconds=args.seconds, sales_per_s=args.sales_per_s, pull_interval=args.pull_interval,
            watch=watch, hq=lambda until: change_prices(backend.url, erp_key, args.price_every, until, watch,
                                                        products, hq_errors))
        sim_cpu = (time.process_time() - cpu) / took
        everyone, each, missed = watch.lags(len(registers))
        await registers[0].round(Figures())  # caught up: what a pull costs when nothing changed
        idle = idle_pull_cost(args.db_url, registers[0], args.source)
        steady = figures.summary(took)
        logged = [line for line in problems(backend) if "no SMTP server configured" not in line]
    finally:
        backend.stop()
    scaling = {}
    for workers in [int(w) for w in args.scaling.split(",") if w.strip()]:
        backend = start_backend(args.db_url, workers, erp_key, args.source)
        for reg in registers:
            await reg.http.aclose()
            reg.http = httpx.AsyncClient(base_url=backend.url, timeout=120, headers=reg.http.headers,
                                         limits=httpx.Limits(max_connections=1))
        try:
            print(f"ramp with {workers} worker(s)", file=sys.stderr, flush=True)
            scaling[workers] = await find_max(registers, args.pull_interval, max(10.0, args.sales_per_s / 2))
        finally:
            backend.stop()
    for reg in registers:
        await reg.close()
    return {
        "registers": len(registers), "workers": args.workers, "seconds": round(took, 1),
        "offered_sales_per_s": args.sales_per_s, "pull_interval_s": args.pull_interval,
        **steady, "errors": steady["errors"] + len(hq_errors),
        "feed_lag_p99_s": round(percentile(everyone, 99), 2), "feed_lag_max_s": round(max(everyone, default=0), 2),
        "feed_lag_register_p50_s": round(percentile(each, 50), 2), "price_changes": len(watch.changed_at),
        "price_changes_missed": missed, "enroll_s": round(enroll_s, 1), "bootstrap_s": round(bootstrap_s, 1),
        "bootstrap_changes_per_register": round(sum(received) / len(received)), "bootstrap_errors": len(bootstrap.errors),
        "simulator_cpu_share": round(sim_cpu, 2), "idle_pull": idle,
        "max_sales_per_s": {w: s["max_sales_per_s"] for w, s in scaling.items()},
        "scaling_steps": {w: s["steps"] for w, s in scaling.items()},
        "error_samples": figures.errors[:3] + hq_errors[:3],
        "backend_log_lines": len(logged), "backend_log_samples": [line[:300] for line in logged[:3]],
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}",
    }


if __name__ == "__main__":
    main()
