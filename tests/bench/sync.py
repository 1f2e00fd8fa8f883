"""Sync benchmark over 127.0.0.1 against the real backend running as its own process.

  bootstrap_rows_per_s  catalog changes per second a new register pulls and applies (1,000,000 products)
  bootstrap_ratio       that rate / a raw sqlite3 executemany of the same rows into the same schema,
                        measured in the same run (target >= 0.5)
  push_10k_s            seconds to push 10,000 queued sales, each with its fiscal journal entry: 20,000
                        operations (target <= 10; until issue 17 this divided by the operations, halving it)
  ui_max_stall_ms       longest stall of the app's event loop while a bootstrap runs (target <= 50)

Usage: python -m tests.bench.sync [--products N] [--sales N]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from app.core.cart import Cart, ProductInfo  # noqa: E402
from app.core.tenders import Payment  # noqa: E402
from app.core.vat import VatClass  # noqa: E402
from app.services.checkout import record_sale  # noqa: E402
from app.store.db import open_replica, transaction  # noqa: E402
from app.demo.replica import seed_associates  # noqa: E402
from sync.common.demo_data import generate_products  # noqa: E402
from app.store.models import utcnow  # noqa: E402
from sync.client.credentials import TokenStore  # noqa: E402
from sync.client.engine import SyncEngine  # noqa: E402
from sync.client.http import BackendClient  # noqa: E402
from sync.client.setup import enroll  # noqa: E402
from sync.server.db import create_schema, make_engine  # noqa: E402
from sync.server.enrollment import add_enrollment_secrets  # noqa: E402
from sync.server.seed import seed_backend  # noqa: E402
from tests.served import BackendProcess  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(__file__).resolve().parent / ".cache"
PAGE = 2000


def backend_db(products: int) -> Path:
    path = CACHE / f"sync-backend-{products}.sqlite3"
    marker = path.with_suffix(".ready")
    if not marker.exists():
        for f in path.parent.glob(path.name + "*"):
            f.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{path}")
        create_schema(engine)
        seed_backend(engine, products=products, stock_locations=[])  # the bootstrap figure is about products
        with engine.begin() as c:  # stock for what the push benchmark sells, so no sale goes negative
            c.exec_driver_sql("INSERT INTO stock (location_id, product_id, quantity)"
                              " SELECT '1001', id, 1000000 FROM product WHERE id <= 1000")
        engine.dispose()
        marker.write_text("ok")
    return path


def start_backend(db: Path) -> tuple[BackendProcess, list[str]]:
    """The backend as its own process on the run's copy of the chain, and one-time enrollment secrets for
    registers 1001-01 to -04 (as `admin enrollment-secret` makes them)."""
    engine = make_engine(f"sqlite:///{db}")
    secret_list = [secrets.token_urlsafe(12) for _ in range(4)]
    add_enrollment_secrets(engine, {secret: f"1001-{number:02d}" for number, secret in enumerate(secret_list, start=1)})
    engine.dispose()
    return BackendProcess("--db", f"sqlite:///{db}", source=ROOT).wait_ready(), secret_list


def new_register(folder: Path, backend: BackendProcess, secret: str, register_no: int):
    replica = open_replica(folder / f"r{register_no}" / "replica.sqlite3")
    seed_associates(replica)
    tokens = TokenStore(f"bench-{register_no}", allow_memory=True)
    tokens.in_memory = True
    enroll(replica, base_url=backend.url, store_id="1001", register_no=register_no,
           secret=secret, tokens=tokens)
    return replica, BackendClient(backend.url, token=tokens.get, timeout=120)


def raw_insert_rate(folder: Path, products: int) -> float:
    """Rows per second for a plain executemany of the same product and GTIN rows, same schema."""
    replica = open_replica(folder / "raw" / "replica.sqlite3")
    raw = replica.raw_connection()
    cur = raw.cursor()
    elapsed, rows, batch = 0.0, 0, []

    def flush():
        nonlocal elapsed, rows
        product_rows = [(p.id, p.sku, p.name, p.brand, p.category, p.gross_price_cents, p.vat_class, p.base_unit,
                         p.net_content, p.weighed, p.plu, True) for p in batch]
        gtin_rows = [(g, p.id) for p in batch for g in p.gtins]
        t = time.perf_counter()
        cur.executemany("INSERT INTO product (id, sku, name, brand, category, gross_price_cents, vat_class, base_unit,"
                        " net_content, weighed, plu, active) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", product_rows)
        cur.executemany("INSERT INTO productgtin (gtin, product_id) VALUES (?, ?)", gtin_rows)
        raw.commit()
        elapsed += time.perf_counter() - t
        rows += len(product_rows)
        batch.clear()

    for p in generate_products(products):
        batch.append(p)
        if len(batch) == PAGE:
            flush()
    if batch:
        flush()
    raw.close()
    replica.dispose()
    return rows / elapsed


def queue_sales(replica, count: int) -> None:
    """`count` completed sales in the outbox (3 lines each), written fast in one transaction."""
    with replica.connect() as c:
        register_id = c.exec_driver_sql("SELECT value FROM setting WHERE key = 'register_id'").scalar_one()
        products = c.exec_driver_sql("SELECT id, sku, name, gross_price_cents, vat_class FROM product"
                                     " WHERE NOT weighed AND id <= 1000 LIMIT 300").all()
    with transaction(replica) as s:
        for n in range(count):
            cart = Cart()
            for k in range(3):
                p = products[(n * 3 + k) % len(products)]
                cart.add_product(ProductInfo(p[0], p[1], p[2], p[3], VatClass(p[4])))
            payment = Payment(cart.total_cents)
            payment.cash(cart.total_cents)
            record_sale(s, cart=cart, tenders=payment.tenders, register_id=register_id, location_id="1001",
                        associate_id=1, started_at=utcnow())


def ui_stall(folder: Path, backend: BackendProcess, secret: str) -> tuple[float, float]:
    """Run the real window while a bootstrap runs in the sync thread; measure event-loop stalls."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from app.payment.simulator import TerminalSimulator
    from app.services.context import RegisterContext
    from app.ui.app import settle_after_start
    from app.ui.main_window import MainWindow

    replica, client = new_register(folder, backend, secret, 3)
    pages = [0]

    def first_page_only():
        pages[0] += 1
        return pages[0] > 1

    SyncEngine(replica, client, page_size=10).pull_all(should_stop=first_page_only)  # the store itself first
    app = QApplication.instance() or QApplication([])
    window = MainWindow(RegisterContext.load(replica, terminal=TerminalSimulator()), printer_spec=None,
                        pdf_dir=folder / "pdf")
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    settle_after_start()  # as app.ui.app.main does
    engine = SyncEngine(replica, client, page_size=PAGE)
    done = threading.Event()
    result = {}

    def run():
        t = time.perf_counter()
        result["report"] = engine.pull_all()
        result["seconds"] = time.perf_counter() - t
        done.set()

    stalls = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        stalls.append(now - last[0])
        if os.environ.get("TRESEN_BENCH_DEBUG") and now - last[0] > 30:
            print(f"stall {now - last[0]} ms at {now} ms", file=sys.stderr)
        last[0] = now
        if done.is_set():
            app.quit()

    timer = QTimer(interval=5, timeout=tick)
    timer.start()
    threading.Thread(target=run, daemon=True).start()
    app.exec()
    timer.stop()
    window.close()
    return max(stalls) - 5, result["report"].pulled / result["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1_000_000)
    parser.add_argument("--sales", type=int, default=10_000)
    args = parser.parse_args()
    db = backend_db(args.products)
    folder = Path(tempfile.mkdtemp(prefix="tresen-bench-sync-"))
    run_db = folder / "backend.sqlite3"  # the seeded chain copied: this run's registers enroll in the copy only
    shutil.copy(db, run_db)
    backend, enrollment_secrets = start_backend(run_db)
    try:
        replica, client = new_register(folder, backend, enrollment_secrets[0], 1)
        t = time.perf_counter()
        report = SyncEngine(replica, client, page_size=PAGE).pull_all()
        bootstrap_s = time.perf_counter() - t
        products = replica.connect().exec_driver_sql("SELECT count(*) FROM product").scalar_one()
        rate = report.pulled / bootstrap_s
        raw_rate = raw_insert_rate(folder, args.products)

        push_replica, push_client = new_register(folder, backend, enrollment_secrets[1], 2)
        with push_replica.begin() as c:  # the few products it sells, instead of a second full bootstrap
            c.exec_driver_sql(f"ATTACH DATABASE '{replica.url.database}' AS first")
            c.exec_driver_sql("INSERT INTO location SELECT * FROM first.location")
            c.exec_driver_sql("INSERT INTO product SELECT * FROM first.product WHERE id <= 1000")
        with push_replica.connect() as c:
            c.exec_driver_sql("DETACH DATABASE first")
        queue_sales(push_replica, args.sales)
        t = time.perf_counter()
        pushed = SyncEngine(push_replica, push_client, batch_size=500).push_pending()
        push_s = time.perf_counter() - t

        stall_ms, stall_rate = ui_stall(folder, backend, enrollment_secrets[2])
    finally:
        backend.stop()
    print(json.dumps({
        "products": products,
        "bootstrap_changes": report.pulled,
        "bootstrap_s": round(bootstrap_s, 1),
        "bootstrap_rows_per_s": round(rate),
        "raw_executemany_rows_per_s": round(raw_rate),
        "bootstrap_ratio": round(rate / raw_rate, 3),
        "push_sales": args.sales,
        "push_operations": pushed.pushed,  # each sale and its fiscal journal entry
        "push_10k_s": round(push_s * 10_000 / args.sales, 2),
        "ui_max_stall_ms": round(stall_ms, 1),
        "bootstrap_rows_per_s_with_ui": round(stall_rate),
        "page_size": PAGE,
    }), flush=True)
    os._exit(0)  # skip PySide6's teardown at exit (see tests/bench/counter.py)


if __name__ == "__main__":
    main()
