"""A closing (Kassenabschluss) as exported: its receipts, the master data in force when it was made, the
TSEs it used, and its totals — business cases per GV_TYP and VAT key, payments per type, cash per
currency — summed from its receipts of BON_TYP Beleg only (training and aborted receipts are recorded,
never counted)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sync.dsfinvk.source import Entry
from sync.dsfinvk.model import KEY_OF_VAT_CLASS, Bon, eur

__all__ = ["Closing", "Company", "Totals", "TseDevice", "company_of", "compare_figures", "totals", "tse_devices"]

COUNTRY = "DEU"  # neither the backend nor a register keeps a country: every store is in Germany


@dataclass(frozen=True)
class Company:
    """NAME ... USTID of cashpointclosing.csv and LOC_* of location.csv."""

    name: str
    street: str
    postcode: str
    city: str
    country: str
    vat_id: str
    tax_number: str = ""


@dataclass(frozen=True)
class TseDevice:
    tse_id: int
    serial: str
    info: dict[str, Any]  # master_data "tse": signature_algorithm, time_format, public_key, ...

    @property
    def certificate(self) -> str:
        """The certificate as one base64 string (a PEM's body), or "" when the journal does not carry it (a
        master data entry of a register from before issue 12)."""
        pem = self.info.get("certificate") or self.info.get("certificate_pem") or ""
        return "".join(re.sub(r"-----[A-Z ]+-----", "", pem).split())


@dataclass
class Closing:
    entry: Entry
    bons: list[Bon]
    company: Company
    register_serial: str
    devices: list[TseDevice] = field(default_factory=list)
    current_tse: str = ""  # the serial of the TSE the master data names at the closing

    @property
    def kasse_id(self) -> str:
        return self.entry.register_id

    @property
    def z_nr(self) -> int:
        return int(self.entry.data["z_no"])

    @property
    def created(self) -> datetime:
        return self.entry.at

    def tse_id(self, serial: str) -> int | None:
        for device in self.devices:
            if device.serial == serial:
                return device.tse_id
        return None


@dataclass
class Totals:
    business_cases: dict[tuple[str, str, int], list[int]]  # (GV_TYP, GV_NAME, key) -> [gross, net, vat]
    payments: dict[tuple[str, str], int]  # (ZAHLART_TYP, ZAHLART_NAME) -> cents
    cash: dict[str, int]  # currency -> cents paid in cash
    paid: int  # Z_SE_ZAHLUNGEN
    paid_cash: int  # Z_SE_BARZAHLUNGEN


def totals(bons: list[Bon]) -> Totals:
    out = Totals({}, {}, {}, 0, 0)
    for bon in bons:
        if bon.bon_typ != "Beleg":
            continue
        for line in bon.lines:
            sums = out.business_cases.setdefault((line.gv_typ, "", line.vat_key), [0, 0, 0])
            sums[0] += line.gross_cents
            sums[1] += line.net_cents
            sums[2] += line.vat_cents
        for payment in bon.payments:
            key = (payment.typ, payment.name)
            out.payments[key] = out.payments.get(key, 0) + payment.cents
            out.paid += payment.cents
            if payment.typ == "Bar":
                out.paid_cash += payment.cents
                out.cash[payment.currency] = out.cash.get(payment.currency, 0) + payment.cents
    return out


def company_of(master: dict[str, Any] | None, location: dict[str, Any]) -> Company:
    """The store as its register's master data named it when the closing was made; what that leaves
    empty, from the store's row where the journals are kept. No company is kept apart from the stores, so
    the store stands for it in cashpointclosing.csv too. The city field holds "PLZ Ort"."""
    store = dict((master or {}).get("store") or {})
    for field_name in ("name", "street", "city", "vat_id"):
        store[field_name] = store.get(field_name) or location.get(field_name) or ""
    match = re.fullmatch(r"\s*(\d{5})\s+(.+?)\s*", store["city"])
    postcode, city = (match.group(1), match.group(2)) if match else ("", store["city"])
    return Company(name=store["name"], street=store["street"], postcode=postcode, city=city, country=COUNTRY,
                   vat_id=store["vat_id"])


def tse_devices(bons: list[Bon], master_entries: list[Entry], in_force: dict[str, Any] | None) -> list[TseDevice]:
    """The TSEs of a closing, numbered from 1: those that signed its receipts (in the order they first did),
    then the one its master data names if none of them. Their data comes from the register's master data."""
    serials: list[str] = []
    for bon in bons:
        if bon.tse.serial and bon.tse.serial not in serials:
            serials.append(bon.tse.serial)
    current = ((in_force or {}).get("tse") or {}).get("serial")
    if current and current not in serials:
        serials.append(current)
    infos: dict[str, dict[str, Any]] = {}
    for entry in master_entries:  # oldest first: the latest description of a serial wins
        tse = entry.data.get("tse") or {}
        if tse.get("serial"):
            infos[tse["serial"]] = tse
    return [TseDevice(n, serial, infos.get(serial, {})) for n, serial in enumerate(serials, start=1)]


def compare_figures(closing: Closing, t: Totals) -> list[str]:
    """The register's own Z report (the figures its closing entry carries) against the export's totals:
    turnover per VAT rate, and the cash (sales, refunds and cash movements). A difference means the
    closing covers other receipts than the drawer's day did (e.g. sales before the drawer was opened)."""
    figures = closing.entry.data.get("figures") or {}
    if not figures:
        return []
    found = []
    where = f"Kasse {closing.kasse_id}, Z {closing.z_nr}"
    theirs = {KEY_OF_VAT_CLASS.get(g.get("vat_class"), 0): g.get("gross_cents", 0) for g in figures.get("by_vat", [])}
    ours = {key: sums[0] for (gv_typ, _name, key), sums in t.business_cases.items() if gv_typ == "Umsatz"}
    for key in sorted(set(theirs) | set(ours)):
        if theirs.get(key, 0) != ours.get(key, 0):
            found.append(f"{where}: Umsatz mit USt-Schlüssel {key} laut Z-Bon {eur(theirs.get(key, 0))} €, "
                         f"im Export {eur(ours.get(key, 0))} €")
    cash = (figures.get("by_tender") or {}).get("cash", 0) + sum((figures.get("cash_movements") or {}).values())
    if cash != t.paid_cash:
        found.append(f"{where}: Barzahlungen laut Z-Bon {eur(cash)} €, im Export {eur(t.paid_cash)} €")
    return found
