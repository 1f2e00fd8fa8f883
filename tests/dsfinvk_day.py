"""A day at a register and what every DSFinV-K export of it must pass, wherever it is made: the backend's
(tests/sync/test_dsfinvk.py) and the register's own (tests/services/test_dsfinvk_export.py).

The export must pass the `dsfinvk` package's validator against the official index.xml, and add up: each
closing's totals are the sums of its receipts of type Beleg, per VAT key and per payment type; the TSE
process data rebuilt from transactions_vat.csv and datapayment.csv is what the TSE signed."""

from __future__ import annotations

import contextlib
import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text

from app.core.cart import Discount
from app.core.cash import CashCount, CashMovementKind
from app.services.day_closing import close_day
from app.services.return_sources import find_source
from app.services.returns import record_return
from app.services.till import current_till, expected_cash, move_cash, open_till
from sync.dsfinvk.rows import FILES
from sync.dsfinvk.spec import SPEC_FILES, spec_path, tables
from tests.conftest import gtin_of
from tests.tse.qr_verifier import verify_qr

__all__ = ["KNOWN_GAPS", "MANAGER_PIN", "SHARED", "a_day", "amount", "by_bon", "check_adds_up", "check_the_day",
           "count_of", "products_by_class", "read", "rebuilt_process_data", "sell", "unexpected", "validate"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "dsfinvk"  # the official index.xml and DTD, as published
MANAGER_PIN = "987654"

#: Findings the export may report because the registers' journal lacks the data: none any more (the TSE
#: certificate and an aborted receipt's number are journalled since issue 12).
KNOWN_GAPS: tuple[str, ...] = ()


# -- the day at the register ------------------------------------------------------------------------------

def products_by_class(replica) -> dict[str, list[int]]:
    """Demo products sold by the piece at 1,50 to 20,00 €, by VAT class."""
    with replica.connect() as c:
        rows = c.execute(text("SELECT id, vat_class FROM product WHERE NOT weighed AND active AND gross_price_cents"
                              " BETWEEN 150 AND 2000 ORDER BY id")).all()
    by_class = defaultdict(list)
    for pid, vat_class in rows:
        by_class[vat_class].append(pid)
    return by_class


def count_of(cents: int) -> CashCount:
    """The drawer counted: `cents` in the fewest pieces."""
    return CashCount.fewest_pieces(cents)


def sell(sale, *product_ids: int, pay: str = "cash"):
    """One receipt: the products scanned, paid by card or in cash (change given back)."""
    for pid in product_ids:
        sale.scan(gtin_of(sale.ctx.engine, pid))
    if pay == "card":
        assert sale.pay_card(sale.remaining_cents) == "approved"
    else:
        sale.pay_cash(sale.remaining_cents + 1_000)  # change given back
    return sale.complete()


def a_day(sale) -> dict:
    """Everything a day brings at `sale`'s register, then the Z closing; returns what the checks need to
    know. Nothing here needs the backend."""
    ctx, lena, replica = sale.ctx, sale.associate, sale.ctx.engine
    by_class = products_by_class(replica)
    a, b = by_class["A"], by_class["B"]
    assert current_till(ctx, lena) is None, "the day counts its own float: a register whose drawer is not open yet"
    open_till(ctx, lena, float_count=count_of(15_000))  # Anfangsbestand
    first = sell(sale, a[0], b[0], a[1])  # cash, 19 % and 7 %
    sale.scan(gtin_of(replica, a[2]))
    sale.scan(gtin_of(replica, b[1]))
    sale.set_line_discount(sale.cart.lines[0].line_id, Discount("percent", 500))  # 5 %: no approval
    assert sale.pay_card(sale.remaining_cents) == "approved"
    sale.complete()
    returned = record_return(ctx, lena, source=find_source(ctx, first.barcode), quantities={a[0]: 1},
                             refund_method="voucher")
    code = returned.data["voucher_code"]
    sale.scan(gtin_of(replica, a[3]))
    sale.scan(gtin_of(replica, a[3]))
    sale.pay_voucher(code)  # the whole credit ...
    sale.pay_cash(sale.remaining_cents)  # ... and the rest in cash
    sale.complete()
    second = sell(sale, b[2])
    record_return(ctx, lena, source=find_source(ctx, second.barcode), quantities={b[2]: 1}, refund_method="cash")
    sale.scan(gtin_of(replica, a[4]))
    ctx.signing.drain()  # its transaction started: the void is signed as AVBelegabbruch
    sale.void()
    move_cash(ctx, lena, kind=CashMovementKind.TRANSIT_OUT, amount_cents=5_000, note="Tresor")
    move_cash(ctx, lena, kind=CashMovementKind.PAY_IN, amount_cents=2_000)
    sale.set_training(True, approver_pin=MANAGER_PIN)
    sell(sale, a[5])
    sale.set_training(False, approver_pin=MANAGER_PIN)
    ctx.tse.go_offline()
    sale.scan(gtin_of(replica, b[3]))
    ctx.signing.drain()  # the start failed: the outage began
    sale.pay_cash(sale.remaining_cents)
    unsigned = sale.complete()
    assert not unsigned.fiscal.signed
    ctx.tse.go_online()
    assert ctx.signing.probe()
    expected = expected_cash(ctx, current_till(ctx, lena))
    closing = close_day(ctx, lena, counted=count_of(expected - 50), approver_pin=MANAGER_PIN)  # 50 ct short
    return {"z_no": closing.z_no, "first": first, "unsigned": unsigned, "voucher": code, "return": returned,
            "counted": closing.counted_cents}


# -- reading an export back --------------------------------------------------------------------------------

def validate(out: Path) -> list[str]:
    """The `dsfinvk` package's validator against the official index.xml (../shared/dsfinvk where it is
    checked out, else the copy beside the files). It prints what it finds in numeric and text fields
    instead of returning it: that counts as an error too."""
    from dsfinvk.validate import validate_files

    files = {p.name: str(p) for p in out.iterdir()}
    if (SHARED / "index.xml").is_file():
        files["index.xml"] = str(SHARED / "index.xml")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        errors = validate_files(files)
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


# -- the checks --------------------------------------------------------------------------------------------

def check_the_day(out: Path, report, day: dict, register_id: str = "1001-01") -> None:
    """The export of `a_day` in `out` (`report`: what the export said): valid against the official
    index.xml, without findings, adding up (`check_adds_up`), with the day's business cases, its TSE data
    as signed and the return's reference to its sale."""
    assert report.closings == [(register_id, day["z_no"])] and report.receipts == 13
    assert unexpected(report.problems) == []
    assert validate(out) == []
    assert sorted(p.name for p in out.iterdir()) == sorted((*FILES, *SPEC_FILES))
    for name in SPEC_FILES:
        assert (out / name).read_bytes() == spec_path(name).read_bytes()
    f = read(out)
    [closing] = f["cashpointclosing.csv"]
    assert closing["Z_NR"] == str(day["z_no"]) and closing["Z_KASSE_ID"] == register_id
    assert (closing["NAME"], closing["PLZ"], closing["ORT"], closing["LAND"]) == (
        "Tresen Markt Berlin-Mitte", "10119", "Berlin", "DEU")
    bons = {b["BON_ID"]: b for b in f["transactions.csv"]}
    types = [b["BON_TYP"] for b in bons.values()]
    assert types.count("AVTraining") == 1 and types.count("AVBelegabbruch") == 1
    cash = check_adds_up(f)
    assert cash == Decimal(day["counted"]) / 100  # the drawer as counted
    # ... and the training receipt, which the totals leave out, had turnover of its own
    [training] = [b for b in bons.values() if b["BON_TYP"] == "AVTraining"]
    assert amount(training["UMS_BRUTTO"]) > 0
    _check_business_cases(f, day)
    _check_tse(f, day)

    # the voucher-refunded return references the sale it took back
    first_id = next(i for i, b in bons.items() if b["BON_NR"] == str(day["first"].receipt_no))
    [reference] = [r for r in f["references.csv"] if r["BON_ID"] == day["return"].id]
    assert (reference["REF_TYP"], reference["REF_BON_ID"], reference["REF_Z_KASSE_ID"], reference["REF_Z_NR"]) == (
        "Transaktion", first_id, register_id, str(day["z_no"]))
    assert reference["REF_DATUM"] == bons[first_id]["BON_ENDE"]
    assert len(f["references.csv"]) == 2  # the cash return too


def check_adds_up(f: dict[str, list[dict[str, str]]]) -> Decimal:
    """An export of one closing (`read`) adds up: every receipt's lines, VAT totals and payments are its
    total; the closing's totals are the sums of its Belege only, per VAT key, business case and payment;
    cash per currency is its cash. Returns the cash (Z_SE_BARZAHLUNGEN)."""
    [closing] = f["cashpointclosing.csv"]
    bons = {b["BON_ID"]: b for b in f["transactions.csv"]}
    assert [b["BON_ID"] for b in f["transactions.csv"]][0] == closing["Z_START_ID"]
    assert [b["BON_ID"] for b in f["transactions.csv"]][-1] == closing["Z_ENDE_ID"]
    belege = {i for i, b in bons.items() if b["BON_TYP"] == "Beleg"}
    vat, pay, lines_vat, lines = (by_bon(f[n]) for n in ("transactions_vat.csv", "datapayment.csv",
                                                        "lines_vat.csv", "lines.csv"))
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
    assert {r["UST_SCHLUESSEL"] for r in f["vat.csv"]} >= set(per_key)
    per_payment = defaultdict(Decimal)
    for bon_id in belege:
        for row in pay[bon_id]:
            per_payment[(row["ZAHLART_TYP"], row["ZAHLART_NAME"])] += amount(row["BASISWAEH_BETRAG"])
    assert {(r["ZAHLART_TYP"], r["ZAHLART_NAME"]): amount(r["Z_ZAHLART_BETRAG"]) for r in f["payment.csv"]} \
        == dict(per_payment)
    cash = sum((v for (kind, _), v in per_payment.items() if kind == "Bar"), Decimal(0))
    assert amount(closing["Z_SE_ZAHLUNGEN"]) == sum(per_payment.values())
    assert amount(closing["Z_SE_BARZAHLUNGEN"]) == cash
    paid_cash = any(kind == "Bar" for kind, _ in per_payment)
    assert [(r["ZAHLART_WAEH"], amount(r["ZAHLART_BETRAG_WAEH"])) for r in f["cash_per_currency.csv"]] == (
        [("EUR", cash)] if paid_cash else [])
    return cash


def _check_business_cases(f: dict, day: dict) -> None:
    cases = {r["GV_TYP"]: r for r in f["businesscases.csv"]}
    assert {r["UST_SCHLUESSEL"] for r in f["businesscases.csv"]} == {"1", "2", "5"}
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


def _check_tse(f: dict, day: dict) -> None:
    """Every signed receipt's data is what the TSE signed, and the process data rebuilds from the VAT
    totals and payments; the receipt made in the outage says why it is unsigned."""
    bons = {b["BON_ID"]: b for b in f["transactions.csv"]}
    vat, pay = by_bon(f["transactions_vat.csv"]), by_bon(f["datapayment.csv"])
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
    assert bons[unsigned_id]["BON_TYP"] == "Beleg"
