"""The chain's ERP sends products, scheduled prices and stock counts in batches (issue 13 §3), and the offers and
coupons one by one (issue 14, sync/server/promotions.py), authenticated
with its own key (`X-ERP-Key`, TRESEN_ERP_KEY): the ERP changes what every register charges, so a web shop's
key, which sits on Internet-facing servers, must not be able to.

Each request's rows are checked exactly like the CSV files' (sync/server/import_rows.py, one code path): the
answer lists every row, accepted or refused with a code and the reason; the accepted rows are imported in one
transaction and reach the registers with their next pull. At most `MAX_IMPORT_ROWS` rows per request.
"""

from __future__ import annotations


from fastapi import APIRouter, Depends, HTTPException, Path
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from sync.common.promotions import Coupon, Promotion, stored
from sync.server.promotions import coupon_data, end_promotion, put_coupon, put_promotion

from sync.erp_protocol import ImportResult, PriceImport, ProductImport, StockImport
from sync.protocol import ErrorResponse
from sync.server.api_keys import key_check
from sync.server.catalog_import import import_products, import_stock
from sync.server.import_rows import cells, row_results
from sync.server.prices import import_prices

__all__ = ["erp_router"]


def _answer(report, count: int) -> ImportResult:
    return ImportResult(accepted=report.imported, refused=len(report.refused), rows=row_results(report, count))


def erp_router(engine: Engine, erp_key: str | None) -> APIRouter:
    router = APIRouter(prefix="/v1/erp", tags=["ERP"], responses={401: {"model": ErrorResponse},
                                                                    422: {"model": ErrorResponse}})
    erp = key_check("X-ERP-Key", erp_key, "ERP key")

    @router.post("/products", response_model=ImportResult)
    def products(body: ProductImport, _auth: None = Depends(erp)) -> ImportResult:
        """Add or update products (the columns of products.csv)."""
        return _answer(import_products(engine, [cells(n, r) for n, r in enumerate(body.rows, 1)]), len(body.rows))

    @router.post("/prices", response_model=ImportResult)
    def prices(body: PriceImport, _auth: None = Depends(erp)) -> ImportResult:
        """Add or replace scheduled prices (the columns of prices.csv)."""
        return _answer(import_prices(engine, [cells(n, r) for n, r in enumerate(body.rows, 1)]), len(body.rows))

    @router.post("/stock", response_model=ImportResult)
    def stock(body: StockImport, _auth: None = Depends(erp)) -> ImportResult:
        """Counted stock per location and SKU (the columns of stock.csv): each count an inventory movement."""
        return _answer(import_stock(engine, [cells(n, r) for n, r in enumerate(body.rows, 1)]), len(body.rows))

    @router.put("/promotions/{promotion_id}", response_model=Promotion)
    def put(body: Promotion, promotion_id: str = Path(max_length=32), _auth: None = Depends(erp)) -> Promotion:
        """Add or replace an offer (registers have it with their next pull; the web shop at once)."""
        if body.id != promotion_id:
            raise HTTPException(422, "id_mismatch: the address and the body name different offers")
        with Session(engine) as s:
            put_promotion(s, body)
            s.commit()
        return body

    @router.post("/promotions/{promotion_id}/end", response_model=Promotion)
    def end(promotion_id: str = Path(max_length=32), _auth: None = Depends(erp)) -> Promotion:
        """End an offer now, in every channel."""
        with Session(engine) as s:
            ended = end_promotion(s, promotion_id)
            if ended is None:
                raise HTTPException(404, f"promotion_unknown: {promotion_id}")
            s.commit()
        return ended

    @router.get("/promotions", response_model=list[Promotion])
    def promotions(_auth: None = Depends(erp)) -> list[Promotion]:
        with Session(engine) as s:
            rows = s.connection().execute(text("SELECT data FROM promotion ORDER BY id")).all()
        return [p for p in (stored(Promotion, r[0]) for r in rows) if p is not None]

    @router.put("/coupons/{code}")
    def coupon(body: Coupon, code: str = Path(max_length=24), _auth: None = Depends(erp)) -> dict:
        """Add or replace a coupon of an offer: a code for everyone, single-use, per customer, or personal."""
        if body.code != code:
            raise HTTPException(422, "code_mismatch: the address and the body name different coupons")
        with Session(engine) as s:
            put_coupon(s, body)
            s.commit()
            return coupon_data(s.connection(), code)

    @router.get("/coupons/{code}")
    def coupon_state(code: str = Path(max_length=24), _auth: None = Depends(erp)) -> dict:
        """A coupon with its uses."""
        with Session(engine) as s:
            if s.connection().execute(text("SELECT 1 FROM coupon WHERE code = :c"), {"c": code}).first() is None:
                raise HTTPException(404, f"coupon_unknown: {code}")
            return coupon_data(s.connection(), code)

    return router
