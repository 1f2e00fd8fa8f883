"""What index.xml cannot say: which fields must be filled (DSFinV-K Anhang G) and which values the
enumerations allow. Run over the rows before they are written; every finding is a problem of the export
(it is written anyway: an auditor gets what there is, and the report says what is missing).

Anhang G lists the TSE fields of transactions_tse.csv as mandatory; a receipt made while the TSE was out
has none and says why in TSE_TA_FEHLER instead (fiskaly's reading), which is not reported."""

from __future__ import annotations

from typing import Any, Iterable

from sync.dsfinvk.model import GV_TYPES

__all__ = ["ENUMS", "MANDATORY", "check_rows"]

_KEYS = ("Z_KASSE_ID", "Z_ERSTELLUNG", "Z_NR")
_TSE_FIELDS = ("TSE_ID", "TSE_TANR", "TSE_TA_START", "TSE_TA_ENDE", "TSE_TA_VORGANGSART", "TSE_TA_SIGZ",
               "TSE_TA_SIG")

#: Per file, the columns that must be filled in every row (besides the closing's keys).
MANDATORY: dict[str, tuple[str, ...]] = {
    "cashpointclosing.csv": ("TAXONOMIE_VERSION", "Z_START_ID", "Z_ENDE_ID", "NAME", "STRASSE", "PLZ", "ORT",
                             "LAND", "Z_SE_ZAHLUNGEN", "Z_SE_BARZAHLUNGEN"),
    "location.csv": ("LOC_NAME", "LOC_STRASSE", "LOC_PLZ", "LOC_ORT", "LOC_LAND"),
    "cashregister.csv": ("KASSE_SERIENNR", "KASSE_BASISWAEH_CODE"),
    "slaves.csv": ("TERMINAL_ID", "TERMINAL_SERIENNR"),
    "pa.csv": ("AGENTUR_ID", "AGENTUR_NAME", "AGENTUR_STRASSE", "AGENTUR_PLZ", "AGENTUR_ORT", "AGENTUR_LAND"),
    "tse.csv": ("TSE_ID", "TSE_SERIAL", "TSE_SIG_ALGO", "TSE_ZEITFORMAT", "TSE_PD_ENCODING", "TSE_PUBLIC_KEY",
                "TSE_ZERTIFIKAT_I"),
    "vat.csv": ("UST_SCHLUESSEL", "UST_SATZ", "UST_BESCHR"),
    "businesscases.csv": ("GV_TYP", "UST_SCHLUESSEL", "Z_UMS_BRUTTO", "Z_UMS_NETTO", "Z_UST"),
    "payment.csv": ("ZAHLART_TYP", "Z_ZAHLART_BETRAG"),
    "cash_per_currency.csv": ("ZAHLART_WAEH", "ZAHLART_BETRAG_WAEH"),
    "transactions.csv": ("BON_ID", "BON_NR", "BON_TYP", "BON_START", "BON_ENDE", "BEDIENER_ID", "UMS_BRUTTO"),
    "datapayment.csv": ("BON_ID", "ZAHLART_TYP", "ZAHLWAEH_CODE", "BASISWAEH_BETRAG"),
    "lines.csv": ("BON_ID", "POS_ZEILE", "ARTIKELTEXT", "GV_TYP"),
    "itemamounts.csv": ("BON_ID", "POS_ZEILE", "UST_SCHLUESSEL"),
    "subitems.csv": ("BON_ID", "POS_ZEILE", "ZI_ART_NR", "ZI_MENGE", "ZI_UST_SCHLUESSEL"),
    "transactions_tse.csv": ("BON_ID",),
    "transactions_vat.csv": ("BON_ID", "UST_SCHLUESSEL", "BON_BRUTTO", "BON_NETTO", "BON_UST"),
    "lines_vat.csv": ("BON_ID", "POS_ZEILE", "UST_SCHLUESSEL"),
    "allocation_groups.csv": ("BON_ID",),
    "references.csv": ("BON_ID", "REF_TYP", "REF_BON_ID"),
}
_ONE_OF = {"cashpointclosing.csv": ("STNR", "USTID"), "pa.csv": ("AGENTUR_STNR", "AGENTUR_USTID")}
_ARTICLE = ("ART_NR", "MENGE", "STK_BR")  # lines.csv, for a line that sells goods

#: (file, column) -> the values allowed.
ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("transactions.csv", "BON_TYP"): frozenset(("Beleg", "AVTransfer", "AVBestellung", "AVTraining",
                                                "AVBelegstorno", "AVBelegabbruch", "AVSachbezug", "AVSonstige",
                                                "AVRechnung")),
    ("lines.csv", "GV_TYP"): GV_TYPES,
    ("businesscases.csv", "GV_TYP"): GV_TYPES,
    ("payment.csv", "ZAHLART_TYP"): frozenset(("Bar", "Unbar", "Keine", "ECKarte", "Kreditkarte",
                                               "ElZahlungsdienstleister", "Guthabenkarte")),
    ("references.csv", "REF_TYP"): frozenset(("ExterneRechnung", "ExternerLieferschein", "Transaktion",
                                              "ExterneSonstige")),
    ("itemamounts.csv", "TYP"): frozenset(("base_amount", "discount", "extra_amount")),
    ("transactions_tse.csv", "TSE_TA_VORGANGSART"): frozenset(("Kassenbeleg-V1", "Bestellung-V1",
                                                               "SonstigerVorgang", "")),
    ("tse.csv", "TSE_ZEITFORMAT"): frozenset(("unixTime", "utcTime", "utcTimeWithSeconds", "generalizedTime",
                                              "generalizedTimeWithMilliseconds")),
    ("tse.csv", "TSE_PD_ENCODING"): frozenset(("UTF-8", "ASCII")),
    ("transactions.csv", "BON_STORNO"): frozenset(("0", "1")),
    ("lines.csv", "P_STORNO"): frozenset(("0", "1")),
    ("cashregister.csv", "KEINE_UST_ZUORDNUNG"): frozenset(("0", "1", "")),
}
ENUMS[("datapayment.csv", "ZAHLART_TYP")] = ENUMS[("payment.csv", "ZAHLART_TYP")]


def _empty(value: Any) -> bool:
    return value is None or value == ""


def _where(row: dict[str, Any]) -> str:
    parts = [f"Kasse {row.get('Z_KASSE_ID')}", f"Z {row.get('Z_NR')}"]
    if row.get("BON_ID"):
        parts.append(f"Bon {row['BON_ID']}")
    return ", ".join(parts)


def check_rows(rows: dict[str, Iterable[dict[str, Any]]]) -> list[str]:
    """The problems of the rows by file: a mandatory field empty, a value outside its enumeration. Each kind
    of problem once per file and column, with how often and where first."""
    found: dict[tuple[str, str, str], list[str]] = {}

    def note(file: str, column: str, what: str, row: dict[str, Any]) -> None:
        found.setdefault((file, column, what), []).append(_where(row))

    for file, file_rows in rows.items():
        for row in file_rows:
            required = _KEYS + MANDATORY.get(file, ())
            if file == "transactions_tse.csv" and _empty(row.get("TSE_TA_FEHLER")):
                required += _TSE_FIELDS
            if file == "lines.csv" and row.get("GV_TYP") == "Umsatz":
                required += _ARTICLE
            if file == "transactions.csv" and row.get("BON_TYP") == "AVSonstige":
                required += ("BON_NAME",)
            for column in required:
                if _empty(row.get(column)):
                    note(file, column, "Pflichtfeld leer", row)
            group = _ONE_OF.get(file)
            if group and all(_empty(row.get(c)) for c in group):
                note(file, "/".join(group), "Pflichtfeld leer (eines von beiden)", row)
            for (enum_file, column), allowed in ENUMS.items():
                if enum_file == file and not _empty(row.get(column)) and str(row[column]) not in allowed:
                    note(file, column, f"unzulässiger Wert {row[column]!r}", row)
    return [f"{file}: {column} {what} ({len(places)}×, zuerst {places[0]})"
            for (file, column, what), places in found.items()]
