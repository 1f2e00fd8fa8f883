"""`python -m sync.server admin …`: what IT does to the chain's registers, from the command line (issue 13).

    registers                     every register: store, enrolled, last seen, revoked
    enrollment-secret REGISTER    a one-time secret for a new register's PC (shown once, stored hashed)
    import-products FILE          products from CSV (sync/server/catalog_import.py): good rows in, bad ones listed
    import-stock FILE             counted stock per location from CSV
    import-prices FILE            scheduled prices (valid from, to; chain-wide or a store's) from CSV
                                  (sync/server/prices.py)
    replace-register REGISTER     revoke the register's PC now and print a secret for the new one
    revoke REGISTER               take the register's PC out of service (its token stops working)

Stores and associates: sync/server/admin_chain.py. A secret is printed, never taken as an argument. Exit status: 0 done, 2 refused (an unknown register, a file
that cannot be read …), 3 imported with rows refused (listed on stderr with their line and reason).
"""

from __future__ import annotations

import argparse
import secrets
import sys

from sqlalchemy import select
from sqlmodel import Session

from sync.server.loyalty import expire_points
from sync.server import admin_chain
from sync.server.catalog_import import import_products, import_stock
from sync.server.db import create_schema, make_engine
from sync.server.enrollment import REVOKED, add_enrollment_secrets, replace_register, revoke
from sync.server.models import Location, Register
from sync.server.prices import import_prices
from sync.server.settings import load_settings

__all__ = ["COMMAND", "main"]

COMMAND = "admin"


def _registers(engine) -> int:
    with Session(engine) as s:
        rows = s.exec(select(Register).order_by(Register.id)).scalars().all()
    print(f"{'Kasse':<10} {'Filiale':<8} {'angemeldet':<17} {'zuletzt gesehen':<17} Status")
    for r in rows:
        seen = f"{r.last_seen:%Y-%m-%d %H:%M}" if r.last_seen else "-"
        status = "gesperrt" if r.token_hash.startswith(REVOKED) else "aktiv"
        print(f"{r.id:<10} {r.store_id:<8} {r.enrolled_at:%Y-%m-%d %H:%M} {seen:<17} {status}")
    return 0


def _store_known(engine, register_id: str) -> bool:
    store_id = register_id.partition("-")[0]
    with Session(engine) as s:
        return s.get(Location, store_id) is not None


def _new_secret(engine, register_id: str) -> int:
    if not _store_known(engine, register_id):
        print(f"Filiale von {register_id} ist im Backend nicht bekannt", file=sys.stderr)
        return 2
    secret = secrets.token_urlsafe(18)
    add_enrollment_secrets(engine, {secret: register_id})
    print(secret)
    return 0


def _replace(engine, register_id: str) -> int:
    if not _store_known(engine, register_id):
        print(f"Filiale von {register_id} ist im Backend nicht bekannt", file=sys.stderr)
        return 2
    print(replace_register(engine, register_id))
    return 0


def _revoke(engine, register_id: str) -> int:
    with Session(engine) as s:
        if not revoke(s, register_id):
            print(f"Kasse {register_id} ist nicht angemeldet", file=sys.stderr)
            return 2
        s.commit()
    print(f"Kasse {register_id} gesperrt")
    return 0


def _import(engine, path: str, what) -> int:
    try:
        report = what(engine, path)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        print(f"Nicht importiert: {exc}", file=sys.stderr)
        return 2
    print(f"{report.imported} Zeilen importiert, {len(report.refused)} abgewiesen")
    for line, reason in report.refused:
        print(f"Zeile {line}: {reason}", file=sys.stderr)
    return 3 if report.refused else 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=f"python -m sync.server {COMMAND}", description="Kassen der Kette verwalten")
    p.add_argument("--config", help="Konfigurationsdatei (TRESEN_BACKEND_DB=…); sonst die Umgebung")
    p.add_argument("--db", help="SQLAlchemy-URL der Backend-Datenbank (statt TRESEN_BACKEND_DB)")
    sub = p.add_subparsers(dest="what", required=True)
    sub.add_parser("registers", help="alle Kassen")
    sub.add_parser("expire-points", help="verfallene Treuepunkte ausbuchen (täglich, z. B. per cron)")
    for name, text in (("enrollment-secret", "Einmal-Geheimnis für eine neue Kasse"),
                       ("replace-register", "PC einer Kasse ersetzen: alten sperren, Geheimnis für den neuen"),
                       ("revoke", "PC einer Kasse sperren")):
        sub.add_parser(name, help=text).add_argument("register", help="Kasse, z. B. 1001-01")
    for name, text in (("import-products", "Artikel aus CSV"), ("import-stock", "Bestände aus CSV"),
                       ("import-prices", "Preise mit Gültigkeit aus CSV")):
        sub.add_parser(name, help=text).add_argument("file", help="CSV-Datei (Format: sync/server/catalog_import.py, "
                                                                  "Preise: sync/server/prices.py)")
    admin_chain.add_parsers(sub)
    for command in sub.choices.values():  # `admin registers --db …` as well as `admin --db … registers`
        command.add_argument("--config", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        command.add_argument("--db", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    try:
        settings = load_settings(args.config, backend_db=args.db)
    except (FileNotFoundError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    engine = make_engine(settings.backend_db)
    try:
        create_schema(engine)
        if args.what == "registers":
            return _registers(engine)
        if args.what == "expire-points":
            with Session(engine) as s:
                expired = expire_points(s)
                s.commit()
            print(f"{expired} Punkte verfallen")
            return 0
        if args.what in admin_chain.COMMANDS:
            return admin_chain.run(engine, args)
        imports = {"import-products": import_products, "import-stock": import_stock, "import-prices": import_prices}
        if args.what in imports:
            return _import(engine, args.file, imports[args.what])
        action = {"enrollment-secret": _new_secret, "replace-register": _replace, "revoke": _revoke}[args.what]
        try:
            return action(engine, args.register)
        except ValueError as exc:  # not a register id
            print(str(exc), file=sys.stderr)
            return 2
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
