"""`python -m sync.server admin …`: the chain's stores and associates (issue 13).

    stores                                    every store and warehouse
    create-store ID --name N [--street …]     a new store (or a new name/address for one)
    associates                                every associate: role, stores, active, starting PIN due
    add-associate --name N --role R --store S [--store S2 …]
                                              a new associate; prints their starting PIN once
    reset-pin ID                              a new starting PIN (forgotten PIN), printed once
    deactivate-associate ID / reactivate-associate ID
    associate-stores ID --store S [--store S2 …]   the stores they work in from now on

Starting PINs are printed, never taken as an argument, and stored hashed; the associate sets their own at the
first login. Registers get every change with their next pull.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import select
from sqlmodel import Session

from sync.protocol import AssociateRole
from sync.server.associates import (AssociateError, add_associate, associate_rows, deactivate_associate,
                                    reset_pin, set_stores)
from sync.server.models import Location
from sync.server.stores import LocationError, save_location

__all__ = ["COMMANDS", "add_parsers", "run"]

COMMANDS = ("stores", "create-store", "associates", "add-associate", "reset-pin", "deactivate-associate",
            "reactivate-associate", "associate-stores")


def add_parsers(sub) -> None:
    sub.add_parser("stores", help="alle Filialen und Lager")
    p = sub.add_parser("create-store", help="Filiale anlegen (oder Name und Anschrift ändern)")
    p.add_argument("store", help="Filialnummer, z. B. 1001")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", choices=("store", "warehouse"), default="store")
    for field in ("street", "city", "region", "vat-id"):
        p.add_argument(f"--{field}", default="")
    sub.add_parser("associates", help="alle Mitarbeiter")
    p = sub.add_parser("add-associate", help="Mitarbeiter anlegen; zeigt die Start-PIN einmal")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=[r.value for r in AssociateRole])
    p.add_argument("--store", action="append", required=True, help="Filiale (mehrfach möglich)")
    for name, text in (("reset-pin", "neue Start-PIN (PIN vergessen); zeigt sie einmal"),
                       ("deactivate-associate", "Mitarbeiter an allen Kassen sperren"),
                       ("reactivate-associate", "gesperrten Mitarbeiter wieder zulassen")):
        sub.add_parser(name, help=text).add_argument("associate", type=int, help="Mitarbeiter-Nr.")
    p = sub.add_parser("associate-stores", help="Filialen eines Mitarbeiters festlegen")
    p.add_argument("associate", type=int, help="Mitarbeiter-Nr.")
    p.add_argument("--store", action="append", required=True, help="Filiale (mehrfach möglich)")


def _stores(engine) -> int:
    with Session(engine) as s:
        rows = s.exec(select(Location).order_by(Location.id)).scalars().all()
    print(f"{'Nr.':<8} {'Art':<10} Name")
    for loc in rows:
        print(f"{loc.id:<8} {loc.kind:<10} {loc.name}  {loc.street}, {loc.city}".rstrip(" ,"))
    return 0


def _associates(engine) -> int:
    print(f"{'Nr.':<6} {'Rolle':<10} {'Filialen':<16} {'Status':<10} Name")
    for a in associate_rows(engine):
        status = ("gesperrt" if not a.active else "Start-PIN" if a.pin_change_due else "aktiv")
        print(f"{a.id:<6} {a.role:<10} {','.join(a.stores):<16} {status:<10} {a.name}")
    return 0


def run(engine, args: argparse.Namespace) -> int:
    """Runs one of COMMANDS. Exit status: 0 done, 2 refused (the reason on stderr)."""
    try:
        if args.what == "stores":
            return _stores(engine)
        if args.what == "associates":
            return _associates(engine)
        if args.what == "create-store":
            new = save_location(engine, location_id=args.store, name=args.name, kind=args.kind, street=args.street,
                                city=args.city, region=args.region, vat_id=args.vat_id)
            print(f"{'Angelegt' if new else 'Geändert'}: {args.store} {args.name}")
        elif args.what == "add-associate":
            associate_id, pin = add_associate(engine, name=args.name, role=args.role, stores=args.store)
            print(f"Mitarbeiter {associate_id} angelegt. Start-PIN (nur jetzt sichtbar): {pin}")
        elif args.what == "reset-pin":
            print(f"Neue Start-PIN für Mitarbeiter {args.associate} (nur jetzt sichtbar): {reset_pin(engine, args.associate)}")
        elif args.what in ("deactivate-associate", "reactivate-associate"):
            deactivate_associate(engine, args.associate, active=args.what == "reactivate-associate")
            print(f"Mitarbeiter {args.associate} {'gesperrt' if args.what == 'deactivate-associate' else 'zugelassen'}")
        elif args.what == "associate-stores":
            set_stores(engine, args.associate, args.store)
            print(f"Mitarbeiter {args.associate}: Filialen {', '.join(sorted(set(args.store)))}")
        return 0
    except (AssociateError, LocationError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
