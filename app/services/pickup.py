"""Click & collect at the pickup store: the list, handing out (all or part), and paying unpaid orders.

What is still open per line = ordered − collected as the backend knows it −
this register's collections the backend has not reflected yet. Until it is
handed out, an open line is reserved: the sale screen shows it apart from the
free stock. Collections work offline and sync later (`order.collected`).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from app.core.vat import VatClass
from app.services import catalog
from app.services.auth import AssociateSession, refuse_trainee
from app.services.outbox import add_outbox
from app.services.context import RegisterContext
from app.services.return_sources import order_source
from app.services.returns import age_days
from app.store.db import transaction
from app.store.models import CollectionRecord, OnlineOrderRecord, StockMovement, utcnow
from sync.common.messages import Message, translate
from sync.protocol import Op

PICKUP_HOLD_DAYS = 7  # a ready order not collected after this many days is overdue
STATUS_TEXT: dict[str, Message] = {
    "overdue": translate("pickup", "überfällig"), "ready": translate("pickup", "abholbereit"),
    "waiting": translate("pickup", "Ware fehlt noch"), "collected": translate("pickup", "abgeholt")}
PICKUPS = translate("pickup", "Abholungen")  # what a trainee may not do (refuse_trainee)


class PickupError(ValueError):
    """A handover the register refuses; the message is for the associate."""


@dataclass(frozen=True)
class PickupLine:
    product_id: int
    sku: str
    name: str
    ordered: int
    collected: int
    unit_price_cents: int
    vat_class: str
    in_store: int

    @property
    def open(self) -> int:
        return max(self.ordered - self.collected, 0)


@dataclass(frozen=True)
class PickupOrder:
    id: str
    order_no: str
    customer_name: str  # shown to compare with the ID; the register knows no e-mail
    paid: bool
    age_days: int | None
    lines: tuple[PickupLine, ...]
    prepared: bool = False  # picked and put at the counter; the customer was told (`mark_ready`)

    @property
    def open_items(self) -> int:
        return sum(l.open for l in self.lines)

    @property
    def status(self) -> str:
        if not self.open_items:
            return "collected"
        if any(l.open > l.in_store for l in self.lines):
            return "waiting"
        return "overdue" if (self.age_days or 0) > PICKUP_HOLD_DAYS else "ready"

    @property
    def open_cents(self) -> int:
        return sum(l.open * l.unit_price_cents for l in self.lines)


def _pending(s: Session, order: OnlineOrderRecord) -> tuple[dict[int, int], bool]:
    """This register's collections the backend has not reflected yet: quantities, and whether one was paid."""
    reflected = set(order.data.get("collection_ids", []))
    quantities: dict[int, int] = {}
    paid = False
    for c in s.exec(select(CollectionRecord).where(CollectionRecord.order_id == order.id)):
        if c.id in reflected:
            continue
        paid = paid or c.sale_id is not None
        for line in c.data["lines"]:
            quantities[line["product_id"]] = quantities.get(line["product_id"], 0) + line["quantity"]
    return quantities, paid


def _store_stock(s: Session, store_id: str, product_id: int) -> int:
    return s.connection().exec_driver_sql(
        "SELECT COALESCE((SELECT quantity FROM stock WHERE location_id = ? AND product_id = ?), 0)"
        " + COALESCE((SELECT SUM(delta) FROM stockmovement WHERE location_id = ? AND product_id = ? AND NOT synced), 0)",
        (store_id, product_id, store_id, product_id)).scalar_one()


def _view(s: Session, ctx: RegisterContext, order: OnlineOrderRecord, now: datetime | None = None) -> PickupOrder:
    pending, paid_here = _pending(s, order)
    lines = tuple(PickupLine(l["product_id"], l.get("sku", ""), l["name"], l["quantity"],
                             l.get("collected", 0) + pending.get(l["product_id"], 0), l["unit_price_cents"],
                             l.get("vat_class", "A"), _store_stock(s, ctx.store.id, l["product_id"]))
                  for l in order.data["lines"])
    paid = order.paid_online or bool(order.data.get("paid_by_sale")) or paid_here
    return PickupOrder(order.id, order.order_no, order.data.get("customer_name", ""), paid,
                       age_days(order_source(order), now), lines, prepared=bool(order.data.get("ready_at")))


def pickup_orders(ctx: RegisterContext, *, query: str = "", include_collected: bool = False,
                  now: datetime | None = None) -> list[PickupOrder]:
    """Orders to be picked up here: overdue first, then ready, then waiting; each oldest first.

    `query` matches the order number or the customer's name (any part, any case).
    """
    q = query.strip().lower()
    with Session(ctx.engine) as s:
        stmt = select(OnlineOrderRecord).where(OnlineOrderRecord.pickup_store_id == ctx.store.id)
        if not include_collected:
            stmt = stmt.where(OnlineOrderRecord.pickup_open)
        result = []
        for order in s.exec(stmt):
            if q and not any(q in v.lower() for v in (order.order_no, order.data.get("customer_name", ""))):
                continue
            view = _view(s, ctx, order, now)
            if include_collected or view.status != "collected":
                result.append(view)
    rank = {"overdue": 0, "ready": 1, "waiting": 2, "collected": 3}
    return sorted(result, key=lambda o: (rank[o.status], -(o.age_days or 0)))


def find_pickup(ctx: RegisterContext, *, order_no: str) -> PickupOrder | None:
    """The pickup order with this number for this store, or None (not a pickup here, or unknown)."""
    with Session(ctx.engine) as s:
        order = s.exec(select(OnlineOrderRecord).where(OnlineOrderRecord.order_no == order_no.strip().upper(),
                                                       OnlineOrderRecord.pickup_store_id == ctx.store.id)).first()
        return _view(s, ctx, order) if order is not None else None


def load(ctx: RegisterContext, *, order_id: str) -> PickupOrder:
    with Session(ctx.engine) as s:
        order = s.get(OnlineOrderRecord, order_id)
        if order is None or order.pickup_store_id != ctx.store.id:
            raise PickupError(translate("pickup", "Diese Bestellung wird nicht in diesem Markt abgeholt"))
        return _view(s, ctx, order)


def mark_ready(ctx: RegisterContext, associate: AssociateSession, *, order_id: str) -> bool:
    """The order is picked and waits at the counter: the backend e-mails the customer (once; offline, after the
    sync). Returns False if it was marked before."""
    refuse_trainee(associate, PICKUPS)
    load(ctx, order_id=order_id)  # refuses an order of another store
    at = utcnow().isoformat()
    with transaction(ctx.engine) as s:
        order = s.get(OnlineOrderRecord, order_id)
        if order.data.get("ready_at"):
            return False
        order.data = {**order.data, "ready_at": at}
        s.add(order)
        add_outbox(s, op=Op.ORDER_READY.value, entity_id=order_id,
                   payload={"register_id": ctx.register_id, "location_id": ctx.store.id, "order_id": order_id,
                            "associate_id": str(associate.associate_id), "at": at})
    return True


def reserved_quantities(session: Session, *, store_id: str, product_ids=None) -> dict[int, int]:
    """Pieces reserved for pickup orders at this store, per product (open, not yet handed out)."""
    reserved: dict[int, int] = {}
    for order in session.exec(select(OnlineOrderRecord).where(OnlineOrderRecord.pickup_store_id == store_id,
                                                              OnlineOrderRecord.pickup_open)):
        pending, _ = _pending(session, order)
        for l in order.data["lines"]:
            if product_ids is not None and l["product_id"] not in product_ids:
                continue
            left = l["quantity"] - l.get("collected", 0) - pending.get(l["product_id"], 0)
            if left > 0:
                reserved[l["product_id"]] = reserved.get(l["product_id"], 0) + left
    return reserved


def reserved_shortfall(ctx: RegisterContext, cart, product_id: int) -> tuple[int, int] | None:
    """(free, reserved) when the cart holds more of the product than is free beside the reservations."""
    with Session(ctx.engine) as s:
        held = reserved_quantities(s, store_id=ctx.store.id, product_ids={product_id}).get(product_id)
        if not held:
            return None
        free = _store_stock(s, ctx.store.id, product_id) - held
    in_cart = sum(l.quantity for l in cart.lines if l.product_id == product_id)
    return (free, held) if in_cart > free else None


def _checked_lines(order: PickupOrder, quantities: dict[int, int]) -> list[dict]:
    by_product = {l.product_id: l for l in order.lines}
    lines = []
    for product_id, quantity in quantities.items():
        if quantity <= 0:
            continue
        line = by_product.get(product_id)
        if line is None:
            raise PickupError(translate("pickup", "Dieser Artikel gehört nicht zur Bestellung"))
        if quantity > line.open:
            raise PickupError(translate("pickup", "{name}: nur noch {open} Stück offen").format(name=line.name,
                                        open=line.open))
        lines.append({"product_id": product_id, "quantity": quantity})
    if not lines:
        raise PickupError(translate("pickup", "Bitte wählen, was übergeben wird"))
    return lines


def write_collection(s: Session, ctx: RegisterContext, associate: AssociateSession, *, order_id: str,
                     lines: list[dict], sale_id: str | None) -> CollectionRecord:
    """The collection, its stock movements (prepaid only: a sale moved its own) and the outbox row,
    in the caller's transaction."""
    refuse_trainee(associate, PICKUPS)
    collection_id, at = uuid.uuid4().hex, utcnow()
    payload_lines = []
    for line in lines:
        movement_id = None if sale_id else uuid.uuid4().hex
        if movement_id:
            s.add(StockMovement(id=movement_id, product_id=line["product_id"], location_id=ctx.store.id,
                                delta=-line["quantity"], reason="pickup", created_at=at))
        payload_lines.append({**line, "movement_id": movement_id})
    record = CollectionRecord(id=collection_id, order_id=order_id, associate_id=associate.associate_id,
                              sale_id=sale_id, created_at=at, data={"lines": payload_lines})
    s.add(record)
    add_outbox(s, op="order.collected", entity_id=collection_id, payload={
        "collection_id": collection_id, "order_id": order_id, "register_id": ctx.register_id,
        "location_id": ctx.store.id, "at": at.isoformat(), "sale_id": sale_id, "lines": payload_lines})
    return record


def paid_lines(cart) -> list[dict]:
    """What of the pickup order is in the cart being paid (the associate may have changed quantities)."""
    in_cart: dict[int, int] = {}
    for line in cart.lines:
        in_cart[line.product_id] = in_cart.get(line.product_id, 0) + line.quantity
    return [{"product_id": l["product_id"], "quantity": min(l["quantity"], in_cart.get(l["product_id"], 0))}
            for l in cart.pickup["lines"] if in_cart.get(l["product_id"], 0) > 0]


def hand_out(ctx: RegisterContext, associate: AssociateSession, *, order_id: str, quantities: dict[int, int],
             identity_checked: bool) -> CollectionRecord:
    """Hand out (part of) a paid order: one transaction with the stock movements and the outbox."""
    order = load(ctx, order_id=order_id)
    if not identity_checked:
        raise PickupError(translate("pickup", "Bitte zuerst Ausweis oder Abholcode der Kundin prüfen"))
    if not order.paid:
        raise PickupError(translate("pickup", "Die Bestellung ist noch nicht bezahlt – bitte zuerst kassieren"))
    lines = _checked_lines(order, quantities)
    with transaction(ctx.engine) as s:
        return write_collection(s, ctx, associate, order_id=order_id, lines=lines, sale_id=None)


def cart_for_payment(ctx: RegisterContext, *, order_id: str, quantities: dict[int, int],
                     identity_checked: bool) -> tuple[list, dict]:
    """For an unpaid order: the items to put in the sale cart at the order's prices, and the cart's link.

    The collection is written with the sale when it is paid (SaleSession.complete).
    """
    order = load(ctx, order_id=order_id)
    if not identity_checked:
        raise PickupError(translate("pickup", "Bitte zuerst Ausweis oder Abholcode der Kundin prüfen"))
    if order.paid:
        raise PickupError(translate("pickup", "Die Bestellung ist schon bezahlt – einfach übergeben"))
    lines = _checked_lines(order, quantities)
    prices = {l.product_id: l for l in order.lines}
    items = []
    with Session(ctx.engine) as s:
        for line in lines:
            product = catalog.get_product(s, product_id=line["product_id"], store_id=ctx.store.id)
            ordered = prices[line["product_id"]]
            items.append((dataclasses.replace(product, gross_price_cents=ordered.unit_price_cents,
                                              vat_class=VatClass(ordered.vat_class)), line["quantity"]))
    return items, {"order_id": order_id, "order_no": order.order_no, "lines": lines}
