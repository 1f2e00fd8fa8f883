"""The wire protocol between registers and the central backend, version 1.

These pydantic models are the payloads on the wire; the table models on either
end are separate and converted explicitly. The protocol is written down in
sync/PROTOCOL.md.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

PROTOCOL_VERSION = 1
MAX_PUSH_BATCH = 1000
MAX_PULL_LIMIT = 10_000


#: Every integer on the wire fits a database BIGINT.
Int = Annotated[int, Field(ge=-(2**62), le=2**62)]
Count = Annotated[int, Field(ge=0, le=2**62)]


class Op(StrEnum):
    """Operation names (`Operation.op`)."""

    SALE_COMPLETED = "sale.completed"
    RETURN_RECORDED = "return.recorded"
    ORDER_COLLECTED = "order.collected"
    ORDER_PLACED = "order.placed"
    STOCK_COUNTED = "stock.counted"
    FISCAL_EVENT = "fiscal.event"  # an entry of the register's hash-chained fiscal journal
    ASSOCIATE_PIN_SET = "associate.pin_set"  # an associate's new PIN (its hash), set at a register
    NOTIFICATION_ACKED = "notification.acked"  # an associate saw a store notification (NotificationAckPayload)
    ORDER_READY = "order.ready"  # a click & collect order is picked and waits at the counter (OrderReadyPayload)
    SHIPMENT_PACKED = "shipment.packed"  # a store picked and packed its part of a web order (ShipmentPackedPayload)
    SHIPMENT_HANDED_OVER = "shipment.handed_over"  # the parcel went to the carrier (ShipmentHandedOverPayload)


class MovementReason(StrEnum):
    """Why a stock movement happened (stored with each movement, on both ends)."""

    SALE = "sale"
    RETURN = "return"
    PICKUP = "pickup"
    DELIVERY = "delivery"
    INVENTORY = "inventory"  # a counted quantity: delta = counted - what the register knew


class ConflictKind(StrEnum):
    NEGATIVE_STOCK = "negative_stock"  # one open per store and product, updated while it deepens
    OVER_REFUND = "over_refund"
    OVER_COLLECTION = "over_collection"
    DOUBLE_PURCHASE = "double_purchase"
    VOUCHER_UNKNOWN = "voucher_unknown"
    VOUCHER_OVERDRAWN = "voucher_overdrawn"
    ID_CLASH = "id_clash"  # an operation names an entity another register recorded: rejected, IT looks
    REFUND_ABOVE_PAID = "refund_above_paid"  # a return refunded more than was paid for its lines; its voucher held
    VOUCHER_HELD = "voucher_held"  # a sale redeemed a voucher held for review (offline, before the register knew)
    JOURNAL_BROKEN = "journal_broken"  # a fiscal journal entry does not match its hash or its predecessor
    JOURNAL_GAP = "journal_gap"  # a fiscal journal entry arrived, its predecessor never did
    COUPON_OVERUSED = "coupon_overused"  # a coupon used more often than allowed (offline, at two registers)
    COUPON_UNKNOWN = "coupon_unknown"  # a sale names a coupon the backend does not know
    LOYALTY_NEGATIVE = "loyalty_negative"  # points spent offline beyond the balance (two stores, one card)
    LOYALTY_UNKNOWN = "loyalty_unknown"  # points spent with a card the backend does not know
    SHIPMENT_PACKED_TWICE = "shipment_packed_twice"  # two registers packed one shipment: a second parcel to stop
    UNPROCESSABLE = "unprocessable"  # applying an operation failed in a way no rule foresaw: rejected, IT looks


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollRequest(Wire):
    store_id: str = Field(min_length=1, max_length=16)
    enrollment_secret: str = Field(min_length=8, max_length=128)
    register_no: int = Field(ge=1, le=99)
    # The PC's own id, made once before its first attempt: the same PC retrying the same enrollment
    # (its answer was lost) gets the answer again instead of a "used already".
    install_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")


class Counter(StrEnum):
    """A register's numbering, continued by a replacement PC (EnrollResponse.counters)."""

    RECEIPT_NO = "receipt_no"  # sales, returns, training receipts and cash movements share it
    DELIVERY_NO = "delivery_no"  # orders for delivery placed at the counter: LF-<register>-<n>
    OUTBOX_SEQ = "outbox_seq"  # operation sequence numbers
    Z_NO = "z_no"  # day closings (Z reports), consecutive per register


class EnrollResponse(Wire):
    register_id: str
    store_id: str
    token: str
    counters: dict[Counter, int] = Field(default_factory=dict)  # the highest numbers the backend has seen


class Operation(Wire):
    id: str = Field(pattern=r"^[0-9a-f]{32}$", description="client-generated UUID (hex)")
    seq: int = Field(ge=1, le=2**62, description="per-register sequence number")
    op: str = Field(pattern=r"^[a-z][a-z_.]{0,31}$")
    payload: dict[str, Any]


class PushRequest(Wire):
    operations: list[Operation] = Field(max_length=MAX_PUSH_BATCH)

    @model_validator(mode="after")
    def _unique_ids(self) -> "PushRequest":
        ids = [op.id for op in self.operations]
        if len(ids) != len(set(ids)):
            raise ValueError("an operation id appears twice in one batch")
        return self


OpStatus = Literal["applied", "conflict", "rejected"]


class OpResult(Wire):
    id: str
    status: OpStatus  # conflict: applied, and a conflict was recorded for a manager
    reason: str = ""


class PushResponse(Wire):
    results: list[OpResult]


class ChangeKind(StrEnum):
    """What a change in the feed is about (`Change.kind`)."""

    LOCATION = "location"
    PRODUCT = "product"
    GTIN = "gtin"
    STOCK = "stock"
    CONFLICT = "conflict"
    ORDER = "order"
    VOUCHER = "voucher"
    ASSOCIATE = "associate"  # AssociateData, in the feed of each of the associate's stores
    PRICE = "price"  # PriceSchedule: a product's scheduled prices, chain-wide or for one store
    PROMOTION = "promotion"  # sync.common.promotions.Promotion, chain-wide; None: withdrawn
    COUPON = "coupon"  # sync.common.promotions.Coupon with its uses and the sales that used it
    NOTIFICATION = "notification"  # NotificationData, in its store's feed
    SHIPMENT = "shipment"  # a store's part of a web order to ship (sync/server/shipping.py), in that store's feed


class Change(Wire):
    # A plain string on the wire: a register older than the backend skips kinds it does not know yet
    # (sync.client.engine.apply_changes) instead of refusing the whole page.
    kind: str = Field(min_length=1, max_length=16)
    key: str
    data: dict[str, Any] | None  # None: the entity was deleted


class PullResponse(Wire):
    changes: list[Change]
    cursor: str  # opaque; send it back to continue
    has_more: bool
    total_estimate: int | None = None  # on the first page of a bootstrap: about how many changes there are


MAX_STOCK_LOOKUP = 50  # products per `GET /v1/stock`


class StockLevel(Wire):
    """A location's count of a product (pieces, or grams for weighed items)."""

    location_id: str
    product_id: Count
    quantity: Int


class StockLookup(Wire):
    """`GET /v1/stock?product=…`: every location's count of the products asked for. A store's stock is in its own
    feed only (sync/PROTOCOL.md, "Stock in the feed"); another store's is asked for here, online."""

    stock: list[StockLevel]


class NotificationKind(StrEnum):
    """What a store is told at once (sync/server/notifications.py)."""

    PICKUP_ORDER = "pickup_order"  # a new click & collect order for this store
    SHIP_ORDER = "ship_order"  # an online order to ship from this store
    CUSTOMER_ARRIVED = "customer_arrived"  # a customer says (in the shop's app) they are here for their order
    LOW_STOCK = "low_stock"  # what is left of a product reserved online is at or below the store's threshold
    CONFLICT = "conflict"  # a conflict a manager must look at
    TSE_OUTAGE = "tse_outage"  # a register of this store sells without its TSE


class NotificationData(Wire):
    """A store notification as registers replicate it. `params` carry what the text needs (the register
    words it: app/ui/notifications_dialog.py); `ref` names what it is about (an order, a product, a conflict)."""

    id: str = Field(max_length=96)
    kind: str = Field(max_length=32)
    store_id: str = Field(max_length=16)
    ref: str = Field(default="", max_length=64)
    params: dict[str, Any] = Field(default_factory=dict)
    created_at: str
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None


class NotificationAckPayload(BaseModel):
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    notification_id: str = Field(min_length=1, max_length=96)
    associate_id: str = Field(default="", max_length=32)
    at: str = Field(max_length=40)


class OrderReadyPayload(BaseModel):
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    order_id: str = Field(min_length=1, max_length=32)
    associate_id: str = Field(default="", max_length=32)
    at: str = Field(max_length=40)


class MissingReason(StrEnum):
    """Why a store could not pick a line of a shipment (it is routed again elsewhere)."""

    NOT_FOUND = "not_found"
    DAMAGED = "damaged"
    COUNT_WRONG = "count_wrong"  # the stock figure was wrong: fewer pieces on the shelf


class PickedLine(BaseModel):
    product_id: Count
    quantity: int = Field(ge=1, le=10_000)
    movement_id: str = Field(min_length=1, max_length=32)


class MissingLine(BaseModel):
    product_id: Count
    quantity: int = Field(ge=1, le=10_000)
    reason: Literal["not_found", "damaged", "count_wrong"]  # MissingReason (strict: str)


class ShipmentPackedPayload(BaseModel):
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    shipment_id: str = Field(min_length=1, max_length=40)
    # the parcel's SSCC, printed on its label as GS1-128 (00); None when nothing could be picked
    parcel_no: str | None = Field(default=None, pattern=r"^\d{18}$")
    at: str = Field(max_length=40)
    picked: list[PickedLine] = Field(max_length=200)
    missing: list[MissingLine] = Field(default_factory=list, max_length=200)


class ShipmentHandedOverPayload(BaseModel):
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    shipment_id: str = Field(min_length=1, max_length=40)
    parcel_no: str = Field(pattern=r"^\d{18}$")
    at: str = Field(max_length=40)


class SalesChannel(StrEnum):
    """The channels the figures are kept by (sync/server/figures.py), in the order they are shown."""

    STORE = "store"  # a sale at the counter
    HANDOVER = "handover"  # a web-shop cart taken over and paid at the counter
    CLICK_COLLECT = "click_collect"
    DELIVERY_IN_STORE = "delivery_in_store"  # ordered and paid at a counter, delivered
    SHIP_FROM_STORE = "ship_from_store"  # a web order shipped by the store


class ConflictAck(Wire):
    resolution: str = Field(default="", max_length=500)


class RegisterRefusal(StrEnum):
    """Why the backend refused a register's request: a stable code beside the error's `detail`
    (`ErrorResponse.code`, with its `params`), which the register shows in the associate's language
    (sync/client/refusals.py). New codes may come; a register shows `detail` for one it does not know."""

    TOKEN_MISSING = "token_missing"
    TOKEN_UNKNOWN = "token_unknown"  # unknown or revoked: IT enrolls this PC again
    ENROLL_SECRET_UNKNOWN = "enroll_secret_unknown"
    ENROLL_SECRET_USED = "enroll_secret_used"
    REGISTER_ENROLLED = "register_enrolled"  # params: register
    CURSOR_INVALID = "cursor_invalid"
    CONFLICT_UNKNOWN = "conflict_unknown"
    CART_UNKNOWN = "cart_unknown"
    CART_CLOSED = "cart_closed"
    CART_CLAIMED = "cart_claimed"  # params: register
    RECEIPT_UNKNOWN = "receipt_unknown"
    CUSTOMER_QUERY_VAGUE = "customer_query_vague"
    VOUCHER_UNKNOWN = "voucher_unknown"  # params: code


class ErrorResponse(Wire):
    detail: str
    code: RegisterRefusal | None = None  # the refusals of a register's requests carry one
    params: dict[str, str] = {}


class SaleLinePayload(BaseModel):
    """A sold line. A sale takes goods out: quantities and amounts are never negative, the stock delta
    never positive (a return is a `return.recorded`, never a negative sale line)."""

    position: Count
    product_id: Count
    sku: str = Field(max_length=32)
    quantity: int = Field(ge=1, le=1_000_000)
    weight_g: int | None = Field(default=None, ge=1, le=10_000_000)
    unit_price_cents: Count
    vat_class: Literal["A", "B", "C"]
    total_cents: Count
    stock_delta: int = Field(ge=-1_000_000, le=0)  # 0: ordered for delivery, the goods leave elsewhere
    movement_id: str = Field(pattern=r"^[0-9a-f]{32}$")


class TenderPayload(BaseModel):
    """One tender of a sale (app.core.tenders.Tender.to_dict): flat, every string bounded."""

    kind: Literal["cash", "card", "voucher"]
    amount_cents: Count
    given_cents: Count = 0
    change_cents: Count = 0
    reference: str | None = Field(default=None, max_length=64)  # card: the terminal reference; voucher: its code
    approval_code: str | None = Field(default=None, max_length=32)


class LoyaltyPayload(BaseModel):
    earned: Count = 0
    redeemed: Count = 0  # spent on this sale, as a discount on its lines


class GiftCardPayload(BaseModel):
    """A gift card sold at a counter: activated with the sale's payment (a multi-purpose voucher)."""

    code: str = Field(pattern=r"^GK\d{10}$")
    amount_cents: int = Field(ge=1, le=1_000_000)


class ShopGiftCard(Wire):
    """A gift card a web order is paid with, partly or wholly."""

    code: str = Field(pattern=r"^G[SK]\d{10}$")
    amount_cents: int = Field(ge=1, le=10_000_000)


class SalePayload(BaseModel):
    """Payload of the `sale.completed` operation (what app.services.checkout writes)."""

    sale_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    receipt_no: Count
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    associate_id: Count
    started_at: str = Field(max_length=40)
    ended_at: str = Field(max_length=40)
    total_cents: Int
    lines: list[SaleLinePayload] = Field(max_length=2000)
    tenders: list[TenderPayload] = Field(max_length=50)
    online_cart_id: str | None = Field(default=None, max_length=32)  # a cart handed over at the counter
    customer_id: Count | None = None  # the customer attached at the counter (looked up online)
    customer_card: str | None = Field(default=None, max_length=16)  # or only the loyalty card, scanned offline
    coupons: list[Annotated[str, Field(pattern=r"^[A-Z0-9-]{3,24}$")]] = Field(default_factory=list, max_length=10)
    loyalty: LoyaltyPayload | None = None  # the attached customer's points (sync.common.loyalty)
    gift_cards: list[GiftCardPayload] = Field(default_factory=list, max_length=20)  # sold with the sale


class ReturnLinePayload(BaseModel):
    """A returned line. One product may come back on two lines (one piece as new, one damaged)."""

    product_id: Count
    quantity: int = Field(ge=1, le=100_000)
    refund_cents: Count
    resellable: bool
    movement_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")  # set when resellable

    @model_validator(mode="after")
    def _resellable_moves_stock(self) -> "ReturnLinePayload":
        if self.resellable != (self.movement_id is not None):
            raise ValueError("a resellable line names its stock movement, a written-off one none")
        return self


class ReturnPayload(BaseModel):
    """Payload of `return.recorded`: goods taken back at a register, refunded."""

    return_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    source: Literal["order", "sale"]
    source_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    refund_cents: Count
    refund_method: Literal["cash", "card", "online", "voucher"]
    voucher_code: str | None = Field(default=None, pattern=r"^GS\d{10}$")  # set when refunded as a voucher
    customer_id: Count | None = None  # the customer attached at the counter
    customer_card: str | None = Field(default=None, max_length=16)
    receipt_no: Count | None = None  # the return receipt's number (the register's receipt counter)
    at: str = Field(max_length=40)
    lines: list[ReturnLinePayload] = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _voucher_has_code(self) -> "ReturnPayload":
        if (self.refund_method == "voucher") != (self.voucher_code is not None):
            raise ValueError("a voucher refund names its voucher code, other refunds none")
        moves = [line.movement_id for line in self.lines if line.movement_id]
        if len(moves) != len(set(moves)):
            raise ValueError("a stock movement appears on two lines")
        return self


class CollectionLinePayload(BaseModel):
    product_id: Count
    quantity: int = Field(ge=1, le=10_000)
    movement_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")  # None when a sale moved the stock


class CollectionPayload(BaseModel):
    """Payload of `order.collected`: (part of) a click & collect order handed out at a register."""

    collection_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    order_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    at: str = Field(max_length=40)
    sale_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")  # unpaid order paid by this sale
    lines: list[CollectionLinePayload] = Field(min_length=1, max_length=200)


class DeliveryLinePayload(BaseModel):
    product_id: Count
    quantity: int = Field(ge=1, le=10_000)
    unit_price_cents: Count  # as paid at the counter
    movement_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # the goods leave the shipping location


class DeliveryOrderPayload(BaseModel):
    """Payload of `order.placed`: paid at the counter, shipped to the customer from another location."""

    order_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    order_no: str = Field(pattern=r"^[A-Z0-9-]{4,32}$")
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    sale_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    ship_from: str = Field(max_length=16)
    customer_name: str = Field(min_length=1, max_length=200)
    customer_email: str = Field(default="", max_length=200)
    address: str = Field(min_length=5, max_length=500)
    lines: list[DeliveryLinePayload] = Field(min_length=1, max_length=200)


class StockCountPayload(BaseModel):
    """Payload of `stock.counted`: a manager counted a product in the store (an inventory correction)."""

    movement_id: str = Field(pattern=r"^[0-9a-f]{32}$")  # the movement's id: recorded once
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    product_id: Count
    counted: int = Field(ge=0, le=100_000_000)  # pieces, or grams for weighed goods
    # counted - the register's count (the backend's as last pulled plus its own unsent movements)
    delta: int = Field(ge=-2_000_000_000, le=2_000_000_000)
    associate_id: Count  # who counted
    approved_by: Count | None = None  # the manager whose PIN approved it, when the associate is none
    at: str = Field(max_length=40)


class ShopOrderLine(Wire):
    product_id: Count
    quantity: int = Field(ge=1, le=10_000)


class ShopOrder(Wire):
    """An order placed in the web shop (the web-shop side of the backend)."""

    order_no: str = Field(pattern=r"^[A-Z0-9-]{4,32}$")
    customer_email: str = Field(default="", max_length=200)
    customer_name: str = Field(default="", max_length=200)
    paid_online: bool = True  # False: reserve and collect, paid at the counter
    fulfilment: Literal["delivery", "pickup"] = "delivery"
    pickup_store_id: str | None = Field(default=None, max_length=16)
    address: str = Field(default="", max_length=500)  # where a delivery goes (its label; never to other stores)
    lines: list[ShopOrderLine] = Field(min_length=1, max_length=200)
    coupons: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{3,24}$")]] = Field(default_factory=list, max_length=5)
    redeem_points: int = Field(default=0, ge=0, le=10_000_000)  # the customer's points spent on the order
    gift_cards: list[ShopGiftCard] = Field(default_factory=list, max_length=5)  # paying (part of) the order

    @model_validator(mode="after")
    def _pickup_needs_store(self) -> "ShopOrder":
        if (self.fulfilment == "pickup") != (self.pickup_store_id is not None):
            raise ValueError("a pickup order names its store, a delivery order none")
        return self


class ShopCart(Wire):
    customer_email: str = Field(default="", max_length=200)
    lines: list[ShopOrderLine] = Field(max_length=200)


class CartClaim(Wire):
    code: str = Field(pattern=r"^[A-Z0-9]{6}$")


#: A price's validity dates are store days in the chain's time zone (its stores are German).
STORE_TIMEZONE = "Europe/Berlin"


class PricePeriod(Wire):
    """A scheduled price, valid from the start of `valid_from` to the end of `valid_to` (store days, both
    inclusive; None: until further notice)."""

    valid_from: date
    valid_to: date | None = None
    price_cents: Count  # per piece, or per kg for weighed items


class PriceSchedule(Wire):
    """Change kind `price`: a product's scheduled prices for one store (only in that store's feed), or for
    every store (`store_id` None). Only current and future periods; it replaces what a register held for
    this product and scope. On a day several periods cover, the one that starts last applies; a store's
    price before the chain's; none at all: the product's own `gross_price_cents`."""

    product_id: Count
    store_id: str | None = Field(default=None, max_length=16)
    prices: list[PricePeriod]


class FiscalEventKind(StrEnum):
    """What a fiscal journal entry records (the register's `fiscalevent`, the backend's copy)."""

    SALE = "sale"
    RETURN = "return"
    VOID = "void"  # a cart with items cancelled before payment (AVBelegabbruch)
    TRAINING = "training"
    CASH_MOVEMENT = "cash_movement"
    CLOSING = "closing"
    TSE_OUTAGE_START = "tse_outage_start"
    TSE_OUTAGE_END = "tse_outage_end"
    TSE_SELF_TEST = "tse_self_test"
    TSE_TIME_SYNC = "tse_time_sync"
    MASTER_DATA = "master_data"
    TSE_TRANSACTION_ENDED = "tse_transaction_ended"  # a TSE transaction no receipt carries (cancelled, lost)


class FiscalEventPayload(BaseModel):
    """Payload of `fiscal.event`: one entry of a register's fiscal journal, with the hash chain. `chain`
    names the journal (one per PC: a replaced PC starts a chain of its own); `seq` counts from 1 in it;
    `hash` = SHA-256 hex of `prev_hash` + "|" + the canonical JSON of every other field
    (app.services.journal.entry_hash, sync.server.journal)."""

    chain: str = Field(pattern=r"^[0-9a-f]{32}$")
    seq: int = Field(ge=1, le=2**62)
    at: str = Field(max_length=40)
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    kind: Literal["sale", "return", "void", "training", "cash_movement", "closing", "tse_outage_start",
                  "tse_outage_end", "tse_self_test", "tse_time_sync", "master_data",
                  "tse_transaction_ended"]  # FiscalEventKind (strict: str)
    entity_id: str = Field(default="", max_length=64)
    data: dict[str, Any]
    prev_hash: str = Field(pattern=r"^([0-9a-f]{64}|)$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


def journal_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    """The hash of a fiscal journal entry: SHA-256 hex over the predecessor's hash, "|", and the canonical
    JSON (sorted keys, no spaces, UTF-8) of the entry's fields other than `prev_hash` and `hash`."""
    body = {k: v for k, v in fields.items() if k not in ("prev_hash", "hash")}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}|{canonical}".encode()).hexdigest()


class AssociateRole(StrEnum):
    """What an associate may do (enforced in the register's services, app.services.auth)."""

    ASSOCIATE = "associate"  # sells, returns, hands out orders
    MANAGER = "manager"  # approves, closes the day, resolves conflicts
    TRAINEE = "trainee"  # sells in training mode only: no money, no goods
    STORE_IT = "store_it"  # what an associate does, and the register's settings (printer, terminal, drawer, language)


class AssociateData(BaseModel):
    """An associate as the backend replicates it to the registers of their stores (change kind `associate`).
    `version` grows with every change at the backend; a register keeps a row it changed itself (a new PIN,
    `version` + 1) until the backend's row reaches that version."""

    id: Count
    name: str = Field(min_length=1, max_length=100)
    role: AssociateRole
    pin_hash: str = Field(max_length=200)  # sync.common.pins: never the PIN itself
    pin_change_due: bool = False  # a starting PIN: the associate sets their own at the first login
    active: bool = True  # False: deactivated, or no longer in this store
    version: Count = 0


class AssociatePinPayload(BaseModel):
    """Payload of `associate.pin_set`: an associate set their PIN at a register (or a manager set it for them).
    Applied only if the backend's row is still at `based_on_version` (an administrator's reset wins)."""

    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    associate_id: Count
    pin_hash: str = Field(pattern=r"^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[0-9a-f]{32}\$[0-9a-f]{64}$")
    based_on_version: Count
    set_by: Count  # the associate who set it (themselves, or a manager)
    at: str = Field(max_length=40)


#: The payload model of every operation. Both ends validate with it, strictly (a "2" is no quantity):
#: the register before it stores an outbox entry, the backend before it applies one.
PAYLOADS: dict[Op, type[BaseModel]] = {
    Op.SALE_COMPLETED: SalePayload,
    Op.RETURN_RECORDED: ReturnPayload,
    Op.ORDER_COLLECTED: CollectionPayload,
    Op.ORDER_PLACED: DeliveryOrderPayload,
    Op.STOCK_COUNTED: StockCountPayload,
    Op.FISCAL_EVENT: FiscalEventPayload,
    Op.ASSOCIATE_PIN_SET: AssociatePinPayload,
    Op.NOTIFICATION_ACKED: NotificationAckPayload,
    Op.ORDER_READY: OrderReadyPayload,
    Op.SHIPMENT_PACKED: ShipmentPackedPayload,
    Op.SHIPMENT_HANDED_OVER: ShipmentHandedOverPayload,
}


def parse_payload(op: str, payload: dict[str, Any]) -> BaseModel:
    """The operation's payload as its protocol model, types enforced; ValueError (pydantic's
    ValidationError is one) for an unknown operation or a payload that does not fit."""
    try:
        model = PAYLOADS[Op(op)]
    except ValueError:
        raise ValueError(f"unknown operation '{op}'") from None
    return model.model_validate(payload, strict=True)
