"""Building (once) and caching the large replica the benchmarks run on.

Run as `python -m tests.bench.replica N` to build it alone; it is cached under
tests/bench/.cache/ (not committed) and rebuilt when the schema or the demo PINs change.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from sync.common.pins import verify_pin
from app.store.db import alembic_config, make_engine, open_replica
from app.demo.replica import seed_demo
from sync.common.demo_data import DEMO_ASSOCIATES

CACHE = Path(__file__).resolve().parent / ".cache"


def _head(engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def _demo_pins_match(c) -> bool:
    """The manager's demo PIN (the benchmarks type it) still opens the cached replica."""
    manager_id, _, _, pin = DEMO_ASSOCIATES[-1]
    stored = c.exec_driver_sql("SELECT pin_hash FROM associate WHERE id = ?", (manager_id,)).scalar()
    return stored is not None and verify_pin(pin, stored)


def replica_dir(products: int) -> Path:
    """A data folder whose replica.sqlite3 holds `products` demo products at the current schema."""
    folder = CACHE / f"counter-{products}"
    path = folder / "replica.sqlite3"
    if path.exists():
        engine = make_engine(path)
        try:
            with engine.connect() as c:
                current = MigrationContext.configure(c).get_current_revision()
                count = c.exec_driver_sql("SELECT count(*) FROM product").scalar_one()
                pins_match = _demo_pins_match(c)
            if current == _head(engine) and count == products and pins_match:
                return folder
        except Exception:
            pass
        finally:
            engine.dispose()
        for f in folder.glob("replica.sqlite3*"):
            f.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    engine = open_replica(path)
    seed_demo(engine, products=products)
    with engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    print(f"built {products} products in {time.perf_counter() - t0:.1f} s at {path}", file=sys.stderr)
    return folder


if __name__ == "__main__":
    print(replica_dir(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000))
