"""What the chain's own systems send the backend, apart from the registers' protocol (sync/protocol.py): the
ERP's catalog, prices and stock in batches (sync/server/erp.py, checked like the CSV files:
sync/server/import_rows.py), and the HR system's stores and associates (sync/server/staff_api.py)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from sync.protocol import AssociateRole, Int, Wire

MAX_IMPORT_ROWS = 1000  # rows per request
ImportText = Annotated[str, Field(max_length=200)]
#: Euros as text with a decimal comma or point ("2,49"), or a JSON number.
Euros = Annotated[str, Field(max_length=20)] | Annotated[float, Field(strict=True, allow_inf_nan=False)]


class ProductRow(Wire):
    """A product: the columns of products.csv (sync/server/catalog_import.py), checked the same way."""

    sku: ImportText
    gtins: list[Annotated[str, Field(max_length=20)]] = Field(default_factory=list, max_length=20)
    name: ImportText
    brand: ImportText = ""
    category: ImportText = ""
    vat_class: ImportText
    price_eur: Euros
    base_unit: ImportText = "Stk"
    net_content: Int | None = None
    weighed: bool = False
    plu: ImportText = ""
    active: bool = True


class PriceRow(Wire):
    """A scheduled price: the columns of prices.csv (sync/server/prices.py). The product by `sku` or `gtin`;
    dates as YYYY-MM-DD or DD.MM.YYYY; `store` empty: every store."""

    sku: ImportText = ""
    gtin: ImportText = ""
    price_eur: Euros
    valid_from: ImportText
    valid_to: ImportText = ""
    store: ImportText = ""


class StockRow(Wire):
    """A counted quantity: the columns of stock.csv (pieces, or grams for weighed items)."""

    location: ImportText
    sku: ImportText
    quantity: Int


class ProductImport(Wire):
    rows: list[ProductRow] = Field(min_length=1, max_length=MAX_IMPORT_ROWS)


class PriceImport(Wire):
    rows: list[PriceRow] = Field(min_length=1, max_length=MAX_IMPORT_ROWS)


class StockImport(Wire):
    rows: list[StockRow] = Field(min_length=1, max_length=MAX_IMPORT_ROWS)


class Refusal(StrEnum):
    """Why an imported row was refused (`RowResult.code`; the German wording: sync/server/import_rows.py)."""

    CONTROL_CHARACTER = "control_character"
    SKU_MISSING = "sku_missing"
    NAME_MISSING = "name_missing"
    GTIN_INVALID = "gtin_invalid"
    GTIN_TAKEN = "gtin_taken"
    VAT_CLASS_UNKNOWN = "vat_class_unknown"
    PRICE_NOT_A_NUMBER = "price_not_a_number"
    PRICE_OUT_OF_RANGE = "price_out_of_range"
    BASE_UNIT_UNKNOWN = "base_unit_unknown"
    FLAG_INVALID = "flag_invalid"
    NET_CONTENT_INVALID = "net_content_invalid"
    PLU_INVALID = "plu_invalid"
    DUPLICATE = "duplicate"  # the same product (and location, or store and day) earlier in the same import
    PRODUCT_MISSING = "product_missing"  # a price row names neither SKU nor GTIN
    PRODUCT_UNKNOWN = "product_unknown"
    PRODUCT_MISMATCH = "product_mismatch"  # SKU and GTIN name two products
    DATE_INVALID = "date_invalid"
    PERIOD_REVERSED = "period_reversed"  # valid_to before valid_from
    STORE_UNKNOWN = "store_unknown"
    LOCATION_UNKNOWN = "location_unknown"
    QUANTITY_INVALID = "quantity_invalid"


class RowResult(Wire):
    row: int  # the row's position in the request, from 1
    status: Literal["accepted", "refused"]
    code: Refusal | None = None
    params: dict[str, str] = Field(default_factory=dict)  # what `reason` names (the GTIN, the store …)
    reason: str = ""  # in German


class ImportResult(Wire):
    """Every row's outcome; the accepted rows are imported together (one transaction), the refused ones not."""

    accepted: int
    refused: int
    rows: list[RowResult]


# -- the HR system: stores and associates (sync/server/staff_api.py) ----------------------------------------

class StoreUpsert(Wire):
    """A store or warehouse from the chain's systems (`PUT /v1/erp/stores/{id}`): created, or renamed/moved."""

    name: str = Field(min_length=1, max_length=100)
    kind: Literal["store", "warehouse"] = "store"
    street: str = Field(default="", max_length=200)
    city: str = Field(default="", max_length=200)
    region: str = Field(default="", max_length=100)
    vat_id: str = Field(default="", max_length=20)


class AssociateCreate(Wire):
    """A new associate from the chain's HR system (`POST /v1/erp/associates`)."""

    name: str = Field(min_length=1, max_length=100)
    role: AssociateRole
    stores: list[Annotated[str, Field(min_length=1, max_length=16)]] = Field(min_length=1, max_length=100)


class AssociateUpdate(Wire):
    """`PATCH /v1/erp/associates/{id}`: what is given changes; `reset_pin` makes a new starting PIN."""

    active: bool | None = None
    stores: list[Annotated[str, Field(min_length=1, max_length=16)]] | None = Field(default=None, min_length=1,
                                                                                    max_length=100)
    reset_pin: bool = False


class AssociateInfo(Wire):
    id: int
    name: str
    role: AssociateRole
    stores: list[str]
    active: bool
    pin_change_due: bool
    starting_pin: str | None = None  # only in the answer that made it: shown once, stored hashed
