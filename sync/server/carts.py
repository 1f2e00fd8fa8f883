"""Online carts: owned by the server, claimed by a register for checkout at the counter.

The outcome when a customer and a register act on one cart at the same moment
is decided by the database: each action locks the cart row and checks its
status, so exactly one wins and the other gets a 409 saying why.

  open      the customer edits or orders; a register may claim it
  claimed   a register checks it out: the customer's edits and orders are refused
            until the claim expires (CLAIM_MINUTES) or the register releases it
  ordered / bought_in_store   closed; nothing more changes

A claimed cart is closed as bought in store when the register's sale arrives,
also after the claim expired (the customer has paid). If the customer ordered
it online in between, both purchases stand and a `double_purchase` conflict
tells the manager to refund one.
"""

from __future__ import annotations

import html
import secrets
import uuid
from datetime import timedelta

import segno
from fastapi import APIRouter, Depends, HTTPException, Path
from fastapi.responses import HTMLResponse
from sqlalchemy import select as sa_select
from sqlalchemy import text
from sqlmodel import Session

from sync.protocol import CartClaim, ConflictKind, RegisterRefusal, ShopCart, ShopOrder
from sync.server.conflicts import raise_conflict
from sync.server.models import OnlineCart, utcnow
from sync.server.prices import chain_prices
from sync.server.promotions import price_web_lines
from sync.server.refusals import RequestRefused

CLAIM_MINUTES = 15
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out at the counter
QR_PREFIX = "TRESEN-CART:"  # what the handover QR code holds: the prefix and the short code


def handover_qr_text(code: str) -> str:
    return f"{QR_PREFIX}{code}"


def _locked(s: Session, *, cart_id: str | None = None, code: str | None = None) -> OnlineCart:
    stmt = sa_select(OnlineCart).where(OnlineCart.id == cart_id if cart_id else OnlineCart.code == code)
    if s.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    cart = s.execute(stmt).scalars().first()
    if cart is None:
        raise RequestRefused(404, RegisterRefusal.CART_UNKNOWN, "no such cart")
    return cart


def _claim_active(cart: OnlineCart) -> bool:
    return cart.status == "claimed" and cart.claim_expires_at is not None and \
        cart.claim_expires_at.replace(tzinfo=cart.claim_expires_at.tzinfo or utcnow().tzinfo) > utcnow()


def cart_view(cart: OnlineCart) -> dict:
    return {"id": cart.id, "code": cart.code, "status": cart.status, "claimed_by": cart.claimed_by,
            "claim_expires_at": cart.claim_expires_at.isoformat() if cart.claim_expires_at else None,
            "order_id": cart.order_id, "lines": cart.lines, "handover_url": f"/handover/{cart.id}",
            "total_cents": sum(int(l.get("total_cents", l["unit_price_cents"] * l["quantity"])) for l in cart.lines)}


def priced_lines(s: Session, lines) -> list[dict]:
    """The cart's lines with the name and price the customer sees in the shop now (the chain's price of today).

    The register compares these with its own catalog at the handover and shows any difference.
    """
    result, today = [], chain_prices(s, [line.product_id for line in lines])
    for line in lines:
        p = s.connection().execute(text("SELECT name FROM product WHERE id = :p AND active"),
                                   {"p": line.product_id}).first()
        if p is None:
            raise HTTPException(422, f"product {line.product_id} is not for sale")
        result.append({"product_id": line.product_id, "quantity": line.quantity, "name": p[0],
                       "unit_price_cents": today[line.product_id]})
    return price_web_lines(s, result)  # with the offers running online now


def _refuse_customer_change(cart: OnlineCart) -> None:
    if cart.status in ("ordered", "bought_in_store"):
        raise HTTPException(409, "Dieser Warenkorb ist bereits abgeschlossen.")
    if _claim_active(cart):
        raise HTTPException(409, "Ihr Warenkorb wird gerade an der Kasse bezahlt und kann nicht geändert werden.")


def shop_cart_router(session_dependency, shop, place_order) -> APIRouter:
    router = APIRouter(prefix="/carts", tags=["web shop"])  # inside the shop router (/v1/shop)

    @router.post("", status_code=201)
    def create(body: ShopCart, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        cart = OnlineCart(id=uuid.uuid4().hex, code=code, customer_email=body.customer_email,
                          lines=priced_lines(s, body.lines))
        s.add(cart)
        s.commit()
        return cart_view(cart)

    @router.get("/{cart_id}")
    def show(cart_id: str, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        return cart_view(_locked(s, cart_id=cart_id))

    @router.put("/{cart_id}")
    def edit(cart_id: str, body: ShopCart, _auth: None = Depends(shop),
             s: Session = Depends(session_dependency)) -> dict:
        cart = _locked(s, cart_id=cart_id)
        _refuse_customer_change(cart)
        cart.status, cart.claimed_by, cart.claim_expires_at = "open", None, None
        cart.lines, cart.updated_at = priced_lines(s, body.lines), utcnow()
        s.add(cart)
        s.commit()
        return cart_view(cart)

    @router.post("/{cart_id}/order", status_code=201)
    def order(cart_id: str, _auth: None = Depends(shop), s: Session = Depends(session_dependency)) -> dict:
        cart = _locked(s, cart_id=cart_id)
        _refuse_customer_change(cart)
        if not cart.lines:
            raise HTTPException(422, "Der Warenkorb ist leer.")
        placed = place_order(s, ShopOrder(order_no=f"WEB-{cart.code}", customer_email=cart.customer_email,
                                          lines=[{"product_id": l["product_id"], "quantity": l["quantity"]}
                                                 for l in cart.lines]))
        cart.status, cart.order_id, cart.updated_at = "ordered", placed["id"], utcnow()
        s.add(cart)
        s.commit()
        return placed

    return router


def register_cart_router(session_dependency, register_dependency) -> APIRouter:
    router = APIRouter(prefix="/v1/carts", tags=["registers"])

    @router.post("/claim")
    def claim(body: CartClaim, reg=Depends(register_dependency), s: Session = Depends(session_dependency)) -> dict:
        cart = _locked(s, code=body.code)
        if cart.status in ("ordered", "bought_in_store"):
            raise RequestRefused(409, RegisterRefusal.CART_CLOSED, "Dieser Warenkorb ist bereits abgeschlossen.")
        if _claim_active(cart) and cart.claimed_by != reg.id:
            raise RequestRefused(409, RegisterRefusal.CART_CLAIMED, f"Dieser Warenkorb wird schon an Kasse {cart.claimed_by} bezahlt.",
                          register=cart.claimed_by)
        cart.status, cart.claimed_by = "claimed", reg.id
        cart.claim_expires_at, cart.updated_at = utcnow() + timedelta(minutes=CLAIM_MINUTES), utcnow()
        s.add(cart)
        s.commit()
        return cart_view(cart)

    @router.post("/{cart_id}/release")
    def release(cart_id: str, reg=Depends(register_dependency), s: Session = Depends(session_dependency)) -> dict:
        cart = _locked(s, cart_id=cart_id)
        if cart.status == "claimed" and cart.claimed_by == reg.id:
            cart.status, cart.claimed_by, cart.claim_expires_at = "open", None, None
            s.add(cart)
            s.commit()
        return cart_view(cart)

    return router


def close_bought_in_store(s: Session, *, cart_id: str, sale_id: str, register_id: str, store_id: str) -> None:
    """The register's sale arrived: the cart is closed as bought in store."""
    cart = s.get(OnlineCart, cart_id)
    if cart is None or cart.status == "bought_in_store":
        return
    if cart.status == "ordered":  # the claim had expired and the customer ordered online too
        raise_conflict(s, kind=ConflictKind.DOUBLE_PURCHASE.value, store_id=store_id, entity_id=cart_id, details={
            "cart_code": cart.code, "order_id": cart.order_id, "sale_id": sale_id, "register_id": register_id})
    cart.status, cart.sale_id, cart.updated_at = "bought_in_store", sale_id, utcnow()
    s.add(cart)


_PAGE_STATUS = {
    "open": "Zeigen Sie diesen Code an der Kasse – Ihr Warenkorb wird dort übernommen.",
    "claimed": "Ihr Warenkorb wird gerade an der Kasse bezahlt.",
    "bought_in_store": "Im Markt bezahlt – vielen Dank für Ihren Einkauf!",
    "ordered": "Dieser Warenkorb wurde online bestellt.",
}


def _eur(cents) -> str:
    euros, rest = divmod(int(cents), 100)
    return f"{euros:,}".replace(",", ".") + f",{rest:02d} €"


def handover_page_router(session_dependency) -> APIRouter:
    """The page the customer's phone (or a desktop browser) shows at the counter.

    The cart id in the address is a 128-bit secret, so the page needs no login, like
    a tracking link; it shows the QR code, the short code and what became of the cart.
    """
    router = APIRouter(tags=["customers"])

    @router.get("/handover/{cart_id}", response_class=HTMLResponse)
    def page(cart_id: str = Path(max_length=32), s: Session = Depends(session_dependency)) -> HTMLResponse:
        cart = s.get(OnlineCart, cart_id)
        if cart is None:
            raise HTTPException(404, "no such cart")
        if _claim_active(cart) or cart.status != "claimed":
            status = cart.status
        else:
            status = "open"  # an expired claim: the cart is the customer's again
        code_block = ""
        if status in ("open", "claimed"):
            svg = segno.make(handover_qr_text(cart.code), error="m").svg_inline(scale=8, border=2)
            code_block = f'{svg}<p class="code">{html.escape(cart.code)}</p>'
        items = "".join(f"<li>{int(l['quantity'])} × {html.escape(str(l.get('name', l['product_id'])))}"
                        f" <b>{_eur(l.get('total_cents', l['unit_price_cents'] * l['quantity']))}</b>"
                        + "".join(f"<br><small>{html.escape(str(o[1]))} −{_eur(o[2])}</small>"
                                  for o in l.get("offers", []))
                        + "</li>" for l in cart.lines)
        items += f"<li><b>Summe {_eur(cart_view(cart)['total_cents'])}</b></li>"
        body = (f'<!doctype html><html lang="de"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<meta http-equiv="refresh" content="5"><title>Warenkorb an der Kasse</title>'
                f'<style>body{{font-family:sans-serif;text-align:center;margin:1em}}'
                f'.code{{font-size:2.6em;letter-spacing:.25em;font-weight:bold;margin:.2em}}'
                f'ul{{text-align:left;display:inline-block}}</style></head><body>'
                f'<h1>Warenkorb an der Kasse</h1>{code_block}'
                f'<p class="status" data-status="{status}">{_PAGE_STATUS[status]}</p><ul>{items}</ul></body></html>')
        return HTMLResponse(body)

    @router.get("/pickup/{order_id}", response_class=HTMLResponse)
    def pickup_page(order_id: str = Path(max_length=32), s: Session = Depends(session_dependency)) -> HTMLResponse:
        """The pickup code for the customer's e-mail or app: a QR code of TRESEN-ORDER:<order number>."""
        row = s.connection().execute(text("SELECT order_no, fulfilment FROM onlineorder WHERE id = :o"),
                                     {"o": order_id}).first()
        if row is None or row[1] != "pickup":
            raise HTTPException(404, "no such pickup order")
        svg = segno.make(f"TRESEN-ORDER:{row[0]}", error="m").svg_inline(scale=8, border=2)
        return HTMLResponse(f'<!doctype html><html lang="de"><head><meta charset="utf-8">'
                            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                            f'<title>Abholcode</title></head><body style="font-family:sans-serif;text-align:center">'
                            f'<h1>Ihr Abholcode</h1>{svg}<p style="font-size:2em"><b>{html.escape(row[0])}</b></p>'
                            f'<p>Bitte an der Kasse zeigen, mit einem Ausweis.</p></body></html>')

    return router
