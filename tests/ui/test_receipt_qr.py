"""The TSE's QR code on screen and in the PDF, read back from the pixels and checked by the independent verifier.

Set TRESEN_SCREENSHOTS=DIR to keep the receipt dialog's screenshots for a look by eye.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from app.core.receipt import layout
from app.ui.background import NetworkExecutor
from app.ui.receipt_dialog import SCREEN_QR_MODULE_PX, ReceiptDialog
from app.ui.receipt_pdf import COLUMNS, QR_QUIET_MODULES, qr_modules, save_receipt_pdf
from tests.printing.fiscal_receipts import UNSIGNED, decode_qr_codes, make_receipt, native_qr_contents, signed_fiscal
from tests.tse.qr_verifier import verify_qr
from tests.ui.conftest import screenshot
from tests.ui.test_receipt_printing import sell
from tests.ui.test_screenshots import check_touch_targets


def gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes()).reshape(image.height(), -1)
    return rows[:, :image.width()].copy()


def open_dialog(qtbot, tmp_path, receipt) -> ReceiptDialog:
    dialog = ReceiptDialog(None, receipt, printer_spec=None, pdf_dir=tmp_path / "pdf", executor=NetworkExecutor())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()  # the text's layout settles (a first-show scroll bar goes away)
    return dialog


def pdf_pages(path, tmp_path) -> list[np.ndarray]:
    """The PDF rendered by Ghostscript at 300 dpi, as grayscale pixels, one array a page."""
    gs = shutil.which("gs")
    if gs is None:
        pytest.skip("Ghostscript (gs) is not installed: no renderer for the PDF")
    out = tmp_path / "page-%d.png"
    subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r300",
                    f"-sOutputFile={out}", str(path)], check=True, timeout=120)
    return [gray(QImage(str(p))) for p in sorted(tmp_path.glob("page-*.png"))]


def test_the_dialog_shows_a_scannable_qr(qapp, qtbot, tmp_path):
    from app.ui.app import STYLE

    qapp.setStyleSheet(STYLE.read_text(encoding="utf-8"))
    fiscal = signed_fiscal(tmp_path)
    dialog = open_dialog(qtbot, tmp_path, make_receipt(fiscal))
    label = dialog.qr_label
    assert label is not None and label.isVisible()
    modules = len(qr_modules(fiscal.qr)) + 2 * QR_QUIET_MODULES
    assert label.pixmap().width() == label.pixmap().height() == modules * SCREEN_QR_MODULE_PX >= modules * 3
    # every module exactly 3×3 black or white pixels, quiet zone included: nothing blurred by scaling
    matrix = np.pad(np.array(qr_modules(fiscal.qr)), QR_QUIET_MODULES)
    expected = np.kron(np.where(matrix, 0, 255), np.ones((SCREEN_QR_MODULE_PX, SCREEN_QR_MODULE_PX))).astype(np.uint8)
    assert np.array_equal(gray(label.pixmap().toImage()), expected)
    # the whole code is on screen, unscaled, beside the receipt text (which keeps its height)
    assert label.width() >= label.pixmap().width() and label.height() >= label.pixmap().height()
    text = dialog.findChild(QPlainTextEdit, "receiptText")
    assert label.mapTo(dialog, label.rect().topLeft()).x() >= text.mapTo(dialog, text.rect().topRight()).x()
    assert text.height() >= dialog.height() // 2
    assert dialog.width() <= 1280 and dialog.height() <= 800
    assert dialog.minimumSizeHint().height() <= 800

    (decoded,) = decode_qr_codes(gray(dialog.grab().toImage()))  # what the customer's phone would see
    assert decoded == fiscal.qr and verify_qr(decoded)
    screenshot(dialog, "receipt_qr_dialog.png", tmp_path)


def on_screen(window, dialog) -> QImage:
    """The 1280×800 screen: the main window with the dialog where it opened over it."""
    image = window.grab().toImage()
    painter = QPainter(image)
    painter.drawPixmap(dialog.geometry().topLeft() - window.geometry().topLeft(), dialog.grab())
    painter.end()
    return image


def test_the_qr_after_a_real_sale_on_screen_and_paper(window, engine, qtbot, tmp_path):
    """Checkout signs at the register's TSE; the dialog and the automatic print carry that very QR."""
    assert (window.width(), window.height()) == (1280, 800)
    dialog = sell(window, engine, qtbot, 2, 7)
    qr = dialog.receipt.fiscal.qr
    assert verify_qr(qr)
    assert window.geometry().contains(dialog.geometry())  # the whole dialog on the register's screen
    check_touch_targets(dialog)  # its buttons still whole and big enough beside the taller left column
    qtbot.waitUntil(lambda: dialog.status.text() == "Gedruckt.", timeout=5000)
    assert native_qr_contents((tmp_path / "printer.bin").read_bytes()) == [qr]
    screen = on_screen(window, dialog)
    (decoded,) = decode_qr_codes(gray(screen))
    assert decoded == qr
    out = Path(os.environ.get("TRESEN_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    assert screen.save(str(out / "receipt_qr_1280x800.png"))


def test_the_pdf_carries_the_qr(qapp, tmp_path):
    fiscal = signed_fiscal(tmp_path)
    receipt = make_receipt(fiscal)
    path = save_receipt_pdf(receipt, tmp_path / "Bon.pdf")
    (page,) = pdf_pages(path, tmp_path)
    (decoded,) = decode_qr_codes(page)
    assert decoded == fiscal.qr and verify_qr(decoded)
    # below the last line of text (6 mm, then 3.3 mm a line), above the Code 128
    (code,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.QRCode)
    (barcode,) = zxingcpp.read_barcodes(page, formats=zxingcpp.BarcodeFormat.Code128)
    assert barcode.text == receipt.barcode
    last_text_px = (6 + (len(layout(receipt, COLUMNS)) - 1) * 3.3) * 300 / 25.4
    assert last_text_px < code.position.top_left.y
    assert code.position.bottom_left.y < barcode.position.top_left.y


@pytest.mark.parametrize("fiscal", [UNSIGNED, None], ids=["tse-failed", "before-signing"])
def test_an_unsigned_receipt_shows_no_qr(fiscal, qapp, qtbot, tmp_path):
    receipt = make_receipt(fiscal)
    dialog = open_dialog(qtbot, tmp_path, receipt)
    assert dialog.qr_label is None
    assert decode_qr_codes(gray(dialog.grab().toImage())) == []
    page = pdf_pages(save_receipt_pdf(receipt, tmp_path / "Bon.pdf"), tmp_path)[0]
    assert decode_qr_codes(page) == []
