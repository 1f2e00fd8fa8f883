"""The cash book (Kassenbuch) of a drawer's day: every cash receipt in order with the running balance, from the
float to the count (issue 12). One text layout for the PDF and the printer."""

from __future__ import annotations

import textwrap

from dataclasses import dataclass
from datetime import datetime

from app.core.money import format_eur

__all__ = ["CashBookEntry", "layout_cash_book"]


@dataclass(frozen=True)
class CashBookEntry:
    at: datetime  # local time
    receipt_no: int | None
    text: str  # "Barverkauf", "Rückgabe bar", "Geldtransit: Tresor" …
    cents: int  # signed: + into the drawer


def _eur(cents: int) -> str:
    return format_eur(cents, symbol=False)


def layout_cash_book(entries: list[CashBookEntry], *, store_name: str, register_id: str, day: datetime,
                     counted_cents: int | None = None, width: int = 78) -> list[str]:
    out = [f"KASSENBUCH  {store_name}  Kasse {register_id}  {day:%d.%m.%Y}", "=" * width,
           f"{'Zeit':<6} {'Beleg':>6}  {'Vorgang':<38} {'Betrag':>11} {'Bestand':>11}", "-" * width]
    balance = 0
    for e in sorted(entries, key=lambda e: e.at):
        balance += e.cents
        number = str(e.receipt_no) if e.receipt_no is not None else ""
        text = textwrap.wrap(e.text, 38) or [""]  # a note is never cut: it goes on below
        out.append(f"{e.at:%H:%M} {number:>7}  {text[0]:<38} {_eur(e.cents):>11} {_eur(balance):>11}")
        out += [f"{'':15} {more}" for more in text[1:]]
    out += ["-" * width, f"{'Soll-Bestand':<56} {_eur(balance):>21}"]
    if counted_cents is not None:
        out += [f"{'Gezählt':<56} {_eur(counted_cents):>21}",
                f"{'Differenz':<56} {_eur(counted_cents - balance):>21}"]
    return out
