"""`python -m app enroll`: set up this PC's register against the chain's backend, for scripted roll-outs.

    python -m app enroll --backend https://zentrale.example --store 1001 --register 1 [--backend-ca FILE]
                         [--data-dir DIR]

The same as the first-run wizard (app/ui/setup_wizard.py): enroll with the one-time secret IT made
(`python -m sync.server admin enrollment-secret 1001-01`), then load the store's catalog, stock and associates.
The secret is never an argument (it would stay in the shell's history and the process list): it is read from
`TRESEN_ENROLLMENT_SECRET`, or typed in at the prompt. The register token goes to the OS keyring.

Exit status: 0 set up, 2 refused (bad input, a secret refused, already set up), 3 the backend not reachable.
No Qt is loaded.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.config import backend_ca_bundle, replica_path
from app.store.db import StoreError, open_replica
from sync.client.setup import SetupError, SetupState, set_up_register

__all__ = ["main"]

SECRET_ENV = "TRESEN_ENROLLMENT_SECRET"


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m app enroll", description="Diese Kasse bei der Zentrale anmelden")
    p.add_argument("--backend", required=True, help="Adresse der Zentrale, https://…")
    p.add_argument("--store", required=True, help="Filialnummer, z. B. 1001")
    p.add_argument("--register", required=True, type=int, help="Kassennummer in der Filiale, 1 bis 99")
    p.add_argument("--backend-ca", help="PEM-Datei mit der CA der Kette (sonst die öffentlichen CAs)")
    p.add_argument("--data-dir", help="Ordner der lokalen Datenbank (sonst der Benutzer-Datenordner)")
    args = p.parse_args(argv)
    secret = os.environ.get(SECRET_ENV) or (getpass.getpass("Einmal-Geheimnis: ") if sys.stdin.isatty() else
                                            sys.stdin.readline())
    try:
        replica = open_replica(_new_folder(replica_path(args.data_dir)))
    except (OSError, StoreError) as exc:
        print(f"Lokale Datenbank nicht nutzbar: {exc}", file=sys.stderr)
        return 2
    state = SetupState()
    try:
        report = set_up_register(replica, base_url=args.backend, store_id=args.store, register_no=args.register,
                                 secret=secret, ca_bundle=backend_ca_bundle(args.backend_ca), state=state)
    except SetupError as exc:
        print(str(exc), file=sys.stderr)
        return 3 if exc.code in ("unreachable", "certificate") else 2
    finally:
        replica.dispose()
    print(f"Kasse {state.register_id} eingerichtet: {report.pulled} Datensätze geladen")
    return 0


def _new_folder(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    return path
