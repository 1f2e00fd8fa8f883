"""`python -m app.tse store-fiskaly-secrets`: put the fiskaly API key, secret and admin PIN into the OS keyring
(asked for without echo; never written to a file or a log)."""

from __future__ import annotations

import argparse
import getpass
import sys

import keyring

from app.tse.factory import FISKALY_SECRETS, KEYRING_SERVICE

PROMPTS = {"fiskaly-api-key": "fiskaly API-Key: ", "fiskaly-api-secret": "fiskaly API-Secret: ",
           "fiskaly-admin-pin": "Admin-PIN der TSS (leer: keine Client-Registrierung): "}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m app.tse", description="TSE-Einrichtung dieser Kasse")
    p.add_argument("command", choices=["store-fiskaly-secrets"])
    p.parse_args(argv)
    for name in FISKALY_SECRETS:
        value = getpass.getpass(PROMPTS[name])
        if value:
            keyring.set_password(KEYRING_SERVICE, name, value)
    print("Gespeichert im Schlüsselbund (Dienst \"Tresen TSE\").")
    return 0


if __name__ == "__main__":
    sys.exit(main())
