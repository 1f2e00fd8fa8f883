"""GTIN validation and normalisation (EAN-13, EAN-8, UPC-A, UPC-E, GTIN-14).

Every product code is stored as a 14-digit GTIN, so a product is found
whichever form is scanned: UPC-A 036000291452, its EAN-13 form
0036000291452 and its GTIN-14 00036000291452 all normalise to the same key.
UPC-E codes are expanded to UPC-A first.
"""

from __future__ import annotations

from sync.common.messages import translate


class GtinError(ValueError):
    """A code that is not a valid GTIN; the message is for the associate."""


def check_digit(body: str) -> int:
    """GS1 mod-10 check digit for the digits in `body` (without check digit)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (3 if i % 2 == 0 else 1)
    return (10 - total % 10) % 10


def is_valid(code: str) -> bool:
    return code.isdigit() and len(code) in (8, 12, 13, 14) and check_digit(code[:-1]) == int(code[-1])


def expand_upce(code: str) -> str:
    """Expand an 8-digit UPC-E (number system 0 or 1) to its 12-digit UPC-A."""
    if len(code) != 8 or not code.isdigit() or code[0] not in "01":
        raise GtinError(translate("gtin", "'{code}' ist kein UPC-E-Code").format(code=code))
    ns, d, check = code[0], code[1:7], code[7]
    last = d[5]
    if last in "012":
        body = d[0:2] + last + "0000" + d[2:5]
    elif last == "3":
        body = d[0:3] + "00000" + d[3:5]
    elif last == "4":
        body = d[0:4] + "00000" + d[4]
    else:
        body = d[0:5] + "0000" + last
    return ns + body + check


def normalize(code: str, *, upce: bool = False) -> str:
    """Return the 14-digit GTIN for a scanned code, or raise GtinError.

    Eight digits are read as EAN-8 unless `upce` is set (the scanner or the
    decoder tells which symbology it saw; a bare 8-digit string is EAN-8).
    """
    code = code.strip()
    if not code.isdigit():
        raise GtinError(translate("gtin", "'{code}' enthält andere Zeichen als Ziffern").format(code=code))
    if upce:
        code = expand_upce(code)
    if len(code) not in (8, 12, 13, 14):
        raise GtinError(translate("gtin", "'{code}' hat {digits} Stellen – ein GTIN hat 8, 12, 13 oder 14").format(
            code=code, digits=len(code)))
    if check_digit(code[:-1]) != int(code[-1]):
        raise GtinError(translate("gtin", "Prüfziffer falsch in '{code}' – bitte erneut scannen").format(code=code))
    return code.zfill(14)


def display_form(gtin14: str) -> str:
    """The shortest usual form of a normalised GTIN (EAN-8, UPC-A/EAN-13 or GTIN-14)."""
    if gtin14.startswith("000000"):
        return gtin14[6:]
    if gtin14.startswith("0"):
        return gtin14[1:]
    return gtin14


def make_ean13(body12: str) -> str:
    return body12 + str(check_digit(body12))
