"""The chain's offers and coupons at the backend (issue 14): kept here, sent to every register (change kinds
`promotion` and `coupon`), and applied by the same engine as at the counter (sync.common.promotions) to web
carts, the handover page and web orders, so one basket costs the same in both channels.

Coupons: the web shop's use is checked here and refused at once (HTTP 422, detail "<reason>: <code>");
a register checks against its replica and may, offline, use a code that another register or the shop used
meanwhile: the sale stands, and a `coupon_overused` conflict tells the manager (as for vouchers).
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from threading import Lock

from fastapi import HTTPException
from sqlalchemy import bindparam, text
from sqlmodel import Session

from sync.common.loyalty import LOYALTY_OFFER_ID, value_of
from sync.common.promotions import Channel, Coupon, Item, Promotion, PromotionBook, allocate, stored
from sync.protocol import ChangeKind, ConflictKind
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row, record_change

__all__ = ["coupon_data", "end_promotion", "price_web_lines", "put_coupon", "put_promotion", "record_coupon_uses",
           "web_coupons"]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def put_promotion(session: Session, promotion: Promotion) -> None:
    """Add or replace an offer (the caller commits); registers have it with their next pull."""
    data = promotion.model_dump(mode="json")
    conn = session.connection()
    params = {"id": promotion.id, "d": _json(data), "at": _now()}
    if not conn.execute(text("UPDATE promotion SET data = :d, updated_at = :at WHERE id = :id"), params).rowcount:
        conn.execute(text("INSERT INTO promotion (id, data, updated_at) VALUES (:id, :d, :at)"), params)
    record_change(session, kind=ChangeKind.PROMOTION.value, key=promotion.id, data=data)


def end_promotion(session: Session, promotion_id: str) -> Promotion | None:
    """End an offer now: it stays on record, inactive; a register stops it with its next pull."""
    row = session.connection().execute(text("SELECT data FROM promotion WHERE id = :id"), {"id": promotion_id}).first()
    if row is None:
        return None
    current = stored(Promotion, row[0])
    if current is None:
        return None
    ended = current.model_copy(update={"active": False})
    put_promotion(session, ended)
    return ended


def put_coupon(session: Session, coupon: Coupon) -> None:
    conn = session.connection()
    if conn.execute(text("SELECT 1 FROM promotion WHERE id = :p"), {"p": coupon.promotion_id}).first() is None:
        raise HTTPException(422, f"promotion_unknown: {coupon.promotion_id}")
    rules = coupon.model_dump(mode="json", exclude={"uses"})
    params = {"c": coupon.code, "p": coupon.promotion_id, "d": _json(rules), "cu": coupon.customer_id}
    if not conn.execute(text("UPDATE coupon SET promotion_id = :p, data = :d, customer_id = :cu WHERE code = :c"),
                        params).rowcount:
        conn.execute(text("INSERT INTO coupon (code, promotion_id, customer_id, data) VALUES (:c, :p, :cu, :d)"),
                     params)
    record_change(session, kind=ChangeKind.COUPON.value, key=coupon.code, data=coupon_data(conn, coupon.code))


def coupon_data(conn, code: str) -> dict:
    """A coupon as registers get it: its rules, its uses, and, for one of at most SALE_IDS_UP_TO uses, the sales
    already counted (a register counts its own others on top). Uses per customer stay here: a register gets a
    customer's with the lookup (`coupons_used`), so a code used by many never grows into every register's feed."""
    row = conn.execute(text("SELECT data FROM coupon WHERE code = :c"), {"c": code}).one()
    data = dict(_load(row[0]))
    # counted, not fetched: a code for everyone may have been used a hundred thousand times
    data["uses"] = int(conn.execute(text("SELECT COUNT(*) FROM couponuse WHERE code = :c"), {"c": code}).scalar_one())
    few = data.get("max_uses") is not None and data["max_uses"] <= SALE_IDS_UP_TO
    data["sale_ids"] = list(conn.execute(text(
        "SELECT source_id FROM couponuse WHERE code = :c AND channel = :ch ORDER BY source_id"),
        {"c": code, "ch": Channel.STORE.value}).scalars()) if few else None
    return data


def active_promotions(session: Session) -> list[Promotion]:
    """The running offers as the cached book holds them (read again only when one changed)."""
    return list(_books.get(session).promotions.values())


def uses_by_customer(conn, code: str) -> dict[str, int]:
    return {str(c): int(n) for c, n in conn.execute(text(
        "SELECT customer_id, COUNT(*) FROM couponuse WHERE code = :c AND customer_id IS NOT NULL"
        " GROUP BY customer_id"), {"c": code})}


def coupons_used_by(conn, customer_id: int) -> dict[str, int]:
    """How often the customer used each coupon (for the register's check of once-per-customer codes)."""
    return {code: int(n) for code, n in conn.execute(text(
        "SELECT code, COUNT(*) FROM couponuse WHERE customer_id = :c GROUP BY code"), {"c": customer_id})}


class _BookCache:
    """The offers, indexed again only when one changed (per backend process)."""

    def __init__(self):
        self._lock, self._key, self._book, self._read_at = Lock(), None, PromotionBook(()), 0.0

    def get(self, session: Session) -> PromotionBook:
        conn = session.connection()
        key = tuple(conn.execute(text("SELECT COUNT(*), MAX(updated_at) FROM promotion")).one())
        with self._lock:
            # Another backend process may commit a change stamped before the newest one seen here: read all again
            # at least every BOOK_MAX_AGE_S.
            if key != self._key or time.monotonic() - self._read_at > BOOK_MAX_AGE_S:
                self._read_at = time.monotonic()
                rows = conn.execute(text("SELECT data FROM promotion")).all()
                self._book = PromotionBook(p for p in (stored(Promotion, r[0]) for r in rows) if p is not None)
                self._key = key
            return self._book


BOOK_MAX_AGE_S = 30
_books = _BookCache()
SALE_IDS_UP_TO = 1000

_PRODUCTS = text("SELECT id, category, brand FROM product WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))


def price_web_lines(session: Session, lines: list[dict], *, coupon_promotions: frozenset[str] = frozenset(),
                    at: datetime | None = None) -> list[dict]:
    """Web lines ({product_id, quantity, unit_price_cents, …}) with the offers running online now: each line gets
    `offers` ([promotion id, name, cents, basket share?]), `offer_cents` and `total_cents`."""
    ids = sorted({int(l["product_id"]) for l in lines})
    facts = {r[0]: (r[1], r[2]) for r in session.connection().execute(_PRODUCTS, {"ids": ids})} if ids else {}
    items = [Item(str(n), int(l["product_id"]), *facts.get(int(l["product_id"]), ("", "")), int(l["quantity"]),
                  int(l["unit_price_cents"]) * int(l["quantity"])) for n, l in enumerate(lines)]
    pricing = _books.get(session).price(items, at=at or _now(), store_id=None, channel=Channel.WEB,
                                        coupons=coupon_promotions)
    out = []
    for item, line in zip(items, lines):
        offers = [list(a) for a in pricing.lines.get(item.key, ())]
        saved = sum(a[2] for a in offers)
        out.append({**line, "offers": offers, "offer_cents": saved, "total_cents": item.gross_cents - saved})
    return out


def redeem_on_lines(lines: list[dict], points: int) -> list[dict]:
    """Points spent on a web order: a discount spread over its lines (what each still costs), shown among the
    line's offers as at the counter. Never more than the order costs."""
    if points <= 0:
        return lines
    left = [int(l["unit_price_cents"]) * int(l["quantity"]) - int(l.get("offer_cents", 0)) for l in lines]
    cents = min(value_of(points), sum(left))
    if cents < value_of(points):
        raise HTTPException(422, "loyalty_above_total: more points than the order costs")
    name = f"{points} Punkte eingelöst"
    out = []
    for line, share in zip(lines, allocate(cents, left)):
        offers = list(line.get("offers", []))
        if share:
            offers.append([LOYALTY_OFFER_ID, name, share, True])
        saved = int(line.get("offer_cents", 0)) + share
        out.append({**line, "offers": offers, "offer_cents": saved,
                    "total_cents": int(line["unit_price_cents"]) * int(line["quantity"]) - saved})
    return out


def web_coupons(session: Session, codes: list[str], *, customer_id: int | None,
                at: datetime | None = None) -> frozenset[str]:
    """The web shop's coupons, checked strictly (the backend sees every use): the promotions they unlock.
    Raises HTTPException 422 '<reason>: <code>' (the reasons of app.services.promotions.COUPON_MESSAGES)."""
    at, unlocked = at or _now(), set()
    conn = session.connection()
    if len({c.strip().upper() for c in codes}) != len(codes):
        raise HTTPException(422, "coupon_twice: a coupon appears twice")
    for raw in codes:
        code = raw.strip().upper()
        lock_row(session, "coupon", code)  # two orders at once: one of them sees the other's use
        row = conn.execute(text("SELECT data FROM coupon WHERE code = :c"), {"c": code}).first()
        if row is None:
            raise HTTPException(422, f"coupon_unknown: {code}")
        coupon = stored(Coupon, row[0])
        if coupon is None:
            raise HTTPException(422, f"coupon_unknown: {code}")
        prow = conn.execute(text("SELECT data FROM promotion WHERE id = :p"), {"p": coupon.promotion_id}).first()
        promotion = stored(Promotion, prow[0]) if prow else None
        if promotion is None or not coupon.active or not promotion.active:
            raise HTTPException(422, f"coupon_withdrawn: {code}")
        if promotion.valid_to is not None and at >= promotion.valid_to:
            raise HTTPException(422, f"coupon_expired: {code}")
        if promotion.valid_from is not None and at < promotion.valid_from:
            raise HTTPException(422, f"coupon_not_yet: {code}")
        if promotion.store_ids or (promotion.channels and Channel.WEB not in promotion.channels):
            raise HTTPException(422, f"coupon_other_channel: {code}")
        if coupon.customer_id is not None and coupon.customer_id != customer_id:
            raise HTTPException(422, f"coupon_other_customer: {code}")
        data = coupon_data(conn, code)
        if coupon.max_uses is not None and data["uses"] >= coupon.max_uses:
            raise HTTPException(422, f"coupon_used_up: {code}")
        if coupon.per_customer is not None:
            if customer_id is None:
                raise HTTPException(422, f"coupon_needs_customer: {code}")
            if uses_by_customer(conn, code).get(str(customer_id), 0) >= coupon.per_customer:
                raise HTTPException(422, f"coupon_customer_limit: {code}")
        unlocked.add(coupon.promotion_id)
    return frozenset(unlocked)


def record_coupon_uses(session: Session, *, source_id: str, codes: list[str], customer_id: int | None,
                       store_id: str | None, channel: Channel, register_id: str | None = None) -> int:
    """Count the coupons a sale or a web order used, once per source. A use beyond a coupon's limits (made
    offline) or of an unknown coupon is recorded and flagged, never refused. Returns how many were flagged."""
    conn, flagged = session.connection(), 0
    for code in dict.fromkeys(codes):
        row = conn.execute(text("SELECT data FROM coupon WHERE code = :c"), {"c": code}).first()
        rules = _load(row[0]) if row else {}
        if any(rules.get(k) is not None for k in ("max_uses", "per_customer", "customer_id")):
            lock_row(session, "coupon", code)  # limited: counted one use at a time (an open code is not locked)
        if row is None:
            raise_conflict(session, kind=ConflictKind.COUPON_UNKNOWN.value, store_id=store_id or "", entity_id=code,
                           details={"code": code, "source_id": source_id, "register_id": register_id})
            flagged += 1
            continue
        if not conn.execute(text(
                "INSERT INTO couponuse (source_id, code, customer_id, store_id, channel, at)"
                " VALUES (:s, :c, :cu, :st, :ch, :at) ON CONFLICT (source_id, code) DO NOTHING"),
                {"s": source_id, "c": code, "cu": customer_id, "st": store_id, "ch": channel.value,
                 "at": _now()}).rowcount:
            continue  # counted before
        data = coupon_data(conn, code)
        record_change(session, kind=ChangeKind.COUPON.value, key=code, data=data)
        over = data.get("max_uses") is not None and data["uses"] > data["max_uses"]
        per, owner = data.get("per_customer"), data.get("customer_id")
        by_customer = uses_by_customer(conn, code).get(str(customer_id), 0) if customer_id is not None else 0
        over_customer = per is not None and (customer_id is None or by_customer > per)
        wrong_owner = owner is not None and owner != customer_id
        if over or over_customer or wrong_owner:
            raise_conflict(session, kind=ConflictKind.COUPON_OVERUSED.value, store_id=store_id or "", entity_id=code,
                           details={"code": code, "source_id": source_id, "register_id": register_id,
                                    "uses": data["uses"], "max_uses": data.get("max_uses"), "per_customer": per,
                                    "customer_id": customer_id, "owner_id": owner,
                                    "reason": "limit" if over else "owner" if wrong_owner else "per_customer"})
            flagged += 1
    return flagged


def _load(value):
    return json.loads(value) if isinstance(value, str) else value


def _json(value) -> str:
    return json.dumps(value)
