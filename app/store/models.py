"""Table models of the local replica.

These are storage rows only. Wire payloads for the sync engine live in
`sync/` and are converted explicitly, never shared with these classes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core import clock


def utcnow() -> datetime:
    return clock.now()


class Location(SQLModel, table=True):
    """A store or the central warehouse. Store settings are a JSON document."""

    id: str = Field(primary_key=True, max_length=16)
    name: str
    kind: str = Field(default="store", max_length=16)  # store | warehouse
    street: str = ""
    city: str = ""
    region: str = ""
    vat_id: str = ""
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Product(SQLModel, table=True):
    id: int = Field(primary_key=True)
    sku: str = Field(index=True, unique=True, max_length=32)
    name: str
    brand: str = ""
    category: str = ""
    gross_price_cents: int  # per piece, or per kg for weighed items
    vat_class: str = Field(max_length=1)  # A 19 %, B 7 %, C 0 %
    base_unit: str = Field(default="Stk", max_length=8)  # unit of the base price (Grundpreis): kg | l | Stk
    net_content: Optional[int] = None  # grams, millilitres or pieces in the pack; None for weighed items
    weighed: bool = False
    plu: Optional[str] = Field(default=None, index=True, max_length=8)  # item number on scale labels
    active: bool = True


class ProductGtin(SQLModel, table=True):
    gtin: str = Field(primary_key=True, max_length=14)  # normalised to 14 digits
    product_id: int = Field(foreign_key="product.id", index=True)


class PromotionRecord(SQLModel, table=True):
    """An offer as the backend replicates it (sync.common.promotions.Promotion). `version` grows with every
    change, so the register knows when to index the offers again (app/services/promotions.py)."""

    __tablename__ = "promotion"
    id: str = Field(primary_key=True, max_length=32)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    version: int


class CouponRecord(SQLModel, table=True):
    """A coupon as the backend last reported it: its rules, how often it was used, and by which sales."""

    __tablename__ = "coupon"
    code: str = Field(primary_key=True, max_length=24)
    promotion_id: str = Field(max_length=32)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class SaleCoupon(SQLModel, table=True):
    """A coupon a sale used (counted here until the backend's count includes the sale)."""

    sale_id: str = Field(foreign_key="sale.id", primary_key=True, max_length=32)
    code: str = Field(primary_key=True, max_length=24)
    customer_id: Optional[int] = None


class ProductPrice(SQLModel, table=True):
    """A scheduled price as the backend replicates it (sync.protocol.PriceSchedule), for this store or, `store_id`
    '', for every store: the register charges the one valid on the store day of the scan
    (app/services/prices.py). No foreign key: a schedule may arrive in an earlier page than its product."""

    __tablename__ = "productprice"
    __table_args__ = {"sqlite_with_rowid": False}
    product_id: int = Field(primary_key=True)
    store_id: str = Field(default="", primary_key=True, max_length=16)
    valid_from: date = Field(primary_key=True)  # store days (Europe/Berlin), both inclusive
    valid_to: Optional[date] = None
    price_cents: int  # per piece, or per kg for weighed items


class Stock(SQLModel, table=True):
    """The backend's count as last replicated. Local unsynced movements come on top."""

    location_id: str = Field(foreign_key="location.id", primary_key=True, max_length=16)
    product_id: int = Field(foreign_key="product.id", primary_key=True)
    quantity: int = 0  # pieces, or grams for weighed items


class StockMovement(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    product_id: int = Field(foreign_key="product.id", index=True)
    location_id: str = Field(foreign_key="location.id", max_length=16)
    delta: int
    reason: str = Field(max_length=16)  # sale | return | correction
    sale_id: Optional[str] = Field(default=None, foreign_key="sale.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    synced: bool = False


class Associate(SQLModel, table=True):
    id: int = Field(primary_key=True)
    name: str
    role: str = Field(default="associate", max_length=16)  # app.services.auth.Role
    pin_hash: str  # scrypt, see sync.common.pins
    active: bool = True
    pin_change_due: bool = False  # a starting PIN from the backend: the associate sets their own at the login
    version: int = 0  # the backend's version of this row; a pull never overwrites a newer one


class CartRecord(SQLModel, table=True):
    """An open or parked cart, stored as the cart's own document."""

    __tablename__ = "cart"
    id: str = Field(primary_key=True, max_length=32)
    status: str = Field(default="open", max_length=16, index=True)  # open | parked
    associate_id: Optional[int] = Field(default=None, foreign_key="associate.id")
    label: str = ""
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Sale(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    receipt_no: int = Field(index=True, unique=True)
    register_id: str = Field(max_length=32)
    location_id: str = Field(foreign_key="location.id", max_length=16)
    associate_id: int = Field(foreign_key="associate.id")
    started_at: datetime
    ended_at: datetime
    subtotal_cents: int
    basket_discount_cents: int = 0
    total_cents: int
    change_cents: int = 0
    training: bool = False  # signed as AVTraining: no money, no stock, never returnable
    origin: str = Field(default="store", max_length=16)  # store | handover | pickup | delivery (reports)
    # Loyalty points of the attached customer (sync.common.loyalty); None: no customer
    points_earned: Optional[int] = None
    points_redeemed: Optional[int] = None
    points_balance: Optional[int] = None  # as printed: the balance the lookup reported, after this sale; None: offline
    # Gift cards sold with the sale: [{"code", "amount_cents"}] (activated when it was paid)
    gift_cards: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


Index("ix_sale_ended_at", Sale.ended_at)


class SaleLine(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True, max_length=32)
    position: int
    product_id: int = Field(foreign_key="product.id")
    sku: str
    name: str
    gtin: Optional[str] = None
    vat_class: str = Field(max_length=1)
    unit_price_cents: int
    quantity: int
    weight_g: Optional[int] = None
    gross_cents: int  # before any discount
    discount_cents: int = 0  # the line's own discount
    total_cents: int  # after line and basket discount
    # The chain's offers on the line: [promotion id, name, cents, basket share?] (sync.common.promotions.Applied)
    offers: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class SaleTender(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True, max_length=32)
    kind: str = Field(max_length=16)
    amount_cents: int
    given_cents: int = 0
    change_cents: int = 0
    reference: Optional[str] = None
    approval_code: Optional[str] = None


class OutboxEntry(SQLModel, table=True):
    """An operation waiting for the sync engine, in register sequence order."""

    __table_args__ = (UniqueConstraint("seq"),)
    id: str = Field(primary_key=True, max_length=32)  # client-generated UUID
    seq: int
    op: str = Field(max_length=32)
    entity_id: str = Field(max_length=32)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: Optional[datetime] = None  # when the backend answered for it
    status: str = Field(default="pending", max_length=16)  # pending | applied | conflict | rejected
    result_reason: str = ""


Index("ix_outboxentry_pending", OutboxEntry.sent_at, OutboxEntry.seq)


class Counter(SQLModel, table=True):
    """Consecutive numbers of this register (receipt numbers, outbox sequence)."""

    name: str = Field(primary_key=True, max_length=32)
    value: int = 0


class Setting(SQLModel, table=True):
    """Register-local settings: which register this is, which store, printer, …"""

    key: str = Field(primary_key=True, max_length=64)
    value: str = ""





class CardPayment(SQLModel, table=True):
    """The journal of card authorisations, written before the terminal is asked.

    A row stays `pending` until the terminal's answer is known. While one is
    pending, no new card payment starts for that cart, so a timeout can never
    lead to charging the customer twice.
    """

    reference: str = Field(primary_key=True, max_length=32)
    cart_id: str = Field(index=True, max_length=32)
    amount_cents: int
    status: str = Field(default="pending", max_length=16)  # pending | approved | declined | not_charged
    approval_code: Optional[str] = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ConflictRecord(SQLModel, table=True):
    """A conflict the backend flagged for this store, for the manager's inbox."""

    __tablename__ = "conflict"
    id: int = Field(primary_key=True)
    kind: str = Field(max_length=32)
    entity_id: str = Field(max_length=64)
    details: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=16)  # open | acknowledged | resolved
    resolution: str = ""
    resolved_by: Optional[str] = None
    created_at: str = ""


class OnlineOrderRecord(SQLModel, table=True):
    """An online order replicated from the backend, so it can be returned offline too."""

    __tablename__ = "onlineorder"
    id: str = Field(primary_key=True, max_length=32)
    order_no: str = Field(index=True, max_length=32)
    customer_email: str = ""
    paid_online: bool = True
    total_cents: int = 0
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # the backend's order, as pulled
    pickup_store_id: Optional[str] = Field(default=None, max_length=16)
    pickup_open: bool = False  # something is still to be handed out (as far as the backend knows)


Index("ix_onlineorder_pickup", OnlineOrderRecord.pickup_store_id, OnlineOrderRecord.pickup_open)


class CollectionRecord(SQLModel, table=True):
    """A click & collect order (or part of it) handed out at this register (its lines are in `data`)."""

    __tablename__ = "collection"
    id: str = Field(primary_key=True, max_length=32)
    order_id: str = Field(index=True, max_length=32)
    associate_id: int = Field(foreign_key="associate.id")
    sale_id: Optional[str] = Field(default=None, max_length=32)  # an unpaid order paid by this sale
    created_at: datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class ReturnRecord(SQLModel, table=True):
    """A return taken at this register (its lines are in `data`)."""

    __tablename__ = "returnrecord"
    id: str = Field(primary_key=True, max_length=32)
    source: str = Field(max_length=8)  # order | sale
    source_id: str = Field(index=True, max_length=32)
    associate_id: int = Field(foreign_key="associate.id")
    refund_cents: int
    created_at: datetime = Field(default_factory=utcnow)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class VoucherRecord(SQLModel, table=True):
    """A store-credit voucher as the backend last reported it (issued anywhere in the chain)."""

    __tablename__ = "voucher"
    code: str = Field(primary_key=True, max_length=16)
    amount_cents: int
    redeemed_cents: int = 0  # redemptions the backend has recorded
    sale_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # ... by these sales
    held: bool = False  # not redeemable until a manager releases it (its refund was above what was paid)


class CardRefund(SQLModel, table=True):
    """The journal of card refunds, written before the terminal is asked (like CardPayment).

    `plan` holds everything needed to record the return, so a refund the terminal
    approved is recorded even when the register died right after the approval.
    """

    reference: str = Field(primary_key=True, max_length=32)  # the return's id
    amount_cents: int
    associate_id: int
    status: str = Field(default="pending", max_length=16, index=True)  # pending | approved | declined | not_refunded
    approval_code: Optional[str] = None
    plan: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """What the fiscal layer and the store manager need to see: voids, manager approvals."""

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32, index=True)  # app.services.audit.AuditKind
    at: datetime = Field(default_factory=utcnow)
    associate_id: Optional[int] = None  # who did it
    approved_by: Optional[int] = None  # the manager who approved it, if one did
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class FiscalEvent(SQLModel, table=True):
    """The register's fiscal journal: append-only (the database refuses UPDATE and DELETE: triggers in
    migration 0011), each entry holding the hash of the one before (app.services.journal)."""

    __tablename__ = "fiscalevent"
    seq: int = Field(primary_key=True)  # 1, 2, … within this PC's chain
    chain: str = Field(max_length=32)  # this PC's journal (its install id)
    at: str = Field(max_length=40)
    register_id: str = Field(max_length=32)
    location_id: str = Field(max_length=16)
    kind: str = Field(max_length=32)  # sync.protocol.FiscalEventKind
    entity_id: str = Field(default="", max_length=64)
    data: str  # canonical JSON, exactly as hashed
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class TseTransaction(SQLModel, table=True):
    """One TSE transaction of this register, as far as the register knows it (app.services.signing).

    Written before each call to the TSE (state `starting` / `finishing`, with the exact process data), so a
    restart after a crash knows what the device may have done; the finished log is stored in the same
    database transaction as the sale or return it signs. Times are ISO-8601 UTC strings from the TSE.
    """

    __tablename__ = "tsetransaction"
    id: str = Field(primary_key=True, max_length=32)  # our reference, given to the TSE (a cloud TSE's tx id)
    kind: str = Field(max_length=16)  # sale | return
    cart_id: str = Field(default="", max_length=32, index=True)  # a sale's cart while it is open
    receipt_id: str = Field(default="", max_length=32, index=True)  # the sale's or the return's id, once done
    state: str = Field(max_length=16, index=True)  # starting | open | finishing | finished | cancelled | failed
    client_id: str = Field(max_length=32)  # the register's serial number (= register id)
    tse_serial: str = Field(default="", max_length=128)
    transaction_number: Optional[int] = None
    process_type: str = ""
    process_data: str = ""
    start_time: str = ""
    log_time: str = ""
    signature_counter: Optional[int] = None
    signature: str = ""
    public_key: str = ""
    signature_algorithm: str = ""
    time_format: str = ""
    error: str = ""  # why it is not signed (the outage's reason)
    outage_id: Optional[int] = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class TseOutage(SQLModel, table=True):
    """A time the TSE could not be used (AEAO zu § 146a Nr. 7): from when, until when, why, and how many
    receipts went out unsigned meanwhile."""

    __tablename__ = "tseoutage"
    id: Optional[int] = Field(default=None, primary_key=True)
    started_at: datetime
    ended_at: Optional[datetime] = None
    reason: str = ""
    receipts_affected: int = 0


class TillSession(SQLModel, table=True):
    """A drawer's day: opened with a counted float, closed by a Z closing (issue 12). One per register, or one
    per associate where the store counts a drawer per associate (`StoreSettings.drawer_per`)."""

    __tablename__ = "tillsession"
    id: str = Field(primary_key=True, max_length=32)
    register_id: str = Field(max_length=32)
    associate_id: Optional[int] = Field(default=None, foreign_key="associate.id")  # a drawer per associate
    opened_by: int = Field(foreign_key="associate.id")
    opened_at: datetime = Field(default_factory=utcnow)
    float_count: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    float_cents: int = 0
    closed_at: Optional[datetime] = Field(default=None, index=True)
    # as counted when it closed (and the difference booked); the Z closing keeps the register's count too
    counted: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON, nullable=True))
    counted_cents: Optional[int] = None
    difference_cents: Optional[int] = None


class CashMovement(SQLModel, table=True):
    """Cash into or out of a drawer without a sale: the float, pay-ins and pay-outs, transfers to the safe or
    the bank, private withdrawals and deposits, wages, tips (DSFinV-K business cases). A receipt of its own:
    numbered and signed by the TSE."""

    __tablename__ = "cashmovement"
    id: str = Field(primary_key=True, max_length=32)
    till_id: str = Field(foreign_key="tillsession.id", index=True, max_length=32)
    receipt_no: int
    kind: str = Field(max_length=32)  # app.core.cash.CashMovementKind, or "Anfangsbestand"
    amount_cents: int  # signed: + into the drawer, - out of it
    note: str = ""
    associate_id: int = Field(foreign_key="associate.id")
    approved_by: Optional[int] = None
    created_at: datetime = Field(default_factory=utcnow)


class DayClosing(SQLModel, table=True):
    """A Z closing: the drawer counted blind, the difference booked, the day's figures kept as they were."""

    __tablename__ = "dayclosing"
    id: str = Field(primary_key=True, max_length=32)
    till_id: str = Field(foreign_key="tillsession.id", unique=True, max_length=32)
    z_no: int = Field(index=True)
    register_id: str = Field(max_length=32)
    closed_at: datetime = Field(default_factory=utcnow)
    counted: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    counted_cents: int
    expected_cents: int
    difference_cents: int
    figures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    associate_id: int = Field(foreign_key="associate.id")
    approved_by: Optional[int] = None


class PinFailure(SQLModel, table=True):
    """Recent wrong PINs per login or per approval, so a lockout outlives a restart."""

    key: str = Field(primary_key=True, max_length=32)  # "login:<associate id>" | "approval"
    failed_at: list[float] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # epoch seconds


class NotificationRecord(SQLModel, table=True):
    """A store notification from the backend (sync.protocol.NotificationData): a new pickup order, a customer at
    the counter, a conflict …; open until an associate at any register of the store acknowledges it."""

    __tablename__ = "notification"
    id: str = Field(primary_key=True, max_length=96)
    kind: str = Field(max_length=32)
    ref: str = ""
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: str = ""
    acknowledged_at: Optional[str] = None
    acknowledged_by: Optional[str] = None


Index("ix_notification_open", NotificationRecord.acknowledged_at, NotificationRecord.created_at)


class ShipmentRecord(SQLModel, table=True):
    """This store's part of a web order to ship (sync/server/shipping.py), with what was done here: picked and
    packed (its parcel's SSCC), handed over to the carrier. The backend's state never moves it back."""

    __tablename__ = "shipment"
    id: str = Field(primary_key=True, max_length=40)
    order_no: str = Field(default="", max_length=32)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))  # as pulled: lines, address, status
    status: str = Field(default="routed", max_length=16)  # routed | packed | missing | handed_over
    parcel_no: Optional[str] = Field(default=None, max_length=18)
