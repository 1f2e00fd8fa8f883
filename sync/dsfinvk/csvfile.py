"""Writing one DSFinV-K file in the dialect its index.xml table describes: encoding, column and record
delimiters, text encapsulator, decimal symbol, the number of decimal places of each numeric column, the
header row. Amounts arrive as integers of the smallest unit or as Decimals and are never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Iterable, Mapping

from sync.dsfinvk.spec import Column, Table

__all__ = ["format_value", "write_table"]

Value = str | int | Decimal | None


def _number(column: Column, value: int | Decimal, table: Table) -> str:
    places = column.accuracy or 0
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value)
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded != exact:
        raise ValueError(f"{table.url} {column.name}: {value} has more than {places} decimal places")
    text = f"{abs(rounded) if rounded == 0 else rounded:f}"  # never "-0,00"
    if places:
        whole, _, fraction = text.partition(".")
        text = f"{whole}{table.decimal_symbol}{fraction}"
    return text


def format_value(table: Table, column: Column, value: Value, problems: list[str]) -> str:
    """The field as written, without encapsulation; a text over its MaxLength is cut and reported."""
    if value is None or value == "":
        return ""
    if column.numeric:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            raise TypeError(f"{table.url} {column.name}: a number is expected, not {value!r}")
        return _number(column, value, table)
    if isinstance(value, Decimal) or isinstance(value, bool):
        raise TypeError(f"{table.url} {column.name}: a text is expected, not {value!r}")
    text = " ".join(str(value).split()) if any(c in str(value) for c in "\r\n\t") else str(value)
    if column.max_length is not None and len(text) > column.max_length:
        problems.append(f"{table.url}: {column.name} auf {column.max_length} Zeichen gekürzt: {text!r}")
        text = text[:column.max_length]
    return text


def _field(table: Table, column: Column, text: str) -> str:
    if column.numeric or text == "":
        return text
    quote = table.text_encapsulator
    return quote + text.replace(quote, quote * 2) + quote


def write_table(table: Table, rows: Iterable[Mapping[str, Value]], out_dir: Path) -> list[str]:
    """Write `rows` (column name -> value; a column left out stays empty) to out_dir/<url>; returns
    the problems found (texts cut to their maximum length). A name that is no column is an error."""
    if table.first_data_row not in (1, 2):
        raise ValueError(f"{table.url}: data from row {table.first_data_row} is not supported")
    problems: list[str] = []
    records = []
    if table.first_data_row == 2:
        records.append(table.column_delimiter.join(table.names))
    known = set(table.names)
    for row in rows:
        unknown = set(row) - known
        if unknown:
            raise KeyError(f"{table.url} has no column(s) {sorted(unknown)}")
        records.append(table.column_delimiter.join(
            _field(table, c, format_value(table, c, row.get(c.name), problems)) for c in table.columns))
    data = "".join(r + table.record_delimiter for r in records)
    with open(Path(out_dir) / table.url, "w", encoding=table.encoding, newline="") as f:
        f.write(data)
    return problems
