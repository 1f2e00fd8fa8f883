"""The official DSFinV-K index.xml, shipped in spec/ beside its DTD and read once: the 20 tables, their
columns and the CSV dialect of each file. Nothing about the format is written down anywhere else, so an
export follows whatever index.xml it ships."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["SPEC_FILES", "Column", "Table", "copy_spec", "spec_path", "tables"]

#: What an export ships beside its CSV files, byte for byte as published.
SPEC_FILES = ("index.xml", "gdpdu-01-09-2004.dtd")


@dataclass(frozen=True)
class Column:
    name: str
    numeric: bool
    accuracy: int | None = None  # decimal places of a numeric column; None: an integer
    max_length: int | None = None  # characters of an alphanumeric column


@dataclass(frozen=True)
class Table:
    url: str  # the file name, e.g. "transactions.csv"
    name: str  # e.g. "Bonkopf"
    columns: tuple[Column, ...]
    encoding: str
    decimal_symbol: str
    digit_grouping: str
    first_data_row: int  # 2: a header row comes first
    column_delimiter: str
    record_delimiter: str
    text_encapsulator: str

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.url} has no column {name}")


def spec_path(name: str) -> Path:
    """A shipped spec file (index.xml or the DTD), from the installed package."""
    return Path(str(resources.files(__package__).joinpath("spec", name)))


def _text(element: ET.Element, path: str, default: str | None = None) -> str:
    found = element.find(path)
    if found is None or found.text is None:
        if default is None:
            raise ValueError(f"index.xml: {path} missing")
        return default
    return found.text


def _column(element: ET.Element) -> Column:
    name = _text(element, "Name")
    if element.find("Numeric") is not None:
        accuracy = element.find("Numeric/Accuracy")
        return Column(name, True, accuracy=int(accuracy.text) if accuracy is not None else None)
    if element.find("AlphaNumeric") is not None:
        length = element.find("MaxLength")
        return Column(name, False, max_length=int(length.text) if length is not None else None)
    raise ValueError(f"index.xml: column {name} has a type this exporter does not write")


def _table(element: ET.Element) -> Table:
    url = _text(element, "URL")
    if element.find("UTF8") is None:
        raise ValueError(f"index.xml: {url} is not UTF-8; only UTF-8 is written")
    layout = element.find("VariableLength")
    if layout is None:
        raise ValueError(f"index.xml: {url} is not of variable length")
    columns = tuple(_column(c) for c in layout if c.tag in ("VariableColumn", "VariablePrimaryKey"))
    return Table(url=url, name=_text(element, "Name"), columns=columns, encoding="utf-8",
                 decimal_symbol=_text(element, "DecimalSymbol", ","),
                 digit_grouping=_text(element, "DigitGroupingSymbol", ""),
                 first_data_row=int(_text(element, "Range/From", "1")),
                 column_delimiter=_text(layout, "ColumnDelimiter", ";"),
                 record_delimiter=_text(layout, "RecordDelimiter", "\r\n"),
                 text_encapsulator=_text(layout, "TextEncapsulator", '"'))


@lru_cache(maxsize=1)
def tables() -> dict[str, Table]:
    """The tables by file name, in index.xml's order."""
    root = ET.parse(spec_path("index.xml")).getroot()
    found = [_table(t) for t in root.iter("Table")]
    return {t.url: t for t in found}


def copy_spec(out_dir: Path) -> list[Path]:
    """index.xml and its DTD beside the CSV files, unchanged."""
    copied = []
    for name in SPEC_FILES:
        target = Path(out_dir) / name
        shutil.copyfile(spec_path(name), target)
        copied.append(target)
    return copied
