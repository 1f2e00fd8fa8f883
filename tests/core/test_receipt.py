from datetime import datetime

from dataclasses import replace

from app.core.receipt import (
    COPY_MARK, TRAINING_MARK, TSE_FAILED_MARK, Receipt, ReceiptFiscal, ReceiptLine, as_copy, layout,
    parse_receipt_barcode, receipt_barcode,
)
from app.core.tenders import Tender, TenderKind
from app.core.vat import VatClass, vat_breakdown


def test_barcode_is_digits():
    assert receipt_barcode("1001-01", 42) == "R10010100000042"
    assert parse_receipt_barcode("r10010100000042") == ("1001-01", 42) and parse_receipt_barcode("10010100000042") is None


def test_layout_has_legal_fields_and_fits_paper():
    r = Receipt("Markt", "Straße 1", "10115 Berlin", "DE123456789", "1001-01", 7, "x", "Lena",
                datetime(2026, 11, 25, 9, 0, 1), datetime(2026, 11, 25, 9, 2, 30),
                (ReceiptLine("Ein sehr langer Artikelname der abgeschnitten wird", 2, 199, 398, "A"),),
                398, 0, 398, tuple(vat_breakdown([(VatClass.STANDARD, 398)])),
                (Tender(TenderKind.CASH, 398, 500, 102),), 102, fiscal=SIGNED)
    text = layout(r)
    assert all(len(line) <= 42 for line in text)
    joined = "\n".join(text)
    for needed in ("USt-IdNr. DE123456789", "Bon-Nr. 7", "25.11.2026", "09:00:01", "09:02:30", "SUMME EUR",
                   "Rückgeld", "TSE-Signatur", "19 %", "Kassen-Seriennr.", "1001-01", "TSE-Transaktion",
                   "TSE-Start", "2026-11-25T08:00:01.000Z", "TSE-Ende", "Signaturzähler", "17"):
        assert needed in joined
    assert SIGNED.signature in joined.replace("\n", "") and SIGNED.tse_serial in joined.replace("\n", "")


SIGNED = ReceiptFiscal(register_serial="1001-01", tse_serial="ab" * 32, transaction_number=9,
                       start_time="2026-11-25T08:00:01.000Z", end_time="2026-11-25T08:02:30.000Z",
                       signature_counter=17, signature="S" * 86 + "==", qr="V0;1001-01;…")


def _receipt(fiscal):
    return Receipt("Markt", "Straße 1", "10115 Berlin", "DE123456789", "1001-01", 7, "x", "Lena",
                   datetime(2026, 11, 25, 9, 0, 1), datetime(2026, 11, 25, 9, 2, 30), (ReceiptLine("Tee", 1, 398, 398, "A"),),
                   398, 0, 398, tuple(vat_breakdown([(VatClass.STANDARD, 398)])),
                   (Tender(TenderKind.CASH, 398, 500, 102),), 102, fiscal=fiscal)


def test_an_unsigned_receipt_says_the_tse_failed_and_shows_no_signature():
    text = "\n".join(layout(_receipt(ReceiptFiscal(register_serial="1001-01", error="tse_unavailable: offline"))))
    assert TSE_FAILED_MARK in text and "Kassen-Seriennr." in text
    for claimed in ("TSE-Signatur", "TSE-Transaktion", "Signaturzähler"):
        assert claimed not in text


def test_a_training_receipt_says_so_at_top_and_bottom():
    text = layout(_receipt(replace(SIGNED, training=True)))
    assert sum(TRAINING_MARK in line for line in text) == 2 and "Vielen Dank" not in "\n".join(text)
    assert all(len(line) <= 42 for line in text)


def test_a_copy_says_so_at_top_and_bottom_and_fits_paper():
    r = Receipt("Markt", "Straße 1", "10115 Berlin", "DE123456789", "1001-01", 7, "x", "Lena",
                datetime(2026, 11, 25, 9, 0, 1), datetime(2026, 11, 25, 9, 2, 30),
                (ReceiptLine("Tee", 1, 398, 398, "A"),), 398, 0, 398,
                tuple(vat_breakdown([(VatClass.STANDARD, 398)])), (Tender(TenderKind.CASH, 398, 500, 102),), 102)
    assert COPY_MARK not in "\n".join(layout(r))
    text = layout(as_copy(r, at=datetime(2026, 11, 26, 17, 45)))
    assert text[5].strip() == COPY_MARK and text[-1].strip() == COPY_MARK
    assert "Duplikat, gedruckt 26.11.2026 17:45" in text[-2]
    assert all(len(line) <= 42 for line in text)
    assert layout(as_copy(r, at=datetime(2026, 11, 26, 17, 45)))[7:-3] == layout(r)[5:]  # otherwise the same


def test_a_cash_slip_keeps_its_whole_note_and_says_who_booked_it():
    """A cash movement's note (a supplier and an invoice number) is wrapped, never cut; the slip names who
    booked it, not who "served" (found by a new user's try)."""
    note = "Auszahlung: Getraenke Mueller, Rechnung 2026-4711"
    r = replace(_receipt(SIGNED), kind="cash", barcode="", lines=(ReceiptLine(note, 1, -4_250, -4_250, ""),),
                subtotal_cents=-4_250, total_cents=-4_250, vat_groups=(), tenders=(), change_cents=0)
    text = layout(r)
    assert all(len(line) <= 42 for line in text)
    assert "Rechnung" in "\n".join(text) and "2026-4711" in "\n".join(text) and "Gebucht von: Lena" in text
    assert not any("bediente" in line for line in text)
