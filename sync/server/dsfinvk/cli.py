"""`python -m sync.server export-dsfinvk`: the DSFinV-K export of one store from the command line.

Exit status: 0 written without findings, 3 written with findings (listed on stderr), 2 not written
(bad arguments, unknown store)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from sync.dsfinvk import STORE_TIMEZONE, ExportError
from sync.server.db import make_engine
from sync.server.settings import load_settings
from sync.server.dsfinvk.journal import export_store

__all__ = ["COMMAND", "main"]

COMMAND = "export-dsfinvk"


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"kein Datum der Form JJJJ-MM-TT: {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog=f"python -m sync.server {COMMAND}",
                                description="DSFinV-K-Export der Kassenabschlüsse einer Filiale")
    p.add_argument("--store", required=True, help="Filialnummer, z. B. 1001")
    p.add_argument("--from", dest="date_from", required=True, type=_day, metavar="JJJJ-MM-TT",
                   help="erster Tag (Abschlüsse ab 0 Uhr Ortszeit)")
    p.add_argument("--to", dest="date_to", required=True, type=_day, metavar="JJJJ-MM-TT",
                   help="letzter Tag (einschließlich)")
    p.add_argument("--out", required=True, help="Verzeichnis für die Dateien (wird angelegt)")
    p.add_argument("--db", help="SQLAlchemy-URL der Backend-Datenbank (sonst TRESEN_BACKEND_DB; ohne Passwort)")
    p.add_argument("--config", help="Konfigurationsdatei (TRESEN_BACKEND_DB=…)")
    p.add_argument("--timezone", default=STORE_TIMEZONE, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    try:
        db = load_settings(args.config, backend_db=args.db).backend_db
    except (FileNotFoundError, ValueError) as exc:
        print(f"Export nicht geschrieben: {exc}", file=sys.stderr)
        return 2
    url = make_url(db)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").is_file():  # never make an empty one
        print(f"Export nicht geschrieben: keine Backend-Datenbank unter {url.database!r}", file=sys.stderr)
        return 2
    engine = make_engine(db)
    try:
        report = export_store(engine, store_id=args.store, date_from=args.date_from, date_to=args.date_to,
                              out_dir=args.out, timezone=args.timezone)
    except ExportError as exc:
        print(f"Export nicht geschrieben: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"Export nicht geschrieben: die Datenbank ist nicht lesbar ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    print(f"{len(report.closings)} Abschlüsse, {report.receipts} Bons, {len(report.files)} Dateien in {report.out_dir}")
    for problem in report.problems:
        print(f"Hinweis: {problem}", file=sys.stderr)
    return 3 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
