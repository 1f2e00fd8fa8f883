"""A process killed at any moment of a checkout leaves the whole sale or nothing of it."""

import shutil
import signal
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from app.services.sale_session import SaleSession
from app.store.db import make_engine
from tests.conftest import gtin_of

ROOT = Path(__file__).resolve().parents[2]


def run_child(path: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tests.services.kill_checkout_child", str(path), str(kill_at)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)


def snapshot(path: Path) -> dict:
    engine = make_engine(path)
    try:
        with Session(engine) as s:
            c = s.connection()
            q = lambda sql: c.exec_driver_sql(sql).scalar_one()  # noqa: E731
            return {
                "integrity": c.exec_driver_sql("PRAGMA integrity_check").scalar_one(),
                "sales": q("SELECT count(*) FROM sale"),
                "lines": q("SELECT count(*) FROM saleline"),
                "tenders": q("SELECT count(*) FROM saletender"),
                "movements": q("SELECT count(*) FROM stockmovement"),
                "outbox": q("SELECT count(*) FROM outboxentry"),
                "journal": q("SELECT count(*) FROM fiscalevent"),
                "open_carts": q("SELECT count(*) FROM cart WHERE status = 'open'"),
                "receipt_counter": q("SELECT coalesce(max(value), 0) FROM counter WHERE name = 'receipt_no'"),
                "outbox_counter": q("SELECT coalesce(max(value), 0) FROM counter WHERE name = 'outbox_seq'"),
            }
    finally:
        engine.dispose()


NOTHING = {"integrity": "ok", "sales": 0, "lines": 0, "tenders": 0, "movements": 0, "outbox": 0, "journal": 0,
           "open_carts": 1, "receipt_counter": 0, "outbox_counter": 0}
WHOLE = {"integrity": "ok", "sales": 1, "lines": 3, "tenders": 2, "movements": 3, "outbox": 2, "journal": 1,
         "open_carts": 0, "receipt_counter": 1, "outbox_counter": 2}  # the sale and its journal entry


def test_kill_at_every_step_of_checkout(ctx, associate, engine, replica_path, tmp_path):
    sale = SaleSession(ctx, associate)
    for pid in (2, 3, 3, 6):
        sale.scan(gtin_of(engine, pid))
    assert sale.pay_card(200) == "approved"
    sale.pay_cash(sale.remaining_cents + 1000)
    engine.dispose()

    dry = tmp_path / "dry.sqlite3"
    shutil.copy(replica_path, dry)
    done = run_child(dry, 0)
    assert done.returncode == 0, done.stderr
    steps, commit_step = map(int, done.stdout.split())
    assert snapshot(dry) == WHOLE
    assert commit_step > 10  # counters, sale, lines, tenders, movements, outbox, cart, then the commit

    outcomes = set()
    for kill_at in range(1, steps + 1):
        path = tmp_path / f"kill{kill_at}.sqlite3"
        shutil.copy(replica_path, path)
        proc = run_child(path, kill_at)
        assert proc.returncode == -signal.SIGKILL, (kill_at, proc.stderr)
        state = snapshot(path)
        # Killed up to and including the commit call: nothing. After it: the whole sale.
        assert state == (NOTHING if kill_at <= commit_step else WHOLE), (kill_at, state)
        outcomes.add(state["sales"])
    assert outcomes == {0, 1}
