"""A register killed (kill -9) mid-push or mid-pull resumes without losing or doubling anything."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session

from sync.server.db import record_change
from tests.conftest import gtin_of

ROOT = Path(__file__).resolve().parents[2]


def run_child(reg, backend, mode):
    return subprocess.run(
        [sys.executable, "-m", "tests.sync.kill_sync_child", reg.replica.url.database, backend.url, mode],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "TRESEN_TEST_TOKEN": reg.tokens.get()})


def test_killed_mid_push(make_register, backend):
    reg = make_register()
    code = gtin_of(reg.replica, 2)
    reg.sell(code)
    reg.sell(code)
    proc = run_child(reg, backend, "push")
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 2  # applied before the kill
    assert reg.sync.pending_count() == 2  # ... but the register never heard
    reg.sync.sync_once()  # the restarted register pushes again
    with backend.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM sale")).scalar_one() == 2
        assert c.execute(text("SELECT count(*) FROM stockmovement")).scalar_one() == 2
    assert reg.sync.pending_count() == 0


def test_killed_mid_pull(make_register, backend):
    reg = make_register()
    with Session(backend.engine) as s:  # 100 price changes: five pages of 20 for the child
        c = s.connection()
        c.execute(text("UPDATE product SET gross_price_cents = gross_price_cents + 1000 WHERE id <= 100"))
        for row in c.execute(text("SELECT * FROM product WHERE id <= 100")).mappings().all():
            data = dict(row)
            data["gtins"] = [g for (g,) in c.execute(text("SELECT gtin FROM productgtin WHERE product_id = :p"),
                                                       {"p": row["id"]})]
            record_change(s, kind="product", key=str(row["id"]), data=data)
        s.commit()
    with reg.replica.connect() as c:
        old = dict(c.exec_driver_sql("SELECT id, gross_price_cents FROM product WHERE id <= 100").all())
    proc = run_child(reg, backend, "pull")
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    with reg.replica.connect() as c:
        now = dict(c.exec_driver_sql("SELECT id, gross_price_cents FROM product WHERE id <= 100").all())
        assert c.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
    changed = sum(1 for pid in old if now[pid] != old[pid])
    assert changed == 20  # exactly the first page: the second died with its transaction
    reg.sync.sync_once()
    with reg.replica.connect() as c:
        final = dict(c.exec_driver_sql("SELECT id, gross_price_cents FROM product WHERE id <= 100").all())
    assert all(final[pid] == old[pid] + 1000 for pid in old)
