"""Store sales as a register finds them for a return: by receipt barcode, or by day and amount.

A register holds only its own sales; a customer may bring back what was bought
at another register or in another store, so the backend answers from every
sale it has received.
"""

from __future__ import annotations

import json
from datetime import date

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import text
from sqlmodel import Session

from sync.server.orders import returned_quantities
from sync.protocol import RegisterRefusal
from sync.server.refusals import RequestRefused


def sale_view(conn, row) -> dict:
    sale_id, register_id, store_id, receipt_no, total, ended_at, payload = row
    payload = json.loads(payload) if isinstance(payload, str) else payload
    ids = [l["product_id"] for l in payload["lines"]]
    names = dict(conn.execute(text("SELECT id, name FROM product WHERE id IN (" + ",".join(
        str(int(i)) for i in ids) + ")")).all()) if ids else {}
    returns = [r[0] for r in conn.execute(text("SELECT id FROM returnrecord WHERE source_id = :s ORDER BY id"),
                                         {"s": sale_id})]
    return {"id": sale_id, "register_id": register_id, "store_id": store_id, "receipt_no": receipt_no,
            "total_cents": total, "ended_at": ended_at,
            "lines": [{**{k: l.get(k) for k in ("product_id", "sku", "quantity", "weight_g", "unit_price_cents",
                                                 "vat_class", "total_cents")}, "name": names.get(l["product_id"], "")}
                      for l in payload["lines"]],
            "tenders": [{"kind": t.get("kind"), "amount_cents": t.get("amount_cents"), "reference": t.get("reference")}
                        for t in payload.get("tenders", [])],
            "returned": {str(k): v for k, v in returned_quantities(conn, sale_id).items()}, "return_ids": returns}


_COLUMNS = "SELECT id, register_id, store_id, receipt_no, total_cents, ended_at, payload FROM sale"


def sales_router(session_dependency, register_dependency) -> APIRouter:
    router = APIRouter(prefix="/v1/sales", tags=["registers"])

    @router.get("/receipt/{register_id}/{receipt_no}")
    def by_receipt(register_id: str = Path(max_length=32), receipt_no: int = Path(ge=0, le=2**62),
                   _reg=Depends(register_dependency),
                   s: Session = Depends(session_dependency)) -> dict:
        conn = s.connection()
        row = conn.execute(text(_COLUMNS + " WHERE register_id = :r AND receipt_no = :n"),
                           {"r": register_id, "n": receipt_no}).first()
        if row is None:
            raise RequestRefused(404, RegisterRefusal.RECEIPT_UNKNOWN, "Dieser Bon ist der Zentrale nicht bekannt")
        return sale_view(conn, row)

    @router.get("")
    def by_day_and_amount(day: date, total_cents: int = Query(ge=-(2**62), le=2**62), reg=Depends(register_dependency),
                          s: Session = Depends(session_dependency)) -> list[dict]:
        """Sales of the asking register's store on that day with that total (newest first, at most 20)."""
        conn = s.connection()
        rows = conn.execute(text(_COLUMNS + " WHERE store_id = :st AND total_cents = :t AND ended_at >= :d0"
                                 " AND ended_at < :d1 ORDER BY ended_at DESC LIMIT 20"),
                            {"st": reg.store_id, "t": total_cents, "d0": day.isoformat(),
                             "d1": date.fromordinal(day.toordinal() + 1).isoformat()}).all()
        return [sale_view(conn, r) for r in rows]

    return router
