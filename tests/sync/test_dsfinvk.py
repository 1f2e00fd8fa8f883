"""DSFinV-K export of the backend (sync/server/dsfinvk over sync/dsfinvk): a day at a real register — the
float, cash and card sales, a return refunded as store credit and that voucher redeemed, a void, cash
moved, a training receipt, a receipt made while the TSE was out, the Z closing — synced to a real backend
(SQLite and PostgreSQL) and exported.

The day and what its export must pass are in tests/dsfinvk_day.py: a register exports its own closings
with the same checks (tests/services/test_dsfinvk_export.py)."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.services.day_closing import close_day
from app.services.till import current_till, expected_cash, open_till
from sync.dsfinvk import ExportError
from sync.dsfinvk.rows import FILES
from sync.dsfinvk.spec import SPEC_FILES, spec_path, tables
from sync.server.dsfinvk import export_store
from tests.dsfinvk_day import (SHARED, a_day, check_the_day, count_of, products_by_class, read, sell, unexpected,
                               validate)

ROOT = Path(__file__).resolve().parents[2]


# -- the backend's export ----------------------------------------------------------------------------------

def closing_day(backend) -> date:
    """The local day of the last closing: the range to export (not today's date, which may have turned)."""
    with backend.engine.connect() as c:
        at = c.execute(text("SELECT at FROM fiscaljournal WHERE kind = 'closing' ORDER BY at DESC")).scalars().first()
    from zoneinfo import ZoneInfo
    return datetime.fromisoformat(at).astimezone(ZoneInfo("Europe/Berlin")).date()


def export(backend, out: Path, day: date | None = None, **kwargs):
    day = day or closing_day(backend)
    return export_store(backend.engine, store_id=kwargs.pop("store_id", "1001"), date_from=day, date_to=day,
                        out_dir=out, **kwargs)


# -- the tests -------------------------------------------------------------------------------------------------

def test_a_day_exports_valid_and_adds_up(make_register, backend, tmp_path):
    reg = make_register(open_day=False)  # the test counts its own float
    day = a_day(reg.sale)
    assert reg.sync.sync_once().rejected == 0
    out = tmp_path / "export"
    check_the_day(out, export(backend, out), day)


def test_closings_split_the_receipts_and_the_range_chooses_them(make_register, backend, tmp_path):
    reg = make_register(open_day=False)  # the test counts its own float
    ctx, lena = reg.sale.ctx, reg.sale.associate
    a = products_by_class(reg.replica)["A"]
    z_numbers = []
    for n in range(2):
        open_till(ctx, lena, float_count=count_of(10_000))
        sell(reg.sale, a[n])
        till = current_till(ctx, lena)
        z_numbers.append(close_day(ctx, lena, counted=count_of(expected_cash(ctx, till))).z_no)
    reg.sync.sync_once()
    report = export(backend, tmp_path / "both")
    assert report.closings == [("1001-01", z) for z in z_numbers] == [("1001-01", 1), ("1001-01", 2)]
    assert unexpected(report.problems) == [] and validate(tmp_path / "both") == []
    f = read(tmp_path / "both")
    by_z = defaultdict(list)
    for bon in f["transactions.csv"]:
        by_z[bon["Z_NR"]].append(bon["BON_NR"])
    assert by_z == {"1": ["1", "2"], "2": ["3", "4"]}  # the float and a sale each: in their own closing only
    assert [r["Z_NR"] for r in f["cashpointclosing.csv"]] == ["1", "2"]

    day = closing_day(backend)
    earlier = export(backend, tmp_path / "earlier", day - timedelta(days=3))
    assert earlier.closings == [] and earlier.receipts == 0 and validate(tmp_path / "earlier") == []
    assert all(rows == [] for rows in read(tmp_path / "earlier").values())
    assert export(backend, tmp_path / "other", store_id="1002").closings == []
    with pytest.raises(ExportError, match="nicht bekannt"):
        export(backend, tmp_path / "none", store_id="4711")
    with pytest.raises(ExportError, match="endet"):
        export_store(backend.engine, store_id="1001", date_from=day, date_to=day - timedelta(days=1),
                     out_dir=tmp_path / "none")


def test_an_entry_that_did_not_verify_is_left_out_and_reported(make_register, backend, tmp_path):
    import json

    reg = make_register(open_day=False)  # the test counts its own float
    ctx, lena = reg.sale.ctx, reg.sale.associate
    a = products_by_class(reg.replica)["A"]
    open_till(ctx, lena, float_count=count_of(10_000))
    kept, edited, later = sell(reg.sale, a[0]), sell(reg.sale, a[1]), sell(reg.sale, a[2])
    close_day(ctx, lena, counted=count_of(expected_cash(ctx, current_till(ctx, lena))))
    open_till(ctx, lena, float_count=count_of(0))  # the next day
    after = sell(reg.sale, a[4])  # no closing covers it yet
    with reg.replica.begin() as c:  # the copy that leaves the register: its total lowered
        row = c.exec_driver_sql("SELECT id, payload FROM outboxentry WHERE op = 'fiscal.event' AND json_extract("
                                "payload, '$.kind') = 'sale' AND json_extract(payload, '$.data.receipt_no') = ?",
                                (edited.receipt_no,)).one()
        payload = json.loads(row[1])
        payload["data"]["total_cents"] = 1
        c.exec_driver_sql("UPDATE outboxentry SET payload = ? WHERE id = ?", (json.dumps(payload), row[0]))
    reg.sync.sync_once()
    report = export(backend, tmp_path / "out")
    assert validate(tmp_path / "out") == []
    problems = unexpected(report.problems)
    assert any("nicht verifiziert" in p and "der Bon fehlt im Export" in p for p in problems)
    assert any("Kassentag ohne Abschluss" in p for p in problems)
    numbers = [b["BON_NR"] for b in read(tmp_path / "out")["transactions.csv"]]
    assert str(kept.receipt_no) in numbers and str(later.receipt_no) in numbers
    assert str(edited.receipt_no) not in numbers and str(after.receipt_no) not in numbers


def test_the_command_line_writes_the_export(make_register, backend, tmp_path):
    reg = make_register(open_day=False)  # the test counts its own float
    ctx, lena = reg.sale.ctx, reg.sale.associate
    open_till(ctx, lena, float_count=count_of(10_000))
    sell(reg.sale, products_by_class(reg.replica)["B"][0], pay="card")
    close_day(ctx, lena, counted=count_of(expected_cash(ctx, current_till(ctx, lena))))
    reg.sync.sync_once()
    day = closing_day(backend).isoformat()
    out = tmp_path / "cli"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "sync.server", *args], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)

    done = run("export-dsfinvk", "--store", "1001", "--from", day, "--to", day, "--out", str(out),
               "--db", backend.db_url)
    assert done.returncode == 0, done.stderr  # written, without findings
    assert "1 Abschlüsse, 2 Bons" in done.stdout
    assert unexpected([line for line in done.stderr.splitlines() if line]) == []
    assert validate(out) == [] and len(read(out)["transactions.csv"]) == 2
    unknown = run("export-dsfinvk", "--store", "4711", "--from", day, "--to", day, "--out", str(tmp_path / "x"),
                  "--db", backend.db_url)
    assert unknown.returncode == 2 and "Filiale 4711 ist im Backend nicht bekannt" in unknown.stderr
    missing = run("export-dsfinvk", "--store", "1001", "--from", day, "--to", day, "--out", str(tmp_path / "x"),
                  "--db", f"sqlite:///{tmp_path / 'nothing.sqlite3'}")
    assert missing.returncode == 2 and not (tmp_path / "nothing.sqlite3").exists()
    assert "--seed-demo" in run("--help").stdout  # serving keeps its options


def test_the_shipped_index_is_the_official_one():
    for name in SPEC_FILES:
        shipped = spec_path(name)
        assert shipped.is_file() and shipped.parent == ROOT / "sync" / "dsfinvk" / "spec"
        if SHARED.is_dir():
            assert shipped.read_bytes() == (SHARED / name).read_bytes(), name
    assert tuple(tables()) == FILES  # every file of index.xml is written, in its order


def test_vat_is_computed_once_per_receipt_and_shared_out_exactly():
    from sync.dsfinvk.model import Bon, Line, allocate_vat

    now = datetime(2025, 3, 5, 12, 0)
    bon = Bon("b", 1, "Beleg", now, now, "1", lines=[
        Line("1", "x", "Umsatz", 1, 101), Line("2", "y", "Umsatz", 1, 101), Line("3", "z", "Umsatz", 1, 101),
        Line("4", "t", "Umsatz", 2, -107), Line("5", "Gutschein", "MehrzweckgutscheinEinloesung", 5, -50)])
    allocate_vat(bon)
    assert bon.vat == {1: (303, 255, 48), 2: (-107, -100, -7), 5: (-50, -50, 0)}  # 3.03 / 1.19 = 2.546 -> 2.55
    assert [line.vat_cents for line in bon.lines] == [16, 16, 16, -7, 0]
    assert sum(line.net_cents for line in bon.lines if line.vat_key == 1) == 255


def test_numbers_and_texts_are_written_as_index_xml_says(tmp_path):
    from sync.dsfinvk.csvfile import format_value, write_table

    table = tables()["lines_vat.csv"]
    problems: list[str] = []
    assert format_value(table, table.column("POS_BRUTTO"), Decimal("-0.00"), problems) == "0,00000"
    assert format_value(table, table.column("POS_BRUTTO"), Decimal("-12.3"), problems) == "-12,30000"
    assert format_value(table, table.column("UST_SCHLUESSEL"), 5, problems) == "5"
    with pytest.raises(ValueError):
        format_value(table, table.column("POS_BRUTTO"), Decimal("0.000001"), problems)
    assert format_value(table, table.column("POS_ZEILE"), "x" * 60, problems) == "x" * 50 and problems
    write_table(table, [{"Z_KASSE_ID": 'A;"B"', "Z_NR": 1, "POS_BRUTTO": Decimal("1.5")}], tmp_path)
    assert (tmp_path / "lines_vat.csv").read_bytes().split(b"\r\n")[1] == b'"A;""B""";;1;;;;1,50000;;'


def test_the_tse_certificate_is_exported_once_the_journal_carries_it(make_register, backend, tmp_path):
    """The registers' master data entries do not carry the certificate yet (see KNOWN_GAPS); the backend's
    copy is given it here, as a register would send it."""
    from sqlalchemy import select, update

    from sync.server.models import FiscalJournalEntry

    reg = make_register(open_day=False)  # the test counts its own float
    ctx, lena = reg.sale.ctx, reg.sale.associate
    open_till(ctx, lena, float_count=count_of(5_000))
    close_day(ctx, lena, counted=count_of(5_000))
    reg.sync.sync_once()
    pem = ctx.tse.info().certificate_pem
    journal = FiscalJournalEntry.__table__
    with backend.engine.begin() as c:
        seq, data = c.execute(select(journal.c.seq, journal.c.data).where(journal.c.kind == "master_data")).one()
        data["tse"]["certificate"] = pem
        c.execute(update(journal).where(journal.c.kind == "master_data", journal.c.seq == seq).values(data=data))
    report = export(backend, tmp_path / "out")
    assert not any("Zertifikat" in p or "ZERTIFIKAT" in p for p in report.problems)
    [tse] = read(tmp_path / "out")["tse.csv"]
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    assert tse["TSE_ZERTIFIKAT_I"] + tse["TSE_ZERTIFIKAT_II"] == body and validate(tmp_path / "out") == []
