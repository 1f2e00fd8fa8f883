"""Store-credit vouchers: issued with a return, redeemed as a tender in any store of the chain.

Every store replicates every voucher with its balance, so a voucher can be
redeemed offline. Offline, two stores may together redeem more than its
balance; the sales have happened, so the backend records them and flags a
`voucher_overdrawn` conflict with the evidence.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import ConflictKind
from sync.server.conflicts import raise_conflict
from sync.server.db import lock_row, record_change


def voucher_data(conn, code: str) -> dict:
    amount, store = conn.execute(text("SELECT amount_cents, store_id FROM voucher WHERE code = :c"), {"c": code}).one()
    redemptions = conn.execute(text("SELECT sale_id, amount_cents FROM voucherredemption WHERE code = :c"
                                    " ORDER BY sale_id"), {"c": code}).all()
    held = conn.execute(text("SELECT 1 FROM refundhold WHERE voucher_code = :c AND released_at IS NULL"),
                        {"c": code}).first() is not None
    return {"code": code, "amount_cents": amount, "redeemed_cents": sum(r[1] for r in redemptions),
            "store_id": store, "sale_ids": [r[0] for r in redemptions], "held": held}


def issue_voucher(session: Session, *, code: str, amount_cents: int, store_id: str, return_id: str) -> None:
    conn = session.connection()
    conn.execute(text("INSERT INTO voucher (code, amount_cents, store_id, return_id, created_at)"
                      " VALUES (:c, :a, :s, :r, CURRENT_TIMESTAMP) ON CONFLICT (code) DO NOTHING"),
                 {"c": code, "a": amount_cents, "s": store_id, "r": return_id})
    record_change(session, kind="voucher", key=code, data=voucher_data(conn, code))


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
