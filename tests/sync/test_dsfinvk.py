"""DSFinV-K export of the backend (sync/server/dsfinvk over sync/dsfinvk): a day at a real register — the
float, cash and card sales, a return refunded as store credit and that voucher redeemed, a void, cash
moved, a training receipt, a receipt made while the TSE was out, the Z closing — synced to a real backend
(SQLite and PostgreSQL) and exported.

The export must pass the `dsfinvk` package's validator against the official index.xml, and add up: each
closing's totals are the sums of its receipts of type Beleg, per VAT key and per payment type; the TSE
process data rebuilt from transactions_vat.csv and datapayment.csv is what the TSE signed."""

from __future__ import annotations

import contextlib
import csv
import io
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from app.core.cart import Discount
from app.core.cash import DENOMINATIONS, CashCount, CashMovementKind
from app.services.day_closing import close_day
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.till import current_till, expected_cash, move_cash, open_till
from sync.dsfinvk import ExportError
from sync.dsfinvk.rows import FILES
from sync.dsfinvk.spec import SPEC_FILES, spec_path, tables
from sync.server.dsfinvk import export_store
from tests.conftest import gtin_of
from tests.tse.qr_verifier import verify_qr

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "dsfinvk"
MANAGER_PIN = "987654"

#: Findings the export may report because the registers' journal lacks the data: none any more (the TSE
#: certificate and an aborted receipt's number are journalled since issue 12).
KNOWN_GAPS: tuple[str, ...] = ()  # the journal carries the TSE certificate and an aborted receipt's number now


# -- the day at the register ------------------------------------------------------------------------------

def _products(reg) -> dict[str, list[int]]:
    with reg.replica.connect() as c:
        rows = c.execute(text("SELECT id, vat_class FROM product WHERE NOT weighed AND active AND gross_price_cents"
                              " BETWEEN 150 AND 2000 ORDER BY id")).all()
    by_class = defaultdict(list)
    for pid, vat_class in rows:
        by_class[vat_class].append(pid)
    return by_class


def _count(cents: int) -> CashCount:
    """The drawer counted: `cents` in the fewest pieces."""
    pieces = {}
    for denomination in sorted(DENOMINATIONS, reverse=True):
        pieces[denomination], cents = divmod(cents, denomination)
    return CashCount({d: n for d, n in pieces.items() if n})


def _sell(reg, *product_ids: int, pay: str = "cash"):
    sale = reg.sale
    for pid in product_ids:
        sale.scan(gtin_of(reg.replica, pid))
    if pay == "card":
        assert sale.pay_card(sale.remaining_cents) == "approved"
    else:
        sale.pay_cash(sale.remaining_cents + 1_000)  # change given back
    return sale.complete()


def a_day(reg) -> dict:
    """Everything a day brings, then the Z closing; returns what the checks need to know."""
    ctx, lena, sale = reg.sale.ctx, reg.sale.associate, reg.sale
    a, b = _products(reg)["A"], _products(reg)["B"]
    open_till(ctx, lena, float_count=_count(15_000))  # Anfangsbestand
    first = _sell(reg, a[0], b[0], a[1])  # cash, 19 % and 7 %
    sale.scan(gtin_of(reg.replica, a[2]))
    sale.scan(gtin_of(reg.replica, b[1]))
    sale.set_line_discount(sale.cart.lines[0].line_id, Discount("percent", 500))  # 5 %: no approval
    assert sale.pay_card(sale.remaining_cents) == "approved"
    sale.complete()
    returned = record_return(ctx, lena, source=find_source(ctx, first.barcode), quantities={a[0]: 1},
                             refund_method="voucher")
    code = returned.data["voucher_code"]
    sale.scan(gtin_of(reg.replica, a[3]))
    sale.scan(gtin_of(reg.replica, a[3]))
    sale.pay_voucher(code)  # the whole credit ...
    sale.pay_cash(sale.remaining_cents)  # ... and the rest in cash
    sale.complete()
    second = _sell(reg, b[2])
    record_return(ctx, lena, source=find_source(ctx, second.barcode), quantities={b[2]: 1}, refund_method="cash")
    sale.scan(gtin_of(reg.replica, a[4]))
    ctx.signing.drain()  # its transaction started: the void is signed as AVBelegabbruch
    sale.void()
    move_cash(ctx, lena, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000, note="Tresor")
    move_cash(ctx, lena, kind=CashMovementKind.PAY_IN, amount_cents=2_000)
    sale.set_training(True, approver_pin=MANAGER_PIN)
    _sell(reg, a[5])
    sale.set_training(False, approver_pin=MANAGER_PIN)
    ctx.tse.go_offline()
    sale.scan(gtin_of(reg.replica, b[3]))
    ctx.signing.drain()  # the start failed: the outage began
    sale.pay_cash(sale.remaining_cents)
    unsigned = sale.complete()
    assert not unsigned.fiscal.signed
    ctx.tse.go_online()
    assert ctx.signing.probe()
    expected = expected_cash(ctx, current_till(ctx, lena))
    closing = close_day(ctx, lena, counted=_count(expected - 50), approver_pin=MANAGER_PIN)  # 50 ct short
    assert reg.sync.sync_once().rejected == 0
    return {"z_no": closing.z_no, "first": first, "unsigned": unsigned, "voucher": code, "return": returned,
            "counted": closing.counted_cents}



# -- reading an export back --------------------------------------------------------------------------------

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


def validate(out: Path) -> list[str]:
    """The `dsfinvk` package's validator against the shipped official index.xml. It prints what it finds
    in numeric and text fields instead of returning it: that counts as an error too."""
    from dsfinvk.validate import validate_dir

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        errors = validate_dir(str(out))
    return errors + [line for line in printed.getvalue().splitlines() if line.strip()]


def read(out: Path) -> dict[str, list[dict[str, str]]]:
    """Every file as rows by column name, read with the dialect index.xml gives."""
    files = {}
    for name, table in tables().items():
        raw = (out / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: no BOM"
        content = raw.decode(table.encoding)
        assert content.endswith(table.record_delimiter) and "\n" not in content.replace("\r\n", ""), name
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=table.column_delimiter,
                            quotechar=table.text_encapsulator)
        header, *rows = list(reader)
        assert tuple(header) == table.names
        files[name] = [dict(zip(header, row)) for row in rows]
    return files


def amount(text_value: str) -> Decimal:
    return Decimal(text_value.replace(",", ".")) if text_value else Decimal(0)


def bucket(key: str) -> int:
    """The slot of a UST_SCHLUESSEL among the five gross amounts of the process data (keys 5-8: the last)."""
    return {"1": 0, "2": 1, "3": 2, "4": 3}.get(key, 4)


def rebuilt_process_data(bon: dict, vat_rows: list[dict], payment_rows: list[dict]) -> str:
    """Kassenbeleg-V1 process data from transactions_vat.csv and datapayment.csv alone (as AmadeusVerify
    checks an export): the five gross amounts, then the payments — Bar first, every other type is Unbar,
    "Keine" is none."""
    gross = [Decimal(0)] * 5
    for row in vat_rows:
        gross[bucket(row["UST_SCHLUESSEL"])] += amount(row["BON_BRUTTO"])
    paid: dict[str, Decimal] = {}
    for row in payment_rows:
        if row["ZAHLART_TYP"] != "Keine":
            kind = "Bar" if row["ZAHLART_TYP"] == "Bar" else "Unbar"
            paid[kind] = paid.get(kind, Decimal(0)) + amount(row["BASISWAEH_BETRAG"])
    payments = "_".join(f"{paid[k]:.2f}:{k}" for k in ("Bar", "Unbar") if k in paid and paid[k])
    return f"{bon['BON_TYP']}^{'_'.join(f'{g:.2f}' for g in gross)}^{payments}"


def by_bon(rows: list[dict]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for row in rows:
        out[row["BON_ID"]].append(row)
    return out


def unexpected(problems: list[str]) -> list[str]:
    return [p for p in problems if not any(gap in p for gap in KNOWN_GAPS)]


# -- the tests -------------------------------------------------------------------------------------------------

def test_a_day_exports_valid_and_adds_up(make_register, backend, tmp_path):
    reg = make_register()
    day = a_day(reg)
    out = tmp_path / "export"
    report = export(backend, out)
    assert report.closings == [("1001-01", day["z_no"])] and report.receipts == 13
    assert unexpected(report.problems) == []
    assert validate(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted((*FILES, *SPEC_FILES))
    for name in SPEC_FILES:
        assert (out / name).read_bytes() == spec_path(name).read_bytes()
    f = read(out)

    [closing] = f["cashpointclosing.csv"]
    assert closing["Z_NR"] == str(day["z_no"]) and closing["Z_KASSE_ID"] == "1001-01"
    assert (closing["NAME"], closing["PLZ"], closing["ORT"], closing["LAND"]) == (
        "Tresen Markt Berlin-Mitte", "10119", "Berlin", "DEU")
    bons = {b["BON_ID"]: b for b in f["transactions.csv"]}
    assert [b["BON_ID"] for b in f["transactions.csv"]][0] == closing["Z_START_ID"]
    assert [b["BON_ID"] for b in f["transactions.csv"]][-1] == closing["Z_ENDE_ID"]
    types = [b["BON_TYP"] for b in bons.values()]
    assert types.count("AVTraining") == 1 and types.count("AVBelegabbruch") == 1
    belege = {i for i, b in bons.items() if b["BON_TYP"] == "Beleg"}
    vat, pay, lines_vat, lines = (by_bon(f[n]) for n in ("transactions_vat.csv", "datapayment.csv",
                                                        "lines_vat.csv", "lines.csv"))

    # every receipt adds up: its lines, its VAT totals and its payments are its total
    for bon_id, bon in bons.items():
        total = amount(bon["UMS_BRUTTO"])
        assert sum(amount(r["BON_BRUTTO"]) for r in vat[bon_id]) == total, bon_id
        assert sum(amount(r["POS_BRUTTO"]) for r in lines_vat[bon_id]) == total, bon_id
        assert sum(amount(r["BASISWAEH_BETRAG"]) for r in pay[bon_id]) == total, bon_id
        for row in vat[bon_id]:
            assert amount(row["BON_NETTO"]) + amount(row["BON_UST"]) == amount(row["BON_BRUTTO"])
            key_lines = [r for r in lines_vat[bon_id] if r["UST_SCHLUESSEL"] == row["UST_SCHLUESSEL"]]
            for column, line_column in (("BON_NETTO", "POS_NETTO"), ("BON_UST", "POS_UST")):
                assert sum(amount(r[line_column]) for r in key_lines) == amount(row[column])

    # the closing's totals are the sums of its Belege only, per VAT key, per business case, per payment
    per_key, per_case = defaultdict(lambda: [Decimal(0)] * 3), defaultdict(lambda: [Decimal(0)] * 3)
    for bon_id in belege:
        for row in vat[bon_id]:
            for i, column in enumerate(("BON_BRUTTO", "BON_NETTO", "BON_UST")):
                per_key[row["UST_SCHLUESSEL"]][i] += amount(row[column])
        gv = {r["POS_ZEILE"]: r["GV_TYP"] for r in lines[bon_id]}
        for row in lines_vat[bon_id]:
            for i, column in enumerate(("POS_BRUTTO", "POS_NETTO", "POS_UST")):
                per_case[(gv[row["POS_ZEILE"]], row["UST_SCHLUESSEL"])][i] += amount(row[column])
    cases_by_key = defaultdict(lambda: [Decimal(0)] * 3)
    for row in f["businesscases.csv"]:
        sums = [amount(row[c]) for c in ("Z_UMS_BRUTTO", "Z_UMS_NETTO", "Z_UST")]
        assert sums == per_case[(row["GV_TYP"], row["UST_SCHLUESSEL"])], row
        for i in range(3):
            cases_by_key[row["UST_SCHLUESSEL"]][i] += sums[i]
    assert len(f["businesscases.csv"]) == len(per_case) and dict(cases_by_key) == dict(per_key)
    assert set(per_key) == {"1", "2", "5"} and {r["UST_SCHLUESSEL"] for r in f["vat.csv"]} >= set(per_key)
    per_payment = defaultdict(Decimal)
    for bon_id in belege:
        for row in pay[bon_id]:
            per_payment[(row["ZAHLART_TYP"], row["ZAHLART_NAME"])] += amount(row["BASISWAEH_BETRAG"])
    assert {(r["ZAHLART_TYP"], r["ZAHLART_NAME"]): amount(r["Z_ZAHLART_BETRAG"]) for r in f["payment.csv"]} \
        == dict(per_payment)
    cash = sum(v for (kind, _), v in per_payment.items() if kind == "Bar")
    assert amount(closing["Z_SE_ZAHLUNGEN"]) == sum(per_payment.values())
    assert amount(closing["Z_SE_BARZAHLUNGEN"]) == cash == Decimal(day["counted"]) / 100  # the drawer as counted
    assert [(r["ZAHLART_WAEH"], amount(r["ZAHLART_BETRAG_WAEH"])) for r in f["cash_per_currency.csv"]] == [
        ("EUR", cash)]
    # ... and the training receipt, which the totals leave out, had turnover of its own
    [training] = [b for b in bons.values() if b["BON_TYP"] == "AVTraining"]
    assert amount(training["UMS_BRUTTO"]) > 0 and training["BON_ID"] not in belege

    # the business cases of the day
    cases = {r["GV_TYP"]: r for r in f["businesscases.csv"]}
    assert {"Umsatz", "Anfangsbestand", "Geldtransit", "Einzahlung", "DifferenzSollIst", "MehrzweckgutscheinKauf",
            "MehrzweckgutscheinEinloesung"} <= set(cases)
    assert amount(cases["Anfangsbestand"]["Z_UMS_BRUTTO"]) == Decimal("150")
    assert amount(cases["DifferenzSollIst"]["Z_UMS_BRUTTO"]) == Decimal("-0.5")
    vouchers = [r for r in f["lines.csv"] if r["GV_TYP"].startswith("Mehrzweckgutschein")]
    assert {r["GUTSCHEIN_NR"] for r in vouchers} == {day["voucher"]} and len(vouchers) == 2
    assert {cases[t]["UST_SCHLUESSEL"] for t in ("MehrzweckgutscheinKauf", "MehrzweckgutscheinEinloesung")} == {"5"}
    assert amount(cases["MehrzweckgutscheinKauf"]["Z_UMS_BRUTTO"]) == \
        -amount(cases["MehrzweckgutscheinEinloesung"]["Z_UMS_BRUTTO"]) == Decimal(day["return"].refund_cents) / 100
    assert len(f["itemamounts.csv"]) == 2  # the discounted line: its price, its discount

    # the TSE: every signed receipt's data is what the TSE signed, and the process data rebuilds from the
    # VAT totals and payments; the unsigned one says why
    [tse] = f["tse.csv"]
    [register] = f["cashregister.csv"]
    signed = 0
    for row in f["transactions_tse.csv"]:
        bon = bons[row["BON_ID"]]
        if not row["TSE_TA_SIG"]:
            continue
        signed += 1
        assert row["TSE_TA_FEHLER"] == "" and row["TSE_ID"] == tse["TSE_ID"]
        assert rebuilt_process_data(bon, vat[bon["BON_ID"]], pay[bon["BON_ID"]]) == row["TSE_VORGANGSDATEN"]
        qr = ";".join(["V0", register["KASSE_SERIENNR"], row["TSE_TA_VORGANGSART"], row["TSE_VORGANGSDATEN"],
                       row["TSE_TANR"], row["TSE_TA_SIGZ"], row["TSE_TA_START"], row["TSE_TA_ENDE"],
                       tse["TSE_SIG_ALGO"], tse["TSE_ZEITFORMAT"], row["TSE_TA_SIG"], tse["TSE_PUBLIC_KEY"]])
        assert verify_qr(qr), row["BON_ID"]
    assert signed == 12
    unsigned_id = next(i for i, b in bons.items() if b["BON_NR"] == str(day["unsigned"].receipt_no))
    [outage] = [r for r in f["transactions_tse.csv"] if r["BON_ID"] == unsigned_id]
    assert "offline" in outage["TSE_TA_FEHLER"] and outage["TSE_TA_SIG"] == outage["TSE_TANR"] == ""
    assert bons[unsigned_id]["BON_TYP"] == "Beleg" and unsigned_id in belege

    # the voucher-refunded return references the sale it took back
    first_id = next(i for i, b in bons.items() if b["BON_NR"] == str(day["first"].receipt_no))
    [reference] = [r for r in f["references.csv"] if r["BON_ID"] == day["return"].id]
    assert (reference["REF_TYP"], reference["REF_BON_ID"], reference["REF_Z_KASSE_ID"], reference["REF_Z_NR"]) == (
        "Transaktion", first_id, "1001-01", str(day["z_no"]))
    assert reference["REF_DATUM"] == bons[first_id]["BON_ENDE"]
    assert len(f["references.csv"]) == 2  # the cash return too


def test_closings_split_the_receipts_and_the_range_chooses_them(make_register, backend, tmp_path):
    reg = make_register()
    ctx, lena = reg.sale.ctx, reg.sale.associate
    a = _products(reg)["A"]
    z_numbers = []
    for n in range(2):
        open_till(ctx, lena, float_count=_count(10_000))
        _sell(reg, a[n])
        till = current_till(ctx, lena)
        z_numbers.append(close_day(ctx, lena, counted=_count(expected_cash(ctx, till))).z_no)
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

    reg = make_register()
    ctx, lena = reg.sale.ctx, reg.sale.associate
    a = _products(reg)["A"]
    open_till(ctx, lena, float_count=_count(10_000))
    kept, edited, later = _sell(reg, a[0]), _sell(reg, a[1]), _sell(reg, a[2])
    close_day(ctx, lena, counted=_count(expected_cash(ctx, current_till(ctx, lena))))
    after = _sell(reg, a[4])  # no closing covers it yet
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
    assert any("gehören noch zu keinem Abschluss" in p for p in problems)
    numbers = [b["BON_NR"] for b in read(tmp_path / "out")["transactions.csv"]]
    assert str(kept.receipt_no) in numbers and str(later.receipt_no) in numbers
    assert str(edited.receipt_no) not in numbers and str(after.receipt_no) not in numbers


def test_the_command_line_writes_the_export(make_register, backend, tmp_path):
    reg = make_register()
    ctx, lena = reg.sale.ctx, reg.sale.associate
    open_till(ctx, lena, float_count=_count(10_000))
    _sell(reg, _products(reg)["B"][0], pay="card")
    close_day(ctx, lena, counted=_count(expected_cash(ctx, current_till(ctx, lena))))
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
    assert unknown.returncode == 2 and "nicht bekannt" in unknown.stderr
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

    reg = make_register()
    ctx, lena = reg.sale.ctx, reg.sale.associate
    open_till(ctx, lena, float_count=_count(5_000))
    close_day(ctx, lena, counted=_count(5_000))
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
