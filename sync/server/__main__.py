"""Start the central backend: python -m sync.server [--config FILE] [--db URL] [--host H] [--port P] [--workers N]
[--seed-demo N].

`--seed-demo N` creates the demo chain (N products) first; its 30 days of history are made by registers, so
that is the register's command: `python -m app.demo serve-backend --seed-demo N` (app/demo/backend.py).

Settings from the environment or `--config FILE` (sync/server/settings.py); no secret on the command line.

Or export a store's closings: python -m sync.server export-dsfinvk --store S --from D --to D --out DIR [--db URL]
(sync/server/dsfinvk/cli.py); or manage the registers: python -m sync.server admin … (sync/server/admin.py)."""

from __future__ import annotations

import argparse
import logging
import logging.config
import os
import sys
from pathlib import Path

import uvicorn
from uvicorn.supervisors import Multiprocess
from sqlalchemy.engine import Engine

from sync.server.asgi import CONFIG_ENV, TcpConfig, app_from_settings
from sync.server.db import create_schema, make_engine
from sync.server.admin import COMMAND as ADMIN_COMMAND, main as admin_main
from sync.server.dsfinvk.cli import COMMAND as DSFINVK_COMMAND, main as dsfinvk_main
from sync.server.enrollment import replace_register
from sync.server.logs import log_config
from sync.server.mail import MailSender
from sync.server.settings import BackendSettings, load_settings
from sync.server.seed import seed_backend, seed_demo_offers

log = logging.getLogger("sync.server")


def main() -> None:
    commands = {DSFINVK_COMMAND: dsfinvk_main, ADMIN_COMMAND: admin_main}  # commands of their own, apart from serving
    if sys.argv[1:2] and sys.argv[1] in commands:
        sys.exit(commands[sys.argv[1]](sys.argv[2:]))
    p = argparse.ArgumentParser(prog="python -m sync.server",
                                epilog=f"DSFinV-K-Export: python -m sync.server {DSFINVK_COMMAND} --help; Kassen "
                                       f"verwalten: python -m sync.server {ADMIN_COMMAND} --help; die Demo-Kette mit "
                                       "ihrer Historie (mit dem Kassenpaket): python -m app.demo serve-backend --help")
    add_serving_arguments(p)
    p.add_argument("--replace-register", metavar="REGISTER",
                   help=f"as '{ADMIN_COMMAND} replace-register': revoke REGISTER's PC, print a secret for the new one")
    args = p.parse_args()
    settings, engine = open_backend(p, args)
    if args.replace_register:
        print(replace_register(engine, args.replace_register))
        return
    if args.seed_demo:
        seed_backend(engine, products=args.seed_demo)
        seed_demo_offers(engine)
    serve(engine, settings)


def add_serving_arguments(p: argparse.ArgumentParser) -> None:
    """The options of serving the backend (here, and in the demo's `python -m app.demo serve-backend`)."""
    p.add_argument("--config", help="a file of TRESEN_… settings (sync/server/settings.py); else the environment")
    p.add_argument("--db", help="SQLAlchemy URL (instead of TRESEN_BACKEND_DB): sqlite:///file.sqlite3 or "
                                "postgresql+psycopg://user@host/db")
    p.add_argument("--host", help="instead of TRESEN_HOST (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="instead of TRESEN_PORT (default 8700)")
    p.add_argument("--workers", type=int, help="instead of TRESEN_WORKERS (default 1): worker processes; several "
                                               "need PostgreSQL")
    p.add_argument("--seed-demo", type=int, metavar="N", help="create the demo chain with N products first")


def open_backend(p: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[BackendSettings, Engine]:
    """The settings, and the database brought to the current schema."""
    try:
        settings = load_settings(args.config, backend_db=args.db, host=args.host, port=args.port,
                                 workers=args.workers)
    except (FileNotFoundError, ValueError) as exc:
        p.error(str(exc))
    if settings.workers > 1 and not settings.backend_db.startswith("postgresql"):
        p.error("several workers (--workers, TRESEN_WORKERS) need PostgreSQL: SQLite has one writer at a time")
    if args.config:  # the workers read the same file
        os.environ[CONFIG_ENV] = str(Path(args.config).resolve())
    else:
        os.environ.pop(CONFIG_ENV, None)
    # What the command line set is handed to the workers the same way (none of it secret: --db takes no password);
    # the rest they read from the same environment and file.
    os.environ.update({f"TRESEN_{k.upper()}": str(v) for k, v in
                       (("backend_db", args.db), ("host", args.host), ("port", args.port)) if v is not None})
    engine = make_engine(settings.backend_db)
    create_schema(engine)
    return settings, engine


def serve(engine: Engine, settings: BackendSettings) -> None:
    logging.config.dictConfig(log_config(settings.log_level))  # JSON lines from the first message on
    smtp = settings.smtp()
    sender = MailSender(engine, smtp) if smtp else None
    if sender is not None:
        sender.start()
    else:
        log.warning("no SMTP server configured (TRESEN_SMTP_HOST): customers' e-mails wait in the outbox")
    serving = dict(host=settings.host, port=settings.port, log_level=settings.log_level,
                   log_config=log_config(settings.log_level),
                   timeout_graceful_shutdown=5,  # the registers' event streams are cut after 5 s, not awaited
                   # A register's connection stays open between its rounds (uvicorn's default closes it after
                   # 5 s, and a round starting just then meets a closed connection); longer than a proxy's 60 s.
                   timeout_keep_alive=65)
    try:
        if settings.workers > 1:
            # Each worker process builds its app from the environment and the file (sync/server/asgi.py, and
            # open_backend above). This process only supervises them (and sends the e-mails).
            config = TcpConfig("sync.server.asgi:app_from_environment", factory=True, workers=settings.workers,
                               **serving)
            Multiprocess(config, sockets=[config.bind_socket()]).run()  # what uvicorn.run does for workers
        else:
            uvicorn.run(app_from_settings(settings, engine), **serving)
    finally:
        if sender is not None:
            sender.stop()


if __name__ == "__main__":
    main()
