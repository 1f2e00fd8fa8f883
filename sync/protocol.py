"""The wire protocol between registers and the central backend, version 1.

These pydantic models are the payloads on the wire; the table models on either
end are separate and converted explicitly. The protocol is written down in
sync/PROTOCOL.md.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_PUSH_BATCH = 1000
MAX_PULL_LIMIT = 10_000


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrollRequest(Wire):
    store_id: str = Field(min_length=1, max_length=16)
    enrollment_secret: str = Field(min_length=8, max_length=128)
    register_no: int = Field(ge=1, le=99)


class EnrollResponse(Wire):
    register_id: str
    store_id: str
    token: str


class Operation(Wire):
    id: str = Field(pattern=r"^[0-9a-f]{32}$", description="client-generated UUID (hex)")
    seq: int = Field(ge=1, description="per-register sequence number")
    op: str = Field(min_length=1, max_length=32)
    payload: dict[str, Any]


class PushRequest(Wire):
    operations: list[Operation] = Field(max_length=MAX_PUSH_BATCH)


OpStatus = Literal["applied", "conflict", "rejected"]


class OpResult(Wire):
    id: str
    status: OpStatus  # conflict: applied, and a conflict was recorded for a manager
    reason: str = ""


class PushResponse(Wire):
    results: list[OpResult]


ChangeKind = Literal["location", "product", "gtin", "stock", "conflict"]


class Change(Wire):
    kind: ChangeKind
    key: str
    data: dict[str, Any] | None  # None: the entity was deleted


class PullResponse(Wire):
    changes: list[Change]
    cursor: str  # opaque; send it back to continue
    has_more: bool
    total_estimate: int | None = None  # on the first page of a bootstrap: about how many changes there are


class ConflictAck(Wire):
    resolution: str = Field(default="", max_length=500)


class ErrorResponse(Wire):
    detail: str


class SaleLinePayload(BaseModel):
    position: int
    product_id: int
    sku: str
    quantity: int
    weight_g: int | None = None
    unit_price_cents: int
    vat_class: str
    total_cents: int
    stock_delta: int
    movement_id: str = Field(pattern=r"^[0-9a-f]{32}$")


class SalePayload(BaseModel):
    """Payload of the `sale.completed` operation (what app.services.checkout writes)."""

    sale_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    receipt_no: int
    register_id: str
    location_id: str
    associate_id: int
    started_at: str
    ended_at: str
    total_cents: int
    lines: list[SaleLinePayload]
    tenders: list[dict[str, Any]]
