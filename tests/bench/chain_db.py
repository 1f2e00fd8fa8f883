"""What one idle pull (a register that has everything) costs the database, for `tests.bench.chain`.

Run as a script with the measured checkout first on PYTHONPATH, so the backend code under test is the one that
answers: the register's pull goes through the real app in-process, every statement it sends is recorded, and
each is then run again under EXPLAIN (ANALYZE, BUFFERS) — a write inside a transaction that is rolled back.
Prints one JSON object: statements, writes, commits, shared buffers touched and the execution time summed.
Usage: python tests/bench/chain_db.py DB_URL TOKEN CURSOR
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["idle_pull_cost"]


def idle_pull_cost(db_url: str, register, source: Path) -> dict:
    """Measured in a process of its own, on the checkout `source`."""
    token = register.http.headers["Authorization"][len("Bearer "):]
    out = subprocess.run([sys.executable, __file__, db_url, token, register.cursor or ""], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(source)}, cwd=source, check=False)
    if out.returncode != 0:
        return {"error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(db_url: str, token: str, cursor: str) -> dict:
    from fastapi.testclient import TestClient
    from sqlalchemy import event

    from sync.server.app import create_app
    from sync.server.db import make_engine

    engine = make_engine(db_url)
    seen: list[tuple[str, object]] = []
    commits = [0]
    event.listen(engine, "before_cursor_execute", lambda conn, cur, stmt, params, ctx, many: seen.append((stmt, params)))
    event.listen(engine, "commit", lambda conn: commits.__setitem__(0, commits[0] + 1))
    with TestClient(create_app(engine)) as client:
        auth = {"Authorization": f"Bearer {token}"}
        client.get("/v1/pull", params={"cursor": cursor, "limit": 2000}, headers=auth)  # warm: the pool, the caches
        seen.clear()
        commits[0] = 0
        r = client.get("/v1/pull", params={"cursor": cursor, "limit": 2000}, headers=auth)
        assert r.status_code == 200 and r.json()["changes"] == [], r.text[:300]
    statements = [(s, p) for s, p in seen if s.strip().upper() not in ("SELECT 1", "BEGIN", "COMMIT", "ROLLBACK")]
    buffers = time_ms = writes = 0
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        for stmt, params in statements:
            write = not stmt.lstrip().upper().startswith("SELECT")
            writes += write
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + stmt, params)
            plan = cur.fetchone()[0][0]
            top = plan["Plan"]
            buffers += top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
            time_ms += plan.get("Execution Time", 0.0)
            raw.rollback()  # nothing measured is kept
    finally:
        raw.close()
        engine.dispose()
    return {"statements": len(statements), "writes": writes, "commits": commits[0], "shared_buffers": buffers,
            "execution_ms": round(time_ms, 3), "sql": [s.split()[0] + " " + " ".join(s.split()[1:6]) for s, _ in statements]}


if __name__ == "__main__":
    here = Path(__file__).resolve().parent  # a script's folder comes first on sys.path: tests/bench/sync.py is no `sync`
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    print(json.dumps(_measure(*sys.argv[1:4])))
