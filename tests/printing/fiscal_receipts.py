"""Receipts with a real TSE signature (the simulator's), and reading the QR code back from what was output.

Qt-free: the ESC/POS tests use it as it is; the UI tests hand in the pixels of a grab or a rendered PDF.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import zxingcpp

from app.core.fiscal import format_qr_time, receipt_qr
from app.core.receipt import Receipt, ReceiptFiscal, ReceiptLine, receipt_barcode
from app.core.tenders import Tender, TenderKind
from app.core.vat import VatClass, VatGroup
from app.tse.simulator import TseSimulator
from tests.tse.qr_verifier import verify_qr

REGISTER = "1001-01"
UNSIGNED = ReceiptFiscal(register_serial=REGISTER, error="TSE ausgefallen")  # the TSE failed: no signature, no QR


def signed_fiscal(tmp_path: Path) -> ReceiptFiscal:
    """The TSE block of a sale of 3,98 EUR cash, signed by the TSE simulator; its QR passes the verifier."""
    tse = TseSimulator(tmp_path / "qr-tse.sqlite3")
    try:
        tse.register_client(REGISTER)
        start = tse.start_transaction(REGISTER)
        done = tse.finish_transaction(REGISTER, start.transaction_number, process_type="Kassenbeleg-V1",
                                      process_data="Beleg^3.98_0.00_0.00_0.00_0.00^3.98:Bar")
    finally:
        tse.close()
    qr = receipt_qr(done)
    assert verify_qr(qr)  # the fixture itself is sound: a failure later is the output's fault
    return ReceiptFiscal(register_serial=REGISTER, tse_serial=done.serial_hex,
                         transaction_number=done.transaction_number, start_time=format_qr_time(done.start_time),
                         end_time=format_qr_time(done.log_time), signature_counter=done.signature_counter,
                         signature=done.signature_b64, qr=qr)


def make_receipt(fiscal: ReceiptFiscal | None, receipt_no: int = 42) -> Receipt:
    at = datetime(2026, 11, 30, 9, 15).astimezone()
    return Receipt(
        store_name="Tresen Testladen", store_street="Hauptstraße 1", store_city="10115 Berlin",
        vat_id="DE123456789", register_id=REGISTER, receipt_no=receipt_no,
        barcode=receipt_barcode(REGISTER, receipt_no), associate="Lena Schmidt", started_at=at, ended_at=at,
        lines=(ReceiptLine("Kräutertee", 2, 199, 398, "A"),), subtotal_cents=398, basket_discount_cents=0,
        total_cents=398, vat_groups=(VatGroup(VatClass.STANDARD, 398, 334, 64),),
        tenders=(Tender(TenderKind.CASH, 398, given_cents=500, change_cents=102),), change_cents=102,
        fiscal=fiscal)


def decode_qr_codes(pixels: np.ndarray) -> list[str]:
    """The texts of every QR code zxing-cpp finds in a grayscale image (2-D uint8, dark on light)."""
    return [r.text for r in zxingcpp.read_barcodes(np.ascontiguousarray(pixels),
                                                   formats=zxingcpp.BarcodeFormat.QRCode)]


def gs_k_blocks(data: bytes) -> list[tuple[int, int, bytes]]:
    """Every GS ( k command in an ESC/POS job: (cn, fn, the bytes after fn)."""
    out, at = [], data.find(b"\x1d(k")
    while at >= 0:
        size = data[at + 3] + 256 * data[at + 4]
        body = data[at + 5:at + 5 + size]
        out.append((body[0], body[1], body[2:]))
        at = data.find(b"\x1d(k", at + 5 + size)
    return out


def native_qr_contents(data: bytes) -> list[str]:
    """What the job asks the printer to store as QR data (cn 49, fn 80, m 48), one per code printed."""
    return [rest[1:].decode("utf-8") for cn, fn, rest in gs_k_blocks(data) if (cn, fn) == (49, 80) and rest[:1] == b"0"]


def raster_images(data: bytes) -> list[np.ndarray]:
    """Every GS v 0 raster image in an ESC/POS job, as grayscale pixels (printed dot = 0, paper = 255)."""
    out, at = [], data.find(b"\x1dv0")
    while at >= 0:
        width_bytes = data[at + 4] + 256 * data[at + 5]
        height = data[at + 6] + 256 * data[at + 7]
        raw = np.frombuffer(data, np.uint8, width_bytes * height, at + 8).reshape(height, width_bytes)
        dots = np.unpackbits(raw, axis=1)  # 1 = a dot burnt into the paper, most significant bit first
        out.append(np.where(dots == 1, 0, 255).astype(np.uint8))
        at = data.find(b"\x1dv0", at + 8 + width_bytes * height)
    return out


def with_quiet_zone(pixels: np.ndarray, margin: int = 16) -> np.ndarray:
    """White paper around an image, as around a printed code."""
    return np.pad(pixels, margin, constant_values=255)
