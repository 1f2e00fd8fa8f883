"""What the chain's imports share, whether the rows come from a CSV file (`admin import-…`) or from the ERP's
API (sync/server/erp.py): a row is a dict of text cells named by the CSV's columns, checked by one code path;
a row refused says why as a code with parameters (`sync.erp_protocol.Refusal`), worded in German here.

CSV files: UTF-8 (a BOM is fine), a header row, `;` between fields.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable, Iterator

from pydantic import BaseModel
from sqlmodel import Session

from sync.erp_protocol import Refusal, RowResult

__all__ = ["BATCH", "ImportReport", "MESSAGES", "Refused", "Row", "cells", "check_text", "chunks", "csv_rows",
           "euros_to_cents", "flag", "look_up", "row_results", "serialise_imports", "parse_day"]

#: (line or position, {column: text}): a CSV line, or a row of an API request.
Row = tuple[int, dict[str, str]]
BATCH = 10_000  # rows checked and written at a time
MAX_PRICE_EUR = Decimal(1_000_000)
_YES, _NO = {"1", "ja", "true", "yes", "j"}, {"0", "nein", "false", "no", "n", ""}

MESSAGES = {
    Refusal.CONTROL_CHARACTER: "{column} enthält ein Steuerzeichen",
    Refusal.SKU_MISSING: "SKU fehlt oder ist länger als 32 Zeichen",
    Refusal.NAME_MISSING: "Name fehlt",
    Refusal.GTIN_INVALID: "GTIN {gtin}: keine GTIN oder Prüfziffer falsch",
    Refusal.GTIN_TAKEN: "GTIN {gtin} gehört schon zu SKU {sku}",
    Refusal.VAT_CLASS_UNKNOWN: "unbekannte USt-Klasse {value!r} (A, B oder C)",
    Refusal.PRICE_NOT_A_NUMBER: "Preis ist keine Zahl: {value!r}",
    Refusal.PRICE_OUT_OF_RANGE: "Preis {value} ist negativ, zu groß oder hat mehr als zwei Nachkommastellen",
    Refusal.BASE_UNIT_UNKNOWN: "unbekannte Grundpreis-Einheit {value!r} (Stk, kg oder l)",
    Refusal.FLAG_INVALID: "{column} ist weder ja noch nein: {value!r}",
    Refusal.NET_CONTENT_INVALID: "Inhalt ist keine positive ganze Zahl: {value!r}",
    Refusal.PLU_INVALID: "PLU {value!r} ist keine Nummer mit höchstens 8 Ziffern",
    Refusal.DUPLICATE: "{what} steht schon weiter oben im Import",
    Refusal.PRODUCT_MISSING: "weder SKU noch GTIN angegeben",
    Refusal.PRODUCT_UNKNOWN: "unbekannter Artikel {value!r}",
    Refusal.PRODUCT_MISMATCH: "SKU {sku} und GTIN {gtin} sind verschiedene Artikel",
    Refusal.DATE_INVALID: "{column} ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ): {value!r}",
    Refusal.PERIOD_REVERSED: "gültig bis {valid_to} liegt vor gültig ab {valid_from}",
    Refusal.STORE_UNKNOWN: "unbekannte Filiale {value!r}",
    Refusal.LOCATION_UNKNOWN: "unbekannter Standort {value!r}",
    Refusal.QUANTITY_INVALID: "Menge ist keine ganze Zahl von 0 bis 100.000.000: {value!r}",
}


class Refused(ValueError):
    """A row that is not imported. `code` and `params` are for the caller to word; str() is the German text."""

    def __init__(self, code: Refusal, **params):
        self.code, self.params = code, {k: str(v) for k, v in params.items()}
        super().__init__(MESSAGES[code].format(**self.params))


@dataclass
class ImportReport:
    imported: int = 0
    refused: list[tuple[int, Refused]] = field(default_factory=list)  # (line or position, why)


def csv_rows(path: Path | str, columns: tuple[str, ...], optional: tuple[str, ...] = (),
             one_of: tuple[str, ...] = ()) -> Iterator[Row]:
    """The rows of a CSV file with its line numbers; ValueError if a column is missing (nothing is imported).
    An `optional` column missing from the header reads as empty; of `one_of` (optional too) one must be there."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # German Excel's "CSV (Trennzeichen-getrennt)" is Windows-1252
        text = raw.decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    header = reader.fieldnames or []
    if len(header) == 1 and "," in header[0] and len(columns) > 1:
        raise ValueError(f"{Path(path).name}: die Spalten sind durch Kommas getrennt; erwartet wird das Semikolon (;)"
                         f" zwischen den Spalten: {';'.join(columns)}")
    missing = [c for c in columns if c not in header]
    if one_of and not set(one_of) & set(header):
        missing.append(" oder ".join(one_of))
    if missing:
        raise ValueError(f"{Path(path).name}: Spalten fehlen: {', '.join(missing)}")
    optional += one_of
    blank = dict.fromkeys(optional, "")
    for row in reader:
        yield reader.line_num, {**blank, **{k: (v or "").strip() for k, v in row.items() if k}}


def cells(position: int, row: BaseModel) -> Row:
    """An API row as the CSV's text cells: lists joined by `|`, flags 1/0, nothing as empty."""
    def text(value) -> str:
        if isinstance(value, list):
            return "|".join(str(v) for v in value)
        if isinstance(value, bool):
            return "1" if value else "0"
        return "" if value is None else str(value).strip()
    return position, {name: text(value) for name, value in row}


def chunks(rows: Iterable[Row], size: int = BATCH) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def serialise_imports(session: Session) -> None:
    """One import at a time (on PostgreSQL a transaction lock; SQLite has one writer anyway): two imports naming
    the same new SKU, or the same product's prices, would otherwise each miss the other's rows."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql("SELECT pg_advisory_xact_lock(hashtextextended('tresen-import', 0))")


def look_up(conn, sql: str, keys: set) -> list[tuple]:
    """`sql`, whose `{keys}` stands for a list of keys, for many keys: a thousand at a time, straight to the
    driver (SQLAlchemy's expanding parameters cost more than the query here)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    keys, found = sorted(keys), []
    for i in range(0, len(keys), 1000):
        part = keys[i:i + 1000]
        found += [tuple(r) for r in conn.exec_driver_sql(sql.format(keys=",".join([mark] * len(part))), tuple(part))]
    return found


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_text(row: dict[str, str]) -> None:
    """No control characters (PostgreSQL stores no NUL, and none belongs in a name or a code); one search a row."""
    if _CONTROL.search("".join(row.values())):
        raise Refused(Refusal.CONTROL_CHARACTER, column=next(c for c, v in row.items() if _CONTROL.search(v)))


def flag(value: str, column: str) -> bool:
    if value.lower() in _YES:
        return True
    if value.lower() in _NO:
        return False
    raise Refused(Refusal.FLAG_INVALID, column=column, value=value)


def euros_to_cents(value: str) -> int:
    """'2,49' or '2.49' → 249; at most two decimals, from 0 to a million euros."""
    try:
        price = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise Refused(Refusal.PRICE_NOT_A_NUMBER, value=value) from None
    if not price.is_finite() or price < 0 or price > MAX_PRICE_EUR or price != price.quantize(Decimal("0.01")):
        raise Refused(Refusal.PRICE_OUT_OF_RANGE, value=value)
    return int(price * 100)


def parse_day(value: str, column: str) -> date:
    """A date as YYYY-MM-DD or DD.MM.YYYY."""
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            pass
    raise Refused(Refusal.DATE_INVALID, column=column, value=value)


def row_results(report: ImportReport, count: int) -> list[RowResult]:
    """Every row's outcome, by its position (1 … count)."""
    refused = dict(report.refused)
    return [RowResult(row=n, status="accepted") if n not in refused else
            RowResult(row=n, status="refused", code=refused[n].code, params=refused[n].params, reason=str(refused[n]))
            for n in range(1, count + 1)]
