"""Printing receipts on ESC/POS thermal printers through python-escpos.

A printer is named by a short spec so it can be set per register:
  network:HOST[:PORT]     e.g. network:192.168.1.50:9100
  usb:VENDOR:PRODUCT      e.g. usb:0x04b8:0x0202 (needs pyusb and the system's libusb)
  file:PATH               a device file such as /dev/usb/lp0, or a plain file (tests)

A signed receipt carries the TSE's QR code (DSFinV-K Anhang I) below the text, drawn by the
printer itself (GS ( k). For a printer without that command, `qr_native=False` sends the code
as a raster image instead (GS v 0, drawn by python-escpos).

Whatever goes wrong, the associate gets one sentence saying what to check (a PrinterError carrying a
`Message`); the library's own exception is logged for the technician.
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
from sync.common.messages import Message, message_of, translate

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
            raise PrinterError(translate("printing", "Druckerangabe '{spec}' ist unvollständig (network:HOST oder "
                                                     "network:HOST:PORT)").format(spec=spec))
        return Network(host, port=int(port or 9100), timeout=NETWORK_TIMEOUT_S, profile=profile)
    if kind == "usb":
        vendor, product = _usb_ids(spec, rest)
        _find_usb(vendor, product)
        return Usb(vendor, product, timeout=USB_TIMEOUT_MS, profile=profile)
    if kind == "file":
        if not rest:
            raise PrinterError(translate("printing", "Druckerangabe '{spec}' nennt keinen Pfad (file:/dev/usb/lp0)").format(
                                         spec=spec))
        if rest.startswith("/dev/") and not Path(rest).exists():
            # opening a missing device for writing would create a plain file there and "print" into it
            raise PrinterError(translate("printing", "{name} ist nicht vorhanden – angeschlossen und eingeschaltet?").format(
                                         name=_device_name(rest)))
        return File(rest, profile=profile)
    raise PrinterError(translate("printing", "Unbekannte Druckerangabe '{spec}' (network:…, usb:…, file:…)").format(
                                 spec=spec))


def _usb_ids(spec: str, rest: str) -> tuple[int, int]:
    vendor, _, product = rest.partition(":")
    try:
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise PrinterError(translate("printing", "Druckerangabe '{spec}': Hersteller- und Produktnummer hexadezimal "
                                     "angeben, z. B. usb:0x04b8:0x0202").format(spec=spec)) from None


def _usb_name(vendor: int, product: int) -> Message:
    return translate("printing", "USB-Bondrucker {ids}").format(ids=f"{vendor:04x}:{product:04x}")


def _device_name(where: str) -> Message:
    """A network or file printer: "Bondrucker 192.168.1.50:9100", "Bondrucker /dev/usb/lp0"."""
    return translate("printing", "Bondrucker {where}").format(where=where)


def _find_usb(vendor: int, product: int) -> None:
    """Say exactly what is missing: pyusb, the libusb library, or the device on the bus."""
    name = _usb_name(vendor, product)
    try:
        import usb.core
    except ImportError:
        raise PrinterError(_no_pyusb(name)) from None
    try:
        device = usb.core.find(idVendor=vendor, idProduct=product)
    except usb.core.NoBackendError:
        raise PrinterError(translate("printing", "{name}: Die Systembibliothek libusb fehlt (Paket libusb-1.0-0 "
                                     "installieren).").format(name=name)) from None
    except usb.core.USBError as exc:
        raise PrinterError(failure_message(exc, name)) from exc
    if device is None:
        raise PrinterError(_usb_not_found(name))


def _printer_name(printer) -> Message:
    if hasattr(printer, "host"):
        return _device_name(f"{printer.host}:{printer.port}")
    if hasattr(printer, "devfile"):
        return _device_name(printer.devfile)
    args = getattr(printer, "usb_args", {})
    return _usb_name(args.get("idVendor", 0), args.get("idProduct", 0))


# What a printer says by errno, as a sentence naming it (`{name}`: "Bondrucker …" or "USB-Bondrucker …").
_BY_ERRNO = {
    errno.ECONNREFUSED: translate(
        "printing", "{name} nimmt keine Verbindung an – eingeschaltet? Richtiger Port?"),
    errno.ETIMEDOUT: translate(
        "printing", "{name} antwortet nicht (Zeitüberschreitung) – eingeschaltet und im Netz?"),
    errno.EHOSTUNREACH: translate(
        "printing", "{name} ist im Netz nicht erreichbar – Netzwerkkabel prüfen."),
    errno.ENETUNREACH: translate(
        "printing", "{name} ist im Netz nicht erreichbar – Netzwerkkabel prüfen."),
    errno.ECONNRESET: translate(
        "printing", "{name} hat die Verbindung beim Drucken getrennt."),
    errno.EPIPE: translate(
        "printing", "{name} hat die Verbindung beim Drucken getrennt."),
    errno.ENOENT: translate(
        "printing", "{name} ist nicht vorhanden – angeschlossen und eingeschaltet? Pfad richtig?"),
    errno.ENODEV: translate(
        "printing", "{name} ist nicht mehr angeschlossen."),
    errno.EACCES: translate(
        "printing", "{name} – keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp "
                    "aufnehmen)."),
    errno.EPERM: translate(
        "printing", "{name} – keine Berechtigung (udev-Regel anlegen oder den Benutzer in die Gruppe lp "
                    "aufnehmen)."),
    errno.EBUSY: translate(
        "printing", "{name} wird von einem anderen Programm benutzt (oder vom Kerneltreiber usblp)."),
    errno.EIO: translate(
        "printing", "{name} meldet einen Gerätefehler – Papier und Deckel prüfen."),
}

_USB_BY_ERRNO = {**_BY_ERRNO, errno.ETIMEDOUT: translate(
    "printing", "{name} antwortet nicht (Zeitüberschreitung) – Papier, Deckel und Strom prüfen.")}


def _no_pyusb(name) -> Message:
    return translate("printing", "{name}: Das Python-Paket pyusb fehlt in dieser Installation.").format(name=name)


def _usb_not_found(name) -> Message:
    return translate("printing", "{name} nicht gefunden – USB-Kabel und Strom prüfen.").format(name=name)


def failure_message(exc: BaseException, name: Message | str) -> Message | str:
    """One sentence for the associate (German in str()); never a class name or an English library text."""
    by_errno = _USB_BY_ERRNO if str(name).startswith("USB-") else _BY_ERRNO
    for cause in _chain(exc):
        if isinstance(cause, PrinterError):
            return message_of(cause) or str(cause)
        if isinstance(cause, socket.gaierror):
            return translate("printing", "{name}: Der Rechnername ist unbekannt – Druckerangabe prüfen.").format(name=name)
        if isinstance(cause, (TimeoutError, socket.timeout)):
            return by_errno[errno.ETIMEDOUT].format(name=name)
        code = getattr(cause, "errno", None)
        if code in by_errno:
            return by_errno[code].format(name=name)
        if type(cause).__name__ == "DeviceNotFoundError" and "USB" in str(cause):
            return _usb_not_found(name)
        if isinstance(cause, RuntimeError) and "usb library" in str(cause):
            return _no_pyusb(name)
    return translate("printing", "{name}: Der Bon konnte nicht gedruckt werden.").format(name=name)


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
            # stays German: printed on the gift card slip
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
