"""The DSFinV-K export of a store for a date range: every closing a journal source offers that was made
in the range (in the store's local time), with its receipts and master data, written as the shipped
index.xml describes, index.xml and its DTD beside the files. The source decides whose closings: the
backend's are those of all the store's registers, a register's its own (sync/dsfinvk/source.py).

Only verified journal entries go in. What is wrong or missing — an entry that did not verify, entries
that never arrived, a mandatory field the journal cannot fill, receipts no closing covers yet — is
reported, and the files are written all the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from sync.dsfinvk.checks import check_rows
from sync.dsfinvk.closing import Closing, company_of, compare_figures, totals, tse_devices
from sync.dsfinvk.csvfile import write_table
from sync.dsfinvk.receipts import build_bons
from sync.dsfinvk.rows import FILES, closing_rows
from sync.dsfinvk.source import RECEIPT_KINDS, Entry, JournalSource
from sync.dsfinvk.spec import copy_spec, tables
from sync.common.messages import translate

__all__ = ["STORE_TIMEZONE", "ExportError", "ExportReport", "export_dsfinvk"]

STORE_TIMEZONE = "Europe/Berlin"


class ExportError(Exception):
    """The export cannot be made at all (an unknown store, a range that ends before it starts)."""


@dataclass
class ExportReport:
    out_dir: Path
    closings: list[tuple[str, int]] = field(default_factory=list)  # (register, Z number), as exported
    receipts: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _in_force(master: list[Entry], closing: Entry) -> dict | None:
    """The register's master data when the closing was made: the last entry before it in its journal, else
    the last one recorded before it by any of the register's journals (a replaced PC)."""
    same = [e for e in master if e.chain == closing.chain and e.seq < closing.seq]
    if same:
        return same[-1].data
    earlier = [e for e in master if e.at <= closing.at]
    return earlier[-1].data if earlier else None


def _closing(journal: JournalSource, entry: Entry, location: dict, master: list[Entry], problems: list[str]) -> Closing:
    after, span = journal.span(entry)
    present = {e.seq for e in span}
    missing = [s for s in range(after + 1, entry.seq) if s not in present]
    if missing:
        problems.append(f"{entry.where}: {len(missing)} Journaleinträge vor diesem Abschluss fehlen {journal.place} "
                        f"(zuerst Eintrag {missing[0]}); ihre Bons fehlen im Export")
    for e in span:
        if not e.verified:
            left_out = "; der Bon fehlt im Export" if e.kind in RECEIPT_KINDS else ""
            problems.append(f"{e.where}: nicht verifiziert (Hash oder Verkettung stimmt nicht){left_out}")
    bons = build_bons(journal, [e for e in span if e.verified], problems)
    in_force = _in_force(master, entry)
    if in_force is None:
        problems.append(f"{entry.where}: keine Stammdaten der Kasse im Journal; Daten {journal.keeper} verwendet")
    current = ((in_force or {}).get("tse") or {}).get("serial", "")
    closing = Closing(entry, bons, company_of(in_force, location),
                      (in_force or {}).get("register_serial") or entry.register_id,
                      tse_devices(bons, master, in_force), current)
    for device in closing.devices:
        if not device.info:
            problems.append(f"{entry.where}: TSE {device.serial[:16]}… fehlt in den Stammdaten der Kasse")
        elif not device.certificate:
            problems.append(f"{entry.where}: das Journal enthält das Zertifikat der TSE {device.serial[:16]}… "
                            "nicht (TSE_ZERTIFIKAT_I bleibt leer)")
    return closing


def _range(date_from: date, date_to: date, tz: tzinfo) -> tuple[datetime, datetime]:
    if date_to < date_from:
        raise ExportError(f"Der Zeitraum endet ({date_to:%d.%m.%Y}) vor seinem Beginn ({date_from:%d.%m.%Y})")
    return (datetime.combine(date_from, time(), tz), datetime.combine(date_to + timedelta(days=1), time(), tz))


def export_dsfinvk(journal: JournalSource, *, store_id: str, date_from: date, date_to: date,
                   out_dir: Path | str, timezone: str = STORE_TIMEZONE) -> ExportReport:
    """Write the export of the closings `journal` offers for `store_id`, made from `date_from` to `date_to`
    (both included, local time), into `out_dir` (made if missing; the export's files in it are replaced).
    Every read goes through `journal`, which the caller has opened on one consistent state."""
    tz = ZoneInfo(timezone)
    start, end = _range(date_from, date_to, tz)
    out = Path(out_dir)
    report = ExportReport(out)
    problems = report.problems
    rows: dict[str, list[dict]] = {name: [] for name in FILES}
    location = journal.store(store_id)
    if location is None:
        raise ExportError(translate("dsfinvk", "Filiale {store} ist {place} nicht bekannt").format(
            store=store_id, place=journal.place))
    master: dict[str, list[Entry]] = {}
    for entry in journal.closings(store_id, start, end):
        if not entry.verified:
            problems.append(f"{entry.where}: Abschluss nicht verifiziert (Hash oder Verkettung stimmt nicht); "
                            "nicht exportiert")
            continue
        if entry.register_id not in master:
            master[entry.register_id] = [e for e in journal.master_data(entry.register_id) if e.verified]
        closing = _closing(journal, entry, location, master[entry.register_id], problems)
        problems.extend(compare_figures(closing, totals(closing.bons)))
        for name, file_rows in closing_rows(closing, tz, problems).items():
            rows[name].extend(file_rows)
        report.closings.append((closing.kasse_id, closing.z_nr))
        report.receipts += len(closing.bons)
    unclosed = journal.unclosed(store_id, start, end)
    if unclosed:
        first = unclosed[0]
        number = first.data.get("receipt_no")
        what = f"Bon {number} der Kasse {first.register_id}" if number else first.where
        count = "1 Bon im Zeitraum gehört" if len(unclosed) == 1 else f"{len(unclosed)} Bons im Zeitraum gehören"
        problems.append(f"{count} zu einem Kassentag ohne Abschluss (zuerst {what} vom "
                        f"{first.at.astimezone(tz):%d.%m.%Y %H:%M}); erst der Tagesabschluss bringt "
                        f"{'ihn' if len(unclosed) == 1 else 'sie'} in den Export")
    problems.extend(check_rows(rows))
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables().items():
        problems.extend(write_table(table, rows.get(name, []), out))
        report.files.append(out / name)
    report.files.extend(copy_spec(out))
    return report
