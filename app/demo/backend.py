"""`python -m app.demo serve-backend`: the central backend with the demo chain and its last days, made by
demo registers that drive the real register services and sync with it (app/demo/history.py; the backend is
served for that moment by `EmbeddedBackend`), then served as `python -m sync.server` serves it.

This is the demo's composition, so it lives with the register: the backend itself never imports `app`."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy.engine import Engine

from app.demo import HISTORY_DAYS
from app.demo.history import seed_history
from sync.server.__main__ import add_serving_arguments, open_backend, serve
from sync.server.embedded import EmbeddedBackend
from sync.server.seed import seed_backend, seed_demo_offers

COMMAND = "serve-backend"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_serving_arguments(p)
    p.add_argument("--demo-history-days", type=int, default=HISTORY_DAYS, metavar="D",
                   help=f"with --seed-demo: D days of history in every store, made by demo registers "
                        f"(default {HISTORY_DAYS}; 0: none)")
    p.add_argument("--demo-registers", default="tresen-demo-registers", metavar="DIR",
                   help="with --seed-demo: where the demo history's registers keep their files")


def main(p: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    settings, engine = open_backend(p, args)
    if args.seed_demo:
        seed_backend(engine, products=args.seed_demo)
        seed_demo_offers(engine)
        if args.demo_history_days > 0:
            make_history(engine, days=args.demo_history_days, folder=Path(args.demo_registers))
    serve(engine, settings)


def make_history(engine: Engine, *, days: int, folder: Path) -> None:
    """The demo history on a seeded backend's database, with its progress printed."""
    backend = EmbeddedBackend(engine=engine)
    backend.start()
    started = time.monotonic()
    try:
        report = seed_history(backend, folder, days=days, progress=lambda store, done, total: print(
            f"Demo-Historie: Filiale {store}, Tag {done}/{total} ({time.monotonic() - started:.0f} s)", flush=True))
    finally:
        backend.stop()
    print(f"Demo-Historie: {report.days} Tage, {report.sales} Verkäufe, {report.returns} Rückgaben, "
          f"{report.pickups} Abholungen, {report.handovers} Übernahmen, {report.deliveries} Lieferaufträge, "
          f"{report.closings} Z-Abschlüsse ({time.monotonic() - started:.0f} s)", flush=True)
