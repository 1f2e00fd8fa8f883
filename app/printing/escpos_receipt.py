"""Printing receipts on ESC/POS thermal printers through python-escpos.

A printer is named by a short spec so it can be set per register:
  network:HOST[:PORT]     e.g. network:192.168.1.50:9100
  usb:VENDOR:PRODUCT      e.g. usb:0x04b8:0x0202 (needs pyusb and the system's libusb)
  file:PATH               a device file such as /dev/usb/lp0, or a plain file (tests)

A signed receipt carries the TSE's QR code (DSFinV-K Anhang I) below the text, drawn by the
printer itself (GS ( k). For a printer without that command, `qr_native=False` sends the code
as a raster image instead (GS v 0, drawn by python-escpos).

Whatever goes wrong, the associate gets one German sentence saying what to check
(a PrinterError); the library's own exception is logged for the technician.
"""

from __future__ import annotations

import errno
import logging
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.money import format_eur
from app.core.receipt import COPY_MARK, Receipt, layout
from app.core.tenders import TenderKind

if TYPE_CHECKING:
    from escpos.escpos import Escpos

log = logging.getLogger(__name__)

PAPER_COLUMNS = 42  # 80 mm paper, font A
NETWORK_TIMEOUT_S = 5.0  # connect and send; a printer that is off must not hold the print queue for long
USB_TIMEOUT_MS = 5000  # per USB write; pyusb's default (0) would wait forever on a jammed printer
QR_MODULE_DOTS = 4  # dots a module: ~0.5 mm at 180-203 dpi, a 3-4 cm code for a signed receipt
QR_NATIVE = True  # the printer draws the QR code (GS ( k); False: python-escpos sends it as an image


def qr_native_configured() -> bool:
    """`TRESEN_PRINTER_QR=image` for a printer without the QR command (the register's configuration)."""
    return QR_NATIVE and os.environ.get("TRESEN_PRINTER_QR", "native").strip().lower() != "image"


class PrinterError(RuntimeError):
    """The printer is not reachable or rejected the job; the message is for the associate."""


def open_printer(spec: str, *, profile: str = "TM-T88V") -> "Escpos":
    """The printer for a spec. Nothing is sent yet; a USB printer is looked for on the bus first."""
    # imported here: python-escpos loads its printer database on import (~0.2 s of start-up)
    from escpos.printer import File, Network, Usb

    kind, _, rest = spec.partition(":")
    if kind == "network":
        host, _, port = rest.partition(":")
        if not host or not (port or "9100").isdigit():
            raise PrinterError(f"Druckerangabe '{spec}' ist unvollständig (network:HOST oder network:HOST:PORT)")
        return Network(host, port=int(port or 9100), timeout=NETWORK_TIMEOUT_S, profile=profile)
    if kind == "usb":
        vendor, product = _usb_ids(spec, rest)
        _find_usb(vendor, product)
        return Usb(vendor, product, timeout=USB_TIMEOUT_MS, profile=profile)
    if kind == "file":
        if not rest:
            raise PrinterError(f"Druckerangabe '{spec}' nennt keinen Pfad (file:/dev/usb/lp0)")
        if rest.startswith("/dev/") and not Path(rest).exists():
            # opening a missing device for writing would create a plain file there and "print" into it
            raise PrinterError(f"Bondrucker {rest} ist nicht vorhanden – angeschlossen und eingeschaltet?")
        return File(rest, profile=profile)
    raise PrinterError(f"Unbekannte Druckerangabe '{spec}' (network:…, usb:…, file:…)")


def _usb_ids(spec: str, rest: str) -> tuple[int, int]:
    vendor, _, product = rest.partition(":")
    try:
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise PrinterError(f"Druckerangabe '{spec}': Hersteller- und Produktnummer hexadezimal angeben, "
                           "z. B. usb:0x04b8:0x0202") from None


def _usb_name(vendor: int, product: int) -> str:
    return f"USB-Bondrucker {vendor:04x}:{product:04x}"


def _find_usb(vendor: int, product: int) -> None:
    """Say exactly what is missing: pyusb, the libusb library, or the device on the bus."""
    name = _usb_name(vendor, product)
    try:
        import usb.core
    except ImportError:
        raise PrinterError(f"{name}: Das Python-Paket pyusb fehlt in dieser Installation.") from None
    try:
        device = usb.core.find(idVendor=vendor, idProduct=product)
    except usb.core.NoBackendError:
        raise PrinterError(f"{name}: Die Systembibliothek libusb fehlt (Paket libusb-1.0-0 installieren).") from None
    except usb.core.USBError as exc:
        raise PrinterError(failure_message(exc, name)) from exc
    if device is None:
        raise PrinterError(f"{name} nicht gefunden – USB-Kabel und Strom prüfen.")


def _printer_name(printer) -> str:
    if hasattr(printer, "host"):
        return f"Bondrucker {printer.host}:{printer.port}"
    if hasattr(printer, "devfile"):
        return f"Bondrucker {printer.devfile}"
    args = getattr(printer, "usb_args", {})
    return _usb_name(args.get("idVendor", 0), args.get("idProduct", 0))


_BY_ERRNO = {
    errno.ECONNREFUSED: "nimmt keine Verbindung an – eingeschaltet? Richtiger Port?",
    errno.ETIMEDOUT: "antwortet nicht (Zeitüberschreitung) – eingeschaltet und im Netz?",
    errno.EHOSTUNREACH: "ist im Netz nicht erreichbar – Netzwerkkabel prüfen.",
    errno.ENETUNREACH: "ist im Netz nicht erreichbar – Netzwerkkabel prüfen.",
    errno.ECONNRESET: "hat die Verbindung beim Drucken getrennt.",
    errno.EPIPE: "hat die Verbindung beim Drucken getrennt.",
    errno.ENOENT: "ist nicht vorhanden – angeschlossen und eingeschaltet? Pfad richtig?",
    errno.ENODEV: "ist nicht mehr angeschlossen.",
    errno.EACCES: "– keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp aufnehmen).",
    errno.EPERM: "– keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp aufnehmen).",
    errno.EBUSY: "wird von einem anderen Programm benutzt (oder vom Kerneltreiber usblp).",
    errno.EIO: "meldet einen Gerätefehler – Papier und Deckel prüfen.",
}

_USB_BY_ERRNO = {**_BY_ERRNO,
                 errno.ETIMEDOUT: "antwortet nicht (Zeitüberschreitung) – Papier, Deckel und Strom prüfen."}


def failure_message(exc: BaseException, name: str) -> str:
    """One German sentence for the associate; never a class name or an English library text."""
    by_errno = _USB_BY_ERRNO if name.startswith("USB-") else _BY_ERRNO
    for cause in _chain(exc):
        if isinstance(cause, PrinterError):
            return str(cause)
        if isinstance(cause, socket.gaierror):
            return f"{name}: Der Rechnername ist unbekannt – Druckerangabe prüfen."
        if isinstance(cause, (TimeoutError, socket.timeout)):
            return f"{name} {by_errno[errno.ETIMEDOUT]}"
        code = getattr(cause, "errno", None)
        if code in by_errno:
            return f"{name} {by_errno[code]}"
        if type(cause).__name__ == "DeviceNotFoundError" and "USB" in str(cause):
            return f"{name} nicht gefunden – USB-Kabel und Strom prüfen."
        if isinstance(cause, RuntimeError) and "usb library" in str(cause):
            return f"{name}: Das Python-Paket pyusb fehlt in dieser Installation."
    return f"{name}: Der Bon konnte nicht gedruckt werden."


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def takes_cash(receipt: Receipt) -> bool:
    """The drawer opens for a receipt that put cash in or took it out (never for a copy)."""
    if receipt.copy_printed_at is not None:
        return False
    if receipt.kind == "return":
        return receipt.refund_text.startswith("Bar")
    return any(t.kind is TenderKind.CASH for t in receipt.tenders)


def print_receipt(printer: "Escpos", receipt: Receipt, *, qr_native: bool | None = None,
                  open_drawer: bool | None = None) -> None:
    """Print and cut. Umlauts are encoded by python-escpos for the printer's code page.

    `qr_native`: None takes the configuration (qr_native_configured); False prints the QR code as an image,
    for printers without GS ( k. `open_drawer`: None opens the cash drawer (the printer's kick connector)
    when the receipt moved cash.
    """
    qr = receipt.fiscal.qr if receipt.fiscal is not None and receipt.fiscal.signed else ""

    def job() -> None:
        printer.hw("INIT")
        if takes_cash(receipt) if open_drawer is None else open_drawer:
            printer.cashdraw(2)
        text = layout(receipt, PAPER_COLUMNS)
        header, body = text[:4], text[4:]
        printer.set(align="center", bold=True)
        printer.textln(header[0].strip())
        printer.set(align="center", bold=False, normal_textsize=True)
        for line in header[1:]:
            printer.textln(line.strip())
        printer.set(align="left")
        for line in body:
            if line.strip() == COPY_MARK:  # a reprint: the mark large, so nobody takes it for the original
                printer.set(align="center", bold=True, double_height=True, double_width=True)
                printer.textln(COPY_MARK)
                printer.set(align="left", bold=False, normal_textsize=True)
            else:
                printer.textln(line)
        if qr:
            _print_qr(printer, qr, qr_native_configured() if qr_native is None else qr_native)
        if receipt.barcode:  # a cash movement's receipt has none
            printer.barcode("{B" + receipt.barcode, "CODE128", height=60, width=2, pos="BELOW", function_type="B")
        for code, cents in () if receipt.copy_printed_at else receipt.gift_cards:  # a slip each (not on a copy)
            printer.cut()
            printer.set(align="center", bold=True, double_height=True)
            printer.textln("GESCHENKKARTE")
            printer.set(align="center", bold=False, normal_textsize=True)
            printer.textln(f"{receipt.store_name}")
            printer.textln(f"Wert {format_eur(cents, symbol=False)} EUR")
            printer.barcode("{B" + code, "CODE128", height=60, width=2, pos="BELOW", function_type="B")
            printer.textln("Einlösbar in allen Märkten und im Online-Shop")
        printer.cut()

    _on_printer(printer, f"printing receipt {receipt.receipt_no}", job)


def _on_printer(printer: "Escpos", what: str, job) -> None:
    """Run `job()` on the printer and close it; whatever fails is a PrinterError naming the printer."""
    try:
        job()
    except Exception as exc:
        name = _printer_name(printer)
        log.warning("%s on %s failed", what, name, exc_info=exc)
        raise PrinterError(failure_message(exc, name)) from exc
    finally:
        try:
            printer.close()
        except Exception:
            pass


def print_lines(printer: "Escpos", lines: list[str], *, open_drawer: bool = False) -> None:
    """A report (X, Z) or a cash book: its text lines, then cut; the drawer opened first if asked."""
    def job() -> None:
        printer.hw("INIT")
        if open_drawer:
            printer.cashdraw(2)
        printer.set(align="left")
        for line in lines:
            printer.textln(line)
        printer.cut()
    _on_printer(printer, "printing a report", job)


def open_cash_drawer(printer: "Escpos") -> None:
    """Only the drawer (its kick connector on the printer), nothing printed."""
    _on_printer(printer, "opening the drawer", lambda: printer.cashdraw(2))


def _print_qr(printer: "Escpos", qr: str, native: bool) -> None:
    from escpos.constants import QR_ECLEVEL_M

    if native:  # centred by ESC a: python-escpos' own centring is only for the image
        printer.set(align="center")
        printer.qr(qr, ec=QR_ECLEVEL_M, size=QR_MODULE_DOTS, native=True)
        printer.set(align="left")
        printer.ln()
    else:
        printer.qr(qr, ec=QR_ECLEVEL_M, size=QR_MODULE_DOTS, native=False, center=True)
