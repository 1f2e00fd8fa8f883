import pytest

from app.printing.escpos_receipt import PrinterError, open_printer, print_receipt
from tests.conftest import gtin_of


@pytest.fixture
def receipt(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 7))
    sale.pay_cash(5000)
    return sale.complete()


def test_prints_to_a_device_file(receipt, tmp_path):
    out = tmp_path / "lp0"
    out.touch()
    print_receipt(open_printer(f"file:{out}"), receipt)
    data = out.read_bytes()
    assert data.startswith(b"\x1b@")  # ESC @ initialise
    assert b"SUMME EUR" in data and b"Bon-Nr. 1" in data
    assert "Kräutertee".encode("cp437") in data  # umlauts in the printer's code page, not UTF-8
    assert b"\x1dk" in data and receipt.barcode[:5].encode() in data  # GS k: Code 128
    assert b"\x1dV" in data  # GS V: cut


def test_unreachable_printer_is_a_clear_error(receipt):
    with pytest.raises(PrinterError, match="nicht gedruckt"):
        print_receipt(open_printer("network:127.0.0.1:9"), receipt)
    with pytest.raises(PrinterError, match="Unbekannte"):
        open_printer("parallel:lpt1")
