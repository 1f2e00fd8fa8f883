"""Online orders a register does not hold, looked up for a return: by number, or by the customer's e-mail.

A register holds only the orders collected in its store (`sync/server/order_feed.py`); a delivered order,
or one collected elsewhere, can be brought back to any store, which asks here. A POST, so no e-mail is in
a URL or an access log; the answer is the order as a register sees it, without the e-mail.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlmodel import Session

from sync.server.order_feed import counter_view
from sync.server.orders import order_data


class OrderQuery(BaseModel):
    query: str = Field(min_length=3, max_length=200)


def find_order_ids(conn, query: str) -> list[str]:
    """By the full e-mail (newest first, at most 20), else by the order number."""
    q = query.strip()
    if "@" in q:
        return list(conn.execute(text("SELECT id FROM onlineorder WHERE customer_email = :e"
                                      " ORDER BY created_at DESC, order_no DESC LIMIT 20"), {"e": q.lower()}).scalars())
    return list(conn.execute(text("SELECT id FROM onlineorder WHERE order_no = :n"), {"n": q.upper()}).scalars())


def register_order_router(session_dependency, register_dependency) -> APIRouter:
    router = APIRouter(prefix="/v1/orders", tags=["registers"])

    @router.post("/search")
    def search(body: OrderQuery, _reg=Depends(register_dependency),
               s: Session = Depends(session_dependency)) -> list[dict]:
        conn = s.connection()
        return [counter_view(order_data(conn, order_id)) for order_id in find_order_ids(conn, body.query)]

    return router
