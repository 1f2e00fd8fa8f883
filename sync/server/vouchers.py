"""Store-credit vouchers: issued with a return, redeemed as a tender in any store of the chain.

Every store replicates every voucher with its balance, so a voucher can be
redeemed offline. Offline, two stores may together redeem more than its
balance; the sales have happened, so the backend records them and flags a
`voucher_overdrawn` conflict with the evidence.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ConflictKind, RegisterRefusal
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row, record_change
from sync.server.refusals import RequestRefused


def voucher_data(conn, code: str) -> dict:
    amount, store, kind = conn.execute(text("SELECT amount_cents, store_id, kind FROM voucher WHERE code = :c"),
                                       {"c": code}).one()
    redemptions = conn.execute(text("SELECT sale_id, amount_cents FROM voucherredemption WHERE code = :c"
                                    " ORDER BY sale_id"), {"c": code}).all()
    held = conn.execute(text("SELECT 1 FROM refundhold WHERE voucher_code = :c AND released_at IS NULL"),
                        {"c": code}).first() is not None
    return {"code": code, "amount_cents": amount, "redeemed_cents": sum(r[1] for r in redemptions),
            "store_id": store, "sale_ids": [r[0] for r in redemptions], "held": held, "kind": kind}


def issue_voucher(session: Session, *, code: str, amount_cents: int, store_id: str, return_id: str,
                  kind: str = "store_credit") -> bool:
    """Issue a voucher once (a replay changes nothing). False when the code belongs to another return or sale."""
    conn = session.connection()
    conn.execute(text("INSERT INTO voucher (code, amount_cents, store_id, return_id, kind, created_at)"
                      " VALUES (:c, :a, :s, :r, :k, CURRENT_TIMESTAMP) ON CONFLICT (code) DO NOTHING"),
                 {"c": code, "a": amount_cents, "s": store_id, "r": return_id, "k": kind})
    owner = conn.execute(text("SELECT return_id FROM voucher WHERE code = :c"), {"c": code}).scalar_one()
    record_change(session, kind="voucher", key=code, data=voucher_data(conn, code))
    return owner == return_id


def sell_gift_cards(session: Session, *, sale_id: str, cards: list, store_id: str, register_id: str) -> int:
    """The gift cards a sale sold, activated now; a code another sale already holds (never in practice: ten
    random digits) is flagged for IT. Returns how many conflicts were raised."""
    flagged = 0
    for card in cards:
        if not issue_voucher(session, code=card.code, amount_cents=card.amount_cents, store_id=store_id,
                             return_id=sale_id, kind="gift_card"):
            raise_conflict(session, kind=ConflictKind.ID_CLASH.value, store_id=store_id, entity_id=card.code,
                           details={"gift_card": card.code, "sale_id": sale_id, "register_id": register_id})
            flagged += 1
    return flagged


def redeem_online(session: Session, *, order_id: str, cards: list) -> int:
    """Gift cards (or store credit) paying a web order, checked strictly: the backend sees every redemption.
    Raises 422 '<reason>: <code>'. Returns the cents paid with them."""
    conn, paid = session.connection(), 0
    for card in cards:
        lock_row(session, "voucher", card.code)
        if conn.execute(text("SELECT 1 FROM voucher WHERE code = :c"), {"c": card.code}).first() is None:
            raise HTTPException(422, f"voucher_unknown: {card.code}")
        data = voucher_data(conn, card.code)
        if data["held"]:
            raise HTTPException(422, f"voucher_held: {card.code}")
        if card.amount_cents > data["amount_cents"] - data["redeemed_cents"]:
            raise HTTPException(422, f"voucher_insufficient: {card.code}")
        conn.execute(text("INSERT INTO voucherredemption (sale_id, code, amount_cents) VALUES (:s, :c, :a)"),
                     {"s": order_id, "c": card.code, "a": card.amount_cents})
        record_change(session, kind="voucher", key=card.code, data=voucher_data(conn, card.code))
        paid += card.amount_cents
    return paid


def voucher_history(conn, code: str) -> dict:
    """A gift card's or voucher's balance and history, for the web shop and the customer."""
    amount, store, kind, created, source = conn.execute(text(
        "SELECT amount_cents, store_id, kind, created_at, return_id FROM voucher WHERE code = :c"), {"c": code}).one()
    uses = conn.execute(text(
        "SELECT r.sale_id, r.amount_cents, s.store_id, s.ended_at, o.order_no, o.created_at"
        " FROM voucherredemption r LEFT JOIN sale s ON s.id = r.sale_id LEFT JOIN onlineorder o ON o.id = r.sale_id"
        " WHERE r.code = :c"), {"c": code}).all()
    # in time order: a sale's end is ISO text, an order's creation a timestamp (either may be missing)
    uses = sorted(uses, key=lambda u: (str(u[3] or u[5] or "").replace("T", " ")[:26], u[0]))
    history = [{"what": "issued", "store_id": store, "at": str(created), "amount_cents": amount}]
    history += [{"what": "redeemed", "store_id": u[2], "order_no": u[4], "at": str(u[3] or u[5] or ""),
                 "amount_cents": -u[1]} for u in uses]
    return {"code": code, "kind": kind, "amount_cents": amount,
            "balance_cents": amount - sum(u[1] for u in uses), "history": history}


def redeem_vouchers(session: Session, *, sale_id: str, tenders: list[dict], store_id: str, register_id: str) -> int:
    """The voucher tenders of a sale; an unknown or overdrawn voucher is flagged, never refused.

    Returns how many conflicts were raised."""
    conn = session.connection()
    flagged = 0
    for tender in tenders:
        if tender.get("kind") != "voucher":
            continue
        code, amount = str(tender.get("reference") or ""), int(tender["amount_cents"])
        lock_row(session, "voucher", code[:16])
        known = conn.execute(text("SELECT 1 FROM voucher WHERE code = :c"), {"c": code}).first()
        if known is None:
            raise_conflict(session, kind=ConflictKind.VOUCHER_UNKNOWN.value, store_id=store_id,
                           entity_id=code or sale_id,
                           details={"code": code, "sale_id": sale_id, "register_id": register_id,
                                    "amount_cents": amount})
            flagged += 1
            continue
        conn.execute(text("INSERT INTO voucherredemption (sale_id, code, amount_cents) VALUES (:s, :c, :a)"
                          " ON CONFLICT (sale_id, code) DO NOTHING"), {"s": sale_id, "c": code, "a": amount})
        data = voucher_data(conn, code)
        record_change(session, kind="voucher", key=code, data=data)
        if data["held"]:  # redeemed offline before the register heard it was held: the sale stands
            raise_conflict(session, kind=ConflictKind.VOUCHER_HELD.value, store_id=store_id, entity_id=code,
                           details={**data, "sale_id": sale_id, "register_id": register_id, "amount_cents": amount})
            flagged += 1
        elif data["redeemed_cents"] > data["amount_cents"]:
            raise_conflict(session, kind=ConflictKind.VOUCHER_OVERDRAWN.value, store_id=store_id, entity_id=code,
                           details={**data, "sale_id": sale_id, "register_id": register_id})
            flagged += 1
    return flagged


def register_voucher_router(session_dependency, register_dependency) -> APIRouter:
    """A gift card's or voucher's balance and history for the counter (the customer asks what is left)."""
    router = APIRouter(prefix="/v1/vouchers", tags=["registers"])

    @router.get("/{code}")
    def show(code: str = Path(pattern=r"^G[SK]\d{10}$"), _reg=Depends(register_dependency),
             s: Session = Depends(session_dependency)) -> dict:
        if s.connection().execute(text("SELECT 1 FROM voucher WHERE code = :c"), {"c": code}).first() is None:
            raise RequestRefused(404, RegisterRefusal.VOUCHER_UNKNOWN, f"voucher_unknown: {code}", code=code)
        return voucher_history(s.connection(), code)

    return router
