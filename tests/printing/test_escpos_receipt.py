"""ESC/POS printing on real devices: a plain file, a TCP printer on 127.0.0.1, the USB bus as it is here."""

from datetime import datetime
from pathlib import Path

import pytest

from app.core.receipt import as_copy
from app.printing import escpos_receipt
from app.printing.escpos_receipt import PrinterError, open_printer, print_receipt
from tests.conftest import gtin_of
from tests.printing.fiscal_receipts import (UNSIGNED, decode_qr_codes, gs_k_blocks, make_receipt, native_qr_contents,
                                            raster_images, signed_fiscal, with_quiet_zone)
from tests.printing.devices import StuckPrinter, closed_port, tcp_printer  # noqa: F401 (fixture)
from tests.tse.qr_verifier import verify_qr


@pytest.fixture
def receipt(sale, engine):
    sale.scan(gtin_of(engine, 2))
    sale.scan(gtin_of(engine, 7))
    sale.pay_cash(5000)
    return sale.complete()


def plain(message: str) -> bool:
    """An associate's message: no exception class, no errno, no English library text."""
    return not any(word in message for word in ("Error", "Errno", "Exception", "Traceback", "not found", "socket"))


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
    assert b"KOPIE" not in data and b"Duplikat" not in data


def test_a_reprint_is_marked_as_copy(receipt, tmp_path):
    out = tmp_path / "lp0"
    print_receipt(open_printer(f"file:{out}"), as_copy(receipt, at=datetime(2026, 11, 30, 9, 15)))
    data = out.read_bytes()
    assert data.count(b"*** KOPIE ***") == 2  # at the top and at the end, where the paper is torn off
    assert b"Duplikat, gedruckt 30.11.2026 09:15" in data and b"SUMME EUR" in data


def test_network_printer_gets_the_job(receipt, tcp_printer):
    print_receipt(open_printer(f"network:127.0.0.1:{tcp_printer.port}"), receipt)
    (job,) = tcp_printer.wait_for_jobs(1)  # closing first could drop a connection not yet accepted
    assert job.startswith(b"\x1b@") and b"SUMME EUR" in job and b"\x1dV" in job


def test_network_printer_switched_off(receipt):
    port = closed_port()
    with pytest.raises(PrinterError) as err:
        print_receipt(open_printer(f"network:127.0.0.1:{port}"), receipt)
    assert str(err.value) == f"Bondrucker 127.0.0.1:{port} nimmt keine Verbindung an – eingeschaltet? Richtiger Port?"


def test_network_printer_not_answering(receipt, monkeypatch):
    """A printer whose network stack is stuck: the connection is never accepted (full backlog on Linux)."""
    monkeypatch.setattr(escpos_receipt, "NETWORK_TIMEOUT_S", 0.3)
    stuck = StuckPrinter()
    port = stuck.port
    try:
        with pytest.raises(PrinterError) as err:
            print_receipt(open_printer(f"network:127.0.0.1:{port}"), receipt)
    finally:
        stuck.close()
    assert str(err.value) == (f"Bondrucker 127.0.0.1:{port} antwortet nicht (Zeitüberschreitung)"
                              " – eingeschaltet und im Netz?")


def test_missing_device_file_is_not_created(receipt):
    """Before: opening /dev/… for writing made a plain file there, so a missing printer 'printed' fine."""
    path = Path("/dev/tresen-test-no-printer")
    try:
        with pytest.raises(PrinterError) as err:
            print_receipt(open_printer(f"file:{path}"), receipt)
        assert str(err.value) == f"Bondrucker {path} ist nicht vorhanden – angeschlossen und eingeschaltet?"
        assert not path.exists()
    finally:
        path.unlink(missing_ok=True)


def test_missing_directory(receipt, tmp_path):
    path = tmp_path / "usb" / "lp0"
    with pytest.raises(PrinterError) as err:
        print_receipt(open_printer(f"file:{path}"), receipt)
    assert str(err.value) == f"Bondrucker {path} ist nicht vorhanden – angeschlossen und eingeschaltet? Pfad richtig?"


def usb_backend_available() -> bool:
    import usb.backend.libusb0
    import usb.backend.libusb1
    import usb.backend.openusb

    return any(m.get_backend() is not None for m in (usb.backend.libusb1, usb.backend.libusb0, usb.backend.openusb))


def test_usb_printer_says_what_is_missing():
    """pyusb is installed with the app; what is missing then is libusb on the system, or the printer on the bus."""
    import usb  # noqa: F401  (a dependency of the app: fails here if pyproject lost it)

    with pytest.raises(PrinterError) as err:
        open_printer("usb:0xfffe:0xfffe")  # no such vendor
    if usb_backend_available():
        assert str(err.value) == "USB-Bondrucker fffe:fffe nicht gefunden – USB-Kabel und Strom prüfen."
    else:
        assert str(err.value) == ("USB-Bondrucker fffe:fffe: Die Systembibliothek libusb fehlt"
                                  " (Paket libusb-1.0-0 installieren).")


@pytest.mark.parametrize("spec, message", [
    ("parallel:lpt1", "Unbekannte Druckerangabe 'parallel:lpt1' (network:…, usb:…, file:…)"),
    ("usb:epson",
     "Druckerangabe 'usb:epson': Hersteller- und Produktnummer hexadezimal angeben, z. B. usb:0x04b8:0x0202"),
    ("network:", "Druckerangabe 'network:' ist unvollständig (network:HOST oder network:HOST:PORT)"),
    ("network:printer:abc",
     "Druckerangabe 'network:printer:abc' ist unvollständig (network:HOST oder network:HOST:PORT)"),
    ("file:", "Druckerangabe 'file:' nennt keinen Pfad (file:/dev/usb/lp0)"),
])
def test_bad_specs_are_explained(spec, message):
    with pytest.raises(PrinterError) as err:
        open_printer(spec)
    assert str(err.value) == message and plain(message)


def test_failure_messages_are_plain_german(receipt, tmp_path):
    for spec in (f"network:127.0.0.1:{closed_port()}", f"file:{tmp_path / 'x' / 'lp0'}", "usb:0xfffe:0xfffe"):
        with pytest.raises(PrinterError) as err:
            print_receipt(open_printer(spec), receipt)
        assert plain(str(err.value)), str(err.value)


@pytest.mark.parametrize("code, says", [
    (13, "– keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp aufnehmen)."),
    (16, "wird von einem anderen Programm benutzt (oder vom Kerneltreiber usblp)."),
    (19, "ist nicht mehr angeschlossen."),
    (110, "antwortet nicht (Zeitüberschreitung) – Papier, Deckel und Strom prüfen."),
])
def test_usb_errors_during_the_job_name_the_cause(code, says):
    """What pyusb raises when a write fails (without a printer here, the exception is made as pyusb makes it)."""
    import usb.core

    exc = usb.core.USBError("libusb text in English", error_code=-3, errno=code)
    assert str(escpos_receipt.failure_message(exc, "USB-Bondrucker 04b8:0202")) == f"USB-Bondrucker 04b8:0202 {says}"


# --- the TSE's QR code (DSFinV-K Anhang I) ----------------------------------------------------------------------


def test_the_sale_s_own_signed_qr_is_printed(receipt, tmp_path):
    """The receipt as checkout makes it (signed by the register's TSE): its QR goes to the printer as it is."""
    out = tmp_path / "lp0"
    print_receipt(open_printer(f"file:{out}"), receipt)
    assert native_qr_contents(out.read_bytes()) == [receipt.fiscal.qr]
    assert verify_qr(receipt.fiscal.qr)


def test_signed_receipt_prints_its_qr_natively(tmp_path):
    fiscal = signed_fiscal(tmp_path)
    out = tmp_path / "lp0"
    print_receipt(open_printer(f"file:{out}"), make_receipt(fiscal))
    data = out.read_bytes()
    (content,) = native_qr_contents(data)
    assert content == fiscal.qr and verify_qr(content)
    blocks = gs_k_blocks(data)
    assert [(cn, fn) for cn, fn, _ in blocks] == [(49, 65), (49, 67), (49, 69), (49, 80), (49, 81)]
    assert blocks[0][2] == b"2\x00"  # model 2
    assert blocks[1][2] == bytes([escpos_receipt.QR_MODULE_DOTS])  # dots a module
    assert blocks[2][2] == b"1"  # error correction M
    assert blocks[4][2] == b"0"  # print what was stored
    assert b"\x1dv0" not in data  # no image besides
    # below the text, above the Code 128 that finds the sale again
    assert data.index(b"Vielen Dank") < data.index(b"\x1d(k") < data.index(b"\x1dk")


def test_qr_as_an_image_for_printers_without_the_qr_command(tmp_path):
    fiscal = signed_fiscal(tmp_path)
    out = tmp_path / "lp0"
    print_receipt(open_printer(f"file:{out}"), make_receipt(fiscal), qr_native=False)
    data = out.read_bytes()
    assert gs_k_blocks(data) == []
    (image,) = raster_images(data)
    assert image.shape[1] == open_printer(f"file:{out}").profile.profile_data["media"]["width"]["pixels"]
    (decoded,) = decode_qr_codes(with_quiet_zone(image))
    assert decoded == fiscal.qr and verify_qr(decoded)
    assert data.index(b"Vielen Dank") < data.index(b"\x1dv0") < data.index(b"\x1dk")


def test_the_register_s_configuration_switches_the_qr_to_an_image(tmp_path, monkeypatch):
    monkeypatch.setenv("TRESEN_PRINTER_QR", "image")
    out = tmp_path / "lp0"
    fiscal = signed_fiscal(tmp_path)
    print_receipt(open_printer(f"file:{out}"), make_receipt(fiscal))
    (image,) = raster_images(out.read_bytes())
    assert decode_qr_codes(with_quiet_zone(image)) == [fiscal.qr]


@pytest.mark.parametrize("fiscal", [UNSIGNED, None], ids=["tse-failed", "before-signing"])
@pytest.mark.parametrize("native", [True, False])
def test_an_unsigned_receipt_prints_no_qr(fiscal, native, tmp_path):
    out = tmp_path / "lp0"
    print_receipt(open_printer(f"file:{out}"), make_receipt(fiscal), qr_native=native)
    data = out.read_bytes()
    assert gs_k_blocks(data) == [] and raster_images(data) == []
    assert b"SUMME EUR" in data and b"\x1dk" in data and b"\x1dV" in data
    assert (b"*** TSE ausgefallen ***" in data) == (fiscal is not None)


def test_the_drawer_opens_for_cash_and_not_for_a_card_or_a_copy(tmp_path):
    from dataclasses import replace
    from datetime import datetime

    from app.core.tenders import Tender, TenderKind
    from app.printing.escpos_receipt import open_cash_drawer, print_lines

    kick = b"\x1bp"  # ESC p: the pulse to the drawer's connector
    receipt = make_receipt(signed_fiscal(tmp_path))
    card = replace(receipt, tenders=(Tender(TenderKind.CARD, receipt.total_cents),), change_cents=0)
    for name, r, opens in (("cash", receipt, True), ("card", card, False),
                           ("copy", replace(receipt, copy_printed_at=datetime(2026, 11, 30, 12, 0)), False)):
        out = tmp_path / f"{name}.bin"
        print_receipt(open_printer(f"file:{out}"), r)
        assert (kick in out.read_bytes()) is opens, name
    out = tmp_path / "report.bin"
    print_lines(open_printer(f"file:{out}"), ["X-BERICHT", "SOLL-BESTAND BAR  215,00"])
    assert b"X-BERICHT" in out.read_bytes() and kick not in out.read_bytes()
    out = tmp_path / "drawer.bin"
    open_cash_drawer(open_printer(f"file:{out}"))
    assert out.read_bytes().startswith(kick)
