"""PIN hash benchmark: what one PIN check costs the register, and what it costs an attacker.

  verify_ms                  median time of one `verify_pin` at the production cost (one core)
  days_all_6_digit_one_core  10**6 six-digit PINs × verify_ms, in days: trying every PIN
                             against a stolen replica on one core of this machine
  login_ms                   median time of a whole `Authenticator.login` (replica read, check) on a
                             fresh replica with the demo associates
  target_login_ms            login_ms stays below this

Targets: verify_ms 150–250, login_ms < target_login_ms, days_all_6_digit_one_core >= 1.
The last line is one JSON object.
Usage: python -m tests.bench.pin_kdf [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from app.services.auth import Authenticator
from sync.common.pins import PRODUCTION_COST, hash_pin, verify_pin
from app.store.db import open_replica
from app.demo.replica import seed_associates
from sync.common.demo_data import DEMO_ASSOCIATES

TARGET_LOGIN_MS = 300
SIX_DIGIT_PINS = 10**6


def verify_times_ms(runs: int) -> list[float]:
    stored = hash_pin("135790", cost=PRODUCTION_COST)
    times = []
    for i in range(runs):
        t = time.perf_counter()
        ok = verify_pin("135790" if i % 2 else "135791", stored)  # right and wrong PINs cost the same
        times.append((time.perf_counter() - t) * 1000)
        assert ok == bool(i % 2)
        print(f"verify {i + 1}: {times[-1]:.1f} ms", file=sys.stderr)
    return times


def login_times_ms(runs: int) -> list[float]:
    associate_id, _, _, pin = DEMO_ASSOCIATES[-1]  # the manager: six digits
    with tempfile.TemporaryDirectory() as folder:
        engine = open_replica(Path(folder) / "replica.sqlite3")
        try:
            seed_associates(engine)
            auth = Authenticator(engine)
            times = []
            for i in range(runs):
                t = time.perf_counter()
                auth.login(associate_id=associate_id, pin=pin)
                times.append((time.perf_counter() - t) * 1000)
                print(f"login {i + 1}: {times[-1]:.1f} ms", file=sys.stderr)
            return times
        finally:
            engine.dispose()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    args = p.parse_args(argv)
    verify_ms = statistics.median(verify_times_ms(args.runs))
    login_ms = statistics.median(login_times_ms(args.runs))
    c = PRODUCTION_COST
    print(json.dumps({
        "verify_ms": round(verify_ms, 1),
        "days_all_6_digit_one_core": round(SIX_DIGIT_PINS * verify_ms / 1000 / 86_400, 2),
        "login_ms": round(login_ms, 1),
        "target_login_ms": TARGET_LOGIN_MS,
        "scrypt": {"n": c.n, "r": c.r, "p": c.p, "memory_mib": c.memory_bytes // 2**20},
        "runs": args.runs,
    }))


if __name__ == "__main__":
    main()
