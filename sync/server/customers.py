"""Customers: looked up by a register by loyalty card, e-mail or phone, with their purchases in every channel.

Lookups are POSTs with the query in the body, so no customer data ends up in
a URL, an access log or an HTTP client's log line. The web shop registers
its customers through /v1/shop/customers.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlmodel import Session, select

from sync.server import loyalty
from sync.server.offers import personal_coupons
from sync.server.promotions import coupons_used_by
from sync.server.models import Customer
from sync.protocol import RegisterRefusal
from sync.server.refusals import RequestRefused


class CustomerQuery(BaseModel):
    query: str = Field(min_length=3, max_length=200)


class NewCustomer(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    email: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=32)
    card_no: str | None = Field(default=None, pattern=r"^KD\d{8}$")


def digits(phone: str) -> str:
    d = re.sub(r"\D", "", phone)
    return "0" + d[2:] if d.startswith("49") else d  # +49 30 … and 030 … are one number


def customer_view(c: Customer) -> dict:
    return {"id": c.id, "card_no": c.card_no, "name": c.name, "email": c.email, "phone": c.phone}


def find_customers(s: Session, query: str) -> list[Customer]:
    q = query.strip()
    if re.fullmatch(r"KD\d{8}", q.upper()):
        stmt = select(Customer).where(Customer.card_no == q.upper())
    elif "@" in q:
        stmt = select(Customer).where(Customer.email == q.lower())
    elif len(digits(q)) >= 6:
        stmt = select(Customer).where(Customer.phone == digits(q))
    else:
        raise RequestRefused(422, RegisterRefusal.CUSTOMER_QUERY_VAGUE, "Bitte Kundenkarte, vollständige E-Mail-Adresse oder Telefonnummer angeben")
    return list(s.exec(stmt.limit(5)))


def history(s: Session, customer: Customer) -> list[dict]:
    """Online orders (by e-mail) and store sales (by attached customer), newest first."""
    conn = s.connection()
    rows = []
    if customer.email:
        for no, total, at, origin, ful in conn.execute(text(
                "SELECT order_no, total_cents, created_at, origin, fulfilment FROM onlineorder"
                " WHERE customer_email = :e ORDER BY created_at DESC LIMIT 50"), {"e": customer.email}):
            channel = "Lieferung (Kasse)" if origin == "counter" else ("Click & Collect" if ful == "pickup" else "Online")
            rows.append({"at": str(at), "channel": channel, "what": no, "total_cents": total})
    for reg, no, total, at, store in conn.execute(text(
            "SELECT register_id, receipt_no, total_cents, ended_at, store_id FROM sale WHERE customer_id = :c"
            " ORDER BY ended_at DESC LIMIT 50"), {"c": customer.id}):
        rows.append({"at": str(at), "channel": f"Markt {store}", "what": f"Bon {no}, Kasse {reg}",
                     "total_cents": total})
    for at, store, refund, source in conn.execute(text(
            "SELECT at, store_id, refund_cents, source FROM returnrecord WHERE customer_id = :c"
            " ORDER BY at DESC LIMIT 50"), {"c": customer.id}):
        rows.append({"at": str(at), "channel": f"Markt {store}",
                     "what": "Rückgabe " + ("Online-Bestellung" if source == "order" else "Bon"),
                     "total_cents": -refund})
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def customer_id_for_sale(conn, *, customer_id: int | None, card_no: str | None) -> int | None:
    """The customer a sale or return names: by id, or by the loyalty card scanned while the register was offline."""
    if customer_id is not None:
        return customer_id
    if card_no:
        return conn.execute(text("SELECT id FROM customer WHERE card_no = :c"), {"c": card_no}).scalar()
    return None


def register_customer_router(session_dependency, register_dependency) -> APIRouter:
    router = APIRouter(prefix="/v1/customers", tags=["registers"])

    @router.post("/search")
    def search(body: CustomerQuery, _reg=Depends(register_dependency),
               s: Session = Depends(session_dependency)) -> list[dict]:
        return [{**customer_view(c), "history": history(s, c), "points": loyalty.balance(s.connection(), c.id),
                 "points_history": loyalty.history(s.connection(), c.id),
                 "coupons": personal_coupons(s.connection(), c.id),
                 "coupons_used": coupons_used_by(s.connection(), c.id)} for c in find_customers(s, body.query)]

    return router


def shop_customer_router(session_dependency, shop) -> APIRouter:
    router = APIRouter(prefix="/customers", tags=["web shop"])  # inside the shop router (/v1/shop)

    @router.post("", status_code=201)
    def create(body: NewCustomer, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        customer = Customer(name=body.name.strip(), email=body.email.strip().lower(), phone=digits(body.phone),
                            card_no=body.card_no)
        s.add(customer)
        try:
            s.commit()
        except Exception as exc:
            s.rollback()
            raise HTTPException(409, "loyalty card already taken") from exc
        return customer_view(customer)

    return router
