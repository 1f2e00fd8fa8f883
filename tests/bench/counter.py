"""Counter benchmark on a 1,000,000-product replica.

  scan_to_line_p99_ms  Enter key of a wedge scan -> the row is in the cart model
  search_p95_ms        name queries as an associate types them, incl. filling the result list
  checkout_p95_ms      paying a basket of 40 items in cash -> the sale written (signed by the TSE simulator
                       where the code has one: prepare, finish and record)
  cold_start_s         process launch -> login screen usable (subprocess, median of 3),
                       plus PIN login -> sale screen shown (in process)
  rss_mb               peak resident memory of the app (the larger of the subprocess and this process)

A quarter of the products have scheduled prices (issue 13 §3), where the code has them: the chain's current one
and one from next week; every fifth of those also a price of the store's. Where the code has offers (issue 14),
1,000 of them run (tests/bench/promotions.py's mix), and every scan prices the cart with them.

Targets: scan_to_line_p99_ms <= 16, search_p95_ms <= 30, cold_start_s <= 2, rss_mb <= 300.
Usage: python -m tests.bench.counter [--products N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

ROOT = Path(__file__).resolve().parents[2]

QUERIES = ["milch", "schokolade", "bio joghurt", "spaghetti", "orangensaft", "kaffee", "zahncreme", "gouda",
           "pizza", "brezel", "duschgel", "apfelschorle", "butter", "quark", "h-milch quellgold", "tee",
           "müllbeutel", "batterien", "reis", "sahne", "premium mehl", "regional toast", "fischstäbchen",
           "nougat", "cola", "pils lindenthal", "spinat", "shampoo repair", "küchenrolle", "skyr"]


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def cold_start(data_dir: Path, runs: int = 3) -> tuple[float, float, list[float]]:
    times, rss = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "app", "--demo", "--data-dir", str(data_dir),
                               "--startup-probe"], cwd=ROOT, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        wall = time.perf_counter() - t0
        line = next((l for l in proc.stdout.splitlines() if l.startswith("ready")), None)
        if line is None:
            raise RuntimeError(f"app did not start: {proc.stderr[-2000:]}")
        times.append(wall)
        rss.append(float(line.split()[2]))
    return statistics.median(times), max(rss), times


def scheduled_prices(engine) -> int:
    """Scheduled prices in the (cached) replica, as a chain has them; 0 where the code has none."""
    with engine.begin() as c:
        if not c.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'productprice'").first():
            return 0
        insert = ("INSERT OR IGNORE INTO productprice (product_id, store_id, valid_from, valid_to, price_cents)"
                  " SELECT id, {store}, date('now', {start}), {end}, max(gross_price_cents + {plus}, 0) FROM product"
                  " WHERE id % {every} = 0")
        store = "(SELECT value FROM setting WHERE key = 'store_id')"
        for values in ({"store": "''", "start": "'-7 days'", "end": "NULL", "plus": -10, "every": 4},
                       {"store": "''", "start": "'+7 days'", "end": "NULL", "plus": 10, "every": 4},
                       {"store": store, "start": "'-1 day'", "end": "date('now', '+1 day')", "plus": -20, "every": 20}):
            c.exec_driver_sql(insert.format(**values))
        return c.exec_driver_sql("SELECT count(*) FROM productprice").scalar_one()


def chain_offers(engine) -> int:
    """1,000 running offers in the replica (the mix of tests/bench/promotions.py over the first 20,000 products),
    as the sync engine stores them, where the code has offers (issue 14); 0 where it has none."""
    with engine.begin() as c:
        if not c.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'promotion'").first():
            return 0
        if not c.exec_driver_sql("SELECT 1 FROM promotion LIMIT 1").first():
            from sync.client.engine import apply_changes
            from sync.common.demo_data import generate_products
            from sync.protocol import Change, ChangeKind
            from tests.bench.promotions import make_offers

            offers = make_offers(list(generate_products(20_000)), 1000, random.Random(14), "chain")
            apply_changes(c, [Change(kind=ChangeKind.PROMOTION, key=o.id, data=o.model_dump(mode="json"))
                              for o in offers])
        return c.exec_driver_sql("SELECT count(*) FROM promotion").scalar_one()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--scans", type=int, default=400)
    args = parser.parse_args()

    build = subprocess.run([sys.executable, "-m", "tests.bench.replica", str(args.products)], cwd=ROOT,
                           capture_output=True, text=True)
    if build.returncode != 0:
        raise SystemExit(build.stderr)
    data_dir = Path(build.stdout.strip().splitlines()[-1])

    start_median, start_rss, start_runs = cold_start(data_dir)

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.payment.simulator import TerminalSimulator
    from app.services.changes import Changes
    from app.services.context import RegisterContext
    from app.store.db import make_engine
    from app.ui.app import STYLE
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    app.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    engine = make_engine(data_dir / "replica.sqlite3")
    prices = scheduled_prices(engine)
    offers = chain_offers(engine)
    import inspect

    extra = {}
    if "tse" in inspect.signature(RegisterContext.load).parameters:  # (run side by side with older code too)
        from app.tse.simulator import TseSimulator

        extra["tse"] = TseSimulator(data_dir / "tse-simulator.sqlite3")
    ctx = RegisterContext.load(engine, terminal=TerminalSimulator(), **extra)
    try:  # the day is open (code with a till since issue 12), as at a store's counter
        from app.core.cash import CashCount
        from app.services import till
        from app.services.auth import AssociateSession, Role

        manager = AssociateSession(3, "Jonas Weber", Role.MANAGER)
        if till.current_till(ctx, manager) is None:
            till.open_till(ctx, manager, float_count=CashCount({5000: 4}))
    except ImportError:
        pass
    window = MainWindow(ctx, printer_spec=None, pdf_dir=data_dir / "Bons")
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    window.login.select(1)
    t0 = time.perf_counter()
    window.login.try_login("1234")
    app.processEvents()
    login_s = time.perf_counter() - t0
    screen = window.sale_screen
    if screen.sale.cart.lines:  # left over from an interrupted run
        screen.run_op(lambda: screen.sale.void(approver_pin="987654"))

    rng = random.Random(7)
    with engine.connect() as c:
        top = c.exec_driver_sql("SELECT max(product_id) FROM productgtin").scalar_one()
        ids = rng.sample(range(2, top), args.scans * 2)
        codes = [r[0][1:] for r in (c.exec_driver_sql(
            "SELECT gtin FROM productgtin WHERE product_id = ? ORDER BY gtin LIMIT 1", (i,)).first()
            for i in ids) if r][: args.scans]

    stamps: list[float] = []
    screen.model.rowsInserted.connect(lambda *_: stamps.append(time.perf_counter()))
    screen.model.dataChanged.connect(lambda *_: stamps.append(time.perf_counter()))
    screen.model.modelReset.connect(lambda *_: stamps.append(time.perf_counter()))
    scan_ms, checkout_ms = [], []
    screen.search.setFocus()
    for n, code in enumerate(codes):
        if n and n % 40 == 0:  # a basket of 40 items, paid in cash, then the next customer
            screen.sale.pay_cash(screen.sale.remaining_cents)
            t = time.perf_counter()
            screen.sale.complete()
            checkout_ms.append((time.perf_counter() - t) * 1000)
            screen.model.apply(Changes(cart=True))
        QTest.keyClicks(screen.search, code)
        stamps.clear()
        t_enter = time.perf_counter()
        QTest.keyClick(screen.search, Qt.Key_Return)
        if not stamps:
            raise RuntimeError(f"scan {code} did not reach the cart: {screen.banner.text()}")
        scan_ms.append((stamps[0] - t_enter) * 1000)

    search_ms = []
    for query in QUERIES:
        for end in range(3, len(query) + 1):
            screen.search.setText(query[:end])
            t = time.perf_counter()
            screen.run_search()
            search_ms.append((time.perf_counter() - t) * 1000)

    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "products": args.products,
        "scheduled_prices": prices,
        "offers": offers,
        "scans": len(scan_ms),
        "scan_to_line_p50_ms": round(percentile(scan_ms, 50), 2),
        "scan_to_line_p99_ms": round(percentile(scan_ms, 99), 2),
        "checkouts": len(checkout_ms),
        "checkout_p50_ms": round(percentile(checkout_ms, 50), 2),
        "checkout_p95_ms": round(percentile(checkout_ms, 95), 2),
        "search_queries": len(search_ms),
        "search_p50_ms": round(percentile(search_ms, 50), 2),
        "search_p95_ms": round(percentile(search_ms, 95), 2),
        "search_max_ms": round(max(search_ms), 2),
        "cold_start_s": round(start_median + login_s, 3),
        "cold_start_launch_s": [round(t, 3) for t in start_runs],
        "login_to_sale_screen_s": round(login_s, 3),
        "rss_mb": round(max(rss_self, start_rss), 1),
        "rss_app_start_mb": round(start_rss, 1),
        "rss_bench_process_mb": round(rss_self, 1),
    }
    print(json.dumps(result), flush=True)
    # Skip interpreter teardown: PySide6 can crash while collecting Qt objects at exit,
    # after the figures are printed; that says nothing about the app.
    os._exit(0)


if __name__ == "__main__":
    main()
