"""Loyalty points at the backend (issue 14 §2): the ledger of every customer's points, in every channel.

Each event is one entry with an id made from what caused it (`<sale id>:earn`, `<order id>:redeem`,
`<return id>:return`, `expire:<customer>:<day>`), inserted with ON CONFLICT DO NOTHING: a retried sync, a
replayed operation or two backends applying one push book it once. The balance is the sum of a customer's
entries. Rules: sync.common.loyalty.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from fastapi import HTTPException
from sqlalchemy import text
from sqlmodel import Session

from sync.common.loyalty import EXPIRY_DAYS, LoyaltyKind, points_for, points_taken_back
from sync.protocol import ConflictKind
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row

__all__ = ["balance", "book", "book_return", "book_sale", "book_web_order", "expire_points", "history",
           "web_redemption"]

_BOOK = text("INSERT INTO loyaltyentry (id, customer_id, points, kind, source_id, store_id, channel, at)"
             " VALUES (:id, :c, :p, :k, :s, :st, :ch, :at) ON CONFLICT (id) DO NOTHING")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def book(session: Session, *, entry_id: str, customer_id: int, points: int, kind: LoyaltyKind,
         source_id: str | None, store_id: str | None, channel: str, at: datetime | None = None) -> bool:
    """Book one entry; False when it was booked before (nothing changes)."""
    if points == 0:
        return False
    return bool(session.connection().execute(_BOOK, {
        "id": entry_id, "c": customer_id, "p": points, "k": kind.value, "s": source_id, "st": store_id,
        "ch": channel, "at": at or _now()}).rowcount)


def balance(conn, customer_id: int) -> int:
    return int(conn.execute(text("SELECT COALESCE(SUM(points), 0) FROM loyaltyentry WHERE customer_id = :c"),
                            {"c": customer_id}).scalar_one())


def history(conn, customer_id: int, limit: int = 20) -> list[dict]:
    rows = conn.execute(text("SELECT at, points, kind, channel, store_id FROM loyaltyentry WHERE customer_id = :c"
                             " ORDER BY at DESC, id LIMIT :n"), {"c": customer_id, "n": limit}).all()
    return [{"at": str(r[0]), "points": int(r[1]), "kind": r[2], "channel": r[3], "store_id": r[4]} for r in rows]


def book_sale(session: Session, *, sale_id: str, customer_id: int | None, card_no: str | None, earned: int,
              redeemed: int, store_id: str, register_id: str) -> int:
    """A sale's points, as the register computed them; returns how many conflicts were raised (a card the
    backend does not know that spent points; a balance gone below zero, e.g. spent offline in two stores)."""
    if not (earned or redeemed):
        return 0
    if customer_id is None:
        if not redeemed:
            return 0  # points for a mistyped card: nothing to book, nothing lost by the store
        raise_conflict(session, kind=ConflictKind.LOYALTY_UNKNOWN.value, store_id=store_id, entity_id=card_no or sale_id,
                       details={"card_no": card_no, "sale_id": sale_id, "register_id": register_id,
                                "points": redeemed})
        return 1
    lock_row(session, "customer", str(customer_id))
    book(session, entry_id=f"{sale_id}:earn", customer_id=customer_id, points=earned, kind=LoyaltyKind.EARN,
         source_id=sale_id, store_id=store_id, channel="store")
    new = book(session, entry_id=f"{sale_id}:redeem", customer_id=customer_id, points=-redeemed,
               kind=LoyaltyKind.REDEEM, source_id=sale_id, store_id=store_id, channel="store")
    left = balance(session.connection(), customer_id)
    if new and left < 0:
        raise_conflict(session, kind=ConflictKind.LOYALTY_NEGATIVE.value, store_id=store_id,
                       entity_id=str(customer_id), details={
                           "customer_id": customer_id, "card_no": card_no, "balance": left, "points": redeemed,
                           "sale_id": sale_id, "register_id": register_id})
        return 1
    return 0


def web_redemption(session: Session, *, customer_id: int | None, points: int) -> None:
    """Points a web order wants to spend, checked strictly (the backend sees every entry). Raises 422."""
    if points <= 0:
        return
    if customer_id is None:
        raise HTTPException(422, "loyalty_needs_customer: points need a customer account")
    lock_row(session, "customer", str(customer_id))
    have = balance(session.connection(), customer_id)
    if points > have:
        raise HTTPException(422, f"loyalty_not_enough: {have} points")


def book_web_order(session: Session, *, order_id: str, customer_id: int | None, paid_cents: int, redeemed: int,
                   paid_online: bool) -> None:
    """A web order's points: what it spent, and, once paid online, what it earned (a reserve-and-collect order
    earns with its sale at the counter)."""
    if customer_id is None:
        return
    book(session, entry_id=f"{order_id}:redeem", customer_id=customer_id, points=-redeemed, kind=LoyaltyKind.REDEEM,
         source_id=order_id, store_id=None, channel="web")
    if paid_online:
        book(session, entry_id=f"{order_id}:earn", customer_id=customer_id, points=points_for(paid_cents),
             kind=LoyaltyKind.EARN, source_id=order_id, store_id=None, channel="web")


def book_return(session: Session, *, return_id: str, source: str, source_id: str, refund_cents: int,
                store_id: str) -> None:
    """Take back the points the returned goods had earned (cumulatively over the returns of one purchase)."""
    conn = session.connection()
    earning = source_id
    if source == "order" and conn.execute(text("SELECT 1 FROM loyaltyentry WHERE id = :id"),
                                          {"id": f"{source_id}:earn"}).first() is None:
        # reserved online and paid at the counter: the points were earned by that sale
        earning = conn.execute(text("SELECT sale_id FROM collection WHERE order_id = :o AND sale_id IS NOT NULL"),
                               {"o": source_id}).scalar() or source_id
    earned = conn.execute(text("SELECT customer_id, points FROM loyaltyentry WHERE id = :id"),
                          {"id": f"{earning}:earn"}).first()
    if earned is None:
        return
    if earning == source_id and source == "order":
        paid = conn.execute(text("SELECT total_cents FROM onlineorder WHERE id = :o"), {"o": source_id}).scalar()
    else:  # what the goods of that sale cost (a gift card sold with it earned nothing and is not returned here)
        payload = conn.execute(text("SELECT payload FROM sale WHERE id = :s"), {"s": earning}).scalar()
        lines = (json.loads(payload) if isinstance(payload, str) else payload or {}).get("lines", [])
        paid = sum(int(line["total_cents"]) for line in lines)
    before = int(conn.execute(text("SELECT COALESCE(SUM(refund_cents), 0) FROM returnrecord WHERE source_id = :s"
                                   " AND id <> :r"), {"s": source_id, "r": return_id}).scalar_one())
    back = points_taken_back(int(earned[1]), int(paid or 0), before, refund_cents)
    book(session, entry_id=f"{return_id}:return", customer_id=int(earned[0]), points=-back, kind=LoyaltyKind.RETURN,
         source_id=return_id, store_id=store_id, channel="store")


def expire_points(session: Session, *, now: datetime | None = None) -> int:
    """Book the expiry of points earned more than EXPIRY_DAYS ago and not spent since (oldest first): for each
    customer, what was earned before the cut-off, less everything spent or expired so far (a return takes back the
    points of its own purchase, which is younger than the return window, so it does not count here).
    Run daily (`admin expire-points`); running it twice on a day books nothing more. Returns the points expired."""
    now = now or _now()
    cutoff = now - timedelta(days=EXPIRY_DAYS)
    conn = session.connection()
    rows = conn.execute(text(
        "SELECT customer_id,"
        " COALESCE(SUM(CASE WHEN kind = 'earn' AND at < :cut THEN points ELSE 0 END), 0),"
        " COALESCE(SUM(CASE WHEN kind IN ('redeem', 'expire') THEN -points ELSE 0 END), 0)"
        " FROM loyaltyentry GROUP BY customer_id"), {"cut": cutoff}).all()
    total = 0
    for customer_id, old_earned, used in rows:
        due = int(old_earned) - int(used)
        if due > 0:
            if book(session, entry_id=f"expire:{customer_id}:{now.date().isoformat()}", customer_id=int(customer_id),
                    points=-due, kind=LoyaltyKind.EXPIRE, source_id=None, store_id=None, channel="chain", at=now):
                total += due
    return total

