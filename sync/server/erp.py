"""The chain's ERP sends products, scheduled prices and stock counts in batches (issue 13 §3), authenticated
with its own key (`X-ERP-Key`, TRESEN_ERP_KEY): the ERP changes what every register charges, so a web shop's
key, which sits on Internet-facing servers, must not be able to.

Each request's rows are checked exactly like the CSV files' (sync/server/import_rows.py, one code path): the
answer lists every row, accepted or refused with a code and the reason; the accepted rows are imported in one
transaction and reach the registers with their next pull. At most `MAX_IMPORT_ROWS` rows per request.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.engine import Engine

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

    return router
