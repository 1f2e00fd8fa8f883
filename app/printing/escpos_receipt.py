"""Printing receipts on ESC/POS thermal printers through python-escpos.

A printer is named by a short spec so it can be set per register:
  network:HOST[:PORT]     e.g. network:192.168.1.50:9100
  usb:VENDOR:PRODUCT      e.g. usb:0x04b8:0x0202
  file:PATH               a device file such as /dev/usb/lp0, or a plain file (tests)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.receipt import Receipt, layout

if TYPE_CHECKING:
    from escpos.escpos import Escpos

PAPER_COLUMNS = 42  # 80 mm paper, font A


class PrinterError(RuntimeError):
    """The printer is not reachable or rejected the job; the message is for the associate."""


def open_printer(spec: str, *, profile: str = "TM-T88V") -> "Escpos":
    # imported here: python-escpos loads its printer database on import (~0.2 s of start-up)
    from escpos.printer import File, Network, Usb

    kind, _, rest = spec.partition(":")
    try:
        if kind == "network":
            host, _, port = rest.partition(":")
            return Network(host, port=int(port or 9100), timeout=5, profile=profile)
        if kind == "usb":
            vendor, _, product = rest.partition(":")
            return Usb(int(vendor, 16), int(product, 16), profile=profile)
        if kind == "file":
            return File(rest, profile=profile)
    except Exception as exc:  # the library raises many kinds; the associate needs one message
        raise PrinterError(f"Drucker {spec} nicht erreichbar: {exc}") from exc
    raise PrinterError(f"Unbekannte Druckerangabe '{spec}' (network:…, usb:…, file:…)")


def print_receipt(printer: "Escpos", receipt: Receipt) -> None:
    """Print and cut. Umlauts are encoded by python-escpos for the printer's code page."""
    try:
        printer.hw("INIT")
        text = layout(receipt, PAPER_COLUMNS)
        header, body = text[:4], text[4:]
        printer.set(align="center", bold=True)
        printer.textln(header[0].strip())
        printer.set(align="center", bold=False, normal_textsize=True)
        for line in header[1:]:
            printer.textln(line.strip())
        printer.set(align="left")
        for line in body:
            printer.textln(line)
        printer.barcode("{B" + receipt.barcode, "CODE128", height=60, width=2, pos="BELOW", function_type="B")
        printer.cut()
    except Exception as exc:
        raise PrinterError(f"Bon konnte nicht gedruckt werden: {exc}") from exc
    finally:
        try:
            printer.close()
        except Exception:
            pass
