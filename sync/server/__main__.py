"""Start the central backend: python -m sync.server [--db URL] [--host H] [--port P] [--seed-demo N].

`--seed-demo N` creates the demo chain (N products) and, with the register package installed, its last 30 days
(`--demo-history-days`), made by registers driving the real register services and syncing with this backend
(app/demo/history.py; served for that moment by `EmbeddedBackend`).

Settings from the environment or `--config FILE` (sync/server/settings.py); no secret on the command line.

Or export a store's closings: python -m sync.server export-dsfinvk --store S --from D --to D --out DIR [--db URL]
(sync/server/dsfinvk/cli.py); or manage the registers: python -m sync.server admin … (sync/server/admin.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import uvicorn

from sync.server.app import create_app
from sync.server.db import create_schema, make_engine
from sync.server.embedded import EmbeddedBackend
from sync.server.admin import COMMAND as ADMIN_COMMAND, main as admin_main
from sync.server.dsfinvk.cli import COMMAND as DSFINVK_COMMAND, main as dsfinvk_main
from sync.server.enrollment import replace_register
from sync.server.logs import log_config
from sync.server.settings import load_settings
from sync.server.seed import seed_backend


def main() -> None:
    commands = {DSFINVK_COMMAND: dsfinvk_main, ADMIN_COMMAND: admin_main}  # commands of their own, apart from serving
    if sys.argv[1:2] and sys.argv[1] in commands:
        sys.exit(commands[sys.argv[1]](sys.argv[2:]))
    p = argparse.ArgumentParser(prog="python -m sync.server",
                                epilog=f"DSFinV-K-Export: python -m sync.server {DSFINVK_COMMAND} --help; Kassen "
                                       f"verwalten: python -m sync.server {ADMIN_COMMAND} --help")
    p.add_argument("--config", help="a file of TRESEN_… settings (sync/server/settings.py); else the environment")
    p.add_argument("--db", help="SQLAlchemy URL (instead of TRESEN_BACKEND_DB): sqlite:///file.sqlite3 or "
                                "postgresql+psycopg://user@host/db")
    p.add_argument("--host", help="instead of TRESEN_HOST (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="instead of TRESEN_PORT (default 8700)")
    p.add_argument("--seed-demo", type=int, metavar="N", help="create the demo chain with N products first")
    p.add_argument("--demo-history-days", type=int, default=30, metavar="D",  # app.demo.HISTORY_DAYS (not imported)
                   help="with --seed-demo: D days of history in every store, made by demo registers (default 30)")
    p.add_argument("--demo-registers", default="tresen-demo-registers", metavar="DIR",
                   help="with --seed-demo: where the demo history's registers keep their files")
    p.add_argument("--replace-register", metavar="REGISTER",
                   help=f"as '{ADMIN_COMMAND} replace-register': revoke REGISTER's PC, print a secret for the new one")
    args = p.parse_args()
    try:
        settings = load_settings(args.config, backend_db=args.db, host=args.host, port=args.port)
    except (FileNotFoundError, ValueError) as exc:
        p.error(str(exc))
    engine = make_engine(settings.backend_db)
    create_schema(engine)
    if args.replace_register:
        print(replace_register(engine, args.replace_register))
        return
    if args.seed_demo:
        seed_backend(engine, products=args.seed_demo)
        if args.demo_history_days > 0:
            seed_history(engine, days=args.demo_history_days, folder=Path(args.demo_registers))
    shop_key = settings.shop_key.get_secret_value() if settings.shop_key else None
    uvicorn.run(create_app(engine, shop_key=shop_key), host=settings.host, port=settings.port,
                log_level=settings.log_level, log_config=log_config(settings.log_level))


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
