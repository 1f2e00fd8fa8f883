"""What a scanned code is: a product, a customer's handover QR, an order, a receipt, a loyalty card, a coupon.

Every screen routes a scan through `classify`, so a code means the same thing
wherever it is read (wedge, camera or typed). Product codes are left to the
catalog, which knows GTINs and scale labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.core.receipt import parse_receipt_barcode

Kind = Literal["product", "cart", "order", "receipt", "customer", "coupon"]

CART_PREFIX = "TRESEN-CART:"  # the handover QR on the customer's phone
ORDER_PREFIX = "TRESEN-ORDER:"  # pickup code in the e-mail or app, packing slip
COUPON_PREFIX = "TRESEN-COUPON:"  # a printed coupon (its code is also typed in as it is)
CUSTOMER_PREFIX = "KD"  # loyalty cards: KD and eight digits (Code 128)

_CART_CODE = re.compile(r"^[A-HJ-NP-Z2-9]{6}$")
_ORDER_NO = re.compile(r"^[A-Z]{2,5}-[A-Z0-9-]{2,26}$")
_CUSTOMER = re.compile(r"^KD\d{8}$")
_COUPON = re.compile(r"^[A-Z0-9-]{3,24}$")


@dataclass(frozen=True)
class ScannedCode:
    kind: Kind
    value: str


def classify(text: str) -> ScannedCode:
    raw = text.strip()
    upper = raw.upper()
    if upper.startswith(CART_PREFIX) and _CART_CODE.match(upper[len(CART_PREFIX):]):
        return ScannedCode("cart", upper[len(CART_PREFIX):])
    if upper.startswith(ORDER_PREFIX) and _ORDER_NO.match(upper[len(ORDER_PREFIX):]):
        return ScannedCode("order", upper[len(ORDER_PREFIX):])
    if upper.startswith(COUPON_PREFIX) and _COUPON.match(upper[len(COUPON_PREFIX):]):
        return ScannedCode("coupon", upper[len(COUPON_PREFIX):])
    if _ORDER_NO.match(upper):
        return ScannedCode("order", upper)
    if _CUSTOMER.match(upper):
        return ScannedCode("customer", upper)
    if parse_receipt_barcode(upper) is not None:
        return ScannedCode("receipt", upper)
    return ScannedCode("product", raw)


def is_cart_code(text: str) -> bool:
    """A short handover code as a person types it (six letters and digits, no 0/O/1/I)."""
    return bool(_CART_CODE.match(text.strip().upper()))
