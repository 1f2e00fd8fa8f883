"""Demo history benchmark: how long the demo's first start (and `python -m app.demo serve-backend --seed-demo`) takes
to make its history, through the real register services and sync against a real backend on 127.0.0.1.

  seconds          the whole history: every demo store's register enrolls, bootstraps and replays the days
  per_store_day_s  seconds per store and day (a day: the float, 18-28 sales, returns, pickups, ..., a Z closing
                   and a sync)
  per_receipt_ms   seconds per receipt of the history (sales, returns, cash movements, closings)
  backend          sqlite or postgresql

No target: the demo makes it in the background while the counter sells; the figure goes into the README.
Usage: python -m tests.bench.demo_history [--days 30] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from sync.server.db import create_schema, make_engine
from sync.server.embedded import EmbeddedBackend
from sync.server.seed import seed_backend


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--days", type=int, default=30)
    p.add_argument("--products", type=int, default=1000)
    p.add_argument("--db", help="backend database URL (default: a new SQLite file)")
    args = p.parse_args()
    from app.demo.history import seed_history  # the register's side: imported like the demo does
    from sync.common import pins

    pins.current_cost = pins.ScryptCost(n=2**10, r=1, p=1)  # the demo registers' PINs: not what is measured
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(args.db or f"sqlite:///{Path(folder) / 'backend.sqlite3'}")
        create_schema(engine)
        seed_backend(engine, products=args.products)
        backend = EmbeddedBackend(engine=engine)
        backend.start()
        try:
            started = time.perf_counter()
            report = seed_history(backend, Path(folder) / "registers", days=args.days)
            seconds = time.perf_counter() - started
        finally:
            backend.stop()
        with engine.connect() as c:
            entries = c.execute(text("SELECT count(*) FROM fiscaljournal WHERE kind IN "
                                     "('sale', 'return', 'void', 'cash_movement', 'closing')")).scalar_one()
        engine.dispose()
    store_days = report.days
    print(json.dumps({
        "backend": engine.dialect.name, "days": args.days, "stores": len(report.stores), "store_days": store_days,
        "sales": report.sales, "returns": report.returns, "pickups": report.pickups, "handovers": report.handovers,
        "deliveries": report.deliveries, "closings": report.closings, "receipts": entries,
        "seconds": round(seconds, 1), "per_store_day_s": round(seconds / max(store_days, 1), 2),
        "per_receipt_ms": round(1000 * seconds / max(entries, 1), 1)}), flush=True)


if __name__ == "__main__":
    main()
