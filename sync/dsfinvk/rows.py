"""The rows of the 20 files for one closing: its master data (cashpointclosing, location, cashregister, tse,
vat), its totals (businesscases, payment, cash_per_currency) and its receipts (transactions and the files
that hang off them). Every row starts with the closing's keys Z_KASSE_ID, Z_ERSTELLUNG, Z_NR.

Times: Z_ERSTELLUNG, BON_START, BON_ENDE and REF_DATUM in the store's local time with its UTC offset
(ISO 8601); the TSE's log times in UTC with milliseconds, as the TSE gives them."""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import Any

from sync.dsfinvk.closing import Closing, totals
from sync.dsfinvk.model import RATES, VAT_DESCRIPTIONS, Bon, eur, net_of

__all__ = ["FILES", "TAXONOMY_VERSION", "closing_rows", "local_time", "tse_time"]

TAXONOMY_VERSION = "2.4"
BASE_CURRENCY = "EUR"
SOFTWARE = "Tresen"
FILES = ("cashpointclosing.csv", "location.csv", "cashregister.csv", "slaves.csv", "pa.csv", "tse.csv",
         "vat.csv", "businesscases.csv", "payment.csv", "cash_per_currency.csv", "transactions.csv",
         "datapayment.csv", "lines.csv", "itemamounts.csv", "subitems.csv", "transactions_tse.csv",
         "transactions_vat.csv", "lines_vat.csv", "allocation_groups.csv", "references.csv")
_CERTIFICATE_PART = 1000  # TSE_ZERTIFIKAT_I and _II hold 1000 characters each

Row = dict[str, Any]


def local_time(moment: datetime, tz: tzinfo) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def tse_time(moment: datetime) -> str:
    utc = moment.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _master(c: Closing, keys: Row, out: dict[str, list[Row]], problems: list[str]) -> None:
    first, last = (c.bons[0].bon_id, c.bons[-1].bon_id) if c.bons else ("", "")
    t = totals(c.bons)
    co = c.company
    out["cashpointclosing.csv"].append({
        **keys, "TAXONOMIE_VERSION": TAXONOMY_VERSION, "Z_START_ID": first, "Z_ENDE_ID": last,
        "NAME": co.name, "STRASSE": co.street, "PLZ": co.postcode, "ORT": co.city, "LAND": co.country,
        "STNR": co.tax_number, "USTID": co.vat_id, "Z_SE_ZAHLUNGEN": eur(t.paid),
        "Z_SE_BARZAHLUNGEN": eur(t.paid_cash)})
    out["location.csv"].append({
        **keys, "LOC_NAME": co.name, "LOC_STRASSE": co.street, "LOC_PLZ": co.postcode, "LOC_ORT": co.city,
        "LOC_LAND": co.country, "LOC_USTID": co.vat_id})
    out["cashregister.csv"].append({
        **keys, "KASSE_SERIENNR": c.register_serial, "KASSE_SW_BRAND": SOFTWARE,
        "KASSE_BASISWAEH_CODE": BASE_CURRENCY, "KEINE_UST_ZUORDNUNG": _flag(False)})
    for device in c.devices:
        info, certificate = device.info, device.certificate
        if len(certificate) > 2 * _CERTIFICATE_PART:
            problems.append(f"Kasse {c.kasse_id}, Z {c.z_nr}: Zertifikat der TSE {device.serial[:16]}… länger als "
                            "die zwei Spalten von index.xml; gekürzt")
        out["tse.csv"].append({
            **keys, "TSE_ID": device.tse_id, "TSE_SERIAL": device.serial,
            "TSE_SIG_ALGO": info.get("signature_algorithm", ""), "TSE_ZEITFORMAT": info.get("time_format", ""),
            "TSE_PD_ENCODING": info.get("process_data_encoding", ""), "TSE_PUBLIC_KEY": info.get("public_key", ""),
            "TSE_ZERTIFIKAT_I": certificate[:_CERTIFICATE_PART],
            "TSE_ZERTIFIKAT_II": certificate[_CERTIFICATE_PART:2 * _CERTIFICATE_PART]})
    used = sorted({line.vat_key for bon in c.bons for line in bon.lines})
    for key in used:
        out["vat.csv"].append({**keys, "UST_SCHLUESSEL": key, "UST_SATZ": eur(RATES[key] * 100),
                               "UST_BESCHR": VAT_DESCRIPTIONS[key]})
    for (gv_typ, gv_name, key), (gross, net, vat) in t.business_cases.items():
        out["businesscases.csv"].append({**keys, "GV_TYP": gv_typ, "GV_NAME": gv_name, "UST_SCHLUESSEL": key,
                                         "Z_UMS_BRUTTO": eur(gross), "Z_UMS_NETTO": eur(net), "Z_UST": eur(vat)})
    for (typ, name), cents in t.payments.items():
        out["payment.csv"].append({**keys, "ZAHLART_TYP": typ, "ZAHLART_NAME": name, "Z_ZAHLART_BETRAG": eur(cents)})
    for currency, cents in t.cash.items():
        out["cash_per_currency.csv"].append({**keys, "ZAHLART_WAEH": currency, "ZAHLART_BETRAG_WAEH": eur(cents)})


def _bon(c: Closing, bon: Bon, keys: Row, out: dict[str, list[Row]], tz: tzinfo) -> None:
    head = {**keys, "BON_ID": bon.bon_id}
    out["transactions.csv"].append({
        **head, "BON_NR": bon.bon_nr, "BON_TYP": bon.bon_typ, "BON_STORNO": _flag(False),
        "BON_START": local_time(bon.start, tz), "BON_ENDE": local_time(bon.end, tz), "BEDIENER_ID": bon.operator,
        "UMS_BRUTTO": eur(bon.gross_cents), "KUNDE_NAME": bon.customer_name, "KUNDE_ID": bon.customer_id})
    for p in bon.payments:
        out["datapayment.csv"].append({**head, "ZAHLART_TYP": p.typ, "ZAHLART_NAME": p.name,
                                       "ZAHLWAEH_CODE": p.currency, "BASISWAEH_BETRAG": eur(p.cents)})
    for line in bon.lines:
        at = {**head, "POS_ZEILE": line.pos}
        out["lines.csv"].append({
            **at, "GUTSCHEIN_NR": line.voucher_no, "ARTIKELTEXT": line.text, "GV_TYP": line.gv_typ,
            "P_STORNO": _flag(line.storno), "ART_NR": line.art_nr, "GTIN": line.gtin, "MENGE": line.quantity,
            "EINHEIT": line.unit, "STK_BR": line.unit_price})
        out["lines_vat.csv"].append({**at, "UST_SCHLUESSEL": line.vat_key, "POS_BRUTTO": eur(line.gross_cents),
                                     "POS_NETTO": eur(line.net_cents), "POS_UST": eur(line.vat_cents)})
        if line.base_cents is not None:  # the price before discounts, and the discounts
            base_net = net_of(line.base_cents, line.vat_key)
            out["itemamounts.csv"].append({
                **at, "TYP": "base_amount", "UST_SCHLUESSEL": line.vat_key, "PF_BRUTTO": eur(line.base_cents),
                "PF_NETTO": eur(base_net), "PF_UST": eur(line.base_cents - base_net)})
            out["itemamounts.csv"].append({
                **at, "TYP": "discount", "UST_SCHLUESSEL": line.vat_key,
                "PF_BRUTTO": eur(line.gross_cents - line.base_cents), "PF_NETTO": eur(line.net_cents - base_net),
                "PF_UST": eur(line.vat_cents - (line.base_cents - base_net))})
    for key, (gross, net, vat) in bon.vat.items():
        out["transactions_vat.csv"].append({**head, "UST_SCHLUESSEL": key, "BON_BRUTTO": eur(gross),
                                            "BON_NETTO": eur(net), "BON_UST": eur(vat)})
    tse = bon.tse
    out["transactions_tse.csv"].append({
        **head, "TSE_ID": c.tse_id(tse.serial) if tse.serial else _failed_tse_id(c),
        "TSE_TANR": tse.number, "TSE_TA_START": tse_time(tse.start) if tse.start else "",
        "TSE_TA_ENDE": tse_time(tse.end) if tse.end else "", "TSE_TA_VORGANGSART": tse.process_type,
        "TSE_TA_SIGZ": tse.counter, "TSE_TA_SIG": tse.signature, "TSE_TA_FEHLER": tse.error,
        "TSE_VORGANGSDATEN": tse.process_data})
    for ref in bon.references:
        out["references.csv"].append({
            **head, "REF_TYP": ref.typ, "REF_NAME": ref.name,
            "REF_DATUM": local_time(ref.date, tz) if ref.date else "", "REF_Z_KASSE_ID": ref.z_kasse_id,
            "REF_Z_NR": ref.z_nr, "REF_BON_ID": ref.bon_id})


def _failed_tse_id(c: Closing) -> int | None:
    """An unsigned receipt names the TSE that should have signed it: the one in force."""
    return c.tse_id(c.current_tse) if c.current_tse else None


def closing_rows(c: Closing, tz: tzinfo, problems: list[str]) -> dict[str, list[Row]]:
    """Every row of one closing, by file."""
    out: dict[str, list[Row]] = {name: [] for name in FILES}
    keys = {"Z_KASSE_ID": c.kasse_id, "Z_ERSTELLUNG": local_time(c.created, tz), "Z_NR": c.z_nr}
    _master(c, keys, out, problems)
    for bon in c.bons:
        _bon(c, bon, keys, out, tz)
    return out
