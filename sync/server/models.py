"""Tables of the central backend, in their own metadata (apart from the register's replica)."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class ServerModel(SQLModel, registry=registry()):
    pass


class Location(ServerModel, table=True):
    id: str = Field(primary_key=True, max_length=16)
    name: str
    kind: str = Field(default="store", max_length=16)
    street: str = ""
    city: str = ""
    region: str = ""
    vat_id: str = ""
    settings: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Product(ServerModel, table=True):
    id: int = Field(primary_key=True)
    sku: str = Field(index=True, unique=True, max_length=32)
    name: str
    brand: str = ""
    category: str = ""
    gross_price_cents: int
    vat_class: str = Field(max_length=1)
    base_unit: str = Field(default="Stk", max_length=8)
    net_content: Optional[int] = None
    weighed: bool = False
    plu: Optional[str] = Field(default=None, max_length=8)
    active: bool = True


class ProductGtin(ServerModel, table=True):
    gtin: str = Field(primary_key=True, max_length=14)
    product_id: int = Field(foreign_key="product.id", index=True)


class Stock(ServerModel, table=True):
    """The count is the sum of all movements; kept here, updated in the movement's transaction."""

    location_id: str = Field(foreign_key="location.id", primary_key=True, max_length=16)
    product_id: int = Field(foreign_key="product.id", primary_key=True)
    quantity: int = 0


class StockMovement(ServerModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    location_id: str = Field(foreign_key="location.id", max_length=16)
    product_id: int = Field(foreign_key="product.id")
    delta: int
    reason: str = Field(max_length=16)
    register_id: Optional[str] = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class Register(ServerModel, table=True):
    id: str = Field(primary_key=True, max_length=32)  # "1001-01"
    store_id: str = Field(foreign_key="location.id", max_length=16)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    enrolled_at: datetime = Field(default_factory=utcnow)
    last_seen: Optional[datetime] = None
    last_seq: int = 0


class EnrollmentSecret(ServerModel, table=True):
    """A one-time secret for one register (store and number) of the chain, made by IT."""

    secret_hash: str = Field(primary_key=True, max_length=64)
    store_id: str = Field(foreign_key="location.id", max_length=16)
    register_no: int = Field(default=0)  # 0: from before secrets were bound to a register number; refused
    used_by: Optional[str] = Field(default=None, max_length=32)
    install_id: Optional[str] = Field(default=None, max_length=32)  # the PC that used it (a retry is answered)


class AppliedOp(ServerModel, table=True):
    """Every operation applied, with its result: a repeated push gets the same answer."""

    id: str = Field(primary_key=True, max_length=32)
    register_id: str = Field(max_length=32, index=True)
    seq: int
    op: str = Field(max_length=32)
    status: str = Field(max_length=16)
    reason: str = ""
    applied_at: datetime = Field(default_factory=utcnow)


class Sale(ServerModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    register_id: str = Field(max_length=32, index=True)
    store_id: str = Field(foreign_key="location.id", max_length=16)
    receipt_no: int
    total_cents: int
    ended_at: str
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    customer_id: Optional[int] = Field(default=None, index=True)


class Conflict(ServerModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)  # negative_stock | over_refund | ...
    store_id: str = Field(max_length=16, index=True)
    entity_id: str = Field(max_length=64)
    details: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="open", max_length=16)  # open | acknowledged | resolved
    resolution: str = ""
    resolved_by: Optional[str] = None
    created_at: datetime = Field(default_factory=utcnow)


_OPEN_NEGATIVE = text("kind = 'negative_stock' AND status = 'open'")
#: At most one open negative-stock conflict per store and product (see sync/server/stock.py).
Index("uq_conflict_open_negative_stock", Conflict.store_id, Conflict.entity_id, unique=True,
      sqlite_where=_OPEN_NEGATIVE, postgresql_where=_OPEN_NEGATIVE)


class Change(ServerModel, table=True):
    """The change feed, compacted: one row per entity, re-numbered whenever it changes.

    `txid` is the writing transaction on PostgreSQL; the pull hides rows of
    transactions that might still be running, so a cursor never passes a row
    that commits later with a smaller id. Always 0 on SQLite (one writer).
    """

    # AUTOINCREMENT: SQLite would otherwise hand a deleted newest id out again, behind the cursors.
    __table_args__ = (UniqueConstraint("kind", "key"), {"sqlite_autoincrement": True})
    id: Optional[int] = Field(default=None, sa_column=Column(
        BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True))
    txid: Optional[int] = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    kind: str = Field(max_length=16)
    key: str = Field(max_length=64)
    store_id: Optional[str] = Field(default=None, max_length=16)  # only this store pulls it; None: all
    data: Optional[dict[str, Any]] = Field(default=None, sa_column=Column(JSON, nullable=True))


Index("ix_change_feed", Change.store_id, Change.txid, Change.id)  # a pull: its store's rows and the chain's
Index("ix_sale_store_ended", Sale.store_id, Sale.ended_at)  # the figures of a store's period


class OnlineOrder(ServerModel, table=True):
    id: str = Field(primary_key=True, max_length=32)
    order_no: str = Field(index=True, unique=True, max_length=32)
    customer_email: str = Field(default="", index=True)
    customer_name: str = ""
    origin: str = Field(default="web", max_length=16)  # web | counter (ordered for delivery at a register)
    address: str = ""  # delivery address of an order placed at the counter
    ship_from: Optional[str] = Field(default=None, max_length=16)
    paid_online: bool = True
    fulfilment: str = Field(default="delivery", max_length=16)  # delivery | pickup
    pickup_store_id: Optional[str] = Field(default=None, max_length=16)
    total_cents: int = 0
    created_at: datetime = Field(default_factory=utcnow)
    ready_at: Optional[datetime] = None  # a click & collect order picked and waiting at its store's counter
    sale_id: Optional[str] = Field(default=None, max_length=32, index=True)  # the counter sale that paid it


class OnlineOrderLine(ServerModel, table=True):
    order_id: str = Field(foreign_key="onlineorder.id", primary_key=True, max_length=32)
    position: int = Field(primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    sku: str
    name: str
    quantity: int
    unit_price_cents: int
    vat_class: str = Field(max_length=1)
    offer_cents: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    offers: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class ReturnRecord(ServerModel, table=True):
    """A return taken at a register, recorded once by its client id."""

    __tablename__ = "returnrecord"
    id: str = Field(primary_key=True, max_length=32)
    source: str = Field(max_length=8)  # order | sale
    source_id: str = Field(max_length=32, index=True)
    register_id: str = Field(max_length=32)
    store_id: str = Field(max_length=16)
    refund_cents: int
    refund_method: str = Field(default="cash", max_length=16)  # cash | card | online | voucher
    refund_status: str = Field(default="done", max_length=16)  # online: requested, until the shop paid it back
    voucher_code: Optional[str] = Field(default=None, max_length=16)
    receipt_no: Optional[int] = None  # the return receipt's number at its register
    customer_id: Optional[int] = Field(default=None, index=True)
    at: str = ""


class ReturnLine(ServerModel, table=True):
    return_id: str = Field(foreign_key="returnrecord.id", primary_key=True, max_length=32)
    product_id: int = Field(primary_key=True)
    source_id: str = Field(max_length=32, index=True)
    quantity: int
    refund_cents: int


class OnlineCart(ServerModel, table=True):
    """A web-shop cart. The server owns it; a register claims it before checking it out."""

    id: str = Field(primary_key=True, max_length=32)
    code: str = Field(index=True, unique=True, max_length=8)  # the handover code a person can read out
    customer_email: str = ""
    status: str = Field(default="open", max_length=16)  # open | claimed | ordered | bought_in_store
    claimed_by: Optional[str] = Field(default=None, max_length=32)
    claim_expires_at: Optional[datetime] = None
    order_id: Optional[str] = Field(default=None, max_length=32)
    sale_id: Optional[str] = Field(default=None, max_length=32)
    lines: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class Collection(ServerModel, table=True):
    """A click & collect order (or part of it) handed out at a store, recorded once by its client id."""

    id: str = Field(primary_key=True, max_length=32)
    order_id: str = Field(foreign_key="onlineorder.id", index=True, max_length=32)
    register_id: str = Field(max_length=32)
    store_id: str = Field(max_length=16)
    sale_id: Optional[str] = Field(default=None, max_length=32, index=True)  # paid at the counter by this sale
    at: str = ""


class CollectionLine(ServerModel, table=True):
    collection_id: str = Field(foreign_key="collection.id", primary_key=True, max_length=32)
    product_id: int = Field(primary_key=True)
    order_id: str = Field(max_length=32, index=True)
    quantity: int


class Voucher(ServerModel, table=True):
    """A multi-purpose voucher: store credit issued for a return, or a gift card sold at a counter (`kind`); its
    balance is the amount minus its redemptions, in every store and online."""

    code: str = Field(primary_key=True, max_length=16)
    amount_cents: int
    store_id: str = Field(max_length=16)
    return_id: str = Field(max_length=32)  # what issued it: the return (store credit) or the sale (gift card)
    kind: str = Field(default="store_credit", max_length=16, sa_column_kwargs={"server_default": "store_credit"})
    created_at: datetime = Field(default_factory=utcnow)


class FiscalJournalEntry(ServerModel, table=True):
    """A register's fiscal journal entry as it arrived, with what the backend found checking it."""

    __tablename__ = "fiscaljournal"
    register_id: str = Field(primary_key=True, max_length=32)
    chain: str = Field(primary_key=True, max_length=32)
    seq: int = Field(primary_key=True)
    hash: str = Field(max_length=64)
    prev_hash: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    entity_id: str = Field(default="", max_length=64)
    at: str = Field(max_length=40)
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    verified: bool = True  # its hash matches its content and it follows its predecessor (as far as received)


class RefundHold(ServerModel, table=True):
    """A refund not yet paid out (a voucher not redeemable, an online refund the shop does not pay) until a
    manager answers the conflict that explains it: the return refunded more than was paid
    (sync/server/refunds.py)."""

    __tablename__ = "refundhold"
    return_id: str = Field(primary_key=True, max_length=32)
    voucher_code: Optional[str] = Field(default=None, max_length=16, index=True)
    conflict_id: int = Field(index=True)
    released_by: Optional[str] = Field(default=None, max_length=32)
    released_at: Optional[datetime] = None


class VoucherRedemption(ServerModel, table=True):
    sale_id: str = Field(primary_key=True, max_length=32)
    code: str = Field(primary_key=True, max_length=16)
    amount_cents: int


class Customer(ServerModel, table=True):
    """A customer of the chain (web-shop account and/or loyalty card). Never replicated to registers:
    a register asks for one customer at a time, and only while an associate is logged in."""

    id: Optional[int] = Field(default=None, primary_key=True)
    card_no: Optional[str] = Field(default=None, max_length=16, unique=True)
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=200, index=True)
    phone: str = Field(default="", max_length=32, index=True)  # digits only


class ProductPrice(ServerModel, table=True):
    """A scheduled price from the chain's systems (sync/server/prices.py): valid from `valid_from` to `valid_to`
    (store days, inclusive; None: open-ended), for one store or, `store_id` '', for all. Known by product, scope
    and first day: importing one again replaces it."""

    __tablename__ = "productprice"
    product_id: int = Field(foreign_key="product.id", primary_key=True)
    store_id: str = Field(default="", primary_key=True, max_length=16)
    valid_from: date = Field(primary_key=True)
    valid_to: Optional[date] = None
    price_cents: int


class PromotionRow(ServerModel, table=True):
    """An offer of the chain (sync.common.promotions.Promotion as JSON); an ended one stays, inactive."""

    __tablename__ = "promotion"
    id: str = Field(primary_key=True, max_length=32)
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class CouponRow(ServerModel, table=True):
    """A coupon's rules (sync.common.promotions.Coupon without `uses`, which couponuse counts)."""

    __tablename__ = "coupon"
    code: str = Field(primary_key=True, max_length=24)
    promotion_id: str = Field(max_length=32)
    customer_id: Optional[int] = Field(default=None, index=True)  # a personal coupon's customer
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))


class CouponUse(ServerModel, table=True):
    """A coupon used by a sale (channel store) or an online order (web), once per source."""

    __tablename__ = "couponuse"
    source_id: str = Field(primary_key=True, max_length=32)
    code: str = Field(primary_key=True, max_length=24, index=True)
    customer_id: Optional[int] = None
    store_id: Optional[str] = Field(default=None, max_length=16)
    channel: str = Field(max_length=8)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class LoyaltyEntry(ServerModel, table=True):
    """One event of a customer's points (sync/server/loyalty.py); the id makes booking it idempotent."""

    __tablename__ = "loyaltyentry"
    id: str = Field(primary_key=True, max_length=48)
    customer_id: int = Field(index=True)
    points: int
    kind: str = Field(max_length=8)
    source_id: Optional[str] = Field(default=None, max_length=32)
    store_id: Optional[str] = Field(default=None, max_length=16)
    channel: str = Field(max_length=8)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class Associate(ServerModel, table=True):
    """The chain's associates, managed centrally (sync/server/associates.py) and replicated to the registers
    of their stores: the PIN's hash only, never the PIN."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    role: str = Field(default="associate", max_length=16)  # sync.protocol.AssociateRole
    pin_hash: str = Field(max_length=200)
    pin_change_due: bool = True  # a starting PIN: the associate sets their own at the first login
    active: bool = True
    version: int = 0  # grows with every change; registers keep their own newer row until it arrives
    updated_at: datetime = Field(default_factory=utcnow)


class AssociateStore(ServerModel, table=True):
    """Which stores an associate works in: their registers get the associate."""

    associate_id: int = Field(foreign_key="associate.id", primary_key=True)
    store_id: str = Field(foreign_key="location.id", primary_key=True, max_length=16)


# Every integer column is 64-bit, as the protocol's integers are (sync/protocol.py `Int`); SQLite's
# INTEGER already is, and must stay INTEGER for a primary key to be the rowid. Last in this module: it widens
# every table declared above.
BIG = BigInteger().with_variant(Integer(), "sqlite")
for _table in ServerModel.metadata.tables.values():
    for _column in _table.columns:
        if type(_column.type) is Integer:
            _column.type = BIG


class Notification(ServerModel, table=True):
    """Something a store must know at once (sync/server/notifications.py). Its id says what it is about, so the
    same event told twice is one notification."""

    id: str = Field(primary_key=True, max_length=96)
    store_id: str = Field(max_length=16, index=True)
    kind: str = Field(max_length=32)
    ref: str = Field(default="", max_length=64)
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged_at: Optional[datetime] = None
    acknowledged_by: Optional[str] = Field(default=None, max_length=32)


class MailOutbox(ServerModel, table=True):
    """An e-mail to a customer, written in the transaction of what it tells (sync/server/mail.py) and sent once."""

    __tablename__ = "mailoutbox"
    id: str = Field(primary_key=True, max_length=96)  # <kind>:<order id>: one mail per event
    kind: str = Field(max_length=32)
    recipient: str = Field(max_length=320)
    subject: str = Field(max_length=200)
    body: str
    created_at: datetime = Field(default_factory=utcnow)
    claimed_until: Optional[datetime] = None  # a sender is at it until then (several backends share the table)
    sent_at: Optional[datetime] = Field(default=None, index=True)
    attempts: int = 0
    last_error: str = ""


class Shipment(ServerModel, table=True):
    """One location's part of a web order for delivery (sync/server/shipping.py)."""

    id: str = Field(primary_key=True, max_length=40)  # <order id>-<n>
    order_id: str = Field(max_length=32, index=True)
    location_id: str = Field(max_length=16, index=True)
    status: str = Field(max_length=16)  # routed | packed | missing | handed_over
    lines: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    picked: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    missing: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    excluded: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    parcel_no: Optional[str] = Field(default=None, max_length=18)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    packed_at: Optional[str] = Field(default=None, max_length=40)  # as the register says (ISO, UTC)
