"""Ship from store at the register: the store's shipments, picking by scanning, packing, handing to the carrier.

Picking works offline on the replicated shipments: every scan is checked against the shipment (a product it does
not hold, or one already picked in full, is refused with a code the UI words). A line the associate cannot find
is reported missing with a reason; the backend routes those pieces to another store or the warehouse. Packing
writes, in one transaction, the stock movements (the goods leave the store now), the parcel's SSCC and the
`shipment.packed` operation; the label is printed from it (app/printing/shipping_label.py). Scanning the
label's barcode when the carrier collects writes `shipment.handed_over`.
"""

from __future__ import annotations

import re
import zlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlmodel import Session, select

from app.services import catalog
from app.services.auth import AssociateSession, refuse_trainee
from app.services.context import RegisterContext
from app.services.outbox import add_outbox, next_number
from app.store.db import transaction
from app.store.models import ShipmentRecord, StockMovement
from sync.common.gtin import GtinError, check_digit
from sync.common.messages import translate
from sync.protocol import MissingReason, Op

__all__ = ["ShippingError", "Shipment", "ShipLine", "Picking", "shipments", "load", "pack", "hand_over",
           "parcel_from_scan", "sscc"]

PARCEL_COUNTER = "parcel_no"
_PARCEL = re.compile(r"^(?:\]C1)?(?:\(00\)|00)?(\d{18})$")
SHIPPING = translate("shipping", "Versand")  # what a trainee may not do (refuse_trainee)


class ShippingError(ValueError):
    """Refused; `code` names why and `params` fill the associate's message (app/ui/ship_dialog.py)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class ShipLine:
    product_id: int
    sku: str
    name: str
    quantity: int


@dataclass(frozen=True)
class Shipment:
    id: str
    order_no: str
    customer_name: str
    address: str
    lines: tuple[ShipLine, ...]
    status: str  # routed | packed | missing | handed_over
    parcel_no: str | None
    created_at: str


@dataclass
class Picking:
    """What has been picked of one shipment so far (kept by the dialog until it is packed)."""

    shipment: Shipment
    picked: dict[int, int] = field(default_factory=dict)
    missing: dict[int, tuple[int, MissingReason]] = field(default_factory=dict)

    def line(self, product_id: int) -> ShipLine | None:
        return next((l for l in self.shipment.lines if l.product_id == product_id), None)

    def open(self, product_id: int) -> int:
        line = self.line(product_id)
        done = self.picked.get(product_id, 0) + self.missing.get(product_id, (0, None))[0]
        return (line.quantity if line else 0) - done

    @property
    def complete(self) -> bool:
        return all(self.open(l.product_id) == 0 for l in self.shipment.lines)

    def scan(self, ctx: RegisterContext, code: str) -> ShipLine:
        """One piece scanned off the shelf: counted if the shipment wants it."""
        try:
            with Session(ctx.engine) as s:
                match = catalog.lookup_code(s, code=code, rules=ctx.settings.embedded_rules, store_id=ctx.store.id)
        except (catalog.ScanError, GtinError):
            raise ShippingError("unknown_code", scanned=code.strip()) from None
        line = self.line(match.product.product_id)
        if line is None:
            raise ShippingError("not_in_shipment", name=match.product.name)
        if self.open(line.product_id) <= 0:
            raise ShippingError("already_picked", name=line.name, quantity=line.quantity)
        self.picked[line.product_id] = self.picked.get(line.product_id, 0) + 1
        return line

    def report_missing(self, product_id: int, reason: MissingReason) -> int:
        """The rest of the line cannot be picked here; returns how many pieces go elsewhere."""
        line = self.line(product_id)
        if line is None:
            raise ShippingError("not_in_shipment", name=str(product_id))
        pieces = self.open(product_id) + self.missing.get(product_id, (0, None))[0]
        if pieces <= 0:
            raise ShippingError("already_picked", name=line.name, quantity=line.quantity)
        self.missing[product_id] = (pieces, reason)
        return pieces


def _view(record: ShipmentRecord) -> Shipment:
    d = record.data
    return Shipment(record.id, record.order_no, d.get("customer_name", ""), d.get("address", ""),
                    tuple(ShipLine(l["product_id"], l.get("sku", ""), l.get("name", ""), l["quantity"])
                          for l in d.get("lines", [])), record.status, record.parcel_no, d.get("created_at", ""))


def shipments(ctx: RegisterContext, *, include_done: bool = False) -> list[Shipment]:
    """This store's shipments: to pick first, then packed (waiting for the carrier); oldest first."""
    with Session(ctx.engine) as s:
        stmt = select(ShipmentRecord)
        if not include_done:
            stmt = stmt.where(ShipmentRecord.status.in_(("routed", "packed")))
        found = [_view(r) for r in s.exec(stmt) if r.data.get("location_id") == ctx.store.id]
    rank = {"routed": 0, "packed": 1, "missing": 2, "handed_over": 3}
    return sorted(found, key=lambda x: (rank.get(x.status, 9), x.created_at, x.id))


def load(ctx: RegisterContext, *, shipment_id: str) -> Shipment:
    with Session(ctx.engine) as s:
        record = s.get(ShipmentRecord, shipment_id)
        if record is None or record.data.get("location_id") != ctx.store.id:
            raise ShippingError("unknown_shipment", shipment=shipment_id)
        return _view(record)


def sscc(prefix: str, store_id: str, register_no: int, n: int) -> str:
    """The parcel's Serial Shipping Container Code: extension digit, the chain's GS1 company prefix (7 digits), a
    serial of store (4), register (2) and count (3 digits, the thousands in the extension digit), check digit.
    Unique for 10,000 parcels per register."""
    body = f"{(n // 1000) % 10}{prefix[:7]:0>7}{(int(store_id) if store_id.isdigit() else zlib.crc32(store_id.encode())) % 10000:04d}{register_no % 100:02d}{n % 1000:03d}"
    return body + str(check_digit(body))


def parcel_from_scan(text: str) -> str | None:
    """The SSCC in a scanned label: '(00)…', '00…' as a wedge sends GS1-128, or the 18 digits alone."""
    found = _PARCEL.match(text.strip())
    if found is None or check_digit(found.group(1)[:-1]) != int(found.group(1)[-1]):
        return None
    return found.group(1)


def pack(ctx: RegisterContext, associate: AssociateSession, picking: Picking) -> str | None:
    """Every line picked or reported missing: the goods leave the stock, the parcel gets its SSCC (None when
    nothing could be picked), and the backend hears of it."""
    refuse_trainee(associate, SHIPPING)
    if not picking.complete:
        raise ShippingError("not_complete", order_no=picking.shipment.order_no)
    at = datetime.now(timezone.utc)
    with transaction(ctx.engine) as s:
        record = s.get(ShipmentRecord, picking.shipment.id)
        if record is None or record.status != "routed":
            raise ShippingError("packed_before", order_no=picking.shipment.order_no)
        picked = []
        for product_id, quantity in sorted(picking.picked.items()):
            if quantity <= 0:
                continue
            movement_id = uuid.uuid4().hex
            s.add(StockMovement(id=movement_id, product_id=product_id, location_id=ctx.store.id, delta=-quantity,
                                reason="delivery", created_at=at))
            picked.append({"product_id": product_id, "quantity": quantity, "movement_id": movement_id})
        missing = [{"product_id": p, "quantity": q, "reason": r.value}
                   for p, (q, r) in sorted(picking.missing.items()) if q > 0]
        parcel = None
        while picked and parcel is None:  # a replaced PC counts from 1 again: skip the numbers its store has used
            parcel = sscc(ctx.settings.gs1_company_prefix, ctx.store.id, int(ctx.register_id.rpartition("-")[2] or 0),
                          next_number(s, PARCEL_COUNTER))
            if s.exec(select(ShipmentRecord).where(ShipmentRecord.parcel_no == parcel)).first() is not None:
                parcel = None
        record.status, record.parcel_no = ("packed" if picked else "missing"), parcel
        s.add(record)
        add_outbox(s, op=Op.SHIPMENT_PACKED.value, entity_id=record.id, payload={
            "register_id": ctx.register_id, "location_id": ctx.store.id, "shipment_id": record.id,
            "parcel_no": parcel, "at": at.isoformat(), "picked": picked, "missing": missing})
    return parcel


def hand_over(ctx: RegisterContext, associate: AssociateSession, *, scanned: str) -> Shipment:
    """The carrier takes the parcel whose label was scanned."""
    refuse_trainee(associate, SHIPPING)
    parcel = parcel_from_scan(scanned)
    if parcel is None:
        raise ShippingError("not_a_parcel", scanned=scanned.strip())
    with transaction(ctx.engine) as s:
        records = s.exec(select(ShipmentRecord).where(ShipmentRecord.parcel_no == parcel)).all()
        record = next((r for r in records if r.status == "packed"), None)
        if record is None and records:
            raise ShippingError("handed_over_before", order_no=records[0].order_no)
        if record is None:
            raise ShippingError("unknown_parcel", parcel=parcel)
        record.status = "handed_over"
        s.add(record)
        add_outbox(s, op=Op.SHIPMENT_HANDED_OVER.value, entity_id=record.id, payload={
            "register_id": ctx.register_id, "location_id": ctx.store.id, "shipment_id": record.id,
            "parcel_no": parcel, "at": datetime.now(timezone.utc).isoformat()})
        return _view(record)
