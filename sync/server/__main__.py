"""Start the central backend: python -m sync.server [--db URL] [--host H] [--port P] [--seed-demo N].

`--seed-demo N` creates the demo chain (N products) and, with the register package installed, its last 30 days
(`--demo-history-days`), made by registers driving the real register services and syncing with this backend
(app/demo/history.py; served for that moment by `EmbeddedBackend`).

Or export a store's closings: python -m sync.server export-dsfinvk --store S --from D --to D --out DIR [--db URL]
(sync/server/dsfinvk/cli.py)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import uvicorn

from sync.server.app import create_app
from sync.server.db import create_schema, make_engine
from sync.server.embedded import EmbeddedBackend
from sync.server.dsfinvk.cli import COMMAND as DSFINVK_COMMAND, main as dsfinvk_main
from sync.server.enrollment import add_enrollment_secrets, replace_register
from sync.server.seed import seed_backend


def main() -> None:
    if sys.argv[1:2] == [DSFINVK_COMMAND]:  # a command of its own, apart from serving
        sys.exit(dsfinvk_main(sys.argv[2:]))
    p = argparse.ArgumentParser(prog="python -m sync.server",
                                epilog=f"DSFinV-K-Export: python -m sync.server {DSFINVK_COMMAND} --help")
    p.add_argument("--db", default=os.environ.get("TRESEN_BACKEND_DB", "sqlite:///tresen-backend.sqlite3"),
                   help="SQLAlchemy URL: sqlite:///file.sqlite3 or postgresql+psycopg://user@host/db")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--seed-demo", type=int, metavar="N", help="create the demo chain with N products first")
    p.add_argument("--demo-history-days", type=int, default=30,  # app.demo.HISTORY_DAYS: not imported by the server metavar="D",
                   help="with --seed-demo: D days of history in every store, made by demo registers (default 30)")
    p.add_argument("--demo-registers", default="tresen-demo-registers", metavar="DIR",
                   help="with --seed-demo: where the demo history's registers keep their files")
    p.add_argument("--enrollment-secret", action="append", default=[], metavar="REGISTER=SECRET",
                   help="allow register REGISTER (e.g. 1001-01) to enroll its PC once with SECRET (repeatable)")
    p.add_argument("--replace-register", metavar="REGISTER",
                   help="IT replaces REGISTER's PC: revoke the old PC now, print a secret for the new one, and exit")
    args = p.parse_args()
    engine = make_engine(args.db)
    create_schema(engine)
    if args.replace_register:
        print(replace_register(engine, args.replace_register))
        return
    secrets = {secret: register for register, secret in (s.split("=", 1) for s in args.enrollment_secret)}
    if args.seed_demo:
        seed_backend(engine, products=args.seed_demo)
        if args.demo_history_days > 0:
            seed_history(engine, days=args.demo_history_days, folder=Path(args.demo_registers))
    add_enrollment_secrets(engine, secrets)
    shop_key = os.environ.get("TRESEN_SHOP_KEY")  # the web shop's API key; never on the command line
    uvicorn.run(create_app(engine, shop_key=shop_key), host=args.host, port=args.port, log_level="info")


def seed_history(engine, *, days: int, folder: Path) -> None:
    """The demo history needs the register's code (registers make it); a server-only install has none."""
    try:
        from app.demo.history import seed_history as replay  # the demo's composition, not the backend's
    except ImportError as exc:
        print(f"Keine Demo-Historie: das Kassenpaket fehlt ({exc})", file=sys.stderr)
        return
    backend = EmbeddedBackend(engine=engine)
    backend.start()
    started = time.monotonic()
    try:
        report = replay(backend, folder, days=days, progress=lambda store, done, total: print(
            f"Demo-Historie: Filiale {store}, Tag {done}/{total} ({time.monotonic() - started:.0f} s)", flush=True))
    finally:
        backend.stop()
    print(f"Demo-Historie: {report.days} Tage, {report.sales} Verkäufe, {report.returns} Rückgaben, "
          f"{report.pickups} Abholungen, {report.handovers} Übernahmen, {report.deliveries} Lieferaufträge, "
          f"{report.closings} Z-Abschlüsse ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
